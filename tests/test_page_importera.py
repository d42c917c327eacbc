"""The import page through AppTest: upload, preview with the right figures, store on the second
click; errors shown and nothing stored; duplicates; personal data; several files at once.

Figures by hand from tests/fixtures/README.md (KK: 2 hires a month in 2026; MF: 0).
"""

from __future__ import annotations

import re
import tomllib

from streamlit.testing.v1 import AppTest

from conftest import ROOT
from helpers import HIRES_HEADER, csv_bytes, metric_values, query, run_page, snapshot
from schemas.kinds import CONTRACTS

CORRECTION = [HIRES_HEADER, "2026-03;KK;lonestod;5;kvinna;;ja", "2026-09;MF;lonestod;1;;;"]
PNR = "850101-1234"


def open_page() -> AppTest:
    return run_page("importera.py")


def upload(at: AppTest, *files: tuple[str, bytes]) -> AppTest:
    at.file_uploader(key="uploads").set_value([(name, data, "text/csv") for name, data in files])
    at.run()
    assert not at.exception, at.exception
    return at


def store_buttons(at: AppTest) -> list:
    return [b for b in at.button if (b.key or "").startswith("store-file-")]


def all_text(at: AppTest) -> str:
    parts = [
        e.value
        for kind in ("markdown", "caption", "info", "error", "success", "warning")
        for e in getattr(at, kind)
    ]
    parts += [str(m.value) for m in at.metric] + [b.label for b in at.button]
    parts += [d.value.to_string() for d in [*at.dataframe, *at.table]]
    return "\n".join(parts)


def test_page_states_the_upload_limit_and_offers_templates(fixture_db):
    at = open_page()
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    limit = config["server"]["maxUploadSize"]
    assert limit == 20
    assert any(c.value.startswith(f"Största filstorlek: {limit} MB per fil.") for c in at.caption)
    buttons = at.get("download_button")
    assert [b.label for b in buttons] == ["Mall som CSV", "Mall som Excel"] * len(CONTRACTS)
    assert [b.key for b in buttons][:2] == [
        "template-mall_anstallningar.csv",
        "template-mall_anstallningar.xlsx",
    ]
    guide = at.table[0].value  # a static table: every rule in full (issue 18)
    assert guide["Kolumn"].tolist()[:4] == ["Månad", "Förvaltning", "Anställningsform", "Antal"]
    assert not any(t.value.empty for t in at.table)
    # The valid values with their Swedish names (the fixture's förvaltningar valid now).
    forvaltningar, forms, groups = [t.value for t in at.table if t.value.columns[0] == "Kod"]
    assert ["VOF", "Vård\\- och omsorgsförvaltningen"] in forvaltningar.values.tolist()
    assert "SOF" not in forvaltningar["Kod"].tolist()  # ended in February 2023
    assert groups["Kod"].tolist()[-1] == "ovrig"
    assert ["sysselsattningskrav", "Anställning via sysselsättningskrav", "nej"] in (
        forms.values.tolist()
    )
    assert at.file_uploader(key="uploads").allowed_type == [".csv", ".txt", ".xlsx"]
    assert not store_buttons(at)


