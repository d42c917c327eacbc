"""Socialstyrelsen's monthly statistics (kind `sos_manad`): the real export's excerpt read cell
by cell, stored per cell with versions, compared (change, index, anomalies, own file beside
Socialstyrelsen), the command line's JSON, and bad input refused in Swedish with nothing changed.

Figures by hand from the excerpt (../shared/samples/sos_ekb_manad_hushall_utdrag.xlsx, copied
to tests/fixtures/sos/): 6 regions × 3 years × 12 months = 216 cells, 163 numbers, 28 `X`
(Arjeplog and Pajala: 5 + 8 + 1 each), 25 `--` (September–December 2025 in every region, and
Arjeplog April 2024). Lund January 2024 = 845 against December 2023 = 1 091 and February 2024 =
1 102: mean 1 096,5, −22,9 % → avvikelse; Lund January 2025 = 1 020 against 1 116 and 1 127:
−9,0 % → not.
"""

from __future__ import annotations

import io
import json
from datetime import date

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from conftest import FIXTURES
from helpers import query, run_cli, snapshot
from pipelines.domain import comparison as rules
from pipelines.ingest.sos import validate_sos
from pipelines.ingest.store import ingest_bytes
from pipelines.ingest.validate import validate_bytes

SAMPLE = FIXTURES / "sos" / "sos_ekb_manad_hushall_utdrag.xlsx"
LUND_2025 = [1020, 1127, 1122, 1114, 1076, 1090, 1083, 1106]


