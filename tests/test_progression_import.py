"""Progression, retention and aftercare through the whole path: instruments as master data, the template's
sheets, checks with Danish messages, storage on SQLite and PostgreSQL, the frames, the extract."""

import io
import zipfile
from datetime import date

import pytest
from sqlalchemy import text

from data_access.extract import analysis_extract
from data_access.importer import import_parsed, import_workbook, version_history
from data_access.master_data import (
    MasterDataRefused,
    add_standard_categories,
    delete_row,
    save_row,
    stored_rows,
)
from data_access.queries import load_frames
from data_access.site_figures import frames_of_view
from data_access.staging import read_staging, staging_table_sql
from data_access.workbook.format import load_choices
from data_access.workbook.quarterly_return import QuarterlyReturn
from metrics.progression import progression_pairs, progression_summary
from metrics.registry import INDICATORS, project_target_status
from metrics.retention import aftercare_by_person, retention_by_person, retention_curve, retention_curve_in
from metrics.vocabulary import STANDARD_CATEGORIES
from tests.workbooks import edited, next_quarter_return, workbook_bytes

OUTREACH = "Fremskudt jobcenterteam"
BIP = {"Kode": "bip", "Navn": "BIP-indikatorer (1-5)", "Laveste score": 1, "Højeste score": 5,
       "Høj score er tættest på job": "Nej", "Betydende ændring": 1, "Delområder": "Helbred, Motivation",
       "Aktiv": "Ja"}


def with_bip(engine) -> None:
    save_row(engine, "Progressionsmål", BIP, "test")


def quarter_with_progression(engine):
    """The outreach team's next quarter, with a new citizen scored twice on BIP item by item, and aftercare."""
    quarterly = next_quarter_return(engine, site_name=OUTREACH)
    quarterly.persons.append(("P90001", None, "adult", "kontanthjaelp", date(2026, 10, 1), None))
    quarterly.statuses.append(("P90001", "small_job", 8.0))
    quarterly.progression += [
        ("P90001", "bip", "Helbred", 4.0, date(2026, 10, 5)), ("P90001", "bip", "Motivation", 5.0, date(2026, 10, 5)),
        ("P90001", "bip", "Helbred", 2.0, date(2026, 12, 10)), ("P90001", "bip", "Motivation", 3.0, date(2026, 12, 10)),
        ("P90001", "afstand_1_10", None, 6.0, date(2026, 12, 10)),
    ]
    quarterly.aftercare.append(("P90001", 3))
    return quarterly


def import_(engine, content: bytes, commit: bool = True):
    return import_workbook(engine, content, file_name="fremskudt-2026K4.xlsx", created_by="test", commit=commit)


def test_progression_and_aftercare_go_in_through_the_template_and_come_out_as_counted(demo_engine):
    with_bip(demo_engine)
    report = import_(demo_engine, workbook_bytes(demo_engine, [quarter_with_progression(demo_engine)]))
    assert report.ok and report.stored, [problem.text() for problem in report.errors]
    frames = load_frames(demo_engine)
    pairs = progression_pairs(frames, "2026Q4", "bip")
    assert len(pairs) == 1
    # Mean of the items: 4,5 then 2,5; on BIP low is close to job, so 2 points closer (a step is 1).
    assert pairs.iloc[0][["first", "latest", "towards_job", "move"]].tolist() == [4.5, 2.5, 2.0, "closer"]
    mine = frames.progression[frames.progression["person_key"] == "P90001"]
    assert sorted(mine["item"].fillna("-")) == ["-", "Helbred", "Helbred", "Motivation", "Motivation"]
    aftercare = aftercare_by_person(frames, "2026Q4").set_index("person_key")
    assert aftercare.loc["P90001", ["start", "contacts"]].tolist() == ["2026Q4", 3]


def error_texts(report) -> list[str]:
    return [problem.text() for problem in report.errors]