def test_valid_upload_previews_and_stores_only_on_the_second_click(fixture_db):
    before = snapshot(fixture_db)
    at = upload(open_page(), ("rattelse.csv", csv_bytes(CORRECTION)))
    assert metric_values(at) == {
        "Rader": "2",
        "Månader": "2",
        "Fel": "0",
        "Varningar": "0",
    }
    changes = at.dataframe[-1].value
    assert changes.to_dict("records") == [
        {"Månad": "mars 2026", "Förvaltning": "KK – Kommunkontoret", "Lagrat nu": "2",
         "Nytt": "5", "Skillnad": "+3", "Ändring": "Ersätts"},
        {"Månad": "september 2026", "Förvaltning": "MF – Miljöförvaltningen", "Lagrat nu": "–",
         "Nytt": "1", "Skillnad": "–", "Ändring": "Ny"},
    ]  # fmt: skip
    facts = {k: v.replace("\\", "") for k, v in at.table[-1].value.values.tolist()}
    assert facts == {
        "Filtyp": "anställningar",
        "Format": "CSV",
        "Teckenkodning": "UTF-8",
        "Avgränsare": "semikolon",
        "Rubrikrad": "rad 1",
        "Månader": "mars 2026 – september 2026",
        "Förvaltningar": "KK, MF",
    }
    [button] = store_buttons(at)
    assert button.label == "Lagra rattelse\\.csv"
    assert snapshot(fixture_db) == before  # the preview wrote nothing

    button.click().run()
    assert not at.exception
    assert [s.value.replace("\\", "") for s in at.success] == [
        "Lagrad som anställningar (inläsning 5): 2 rader, 1 ny del och 1 ersatt del. "
        "Alla sidor visar nu de nya siffrorna."
    ]
    assert not store_buttons(at)
    assert at.dataframe[-1].value["Skillnad"].tolist() == ["+3", "–"]
    # After storing, the headings say what happened (issue 18): before and stored now.
    stored = at.dataframe[-1].value
    assert list(stored.columns) == [
        "Månad",
        "Förvaltning",
        "Före",
        "Lagrat nu",
        "Skillnad",
        "Ändring",
    ]
    assert stored[["Före", "Lagrat nu", "Ändring"]].values.tolist() == [
        ["2", "5", "Ersatt"],
        ["–", "1", "Ny"],
    ]
    assert query(
        fixture_db, "select file_name, outcome, source from ingest_log where ingest_id = 5"
    ) == [("rattelse.csv", "lagrad", "app")]
    kk_march = query(
        fixture_db,
        "select sum(antal) from anstallningar_current where forvaltning = 'KK' "
        "and manad = date '2026-03-01'",
    )
    assert kk_march == [(5,)]

    at.run()  # a rerun does not store again
    assert query(fixture_db, "select count(*) from ingest_log") == [(5,)]


def test_invalid_upload_shows_every_error_and_stores_nothing(fixture_db):
    before = snapshot(fixture_db)
    content = csv_bytes([HIRES_HEADER, "2026-03;XX;lonestod;2;;;", "2026-04;KK;lonestod;-1;;;"])
    at = upload(open_page(), ("fel.csv", content))
    assert metric_values(at)["Fel"] == "2"
    assert [e.value for e in at.error] == [
        "Filen har 2 fel och kan inte lagras\\. Ingenting har sparats\\: rätta felen i filen och "
        "ladda upp den igen\\."
    ]
    errors = at.table[-1].value.map(lambda v: v.replace("\\", ""))  # escaped markdown
    assert list(errors.columns) == ["Rad", "Kolumn", "Värde", "Fel", "Så rättar du"]
    assert errors[["Rad", "Kolumn", "Värde"]].values.tolist() == [
        ["2", "Förvaltning", "XX"],
        ["3", "Antal", "-1"],
    ]
    assert not store_buttons(at)
    at.run()
    assert snapshot(fixture_db) == before
    assert query(fixture_db, "select file_name, outcome from ingest_log where ingest_id > 4") == [
        ("fel.csv", "avvisad")
    ]  # one log line, however often the page reruns


def test_duplicate_upload_says_it_is_already_stored(fixture_db):
    from conftest import FIXTURES

    content = (FIXTURES / "warehouse" / "forsorjningsstod.csv").read_bytes()
    at = upload(open_page(), ("forsorjningsstod_igen.csv", content))
    [info] = [i.value.replace("\\", "") for i in at.info]
    assert info.startswith("Filen är redan inläst (inläsning 3, ")
    assert info.endswith("som ”forsorjningsstod.csv”). Att lagra den igen ändrar ingenting.")
    assert metric_values(at)["Rader"] == "20" and metric_values(at)["Månader"] == "20"
    assert not store_buttons(at)


