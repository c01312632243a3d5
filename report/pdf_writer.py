"""The report as a PDF with the same slides: HTML pages printed by headless Chromium.

Every text is HTML-escaped; the page loads nothing from outside (images are
inlined), and Chromium runs with a profile of its own and a time limit.
"""

import base64
import subprocess
import tempfile
from html import escape
from pathlib import Path

import pandas as pd

from presentation.charts import chart_alt_text
from report.content import Report, Slide
from report.images import chromium_path

PRINT_TIMEOUT = 120  # seconds
STYLE = """
@page { size: 338.67mm 190.5mm; margin: 0 }
* { box-sizing: border-box }
body { margin: 0; font-family: "Liberation Sans", "DejaVu Sans", Arial, sans-serif; color: #1F2933 }
section { width: 338.67mm; height: 190.5mm; padding: 8mm 13mm 0; page-break-after: always; overflow: hidden;
          display: flex; flex-direction: column }
.kicker { color: #0072B2; font-weight: bold; font-size: 13pt; letter-spacing: .04em; text-transform: uppercase }
h1 { font-size: 26pt; margin: 2mm 0 5mm; line-height: 1.15 }
.body { display: flex; gap: 8mm; flex: 1; min-height: 0 }
.chart { flex: 0 0 200mm } .chart img { width: 200mm }
.side { flex: 1; font-size: 13pt; line-height: 1.35; overflow: hidden }
.side ul { margin: 0 0 4mm; padding-left: 5mm } .side li { margin-bottom: 2mm }
.comment h2 { color: #0072B2; font-size: 13pt; margin: 0 0 2mm }
.comment p { margin: 0 0 2mm; white-space: pre-wrap; font-size: 12pt }
table { border-collapse: collapse; font-size: 11pt; margin-bottom: 4mm }
th, td { border-bottom: 1px solid #D5DBE1; padding: 1.6mm 2.5mm; text-align: left; vertical-align: top }
th { background: #DCE6F2 }
footer { color: #5F6B7A; font-size: 9pt; padding: 3mm 0 4mm; display: flex; justify-content: space-between }
.title { justify-content: center; padding-left: 22mm }
.title h1 { font-size: 40pt } .title p { color: #1F2933; font-size: 16pt; margin: 0 0 2mm }
.title p.scope { color: #5F6B7A; font-size: 12pt }
.title .comment { margin-top: 8mm; font-size: 14pt }
"""


def _table(frame: pd.DataFrame) -> str:
    head = "".join(f"<th>{escape(str(column))}</th>" for column in frame.columns)
    rows = "".join("<tr>" + "".join(f"<td>{escape('' if value is None else str(value))}</td>" for value in row)
                   + "</tr>" for row in frame.itertuples(index=False))
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def _commentary(slide: Slide) -> str:
    if not slide.commentary:
        return ""
    texts = "".join(f"<p><b>{escape(heading)}:</b> {escape(text)}</p>" for heading, text in slide.commentary)
    return f'<div class="comment"><h2>Projektlederens kommentar</h2>{texts}</div>'


def _section(report: Report, number: int, slide: Slide, image: bytes | None) -> str:
    if number == 0:
        facts = "".join(f"<p>{escape(fact)}</p>" for fact in slide.facts)
        scope = "".join(f'<p class="scope">{escape(text)}</p>' for text in slide.scope)
        return (f'<section class="title"><div class="kicker">{escape(slide.kicker)}</div>'
                f"<h1>{escape(slide.title)}</h1>{facts}{scope}{_commentary(slide)}</section>")
    facts = "<ul>" + "".join(f"<li>{escape(fact)}</li>" for fact in slide.facts) + "</ul>" if slide.facts else ""
    if image is not None:
        described = chart_alt_text(slide.figure) if slide.figure is not None else slide.title
        main = f'<div class="chart"><img alt="{escape(described)}" src="data:image/png;base64,' \
               f'{base64.b64encode(image).decode()}"></div>'
        body = f'<div class="body">{main}<div class="side">{facts}{_commentary(slide)}</div></div>'
    elif slide.table is not None:
        body = f'<div class="body"><div>{_table(slide.table)}</div><div class="side">{facts}' \
               f"{_commentary(slide)}</div></div>"
    else:
        body = f'<div class="body"><div class="side">{facts}{_commentary(slide)}</div></div>'
    footer = " · ".join(part for part in (slide.note, report.description) if part)
    return (f'<section><div class="kicker">{escape(slide.kicker)} · {escape(report.title)}</div>'
            f"<h1>{escape(slide.title)}</h1>{body}<footer><span>{escape(footer)}</span><span>{number + 1}</span>"
            f"</footer></section>")


def report_html(report: Report, images: dict[int, bytes]) -> str:
    sections = "".join(_section(report, number, slide, images.get(number))
                       for number, slide in enumerate(report.slides))
    return (f'<!doctype html><html lang="da"><head><meta charset="utf-8"><title>{escape(report.title)}</title>'
            f"<style>{STYLE}</style></head><body>{sections}</body></html>")


def report_pdf(report: Report, images: dict[int, bytes]) -> bytes:
    with tempfile.TemporaryDirectory(prefix="rapport-") as folder:
        page, output = Path(folder) / "rapport.html", Path(folder) / "rapport.pdf"
        page.write_text(report_html(report, images), encoding="utf-8")
        subprocess.run(
            [chromium_path(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
             f"--user-data-dir={Path(folder) / 'profil'}", "--no-pdf-header-footer",
             f"--print-to-pdf={output}", page.as_uri()],
            check=True, capture_output=True, timeout=PRINT_TIMEOUT,
        )
        return output.read_bytes()