def sample_rows() -> list[list]:
    sheet = load_workbook(SAMPLE).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def xlsx(rows: list[list]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- reading the excerpt ------------------------------------------------------------------------


def test_the_excerpt_is_read_cell_by_cell(empty_db):
    validated = validate_bytes(SAMPLE.read_bytes(), SAMPLE.name)
    assert validated.kind == "sos_manad"
    assert validated.ok, [f.format() for f in validated.findings]
    frame = validated.frame
    assert len(frame) == 216
    assert frame["status"].value_counts().to_dict() == {"varde": 163, "sekretess": 28, "saknas": 25}
    export = validated.export
    assert export.title == "Ekonomiskt bistånd, Antal hushåll"
    assert export.matt == "Antal hushåll" and export.filter is None
    assert export.extraction_date == date(2025, 10, 5)
    assert export.categories == ["År"]
    assert len(export.footnotes) == 3
    assert export.footnotes[0].startswith("Augusti 2025: Ingen skattning på rike och län")
    lund = frame[(frame["region"] == "Lund") & (frame["manad"] >= date(2025, 1, 1))]
    assert list(lund["varde"][:8]) == LUND_2025
    assert list(lund["status"][8:]) == ["saknas"] * 4
    arjeplog = frame[(frame["region"] == "Arjeplog") & (frame["manad"] == date(2024, 4, 1))]
    assert arjeplog.iloc[0]["status"] == "saknas" and arjeplog["varde"].isna().all()
    masked = frame[(frame["region"] == "Pajala") & (frame["manad"] == date(2025, 1, 1))]
    assert masked.iloc[0]["status"] == "sekretess" and masked["varde"].isna().all()


def test_a_csv_export_with_non_breaking_thousands_reads_the_same(empty_db):
    lines = []
    for row in sample_rows():
        cells = ["" if v is None else str(v) for v in row]
        cells = [c.replace("92203", "92\u00a0203") for c in cells]
        lines.append(
            ";".join(c for c in cells if c)
            if len([c for c in cells if c]) == 1
            else ";".join(cells)
        )
    content = "\r\n".join(lines).encode("utf-8-sig")
    validated = validate_bytes(content, "sos.csv")
    assert validated.ok, [f.format() for f in validated.findings]
    assert len(validated.frame) == 216
    assert validated.frame["varde"].iloc[0] == 92203


# --- storing, versions --------------------------------------------------------------------------


def test_ingest_stores_every_cell_and_the_files_own_facts(empty_db):
    result = ingest_bytes(SAMPLE.read_bytes(), SAMPLE.name)
    assert result.outcome == "lagrad", [f.format() for f in result.findings]
    assert result.rows == 216 and len(result.changes) == 216
    assert query(empty_db, "select count(*), count(varde) from sos_manad_current") == [(216, 163)]
    facts = query(empty_db, "select matt, uttagsdatum, fotnoter from sos_manad_fil")
    assert facts[0][0] == "Antal hushåll" and facts[0][1] == date(2025, 10, 5)
    assert len(json.loads(facts[0][2])) == 3
    assert query(empty_db, "select count(*) from ref_region") == [(312,)]
    assert query(empty_db, "select namn, lan, jamforelsegrupp from ref_region where egen") == [
        ("Lund", "Skåne län", "Större städer")
    ]


def test_an_edited_region_list_reaches_the_comparison_with_the_next_file_of_any_kind(
    empty_db, reference_dir, tmp_path, monkeypatch
):
    """`ref_region` is refreshed with every stored file, as the other reference tables are at
    every write: not only with the next Socialstyrelsen export or Kolada pull."""
    import shutil

    from pipelines.queries.comparison import comparison

    ingest_bytes(SAMPLE.read_bytes(), SAMPLE.name)
    edited = tmp_path / "reference"
    shutil.copytree(reference_dir, edited)
    regions = pd.read_csv(edited / "regioner.csv", sep=";", dtype=str, keep_default_na=False)
    regions["egen"] = ["ja" if name == "Malmö" else "nej" for name in regions["namn"]]
    regions.to_csv(edited / "regioner.csv", sep=";", index=False)
    monkeypatch.setenv("ARBETSMAL_REFERENCE", str(edited))
    own = tmp_path / "fs.csv"
    own.write_text("Månad;Hushåll;Utbetalt\n2025-01;1020;100\n", encoding="utf-8")
    assert ingest_bytes(own.read_bytes(), own.name).outcome == "lagrad"
    assert query(empty_db, "select namn from ref_region where egen") == [("Malmö",)]
    assert comparison(2025).regions[0].region == "Malmö"
    # A list that does not validate does not stop a file of another kind; the copy stays.
    (edited / "regioner.csv").write_text("kod;namn\n1;\n", encoding="utf-8")
    own.write_text("Månad;Hushåll;Utbetalt\n2025-02;1030;100\n", encoding="utf-8")
    assert ingest_bytes(own.read_bytes(), own.name).outcome == "lagrad"
    assert query(empty_db, "select count(*) from ref_region where egen and namn = 'Malmö'") == [
        (1,)
    ]


def test_a_newer_export_replaces_the_cells_it_holds_and_keeps_the_earlier_version(empty_db):
    ingest_bytes(SAMPLE.read_bytes(), SAMPLE.name)
    rows = sample_rows()
    lund_2025 = next(i for i, r in enumerate(rows) if r[0] == "Lund" and r[1] == "2025")
    newer = [rows[0], rows[1], list(rows[lund_2025]), rows[-1]]
    newer[2][10] = 1101  # September 2025 published
    newer[2][2] = 1021  # January 2025 revised
    newer[-1] = ["Socialstyrelsens statistikdatabas 2025-11-05"]
    result = ingest_bytes(xlsx(newer), "sos_nov.xlsx")
    assert result.outcome == "lagrad", [f.format() for f in result.findings]
    assert len(result.changes) == 12
    assert sum(1 for c in result.changes if c.changed) == 2
    current = dict(
        query(
            empty_db,
            "select manad, varde from sos_manad_current where region = 'Lund' "
            "and year(manad) = 2025 and month(manad) in (1, 9)",
        )
    )
    assert current == {date(2025, 1, 1): 1021, date(2025, 9, 1): 1101}
    versions = query(
        empty_db,
        "select v.varde from sos_manad_version v where region = 'Lund' "
        "and manad = '2025-01-01' order by ingest_id",
    )
    assert versions == [(1020,), (1021,)]
    assert query(empty_db, "select count(*) from sos_manad_current") == [(216,)]
    # Other regions keep the first export's cells.
    assert query(
        empty_db,
        "select varde from sos_manad_current where region = 'Malmö' and manad = '2025-01-01'",
    ) == [(3585,)]


# --- bad input: Swedish messages, nothing changed -------------------------------------------------


def sos_tables(db) -> list:
    return [
        sorted(map(str, query(db, f"select * from {table}")))
        for table in ("sos_manad_version", "sos_manad_fil", "ref_region")
    ]


def refused(empty_db, content: bytes, name: str) -> list[str]:
    ingest_bytes(SAMPLE.read_bytes(), SAMPLE.name)
    before = snapshot(empty_db), sos_tables(empty_db)
    result = ingest_bytes(content, name)
    assert result.outcome == "avvisad"
    assert (snapshot(empty_db), sos_tables(empty_db)) == before
    return [f.format() for f in result.findings if f.is_error]


def test_an_export_of_another_table_is_refused(empty_db):
    rows = [
        ["Socialtjänstinsatser till äldre, Antal personer"],
        ["Region", "År", "Totalt"],
        ["Lund", "2024", 3120],
        ["Socialstyrelsens statistikdatabas 2025-10-05"],
    ]
    errors = refused(empty_db, xlsx(rows), "aldre.xlsx")
    assert len(errors) == 1
    assert "ska vara titeln ”Ekonomiskt bistånd, <mått>”" in errors[0]
    assert "export av en annan tabell" in errors[0]


def test_the_yearly_table_of_the_same_statistics_is_refused(empty_db):
    rows = [
        ["Ekonomiskt bistånd, Antal biståndsmottagare"],
        ["Region", "År", "Kvinnor", "Män"],
        ["Lund", "2024", 1500, 1400],
        ["Socialstyrelsens statistikdatabas 2025-10-05"],
    ]
    (message,) = refused(empty_db, xlsx(rows), "ar.xlsx")
    assert "men inte av tabellen per månad" in message
    assert "Januari, Februari … December" in message


def test_months_other_than_januari_to_december_are_refused(empty_db):
    rows = sample_rows()
    rows[1] = [
        "Region",
        "År",
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "Maj",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Okt",
        "Nov",
        "Dec",
    ]
    (message,) = refused(empty_db, xlsx(rows), "kort.xlsx")
    assert "Månadskolumnerna ska vara Januari, Februari, Mars" in message
    assert "rubrikraden har Jan, Feb" in message
    rows = sample_rows()
    rows[1][2], rows[1][3] = "Februari", "Januari"
    (message,) = refused(empty_db, xlsx(rows), "ordning.xlsx")
    assert "i den ordningen" in message


def test_an_unknown_region_is_refused(empty_db):
    rows = sample_rows()
    rows[8][0] = "Lunds kommun"
    errors = refused(empty_db, xlsx(rows), "okand.xlsx")
    assert errors == [
        "Fel (okand.xlsx, rad 9, kolumn ”Region”, värde ”Lunds kommun”): Okänd region: namnet "
        "finns inte i referenslistan över regioner (Riket, 21 län och 290 kommuner). Skriv "
        "namnet som Socialstyrelsen gör (t.ex. Lund, Skåne län) eller lägg till det i "
        "data/reference/regioner.csv."
    ]


def test_a_personal_number_outside_the_table_is_refused_as_by_the_gate(empty_db):
    """In the document's properties (comments, headers and footers alike) or in another sheet's
    cells: refused with the gate's message, nothing changed."""
    workbook = load_workbook(SAMPLE)
    workbook.properties.creator = "Anna 19850101-1234"
    buffer = io.BytesIO()
    workbook.save(buffer)
    (message,) = refused(empty_db, buffer.getvalue(), "egenskaper.xlsx")
    assert "Arbetsbokens kommentarer eller egenskaper innehåller något som ser ut" in message
    assert "1234" not in message
    workbook = load_workbook(SAMPLE)
    workbook.create_sheet("Anteckningar")["B3"] = "19850101-1234"
    buffer = io.BytesIO()
    workbook.save(buffer)
    (message,) = refused(empty_db, buffer.getvalue(), "annat_blad.xlsx")
    assert (
        "personnummer (blad ”Anteckningar”, rad 3, kolumn B)" in message and "1234" not in message
    )


def test_a_personal_number_as_a_sheet_name_is_refused_and_a_hidden_sheet_never_read(empty_db):
    """The gate's sheet rules hold for Socialstyrelsen's export too: a sheet named like a
    personal number refuses the file; a hidden sheet before the export is not read (the visible
    export is, with the same cells as the excerpt alone)."""
    workbook = load_workbook(SAMPLE)
    workbook.create_sheet("19850101-1234")
    buffer = io.BytesIO()
    workbook.save(buffer)
    (message,) = refused(empty_db, buffer.getvalue(), "bladnamn.xlsx")
    assert "Ett kalkylblad i arbetsboken har ett namn som ser ut som ett personnummer" in message
    assert "1234" not in message
    workbook = load_workbook(SAMPLE)
    hidden = workbook.create_sheet("Gammal", 0)
    hidden.append(["Ekonomiskt bistånd, Antal hushåll 2020"])
    hidden.append(["Region", "År", *rules_months()])
    hidden.append(["Lund", "2020", *[999] * 12])
    hidden.sheet_state = "hidden"
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = ingest_bytes(buffer.getvalue(), "dolt_blad.xlsx")
    assert result.outcome == "lagrad" and result.rows == 216
    assert query(empty_db, "select count(*) from sos_manad_current where varde = 999") == [(0,)]


def test_x_in_a_region_total_is_refused(empty_db):
    rows = sample_rows()
    rows[5][4] = "X"  # Skåne län, 2023, Mars
    errors = refused(empty_db, xlsx(rows), "x_i_lan.xlsx")
    assert len(errors) == 1
    assert errors[0].startswith("Fel (x_i_lan.xlsx, rad 6, kolumn ”Mars”")
    assert "riket och länen är summor över kommunerna och maskeras aldrig" in errors[0]


def test_x_in_a_category_total_whose_parts_all_have_values_is_refused(empty_db):
    rows = [
        ["Ekonomiskt bistånd, Antal hushåll 2024"],
        ["Region", "Hushållstyp", *[m for m in rules_months()]],
        ["Lund", "Med barn", *[400] * 12],
        ["Lund", "Utan barn", *[600] * 12],
        ["Lund", "Totalt", "X", *[1000] * 11],
        ["Socialstyrelsens statistikdatabas 2025-10-05"],
    ]
    errors = refused(empty_db, xlsx(rows), "kategori.xlsx")
    assert len(errors) == 1
    assert "rad 5, kolumn ”Januari”" in errors[0] and "X (sekretess) i en totalrad" in errors[0]


def rules_months() -> list[str]:
    from schemas.sos_manad import MONTHS

    return list(MONTHS)


# --- the comparison rules -----------------------------------------------------------------------


def series(values: list, statuses: list | None = None):
    months = rules.month_range(date(2024, 1, 1), date(2024, len(values), 1))
    statuses = statuses or ["varde" if v is not None else "saknas" for v in values]
    return pd.DataFrame({"manad": months, "varde": values, "status": statuses})


def test_anomaly_needs_both_neighbours_and_more_than_15_percent():
    frame = series([100, 84, 100, 116, 100, None, 50, 100])
    # 84 vs mean 100: 16 % → flagged; 116 vs mean 100: 16 % → flagged; 50 has a missing
    # neighbour; the first and last months have one neighbour only.
    assert list(rules.anomalies(frame)) == [False, True, False, True, False, False, False, False]
    assert list(rules.anomalies(series([100, 85, 100]))) == [False, False, False]


def test_a_total_is_a_number_only_where_no_part_is_masked_or_missing():
    assert rules.combine(["varde", "varde"], [1.0, 2.0]) == (3.0, "varde")
    assert rules.combine(["varde", "sekretess", "saknas"], [1.0, None, None]) == (None, "sekretess")
    assert rules.combine(["varde", "saknas"], [1.0, None]) == (None, "saknas")


def test_index_and_change_carry_the_status_of_what_they_lack():
    frame = series([200, 100, None], ["varde", "varde", "sekretess"])
    index = rules.index(frame, date(2024, 1, 1))
    assert list(index["index"][:2]) == [100.0, 50.0]
    assert list(index["index_status"]) == ["varde", "varde", "sekretess"]
    masked_base = rules.index(frame, date(2024, 3, 1))
    assert list(masked_base["index_status"]) == ["sekretess"] * 3


# --- the comparison from the warehouse, and the command line ------------------------------------


def test_jamfor_prints_the_json_of_the_issue(empty_db):
    stored = run_cli("ingest", str(SAMPLE))
    assert stored.returncode == 0, stored.stdout + stored.stderr
    assert "lagrad som Socialstyrelsens månadsstatistik" in stored.stdout
    result = run_cli("jamfor", "--year", "2025", "--region", "Lund", "--region", "Riket", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data) == ["matt", "year", "regions"]
    assert data["matt"] == "Antal hushåll" and data["year"] == 2025
    assert [r["region"] for r in data["regions"]] == ["Lund", "Riket"]
    lund = data["regions"][0]["months"]
    assert len(lund) == 12
    assert lund[0] == {"manad": "2025-01", "varde": 1020, "status": "varde", "avvikelse": False}
    assert [m["varde"] for m in lund[:8]] == LUND_2025
    assert lund[8] == {"manad": "2025-09", "varde": None, "status": "saknas", "avvikelse": False}
    assert result.stdout.startswith('{"matt": "Antal hushåll", "year": 2025, "regions": [')
    riket = data["regions"][1]["months"]
    assert riket[0]["varde"] == 88264


def test_jamfor_flags_the_january_that_looks_like_a_reporting_gap(empty_db):
    run_cli("ingest", str(SAMPLE))
    result = run_cli("jamfor", "--year", "2024", "--region", "Lund", "--region", "Malmö", "--json")
    data = json.loads(result.stdout)
    lund, malmo = (r["months"] for r in data["regions"])
    assert [m["manad"] for m in lund if m["avvikelse"]] == ["2024-01"]
    # Malmö's dips are deep enough to flag their neighbours too: February 2024 (6 740 against
    # the mean of 4 101 and 6 771, +24,0 %) and December 2024 (6 671 against 6 559 and 3 585).
    assert [m["manad"] for m in malmo if m["avvikelse"]] == ["2024-01", "2024-02", "2024-12"]


def test_jamfor_with_an_unknown_region_says_so_in_swedish(empty_db):
    run_cli("ingest", str(SAMPLE))
    result = run_cli("jamfor", "--year", "2025", "--region", "Lundby", "--json")
    assert result.returncode == 2
    assert "Okänd region ”Lundby”" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_default_comparison_is_own_lan_riket_and_group(empty_db):
    from pipelines.queries.comparison import comparison

    ingest_bytes(SAMPLE.read_bytes(), SAMPLE.name)
    result = comparison(2025)
    assert [(s.region, s.role) for s in result.regions] == [
        ("Lund", "egen"),
        ("Skåne län", "lan"),
        ("Riket", "riket"),
        ("Jämförelsegrupp: Större städer", "grupp"),
    ]
    lund = result.regions[0].frame
    assert round(lund.iloc[0]["forandring"], 4) == round(1020 / 845 - 1, 4)
    assert lund.iloc[0]["index"] == 100.0
    assert round(lund.iloc[1]["index"], 2) == round(100 * 1127 / 1020, 2)
    # The group's other 30 municipalities are not in the excerpt: missing, never zero.
    group = result.regions[3]
    assert group.members == 31
    assert set(group.frame["status"]) == {"saknas"} and group.frame["varde"].isna().all()
    assert result.extraction_dates == [date(2025, 10, 5)]


def test_own_file_beside_socialstyrelsen_explains_the_difference(empty_db, tmp_path):
    from pipelines.queries.comparison import own_vs_sos

    ingest_bytes(SAMPLE.read_bytes(), SAMPLE.name)
    own = tmp_path / "fs.csv"
    own.write_text(
        "Månad;Hushåll;Utbetalt\n2025-01;1020;100\n2025-02;1130;100\n2025-03;1300;100\n",
        encoding="utf-8",
    )
    assert ingest_bytes(own.read_bytes(), own.name).outcome == "lagrad"
    frame = own_vs_sos(2025)
    first = frame.iloc[:4]
    assert [None if pd.isna(v) else v for v in first["egen"]] == [1020, 1130, 1300, None]
    assert list(first["sos"]) == [1020, 1127, 1122, 1114]
    # The own file was stored after the export's extraction date (2025-10-05).
    assert list(first["forklaring"]) == [
        "lika",
        "rattad_efter_uttag",
        "rattad_efter_uttag",
        "egen_saknas",
    ]
    assert frame.iloc[8]["forklaring"] == "ingen_uppgift"


def test_anomalies_listed_for_datakvalitet(empty_db):
    from pipelines.queries.comparison import anomalies

    ingest_bytes(SAMPLE.read_bytes(), SAMPLE.name)
    frame = anomalies()
    flagged = {(r.region, r.manad) for r in frame.itertuples()}
    assert ("Lund", date(2024, 1, 1)) in flagged
    assert ("Lund", date(2025, 1, 1)) not in flagged
    lund = frame[(frame["region"] == "Lund") & (frame["manad"] == date(2024, 1, 1))].iloc[0]
    assert lund["grannmedel"] == 1096.5
    assert round(lund["avvikelse_andel"], 4) == round(845 / 1096.5 - 1, 4)


# --- a full-size export -------------------------------------------------------------------------


def test_a_full_size_export_ingests(empty_db):
    from benchmarks.generate_sos import export_xlsx

    result = ingest_bytes(export_xlsx(), "sos_full.xlsx")
    assert result.outcome == "lagrad", [f.format() for f in result.findings[:5]]
    assert result.rows == 312 * 12 * 12
    counts = dict(query(empty_db, "select status, count(*) from sos_manad_current group by 1"))
    assert counts == {"varde": 43258, "saknas": 1640, "sekretess": 30}
    assert query(empty_db, "select json_array_length(fotnoter) from sos_manad_fil") == [(110,)]


def test_validate_sos_direct_and_no_region_list_problem(empty_db):
    validated = validate_sos(SAMPLE.read_bytes(), SAMPLE.name)
    assert validated.ok
    assert validated.months()[0] == date(2023, 1, 1) and validated.months()[-1] == date(2025, 12, 1)


# --- the upload page ----------------------------------------------------------------------------


def test_the_excerpt_goes_in_through_the_upload_page(empty_db):
    from helpers import run_page

    at = run_page("importera.py")
    at.file_uploader(key="uploads").set_value(
        [(SAMPLE.name, SAMPLE.read_bytes(), "application/octet-stream")]
    )
    at.run()
    assert not at.exception, at.exception
    [facts] = [t.value for t in at.table if "Filtyp" in list(t.value.iloc[:, 0])]
    table = dict(zip(facts.iloc[:, 0], facts.iloc[:, 1], strict=True))
    assert table["Filtyp"] == "Socialstyrelsens månadsstatistik"
    assert table["Titel"] == "Ekonomiskt bistånd, Antal hushåll"
    assert table["Uttagsdatum"] == "2025\\-10\\-05" and table["Fotnoter"] == "3"  # markdown-safe
    assert [m.value for m in at.metric][:1] == ["216"]
    (changes,) = [d.value for d in at.dataframe if "Ändring" in d.value.columns]
    assert len(changes) == 216 and set(changes["Ändring"]) == {"Ny"}
    lund = changes[(changes["Region"] == "Lund") & (changes["Månad"] == "januari 2025")]
    assert list(lund["Nytt"]) == ["1\u00a0020"]
    (store,) = [b for b in at.button if (b.key or "").startswith("store-file-")]
    store.click()
    at.run()
    assert not at.exception, at.exception
    assert query(empty_db, "select count(*), count(varde) from sos_manad_current") == [(216, 163)]
    assert query(empty_db, "select outcome, source from ingest_log") == [("lagrad", "app")]


def test_the_forsorjningsstod_page_compares_with_the_country(empty_db, tmp_path):
    from helpers import run_page

    ingest_bytes(SAMPLE.read_bytes(), SAMPLE.name)
    own = "Månad;Hushåll;Utbetalt\n2025-01;1020;100\n2025-02;1130;100\n"
    assert ingest_bytes(own.encode(), "fs.csv").outcome == "lagrad"
    at = run_page("forsorjningsstod.py")
    assert not at.exception, at.exception
    assert at.selectbox(key="jamfor_ar").value == 2025
    text = "\n".join(m.value for m in at.markdown)
    # Lund: 1 106 against 1 105 in August 2024; Skåne län 14 752 against 14 977; Riket 90 810
    # against 88 976; the group lacks 30 of its 31 municipalities in the excerpt.
    assert (
        "Augusti 2025: Lund 1\u00a0106 (antal hushåll), +0,1\u00a0% mot samma månad året innan. "
        "Samma tid: Skåne län \u22121,5\u00a0%, Riket +2,1\u00a0%, Jämförelsegrupp: Större "
        "städer – (saknas)." in text
    )
    from html_tables import tables as html_tables

    tables = {tuple(t.columns)[:2]: t for t in html_tables(at)}
    table = next(v for k, v in tables.items() if k == ("Månad", "Lund"))
    assert list(table["Lund"][:2]) == ["1\u00a0020", "1\u00a0127"]
    assert list(table["Lund"][8:10]) == ["– (saknas)", "– (saknas)"]
    assert table["Jämförelsegrupp: Större städer"].iloc[0] == "– (saknas)"
    own_table = next(v for k, v in tables.items() if k == ("Månad", "Egen månadsfil"))
    assert list(own_table["Egen månadsfil"][:3]) == ["1\u00a0020", "1\u00a0130", "– (ingen fil)"]
    assert own_table["Förklaring"].iloc[0] == "Samma siffra."


def test_datakvalitet_lists_the_anomalies(empty_db):
    from helpers import run_page

    ingest_bytes(SAMPLE.read_bytes(), SAMPLE.name)
    own = "Månad;Hushåll;Utbetalt\n2025-01;1020;100\n"
    assert ingest_bytes(own.encode(), "fs.csv").outcome == "lagrad"
    at = run_page("datakvalitet.py")
    assert not at.exception, at.exception
    (table,) = [d.value for d in at.dataframe if "Avvikelse" in d.value.columns]
    lund = table[table["Region"] == "Lund"]
    assert list(lund["Månad"]) == ["Januari 2024"]
    assert lund.iloc[0]["Värde"] == "845"
    assert lund.iloc[0]["Medel av grannmånaderna"] == "1\u00a0096,5"
    assert lund.iloc[0]["Avvikelse"] == "\u221222,9\u00a0%"


def test_the_monthly_report_holds_the_comparison(empty_db):
    from test_report import pdf_text

    from pipelines.outputs.report.files import excel_bytes, pdf_bytes
    from pipelines.queries.report import monthly_report

    ingest_bytes(SAMPLE.read_bytes(), SAMPLE.name)
    own = "Månad;Hushåll;Utbetalt\n2025-01;1020;100\n2025-02;1130;100\n"
    assert ingest_bytes(own.encode(), "fs.csv").outcome == "lagrad"
    report = monthly_report(date(2025, 2, 1))
    assert [s.region for s in report.jamforelse.regions][:3] == ["Lund", "Skåne län", "Riket"]
    book = load_workbook(io.BytesIO(excel_bytes(report)))
    sheet = book["Jämförelse"]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][:4] == [
        "Månad",
        "Lund",
        "Lund: förändring mot året innan",
        "Lund: index (2025-01 = 100)",
    ]
    assert rows[1][:4] == ["Januari 2025", 1020, pytest.approx(1020 / 845 - 1), 100]
    assert rows[9][1] == "– (saknas)"  # September 2025: not published at the extraction
    _, text = pdf_text(pdf_bytes(report, charts=False))
    assert "Jämfört med riket, länet och liknande kommuner 2025" in text
    assert "1 020 (+20,7 %) !" not in text and "1 020 (+20,7 %)" in text.replace("\u00a0", " ")
    from helpers import run_page

    at = run_page("manadsrapport.py")
    assert not at.exception, at.exception
    assert any(s.value.startswith("Jämfört med riket") for s in at.subheader)