def test_wrong_progression_and_aftercare_rows_are_refused_with_sheet_row_and_column_and_nothing_is_stored(
        demo_engine):
    with_bip(demo_engine)
    quarterly = quarter_with_progression(demo_engine)
    quarterly.progression += [
        ("P90001", "bip", "Helbred", 7.0, date(2026, 11, 1)),  # row 7: outside 1-5
        ("P90001", "bip", None, 3.0, date(2026, 11, 2)),  # row 8: BIP is scored item by item
        ("P90001", "afstand_1_10", "Helbred", 5.0, date(2026, 11, 3)),  # row 9: the 1-10 scale has no items
        ("P90001", "bip", "Helbred", 4.0, date(2026, 10, 5)),  # row 10: the same measurement as row 2
    ]
    quarterly.aftercare += [("P90001", 2), ("P77777", 1)]  # rows 3 and 4: a second row, an unknown citizen
    versions = len(version_history(demo_engine))
    report = import_(demo_engine, workbook_bytes(demo_engine, [quarterly]))
    texts = error_texts(report)
    assert not report.stored and len(version_history(demo_engine)) == versions
    expected = [
        "Arket 'Progression', række 7, kolonne Score: 7 ligger uden for skalaen for 'BIP-indikatorer (1-5)' (1-5).",
        "Arket 'Progression', række 8, kolonne Delområde: 'BIP-indikatorer (1-5)' scores pr. delområde. Vælg "
        "delområdet: Helbred, Motivation.",
        "Arket 'Progression', række 9, kolonne Delområde: 'Helbred' er ikke et delområde i 'Afstand til job "
        "(1-10)'. Redskabet har ingen delområder: lad cellen stå tom.",
        "Arket 'Progression', række 10, kolonne Delområde: Samme måling står også i række 2 (borger, redskab, "
        "delområde og dato). Hver måling må kun stå én gang.",
        "Arket 'Efterværn', række 3, kolonne Borger-id: Borger-id 'P90001' har allerede en række for efterværn i "
        "række 2. Hvert id må kun stå én gang.",
        "Arket 'Efterværn', række 4, kolonne Borger-id: Borger-id 'P77777' findes ikke i arket 'Borgere' for "
        "Fremskudt beskæftigelsesindsats – Fremskudt jobcenterteam, 2026 K4. Tilføj det der, eller ret id'et.",
    ]
    for message in expected:
        assert message in texts, "\n".join(texts)


def test_an_unknown_instrument_and_too_few_contacts_are_refused(demo_engine):
    content = workbook_bytes(demo_engine, [quarter_with_progression(demo_engine)])

    def spoil(workbook):
        workbook["Progression"]["D2"] = "Ukendt redskab"
        workbook["Efterværn"]["D2"] = 0

    report = import_(demo_engine, edited(content, spoil), commit=False)
    texts = error_texts(report)
    assert any(text.startswith("Arket 'Progression', række 2, kolonne D (Måleredskab): 'Ukendt redskab' er ikke en "
                               "gyldig værdi.") for text in texts), texts
    assert "Arket 'Efterværn', række 2, kolonne D (Kontakter): 0 ligger uden for det tilladte 1-200." in texts


def test_a_workbook_from_before_the_new_sheets_still_imports(demo_engine):
    content = workbook_bytes(demo_engine, [next_quarter_return(demo_engine, site_name=OUTREACH)])

    def older(workbook):
        del workbook["Progression"]
        del workbook["Efterværn"]

    report = import_(demo_engine, edited(content, older))
    assert report.ok and report.stored, error_texts(report)


