"""The report in the municipality's own PowerPoint template: its master, layouts, fonts, colours and logo, chosen
by placeholder type; the dashboard's own look without one; a template the report cannot use refused in Danish."""

import io
import shutil
import subprocess
import zipfile

import pytest
from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER
from pptx.oxml.ns import qn
from pptx.oxml.shapes.picture import CT_Picture
from pptx.util import Inches

from data_access.commentary import commentary_in_force
from data_access.engine import make_engine
from data_access.queries import load_frames
from data_access.report_template import remove_template, save_template, stored_template
from metrics.selection import make_selection
from report.content import build_report
from report.pptx_writer import TemplateRefused, opened_template, report_pptx
from tests.conftest import PROJECT_ROOT

TITLE_FONT, TITLE_COLOUR = "Georgia", "7A1F3D"


WIDE, HIGH = Inches(13.333), Inches(7.5)


def municipal_template(width=WIDE, height=HIGH, potx: bool = False) -> bytes:
    """A template as a municipality's communication unit makes one: its own master with the title font and
    colour, a logo on the master, renamed layouts, and an example slide that the report must not keep."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = width, height
    master = deck.slide_master
    title_style = master.element.find(qn("p:txStyles")).find(qn("p:titleStyle")).find(qn("a:lvl1pPr"))
    properties = title_style.find(qn("a:defRPr"))
    for child in list(properties):
        properties.remove(child)
    fill = etree.SubElement(properties, qn("a:solidFill"))
    etree.SubElement(fill, qn("a:srgbClr")).set("val", TITLE_COLOUR)
    etree.SubElement(properties, qn("a:latin")).set("typeface", TITLE_FONT)
    # The logo on the master (python-pptx adds pictures to slides only: the picture element by hand).
    _, relationship = master.part.get_or_add_image_part(str(PROJECT_ROOT / "ui" / "favicon.png"))
    master.shapes._spTree.append(CT_Picture.new_pic(900, "Kommunens logo", "Logo", relationship,
                                                    width - Inches(1.0), Inches(0.15), Inches(0.6), Inches(0.6)))
    deck.slide_layouts[0].name = "Kommunens forside"
    deck.slide_layouts[5].name = "Kommunens kun titel"
    example = deck.slides.add_slide(deck.slide_layouts[1])
    example.shapes.title.text = "Eksempel, som skal væk"
    buffer = io.BytesIO()
    deck.save(buffer)
    if not potx:
        return buffer.getvalue()
    source, target = zipfile.ZipFile(io.BytesIO(buffer.getvalue())), io.BytesIO()
    with zipfile.ZipFile(target, "w") as archive:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"presentation.main+xml", b"template.main+xml")
            archive.writestr(item, data)
    return target.getvalue()


@pytest.fixture(scope="module")
def report_and_images(tmp_path_factory, templates):
    engine = make_engine(templates.sqlite_copy(tmp_path_factory.mktemp("skabelon") / "demo.db", demo=True))
    selection = make_selection(load_frames(engine))
    report = build_report(selection, commentary_in_force(engine, list(selection.site_ids), "2026Q3"))
    # A stand-in picture for each chart: the template test reads the deck's layouts, not the pictures' pixels
    # (tests/test_report.py draws the real ones), and needs no browser.
    picture = (PROJECT_ROOT / "ui" / "favicon.png").read_bytes()
    return report, {number: picture for number, slide in enumerate(report.slides) if slide.figure is not None}


@pytest.mark.parametrize("potx", [False, True], ids=["pptx", "potx"])
def test_the_deck_takes_the_templates_master_layouts_fonts_colours_and_logo(report_and_images, potx, artifacts_dir):
    report, images = report_and_images
    content = report_pptx(report, images, municipal_template(potx=potx))
    (artifacts_dir / f"rapport-skabelon.{'potx' if potx else 'pptx'}.pptx").write_bytes(content)
    deck = Presentation(io.BytesIO(content))
    assert len(deck.slides) == len(report.slides), "the template's example slide is not kept"
    assert deck.slides[0].slide_layout.name == "Kommunens forside"
    assert {slide.slide_layout.name for slide in list(deck.slides)[1:]} == {"Kommunens kun titel"}
    master = deck.slide_master
    assert any(shape.shape_type == MSO_SHAPE_TYPE.PICTURE for shape in master.shapes), "the logo"
    title_style = master.element.find(qn("p:txStyles")).find(qn("p:titleStyle"))
    assert title_style.find(".//" + qn("a:latin")).get("typeface") == TITLE_FONT
    for slide, wanted in zip(deck.slides, report.slides, strict=True):
        title = slide.shapes.title
        assert title.text_frame.text == wanted.title
        # The template's font and colour: no run of the title sets its own.
        assert not title.element.findall(".//" + qn("a:solidFill")) and not title.element.findall(".//" + qn("a:latin"))
        assert slide.notes_slide.notes_text_frame.text.startswith(f"Fund: {wanted.title}")
    first = " ".join(shape.text_frame.text for shape in deck.slides[0].shapes if shape.has_text_frame)
    assert all(fact in first for fact in report.slides[0].facts)
    # No empty placeholder is left ("Click to add subtitle"): the findings stand in a box of their own.
    assert not [shape for shape in deck.slides[0].placeholders
                if shape.placeholder_format.type == PP_PLACEHOLDER.SUBTITLE]
    # Everything on a slide stands below the layout's title and inside the slide.
    for slide in list(deck.slides)[1:]:
        title = slide.shapes.title
        for shape in slide.shapes:
            if shape.shape_id != title.shape_id and shape.top < title.top + title.height:
                assert shape.top + shape.height <= title.top, shape.name
            assert shape.left + shape.width <= deck.slide_width and shape.top + shape.height <= deck.slide_height


def test_without_a_template_the_dashboards_own_look_stands(report_and_images):
    report, images = report_and_images
    deck = Presentation(io.BytesIO(report_pptx(report, images)))
    runs = [run for paragraph in deck.slides[1].shapes.title.text_frame.paragraphs for run in paragraph.runs]
    assert runs[0].font.color.rgb == RGBColor(0x1F, 0x29, 0x33)


@pytest.mark.parametrize(("content", "message"), [
    (municipal_template(width=Inches(10), height=Inches(7.5)), "16:9"),
    (b"PK\x03\x04 ikke en pr\xe6sentation", "kan ikke læses"),
], ids=["4:3", "not-a-deck"])
def test_a_template_the_report_cannot_use_is_refused_in_danish(content, message):
    with pytest.raises(TemplateRefused, match=message):
        opened_template(content)


def test_the_template_is_kept_in_the_database_and_used_by_the_report(engine):
    assert stored_template(engine) is None
    save_template(engine, "Kommune 2026.potx", municipal_template(potx=True), "admin")
    kept = stored_template(engine)
    assert kept.file_name == "Kommune 2026.potx" and opened_template(kept.content)
    remove_template(engine, "admin")
    assert stored_template(engine) is None
    save_template(engine, "010190-1234.pptx", municipal_template(), "admin")
    assert stored_template(engine).file_name == "skabelon.pptx", "a CPR-shaped file name is not kept"


@pytest.mark.office
def test_libreoffice_draws_the_deck_in_the_template(report_and_images, tmp_path, artifacts_dir):
    report, images = report_and_images
    deck = tmp_path / "rapport.pptx"
    deck.write_bytes(report_pptx(report, images, municipal_template()))
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    converted = subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                                "--convert-to", "pdf", "--outdir", str(tmp_path), str(deck)],
                               check=True, capture_output=True, text=True, timeout=300)
    # LibreOffice without Impress converts nothing and still ends well: say so rather than fail on a missing file.
    assert (tmp_path / "rapport.pdf").exists(), f"LibreOffice Impress drew no PDF: {converted.stdout}{converted.stderr}"
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "3", str(tmp_path / "rapport.pdf"),
                    str(artifacts_dir / "rapport-skabelon-libreoffice")], check=True, timeout=120)
    assert (artifacts_dir / "rapport-skabelon-libreoffice-01.png").exists()