def test_jamfor_matt_chooses_another_stored_measure(empty_db, capsys):
    from pipelines.cli import main

    ingest_bytes(SAMPLE.read_bytes(), SAMPLE.name)
    rows = sample_rows()
    rows[0] = ["Ekonomiskt bistånd, Antal biståndsmottagare"]
    rows = [[v * 2 if isinstance(v, int) else v for v in row] for row in rows]
    assert ingest_bytes(xlsx(rows), "mottagare.xlsx").outcome == "lagrad"
    assert main(["jamfor", "--year", "2025", "--region", "Lund", "--json"]) == 0
    default = json.loads(capsys.readouterr().out)
    assert default["matt"] == "Antal hushåll"
    assert default["regions"][0]["months"][0]["varde"] == 1020
    args = ["jamfor", "--year", "2025", "--region", "lund", "--matt", "Antal biståndsmottagare"]
    assert main([*args, "--json"]) == 0
    other = json.loads(capsys.readouterr().out)
    assert other["matt"] == "Antal biståndsmottagare"
    assert other["regions"][0]["region"] == "Lund"
    assert other["regions"][0]["months"][0]["varde"] == 2040


def test_the_cells_slice_keys_are_the_stores_keys(empty_db):
    from schemas.kinds import CONTRACTS

    ingest_bytes(SAMPLE.read_bytes(), SAMPLE.name)
    stored = query(
        empty_db,
        "select slice_key, manad, ar from slice_version where kind = 'sos_manad' "
        "and slice_key like '%region=Lund;%' order by manad limit 1",
    )
    row = {"matt": "Antal hushåll", "region": "Lund", "kategori": "", "manad": date(2023, 1, 1)}
    assert stored == [(CONTRACTS["sos_manad"].slice_key_text(row), date(2023, 1, 1), 2023)]


def test_the_chart_marks_masked_missing_and_anomalous_months(empty_db):
    from pipelines.present.comparison import comparison_figure
    from pipelines.queries.comparison import comparison

    ingest_bytes(SAMPLE.read_bytes(), SAMPLE.name)
    result = comparison(2024, ("Lund", "Arjeplog"))
    figure = comparison_figure(result, "varde")
    names = [trace.name for trace in figure.data]
    assert names == [
        "Lund",
        "Avvikelse (Lund)",
        "Arjeplog",
        "X (sekretess) (Arjeplog)",
        "– (saknas) (Arjeplog)",
    ]
    lund, anomaly, arjeplog, masked, missing = figure.data
    assert list(lund.y[:2]) == [845, 1102] and list(anomaly.x) == [1]
    # Arjeplog 2024: X in January–March and May–September, -- in April; never drawn as 0.
    assert list(masked.x) == [1, 2, 3, 5, 6, 7, 8, 9] and list(missing.x) == [4]
    assert list(arjeplog.y[:9]) == [None] * 9 and list(arjeplog.y[9:]) == [4, 5, 5]