def test_an_instrument_is_checked_like_a_workbook_row_and_never_breaks_stored_scores(demo_engine):
    for wrong, message in (
        ({"Højeste score": 1}, "Højeste score (1) skal være større end laveste (1)."),
        ({"Betydende ændring": 9}, "En betydende ændring skal være over 0 og højst skalaens spænd (4)."),
        ({"Kode": "BIP 1"}, "Koden 'BIP 1' skal være 2-40 små bogstaver"),
        ({"Høj score er tættest på job": None}, "Cellen er tom, men skal udfyldes."),
    ):
        with pytest.raises(MasterDataRefused) as refusal:
            save_row(demo_engine, "Progressionsmål", {**BIP, **wrong}, "test")
        assert message in str(refusal.value)
    with demo_engine.connect() as connection:
        scale = next(row for row in stored_rows(connection)["Progressionsmål"] if row["code"] == "afstand_1_10")
    fields = {"Kode": "afstand_1_10", "Navn": scale["label"], "Laveste score": 1, "Højeste score": 10,
              "Høj score er tættest på job": "Ja", "Betydende ændring": 2, "Aktiv": "Ja"}
    with pytest.raises(MasterDataRefused, match="kan udvides og delområder tilføjes, men ikke indsnævres"):
        save_row(demo_engine, "Progressionsmål", {**fields, "Højeste score": 7}, "test", row_id=scale["id"])
    with pytest.raises(MasterDataRefused, match="har målinger og kan ikke slettes"):
        delete_row(demo_engine, "Progressionsmål", scale["id"], "test")
    # Widening the scale and retiring the instrument keep the scores; a retired one leaves the template.
    scores = (load_frames(demo_engine).progression["instrument"] == "afstand_1_10").sum()
    assert scores > 100
    save_row(demo_engine, "Progressionsmål", {**fields, "Højeste score": 12, "Aktiv": "Nej"}, "test",
             row_id=scale["id"])
    with demo_engine.connect() as connection:
        assert "afstand_1_10" not in load_choices(connection)["progression_instrument"]
    assert (load_frames(demo_engine).progression["instrument"] == "afstand_1_10").sum() == scores


def test_the_extract_carries_progression_and_aftercare_with_their_codebook(demo_engine):
    frames = load_frames(demo_engine)
    archive = zipfile.ZipFile(io.BytesIO(analysis_extract(demo_engine, made_on=date(2026, 11, 25))))
    progression = archive.read("progression.csv").decode("utf-8-sig").splitlines()
    assert progression[0] == "borger_id,sted_id,kvartal,maaleredskab,delomraade,score,maalt"
    assert len(progression) == 1 + len(frames.progression)
    aftercare = archive.read("eftervaern.csv").decode("utf-8-sig").splitlines()
    assert aftercare[0] == "borger_id,sted_id,kvartal,kontakter" and len(aftercare) == 1 + len(frames.aftercare)
    codebook = archive.read("kodebog.md").decode()
    assert f"## progression.csv ({len(frames.progression)} rækker)" in codebook
    assert "| `afstand_1_10` | Afstand til job (1-10): skala 1-10, høj score er tættest på job, betydende ændring 2 |" \
        in codebook


def test_progression_and_aftercare_come_from_staging_tables_with_the_same_checks(demo_engine):
    with_bip(demo_engine)
    quarterly = quarter_with_progression(demo_engine)
    site = "Fremskudt beskæftigelsesindsats – Fremskudt jobcenterteam"
    with demo_engine.begin() as connection:
        for statement in staging_table_sql():
            connection.execute(text(statement))
        for table, rows in (("families", [(key,) for key in quarterly.families]), ("persons", quarterly.persons),
                            ("staff", quarterly.staff), ("statuses", quarterly.statuses),
                            ("progression", quarterly.progression), ("aftercare", quarterly.aftercare)):
            if rows:
                marks = ", ".join(f":v{number}" for number in range(len(rows[0])))
                connection.execute(text(f"INSERT INTO staging_{table} VALUES (:s, :q, {marks})"),
                                   [{"s": site, "q": "2026K4", **{f"v{n}": v for n, v in enumerate(row)}}
                                    for row in rows])
    parsed, digest = read_staging(demo_engine)
    report = import_parsed(demo_engine, parsed, source_name="staging", sha256=digest, kind="staging",
                           created_by="it", commit=True)
    assert report.ok and report.stored, error_texts(report)
    assert report.rows_per_sheet["Progression"] == 5 and report.rows_per_sheet["Efterværn"] == 1
    with demo_engine.begin() as connection:
        connection.execute(text("UPDATE staging_progression SET score = 9 WHERE instrument = 'bip'"))
    parsed, digest = read_staging(demo_engine)
    refused = import_parsed(demo_engine, parsed, source_name="staging", sha256=digest, kind="staging",
                            created_by="it", commit=False)
    assert "9 ligger uden for skalaen for 'BIP-indikatorer (1-5)' (1-5)." in [p.message for p in refused.errors]