def test_personal_data_is_rejected_and_never_shown(fixture_db):
    before = snapshot(fixture_db)
    content = csv_bytes([HIRES_HEADER, f"2026-03;KK;lonestod;1;{PNR};;"])
    at = upload(open_page(), ("personer.csv", content))
    text = all_text(at)
    assert "personnummer" in text and PNR not in text and "1234" not in text
    assert not store_buttons(at)
    assert snapshot(fixture_db) == before
    [(messages,)] = query(fixture_db, "select messages from ingest_log where ingest_id = 5")
    assert PNR not in messages


def test_markup_in_a_file_name_is_not_rendered(fixture_db):
    name = "[klicka här](https://example.org) <img src=x onerror=alert(1)>.csv"
    at = upload(open_page(), (name, csv_bytes(CORRECTION)))
    [heading] = [h.value for h in at.subheader]
    # every markdown character is backslash-escaped: no link, no tag, no formatting
    assert re.search(r"(?<!\\)[\[\]()<>=*_]", heading) is None
    assert heading.replace("\\", "") == f"1. {name}"


def test_several_files_are_checked_and_stored_together(fixture_db):
    hires = csv_bytes([HIRES_HEADER, "2026-09;KK;lonestod;1;;;"])
    wrong = csv_bytes([HIRES_HEADER, "2026-09;XX;lonestod;1;;;"])
    targets = "År;Förvaltning;Mål\n2026;BSF;80\n".encode()
    at = upload(open_page(), ("kk.csv", hires), ("fel.csv", wrong), ("mal.csv", targets))
    assert [h.value for h in at.subheader] == ["1. kk\\.csv", "2. fel\\.csv", "3. mal\\.csv"]
    assert [m.value for m in at.metric if m.label == "Fel"] == ["0", "1", "0"]
    [store_all] = [b for b in at.button if b.key == "store-all"]
    assert store_all.label == "Lagra alla 2 filer utan fel"
    store_all.click().run()
    assert not at.exception
    assert query(
        fixture_db, "select file_name, outcome from ingest_log where ingest_id > 4 order by 1"
    ) == [("fel.csv", "avvisad"), ("kk.csv", "lagrad"), ("mal.csv", "lagrad")]
    assert len(at.success) == 2 and not store_buttons(at)


def test_the_same_file_twice_in_one_upload_is_stored_once(fixture_db):
    content = csv_bytes(CORRECTION)
    at = upload(open_page(), ("rattelse.csv", content), ("rattelse_kopia.csv", content))
    assert len(store_buttons(at)) == 2  # either may be clicked
    assert not [b for b in at.button if b.key == "store-all"]  # one content: no "store all"
    store_buttons(at)[1].click().run()
    assert not at.exception
    assert len(at.success) == 2 and not store_buttons(at)
    assert query(fixture_db, "select file_name, outcome from ingest_log where ingest_id > 4") == [
        ("rattelse_kopia.csv", "lagrad")
    ]


def test_a_near_miss_gets_a_suggestion_and_every_error_is_shown_in_full(fixture_db):
    content = csv_bytes(
        [HIRES_HEADER, "2026-03;Vård och omsorg;Lönebidrag;2;;;", "2026-04;KK;lonestod;2;;ung;"]
    )
    at = upload(open_page(), ("nara.csv", content))
    errors = at.table[-1].value.map(lambda v: v.replace("\\", ""))
    messages = errors["Fel"].tolist()
    assert any(m.endswith("Menade du ”Vård- och omsorgsförvaltningen” (VOF)?") for m in messages)
    assert any(m.endswith("Menade du ”Lönebidrag/lönestöd” (lonestod)?") for m in messages)
    assert len(messages) == 3  # all errors in one round, the målgrupp's too
