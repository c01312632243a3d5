"""Charts as PNG images for the report, drawn by plotly.js in headless Chromium (kaleido).

The figures are the pages' own, so the images look like the app. The slide
carries the finding as its title, so the image leaves the chart title out.
"""

import asyncio
import os
import shutil
from pathlib import Path

import plotly.graph_objects as go

from data_access.settings import BROWSER_PATH_VARIABLE, env
from presentation.charts import for_projector

# Pixels of a chart on a 16:9 slide; drawn at twice the size so it stays sharp on a projector.
CHART_WIDTH, CHART_HEIGHT, SCALE = 960, 520, 2
RENDER_TIMEOUT = 90  # seconds for one image


class ReportUnavailable(Exception):
    """The report cannot be made on this server; the message is Danish and says what is missing."""


def chromium_path() -> str:
    """The Chromium the report draws with: ``BROWSER_PATH`` or Debian's ``chromium``."""
    path = env(BROWSER_PATH_VARIABLE) or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        raise ReportUnavailable("Rapporten kræver Chromium på serveren til at tegne graferne. Installer "
                                "Debian-pakken 'chromium' (apt-get install chromium), eller angiv BROWSER_PATH.")
    return path


def for_slide(figure: go.Figure) -> go.Figure:
    return for_projector(figure, CHART_HEIGHT, font_size=16).update_layout(width=CHART_WIDTH)


async def _render(figures: list[go.Figure]) -> list[bytes]:
    import kaleido  # imported here: only report-making needs it

    options = {"format": "png", "width": CHART_WIDTH, "height": CHART_HEIGHT, "scale": SCALE}
    # One browser for all the report's charts: starting it is most of the cost.
    async with kaleido.Kaleido(n=1, timeout=RENDER_TIMEOUT) as renderer:
        return [await renderer.calc_fig(for_slide(figure), opts=options) for figure in figures]


def chart_images(figures: list[go.Figure]) -> list[bytes]:
    if not figures:
        return []
    # kaleido finds its browser through the same variable.
    os.environ[BROWSER_PATH_VARIABLE] = chromium_path()
    return asyncio.run(_render(figures))
