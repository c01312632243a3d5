"""What a figure's kept parts are worked out by and from besides the rows: its name and declared version, the
code of its module and of the metrics modules it imports, and the master data it declares
(``metrics.additive.Additive``). A release that changes the code, or an edit of master data the figure reads,
gives a new basis and so new keys; an edit of master data it does not read leaves its parts standing."""

import ast
import functools
import hashlib
from collections.abc import Callable
from pathlib import Path

from data_access.site_figures.codec import digest
from metrics.additive import ADDITIVE
from metrics.frames import COLUMNS, SITE_LEVEL, ProgrammeFrames

_METRICS = Path(__file__).resolve().parent.parent.parent / "metrics"


def figure_basis(function: Callable, master: dict[str, str]) -> str:
    """The basis of an additive figure, given each master-data frame's fingerprint (``master_data_fingerprints``)."""
    declared = ADDITIVE[function]
    return digest([name_of(function), declared.version, code_fingerprint(function.__module__),
                   {name: master[name] for name in declared.master_data}])


def every_basis(frames: ProgrammeFrames) -> set[str]:
    """The basis of every additive figure with this master data: the parts a view can reach now."""
    master = master_data_fingerprints(frames)
    return {figure_basis(function, master) for function in ADDITIVE}


def master_data_fingerprints(frames: ProgrammeFrames) -> dict[str, str]:
    """Each master-data frame's fingerprint: a figure's kept parts follow the ones it declares, and only those."""
    return {name: hashlib.sha256(getattr(frames, name).to_csv().encode()).hexdigest()
            for name in COLUMNS if name not in SITE_LEVEL}


@functools.cache
def code_fingerprint(module: str) -> str:
    """The source of a metrics module and of every metrics module it imports, however indirectly."""
    seen, waiting = set(), [module.removeprefix("metrics.")]
    while waiting:
        name = waiting.pop()
        if name in seen or not (_METRICS / f"{name}.py").exists():
            continue
        seen.add(name)
        for node in ast.walk(ast.parse((_METRICS / f"{name}.py").read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "metrics":
                waiting += [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("metrics."):
                waiting.append(node.module.removeprefix("metrics."))
    return hashlib.sha256(b"".join((_METRICS / f"{name}.py").read_bytes() for name in sorted(seen))).hexdigest()


def name_of(function: Callable) -> str:
    return f"{function.__module__}:{function.__qualname__}"
