"""The steering-meeting report: slides built from the pages' own figures, written as PowerPoint and PDF."""

from collections.abc import Callable

from report.content import Report
from report.images import chart_images
from report.pdf_writer import report_pdf
from report.pptx_writer import report_pptx

FORMATS: dict[str, tuple[str, str]] = {
    "pptx": ("PowerPoint", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    "pdf": ("PDF", "application/pdf"),
}


def report_files(report: Report, formats: tuple[str, ...] = tuple(FORMATS),
                 on_step: Callable[[str], None] = lambda step: None) -> dict[str, bytes]:
    """The report in each format; the charts are drawn once for all of them."""
    charted = [(number, slide.figure) for number, slide in enumerate(report.slides) if slide.figure is not None]
    on_step(f"Tegner {len(charted)} grafer")
    images = dict(zip([number for number, _ in charted], chart_images([figure for _, figure in charted]),
                      strict=True))
    files = {}
    if "pptx" in formats:
        on_step("Skriver PowerPoint")
        files["pptx"] = report_pptx(report, images)
    if "pdf" in formats:
        on_step("Skriver PDF")
        files["pdf"] = report_pdf(report, images)
    return files
