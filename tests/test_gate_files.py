"""One test per bad file of tests/fixtures/bad/ (tests/fixtures/make_bad_files.py writes them):
through the command line as a user runs it, asserting the Swedish message, the exit code and
what the warehouse holds afterwards (unchanged for every rejected file)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import query, snapshot
from pipelines import cli
from schemas import guard
from schemas.findings import from_json

BAD = Path(__file__).resolve().parent / "fixtures" / "bad"
PNR_FILES = sorted(p.name for p in BAD.glob("pnr_*"))

#: file → the phrase the output must hold (every rejected file exits 1 and changes nothing).
REJECTED = {
    **{
        name: "Filen innehåller något som ser ut som ett personnummer (rad 3, kolumn C). "
        "Personuppgifter får inte laddas upp"
        for name in PNR_FILES
        if name.endswith(".csv") and name != "pnr_header.csv"
    },
    "pnr_header.csv": "ser ut som ett personnummer (rad 1, kolumn E)",
    "pnr_sheet_name.xlsx": "Ett kalkylblad i arbetsboken har ett namn som ser ut som ett "
    "personnummer.",
    "pnr_comment.xlsx": "Arbetsbokens kommentarer eller egenskaper innehåller något som ser ut "
    "som ett personnummer.",
    "pnr_author.xlsx": "Arbetsbokens kommentarer eller egenskaper innehåller något som ser ut "
    "som ett personnummer.",
    "pnr_footer.xlsx": "Arbetsbokens sidhuvud eller sidfot innehåller något som ser ut som ett "
    "personnummer.",
    "bomb_xfd.xlsx": "Bladet ”Blad1” har värden i kolumn 16384 (fler än 200 kolumner)",
    "bomb_rows.xlsx": "Bladet ”Blad1” har rader efter rad 1\u00a0000\u00a0000",
    "bomb_cells.xlsx": "Arbetsboken har fler än 1\u00a0000\u00a0000 celler",
    "bomb_shared_string.xlsx": "Arbetsboken packas upp till 120 MB: högst 100 MB",
    "bomb_shared_strings_60mb.xlsx": "Arbetsbokens texter tar 60 MB: högst 50 MB",
    "bomb_lying_size.xlsx": "ingen Excel-arbetsbok som går att läsa",
    "too_many_columns.csv": "Rad 1 har fler än 200 kolumner",
    "formula_without_value.xlsx": "rad 3, kolumn ”D”): Cellen har en formel men inget sparat "
    "värde, så värdet går inte att läsa.",
    "nul_byte.csv": "Värdet innehåller styrtecken (U+0000), som inte syns men gör att det "
    "inte känns igen.",
    "cyrillic.csv": "värde ”⟨kyrilliskt К⟩⟨kyrilliskt К⟩”): Okänd förvaltning.",
    "mixed_encoding.csv": "Filen blandar två teckenkodningar (UTF-8 och Windows-1252)",
    "count_2_31.csv": "värde ”3000000000”): Talet är för stort för att lagras: högst "
    "2\u00a0147\u00a0483\u00a0647.",
    "count_2_63.csv": "värde ”10000000000000000000”): Talet är för stort för att lagras",
    "amount_infinite.csv": "Talet är för stort för att lagras: högst "
    "9\u00a0999\u00a0999\u00a0999\u00a0999,99.",
    "hires_over_employees.csv": "Fler anställningar under 2026-03 (12\u00a0345) än "
    "förvaltningen KK har anställda (1\u00a0000).",
    "target_billion.csv": "Målet (1\u00a0000\u00a0000\u00a0000) är större än antalet anställda "
    "i förvaltningen KK (1\u00a0000).",
    "amount_25_000.csv": "”25.000” går inte att tolka säkert: punkt används både som "
    "decimaltecken (25,000) och som tusentalsavgränsare (25 000).",
}

#: file → (kind stored, the warning the output must hold): stored, but not silently.
WARNED = {
    "hidden_first_sheet.xlsx": (
        "anställningar",
        "Det dolda bladet ”Gammal” har en rubrikrad men läses inte",
    ),
    "extra_sheet_mal.xlsx": (
        "anställningar",
        "Bladet ”Mål” har också en rubrikrad (mål) men läses inte: bara bladet ”Anställningar” "
        "läses.",
    ),
    "hidden_rows.xlsx": ("anställningar", "Rad 3 är dold i Excel men läses in."),
    "formula_stale.xlsx": (
        "anställningar",
        "Arbetsboken ska räknas om när den öppnas, så de sparade värdena i bladets 1 formler "
        "kan vara inaktuella.",
    ),
    "anstallningar_2026-11.csv": (
        "försörjningsstöd",
        "Filnamnet säger anställningar, men rubrikraden visar att filen innehåller "
        "försörjningsstöd.",
    ),
}


def run_cli(capsys, *args: str) -> tuple[int, str]:
    status = cli.main(list(args))
    captured = capsys.readouterr()
    return status, captured.out + captured.err


def test_every_bad_file_has_a_case() -> None:
    assert sorted(REJECTED) + sorted(WARNED) == sorted(REJECTED) + sorted(WARNED)
    assert sorted([*REJECTED, *WARNED]) == sorted(p.name for p in BAD.iterdir())


@pytest.mark.parametrize("name", sorted(REJECTED))
def test_a_rejected_file_says_why_exits_1_and_changes_nothing(name, fixture_db, capsys) -> None:
    before = snapshot(fixture_db)
    log_before = query(fixture_db, "select count(*) from ingest_log")[0][0]
    path = str(BAD / name)
    status, out = run_cli(capsys, "check", path)
    assert status == 1
    assert f"{name}: avvisad" in out and REJECTED[name] in out
    status, out = run_cli(capsys, "ingest", path)
    assert status == 1
    assert f"{name}: avvisad" in out and "Ingenting ändrades." in out
    assert REJECTED[name] in out
    assert "Traceback" not in out
    assert snapshot(fixture_db) == before
    [(outcome, messages)] = query(
        fixture_db,
        "select outcome, messages from ingest_log where ingest_id > ? order by ingest_id",
        [log_before],
    )
    assert outcome == "avvisad"
    assert len(messages) < 20_000  # echoes are cut: a 120 MB string is never logged
    for text in (out, messages):
        assert not guard.looks_like_personnummer(text)
        assert "850101" not in text and "８５０１" not in text


@pytest.mark.parametrize("name", sorted(WARNED))
def test_a_file_stored_with_a_warning_says_so(name, fixture_db, capsys) -> None:
    targets_before = query(fixture_db, "select * from mal_version order by all")
    status, out = run_cli(capsys, "ingest", str(BAD / name))
    kind, phrase = WARNED[name]
    assert status == 0, out
    assert f"{name}: lagrad som {kind}" in out
    assert phrase in out
    # Never stored as targets: the extra sheet named ”Mål”, the hidden sheet of targets.
    assert query(fixture_db, "select * from mal_version order by all") == targets_before


def test_the_visible_hires_sheet_is_stored_not_the_sheet_named_mal(fixture_db, capsys) -> None:
    run_cli(capsys, "ingest", str(BAD / "extra_sheet_mal.xlsx"))
    assert query(
        fixture_db,
        "select forvaltning, antal from anstallningar_current "
        "where manad = '2026-03-01' and forvaltning in ('KK', 'BSF') order by forvaltning",
    ) == [("BSF", 3), ("KK", 2)]


def test_a_personal_number_in_the_file_name_rejects_the_file(fixture_db, capsys, tmp_path):
    path = tmp_path / "anstallningar 850101-1234.csv"
    shutil.copy(BAD.parent / "warehouse" / "mal_2026.csv", path)
    before = snapshot(fixture_db)
    status, out = run_cli(capsys, "ingest", str(path))
    assert status == 1
    assert "Filnamnet innehåller något som ser ut som ett personnummer." in out
    assert "anstallningar [personnummer borttaget].csv: avvisad" in out
    assert "850101" not in out
    assert snapshot(fixture_db) == before
    [(name,)] = query(
        fixture_db, "select file_name from ingest_log order by ingest_id desc limit 1"
    )
    assert name == "anstallningar [personnummer borttaget].csv"
    status, out = run_cli(capsys, "check", str(path))
    assert status == 1
    assert "anstallningar [personnummer borttaget].csv: avvisad" in out
    assert "850101" not in out


def test_a_file_over_the_size_limit_is_rejected_at_once(fixture_db, capsys, tmp_path):
    path = tmp_path / "stor.csv"
    path.write_bytes(b"x" * (20 * 1024 * 1024 + 1))
    before = snapshot(fixture_db)
    status, out = run_cli(capsys, "ingest", str(path))
    assert status == 1
    assert "Filen är 20 MB: högst 20 MB går att läsa in." in out
    assert snapshot(fixture_db) == before


def test_300_000_bad_rows_give_200_findings_and_a_count(fixture_db, capsys, tmp_path):
    header = "Månad;Förvaltning;Anställningsform;Antal\n"
    path = tmp_path / "manga_fel.csv"
    path.write_text(header + "2026-03;XX;lonestod;1\n" * 300_000)
    before = snapshot(fixture_db)
    status, out = run_cli(capsys, "ingest", str(path))
    assert status == 1
    assert "manga_fel.csv: avvisad, 201 fel. Ingenting ändrades." in out
    assert snapshot(fixture_db) == before
    [(messages,)] = query(
        fixture_db, "select messages from ingest_log order by ingest_id desc limit 1"
    )
    findings = from_json(messages)
    assert len(findings) == 201
    assert findings[-1].message == (
        "Ytterligare 299\u00a0800 fel visas inte (de första 200 visas)."
    )


def test_a_writer_that_waits_too_long_exits_75(fixture_db, capsys, monkeypatch):
    from pipelines import warehouse

    def busy(*args, **kwargs):
        raise warehouse.WarehouseBusy(fixture_db, 60)

    monkeypatch.setattr(warehouse, "write", busy)
    before = snapshot(fixture_db)
    status, out = run_cli(capsys, "ingest", str(BAD.parent / "warehouse" / "mal_2026.csv"))
    assert status == cli.EXIT_BUSY == 75
    assert "används av en annan process" in out and "blev inte ledig på 60 sekunder" in out
    assert snapshot(fixture_db) == before


def test_a_corrected_target_is_in_the_revision_history(fixture_db, capsys, tmp_path):
    from pipelines.present.quality_tables import corrections_table
    from pipelines.queries.quality_revisions import corrections

    path = tmp_path / "mal_rattad.csv"
    path.write_text("År;Förvaltning;Mål\n2026;VOF;75\n", encoding="utf-8")
    status, out = run_cli(capsys, "ingest", str(path))
    assert status == 0, out
    assert "ersatt ar=2026;forvaltning=VOF: 70 → 75 (tar bort 1 rad, lägger till 1 rad)" in out
    fixes = corrections(2026)
    target = fixes[fixes["kind"] == "mal"]
    assert target[["ar", "forvaltning", "old_figure", "new_figure", "change"]].to_dict(
        "records"
    ) == [{"ar": 2026, "forvaltning": "VOF", "old_figure": 70, "new_figure": 75, "change": 5}]
    row = corrections_table(target).iloc[0]
    assert (row["Leverans"], row["Månad"], row["Före"], row["Efter"], row["Ändring"]) == (
        "Mål",
        "2026 (helår)",
        "70",
        "75",
        "+5",
    )
    assert (row["Fil före"], row["Fil efter"]) == ("mal_2026.csv", "mal_rattad.csv")


def test_an_amount_far_outside_the_history_is_warned_about(fixture_db, capsys, tmp_path):
    from pipelines.ingest.preview import preview_upload

    content = "Månad;Hushåll;Utbetalt\n2026-08;2000;25\n".encode()
    preview = preview_upload(content, "fs_augusti.csv")
    [warned] = preview.validated.warnings
    assert warned.message.startswith("Utbetalt för 2026-08 (25 kr) ligger långt från de lagrade ")
    path = tmp_path / "fs_augusti.csv"
    path.write_bytes(content)
    status, out = run_cli(capsys, "ingest", str(path))
    assert status == 0
    assert "Utbetalt för 2026-08 (25 kr) ligger långt från de lagrade månadernas median" in out


def test_a_header_with_a_look_alike_letter_says_so(fixture_db, capsys, tmp_path):
    path = tmp_path / "kyrillisk_rubrik.csv"
    path.write_text("Månad;Förvaltning;Anställningsform;\u0410ntal\n2026-03;KK;lonestod;1\n")
    status, out = run_cli(capsys, "ingest", str(path))
    assert status == 1
    assert (
        "Rad 1 liknar en rubrikrad men saknar ”antal”. Rubriken ”⟨kyrilliskt А⟩ntal”: Värdet "
        "innehåller bokstäver från ett annat alfabet (kyrilliskt А), som inte syns men gör att "
        "det inte känns igen."
    ) in out
