"""The steering-meeting report: slides built from the pages' own figures, written as PowerPoint and PDF."""

from collections.abc import Callable

from sqlalchemy import Engine, select

from data_access.models import Publication, Site
from data_access.publication import commentary_as_published
from data_access.queries import load_frames
from data_access.report_template import stored_template
from metrics.selection import make_selection
from report.content import Report, build_report
from report.images import chart_images
from report.pdf_writer import report_pdf
from report.pptx_writer import report_pptx

FORMATS: dict[str, tuple[str, str]] = {
    "pptx": ("PowerPoint", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    "pdf": ("PDF", "application/pdf"),
}


def report_files(report: Report, formats: tuple[str, ...] = tuple(FORMATS),
                 on_step: Callable[[str], None] = lambda step: None, template: bytes | None = None) -> dict[str, bytes]:
    """The report in each format; the charts are drawn once for all of them. ``template``: the municipality's
    PowerPoint template (``data_access.report_template``), for the PowerPoint."""
    charted = [(number, slide.figure) for number, slide in enumerate(report.slides) if slide.figure is not None]
    on_step(f"Tegner {len(charted)} grafer")
    images = dict(zip([number for number, _ in charted], chart_images([figure for _, figure in charted]),
                      strict=True))
    files = {}
    if "pptx" in formats:
        on_step("Skriver PowerPoint")
        files["pptx"] = report_pptx(report, images, template)
    if "pdf" in formats:
        on_step("Skriver PDF")
        files["pdf"] = report_pdf(report, images)
    return files


def publication_deck(engine: Engine, publication_id: int) -> tuple[str, bytes]:
    """A published quarter's PowerPoint as the steering group saw it (whole project, figures as for readers
    outside the project group): the notice's attachment, where the administrator has turned that on."""
    with engine.connect() as connection:
        project_id, quarter = connection.execute(select(Publication.project_id, Publication.quarter).where(
            Publication.id == publication_id)).one()
        site_ids = list(connection.execute(select(Site.id).where(Site.project_id == project_id)).scalars())
    frames = load_frames(engine, site_ids, publication_ids=(publication_id,))
    quarters = make_selection(frames, site_ids).frames_all_groups.quarters()
    selection = make_selection(frames, site_ids, None, (quarters[0], quarter), True)
    report = build_report(selection, commentary_as_published(engine, (publication_id,), selection.site_ids, quarter))
    template = stored_template(engine)
    return f"{report.file_stem}.pptx", report_files(report, formats=("pptx",),
                                                    template=template.content if template else None)["pptx"]