def test_a_project_set_up_from_an_empty_database_counts_progression_and_retention_as_by_hand(engine,
                                                                                                 monkeypatch):
    """Nordbyen, set up through the master-data path and three quarterly workbooks, counted by hand:
    P1 moves 3 -> 6 (closer), P2 5 -> 4 (unchanged), P4 6 -> 3 (further); P1 and P3 start a job in 2026 K1, P4 in
    2026 K2; six months on P1 is in a job and P3 is not, P4 is not due yet."""
    save_row(engine, "Projekter", {"Projekt": "Jobløft Nord"}, "test")
    save_row(engine, "Steder", {"Projekt": "Jobløft Nord", "Sted": "Nordbyen", "Kommune": "Testkommune"}, "test")
    add_standard_categories(engine, [code for code, *_ in STANDARD_CATEGORIES], "test")
    save_row(engine, "Progressionsmål", {"Kode": "afstand", "Navn": "Afstand til job (1-10)", "Laveste score": 1,
                                         "Højeste score": 10, "Høj score er tættest på job": "Ja",
                                         "Betydende ændring": 2}, "test")
    save_row(engine, "Projektmål", {"Projekt": "Jobløft Nord", "Tekst": "I job efter et halvt år", "Målværdi": 5,
                                    "Frist": "31-12-2027", "Indikator": "retained_6_months"}, "test")
    statuses = {"2026Q1": ["small_job", "in_progress", "ordinary_job", "in_progress"],
                "2026Q2": ["small_job", "in_progress", "in_progress", "ordinary_job"],
                "2026Q3": ["small_job", "in_progress", "in_progress", "ordinary_job"]}
    scores = {"2026Q1": {"P1": 3, "P2": 5, "P4": 6}, "2026Q2": {"P1": 6, "P2": 4, "P4": 3}}
    for quarter, categories in statuses.items():
        month = int(quarter[-1]) * 3 - 1
        quarterly = QuarterlyReturn(site_id=1, quarter=quarter)
        for number, category in enumerate(categories, start=1):
            quarterly.persons.append((f"P{number}", None, "adult", "kontanthjaelp", date(2026, 1, 5), None))
            quarterly.statuses.append((f"P{number}", category, 8.0 if category == "small_job" else None))
        quarterly.progression = [(person, "afstand", None, float(score), date(2026, month, 10))
                                 for person, score in scores.get(quarter, {}).items()]
        report = import_workbook(engine, workbook_bytes(engine, [quarterly]), file_name=f"nordbyen-{quarter}.xlsx",
                                 created_by="test", commit=True)
        assert report.stored, [problem.text() for problem in report.errors]
    frames = load_frames(engine)
    closer = INDICATORS["progression_closer"].value_in(frames, "2026Q3")
    assert (closer.value, closer.denominator) == (1, 3)
    assert progression_summary(progression_pairs(frames, "2026Q3", "afstand"))["further"] == 1
    curve = retention_curve(retention_by_person(frames, "2026Q3")).set_index("months")
    assert curve.loc[3, ["due", "known", "in_job"]].tolist() == [3, 3, 2]
    assert curve.loc[6, ["due", "known", "in_job"]].tolist() == [2, 2, 1]
    target = project_target_status(frames, "2026Q3").iloc[0]
    assert (target["actual"], target["base"], target["met"]) == (1.0, 2, False)
    # The same counts when the project is worked out site by site, with each site's part kept.
    monkeypatch.setenv("SITE_FIGURES_FROM", "1")
    by_site = frames_of_view(engine)
    closer = INDICATORS["progression_closer"].value_in(by_site, "2026Q3")
    assert (closer.value, closer.denominator) == (1, 3)
    curve = by_site.once(retention_curve_in, "2026Q3").set_index("months")
    assert curve.loc[6, ["due", "known", "in_job"]].tolist() == [2, 2, 1]
    target = project_target_status(by_site, "2026Q3").iloc[0]
    assert (target["actual"], target["base"], target["met"]) == (1.0, 2, False)
