"""Disclosure control on every view of small generated projects: the external report (every page's topic, its
slides and its appendix) built for many random small projects, watched at the two places every figure passes.

- Every count a view writes goes through ``format_count``: none of 1-4 may be written as itself.
- Every line of counts a view hides cells in goes through the one suppression rule: no count of 1-4 hidden
  there can be worked out from the cells and the total shown (tried with every filling, as a reader would).
- The slides' words, titles and tables hold no "N af M" with N or M from 1 to 4.
"""

import random
import re
import sys
from dataclasses import replace
from datetime import date

import pandas as pd
import pytest

from data_access.engine import make_engine
from data_access.migrate import upgrade
from data_access.queries import load_frames
from demo import simulation as demo
from metrics import disclosure
from metrics.quarters import quarter_range
from metrics.selection import make_selection
from tests.test_disclosure import _fillings

PROJECTS = 12


def small_scale(rng: random.Random) -> demo.Scale:
    """One project of one or two sites, each with 1-9 families, over 2-4 quarters."""
    plan = demo.municipal_scale()
    quarters = quarter_range("2025Q4", ["2026Q1", "2026Q2", "2026Q3"][rng.randrange(3)])
    sites = [replace(plan.sites[0], families=rng.randint(1, 9), distinct_pairs=rng.randint(1, 4))]
    if rng.random() < 0.5:
        sites.append(replace(plan.sites[1], project=sites[0].project, families=rng.randint(1, 9),
                             distinct_pairs=rng.randint(1, 3)))
    targets = [target for target in plan.targets if target[0] == sites[0].project]
    return replace(plan, quarters=quarters, projects={sites[0].project: "Genereret testprojekt"}, sites=sites,
                   targets=[(project, what, label, value, date(2027, 6, 30))
                            for project, what, label, value, _ in targets])


def _pinned_small_cells(values: list[float]) -> list[int]:
    counts = pd.Series(values)
    mask = disclosure.series_mask(counts).tolist()
    if disclosure.line_total_hidden(counts):
        return []
    hidden = [i for i, h in enumerate(mask) if h]
    total = int(sum(values))
    rest = total - int(sum(v for v, h in zip(values, mask, strict=True) if not h))
    readings = _fillings([range(0, 5) if values[i] < 5 else range(5, total + 1) for i in hidden], rest)
    return [i for k, i in enumerate(hidden) if 0 < values[i] < 5 and len({r[k] for r in readings}) == 1]


@pytest.mark.parametrize("seed", range(PROJECTS))
def test_the_external_report_of_a_small_project_gives_no_small_count_away(seed, tmp_path, monkeypatch):
    from report.content import build_report

    monkeypatch.setitem(demo.SCALES, "generated", lambda: small_scale(random.Random(seed)))
    url = f"sqlite:///{tmp_path / 'small.db'}"
    engine = make_engine(url)
    upgrade(engine)
    demo.write_demo(engine, "generated", seed=seed)
    selection = make_selection(load_frames(engine), external=True)

    written: list[tuple[float, bool]] = []
    lines: list[pd.DataFrame] = []
    real_format_count, real_mask = disclosure_format_count(), disclosure.suppression_mask

    def watched_format_count(value, hidden=False):
        written.append((value, hidden))
        return real_format_count(value, hidden)

    def watched_mask(counts, *args, **kwargs):
        mask = real_mask(counts, *args, **kwargs)
        lines.append((counts, mask, args, kwargs))
        return mask

    for name, module in list(sys.modules.items()):
        if name.startswith(("ui.", "report.", "metrics.")) and module is not None:
            if getattr(module, "format_count", None) is real_format_count:
                monkeypatch.setattr(module, "format_count", watched_format_count)
            if getattr(module, "suppression_mask", None) is real_mask:
                monkeypatch.setattr(module, "suppression_mask", watched_mask)

    report = build_report(selection, pd.DataFrame(columns=["site_id", "subject", "text"]), made_on=date(2026, 12, 7))

    monkeypatch.undo()  # the checks below use the rule itself
    shown_small = [value for value, hidden in written if value is not None and 0 < value < 5 and not hidden]
    assert shown_small == [], f"counts of 1-4 written as themselves: {shown_small}"
    assert lines, "the report hides cells through the one rule"
    for counts, mask, args, kwargs in lines:
        if counts.shape[0] == 1 and not kwargs.get("row_subtotals") and not kwargs.get("columns_have_totals") \
                and not (len(args) > 1 and args[1]):
            assert _pinned_small_cells(counts.iloc[0].tolist()) == [], f"{counts.iloc[0].tolist()} shown as {mask}"
    words = []
    for slide in report.slides:
        words += [slide.title, *slide.facts, *slide.scope, slide.note or "", *(text for _, text in slide.commentary)]
        if slide.figure is not None:
            words.append(str(slide.figure.layout.title.text or ""))
        if slide.table is not None:
            words += [str(cell) for cell in slide.table.to_numpy().ravel()]
    # "(2 af 3)" numbers the appendix's slides.
    small = [text for text in words if re.search(r"(?<![\d,.(])[1-4] af |\baf [1-4](?![\d,.)])", text)]
    assert small == [], small


def disclosure_format_count():
    from presentation import format as formatting

    return formatting.format_count
