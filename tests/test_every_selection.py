"""Every analysis page and the report, for every kind of choice a reader makes: the sites, a target group, the
period and the audience, each choice on a page opened (not only the one the page opens with), from the rows and
worked out site by site. Nothing may break: a target group without any status, a period of one quarter or a
single site are where a page meets data it was not drawn for."""

import pytest

from data_access.commentary import commentary_in_force
from data_access.site_figures import frames_of_view
from metrics.selection import make_selection
from presentation.page_registry import ANALYSIS_PAGES
from presentation.sections import Pick, walk
from presentation.topic_pages import TOPIC_MODULES
from report.content import build_report


def _every_choice_opened(blocks) -> int:
    opened = 0
    for block in walk(blocks):
        if isinstance(block, Pick):
            for option in block.options:
                opened += 1 + _every_choice_opened(block.blocks(option))
    return opened


@pytest.mark.walk
@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
@pytest.mark.parametrize("site_figures_from", ["1", "99"], ids=["site_by_site", "from_rows"])
def test_every_page_and_the_report_build_for_every_kind_of_selection(demo_engine, monkeypatch, site_figures_from):
    monkeypatch.setenv("SITE_FIGURES_FROM", site_figures_from)
    frames = frames_of_view(demo_engine)
    sites = sorted(frames.sites["site_id"].tolist())
    quarters = frames.quarters()
    built = opened = 0
    for site_ids in (sites, sites[:1]):
        for groups in (None, ["child"], ["young"]):
            for external in (False, True):
                for period in (None, (quarters[0], quarters[0])):
                    selection = make_selection(frames, site_ids, groups, period=period, external=external)
                    for page in ANALYSIS_PAGES.values():
                        if selection.frames.has_rows(page.needs):
                            for build in (*TOPIC_MODULES[page.topic].PAGE.above,
                                          *TOPIC_MODULES[page.topic].PAGE.tabs.values()):
                                opened += _every_choice_opened(build(selection).blocks)
                                built += 1
                    commentary = commentary_in_force(demo_engine, list(selection.site_ids), selection.quarter)
                    assert build_report(selection, commentary).slides
    assert built > 24 * len(ANALYSIS_PAGES) and opened  # every page, and the choices on them, were built
