"""A figure's value as text and back: a frame (columns, types and rows), an indicator value, a rule's count, a
dict or a tuple of numbers. Also the canonical text of a key's parts, from which keys are digested."""

import hashlib
import json
from dataclasses import asdict, is_dataclass
from datetime import date

import numpy as np
import pandas as pd

from metrics.goal_rules import RuleCount
from metrics.indicators import IndicatorValue


def _plain(value):
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, pd.Timestamp | date):
        return value.isoformat()
    if isinstance(value, set | frozenset):
        return sorted(value)
    if is_dataclass(value):
        return {"dataclass": type(value).__name__, **asdict(value)}
    raise TypeError(f"Cannot keep a {type(value).__name__}")


def digest(described) -> str:
    """A key from what it names (any JSON-able structure; sets, dates and dataclasses too)."""
    canonical = json.dumps(described, default=_plain, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def encode(value) -> str:
    if isinstance(value, pd.DataFrame):
        dates = [column for column in value if str(value[column].dtype).startswith("datetime64")]
        rows = value.astype({column: object for column in dates}).to_numpy(dtype=object).tolist()
        described = {"frame": {"columns": list(value.columns), "dtypes": [str(dtype) for dtype in value.dtypes],
                               "rows": rows}}
    elif isinstance(value, IndicatorValue):
        described = {"indicator": [value.value, value.numerator, value.denominator]}
    elif isinstance(value, RuleCount):
        described = {"rule": [value.value, value.part]}
    elif isinstance(value, tuple):
        described = {"tuple": list(value)}
    elif isinstance(value, dict):
        described = {"dict": value}
    else:
        raise TypeError(f"Cannot keep a {type(value).__name__}")
    return json.dumps(described, default=_plain)


def decode_all(texts: list[str]) -> list:
    """Each text's value; frames made as one and handed out in slices (one frame per site cost a
    millisecond each, most of a programme's page)."""
    described = [json.loads(text) for text in texts]
    if not described or any("frame" not in one for one in described):
        return [_decoded(one) for one in described]
    frames = [one["frame"] for one in described]
    typed = next((frame for frame in frames if frame["rows"]), frames[0])
    rows = [row for frame in frames for row in frame["rows"]]
    whole = pd.DataFrame(rows, columns=typed["columns"], dtype=object)
    whole = whole.astype(dict(zip(typed["columns"], typed["dtypes"], strict=True)))
    ends = np.cumsum([len(frame["rows"]) for frame in frames])
    return [whole.iloc[end - len(frame["rows"]):end].reset_index(drop=True) for frame, end in zip(frames, ends,
                                                                                                   strict=True)]


def _decoded(described: dict):
    if "frame" in described:
        frame = described["frame"]
        result = pd.DataFrame(frame["rows"], columns=frame["columns"], dtype=object)
        return result.astype(dict(zip(frame["columns"], frame["dtypes"], strict=True)))
    if "indicator" in described:
        return IndicatorValue(*described["indicator"])
    if "rule" in described:
        return RuleCount(*described["rule"])
    if "dict" in described:
        return described["dict"]
    return tuple(described["tuple"])
