"""Data-quality marts: completeness (a delivered zero is delivered), missing deliveries, the ingest
log, the revision history of a corrected figure, and the checks across sources.

Figures by hand from tests/fixtures/README.md: every förvaltning (KK, BSF, VOF, ASF, MF) has
delivered every month of 2025 and January–August 2026, July only zeros, MF always 0; SOF
existed until 2023-02-28 and ASF from 2023-03-01; försörjningsstöd 2025-01 … 2026-08 with
hushåll 1 900 + 10·m in 2026 and 10 000 kr per household.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from helpers import FS_HEADER, HIRES_HEADER, csv_bytes
from pipelines import warehouse
from pipelines.ingest.store import ingest_bytes
from pipelines.present import quality_checks_text as check_words
from pipelines.present import quality_tables
from pipelines.queries import quality, quality_checks, quality_revisions

AUGUST = date(2026, 8, 1)
NBSP = "\u00a0"


def run(mart, *args):
    with warehouse.read() as con:
        return mart.direct(con, *args)


def statuses(frame, kod) -> list[str]:
    return frame[frame["forvaltning"] == kod].sort_values("month")["status"].tolist()


def test_last_complete_month():
    assert quality.last_complete_month(date(2026, 9, 15)) == AUGUST
    assert quality.last_complete_month(date(2027, 1, 3)) == date(2026, 12, 1)
    assert quality.last_complete_month() == AUGUST  # ARBETSMAL_TODAY=2026-09-15


def test_completeness_counts_a_delivered_zero_as_delivered(fixture_db):
    frame = run(quality.completeness, 2026, AUGUST)
    assert sorted(frame["forvaltning"].unique()) == ["ASF", "BSF", "KK", "MF", "VOF"]
    due, later = ["levererad"] * 8, ["vantas"] * 4
    for kod in ["ASF", "BSF", "KK", "MF", "VOF"]:
        assert statuses(frame, kod) == due + later
    mf = frame[frame["forvaltning"] == "MF"].sort_values("month")["antal"].tolist()
    assert mf[:8] == [0] * 8  # delivered zeros
    kk = frame[frame["forvaltning"] == "KK"].sort_values("month")["antal"].tolist()
    assert kk[:8] == [2, 2, 2, 2, 2, 2, 0, 2]
    vof_march = frame[(frame["forvaltning"] == "VOF") & (frame["month"] == 3)]["antal"]
    assert vof_march.tolist() == [9]  # 4 + 2 + 3 sysselsättningskrav: every form delivered


def test_completeness_of_a_year_without_data_follows_validity(fixture_db):
    frame = run(quality.completeness, 2023, AUGUST)
    assert statuses(frame, "SOF") == ["saknas"] * 2 + ["ej_aktuell"] * 10
    assert statuses(frame, "ASF") == ["ej_aktuell"] * 2 + ["saknas"] * 10
    assert statuses(frame, "KK") == ["saknas"] * 12


def test_forsorjningsstod_months(fixture_db):
    frame = run(quality.forsorjningsstod_months, 2026, AUGUST)
    assert frame["status"].tolist() == ["levererad"] * 8 + ["vantas"] * 4
    assert frame["hushall"].tolist()[:8] == [1910, 1920, 1930, 1940, 1950, 1960, 1970, 1980]
    assert frame["utbetalt"].tolist()[7] == 19_800_000.0


def test_missing_deliveries(fixture_db, monkeypatch):
    assert run(quality.missing_deliveries, AUGUST).empty
    monkeypatch.setenv("ARBETSMAL_TODAY", "2026-10-15")  # september is now due and missing
    missing = run(quality.missing_deliveries, date(2026, 9, 1))
    assert missing.values.tolist() == [
        ["anstallningar", "ASF", "Arbetsmarknads- och socialförvaltningen"],
        ["anstallningar", "BSF", "Barn- och skolförvaltningen"],
        ["anstallningar", "KK", "Kommunkontoret"],
        ["anstallningar", "MF", "Miljöförvaltningen"],
        ["anstallningar", "VOF", "Vård- och omsorgsförvaltningen"],
        ["forsorjningsstod", "", ""],
    ]
    ingest_bytes(csv_bytes([HIRES_HEADER, "2026-09;MF;lonestod;0;;;"]), "mf_sep.csv")
    after = run(quality.missing_deliveries, date(2026, 9, 1))
    assert "MF" not in after["forvaltning"].tolist() and len(after) == 5
    assert quality_tables.missing_table(after).values.tolist()[-1] == [
        "Försörjningsstöd",
        "Hela kommunen",
    ]


def test_revision_history_after_a_correction(fixture_db):
    started = datetime.now()
    result = ingest_bytes(
        csv_bytes([HIRES_HEADER, "2026-03;KK;lonestod;5;kvinna;utrikesfodd_vuxen;ja"]),
        "rattelse_kk_mars.csv",
        source="app",
    )
    versions = run(quality_revisions.revision_history, "anstallningar", date(2026, 3, 1), "KK")
    assert versions[
        ["version", "ingest_id", "file_name", "figure", "counting"]
    ].values.tolist() == [
        [1, 2, "anstallningar_2026.csv", 2, 2],
        [2, result.ingest_id, "rattelse_kk_mars.csv", 5, 5],
    ]
    old, new = versions.iloc[0], versions.iloc[1]
    assert (bool(old["current"]), bool(new["current"])) == (False, True)
    assert old["replaced_by"] == result.ingest_id
    assert old["replaced_by_file"] == "rattelse_kk_mars.csv"
    assert old["replaced_at"] == new["stored_at"] >= started
    assert old["stored_at"] < new["stored_at"]
    assert new["change"] == 3 and versions["change"].isna().tolist() == [True, False]

    table = quality_tables.revision_table(versions, "anstallningar")
    assert table[["Version", "Gäller", "Anställningar", "Ändring", "Fil"]].values.tolist() == [
        ["1", "ersatt", "2", "–", "anstallningar_2026.csv"],
        ["2", "✓ gällande", "5", "+3", "rattelse_kk_mars.csv"],
    ]
    assert table["Ersatt"].tolist()[0] == table["Lagrad"].tolist()[1] != ""

    # The whole month: one row per förvaltning, and two for the corrected KK.
    month = run(quality_revisions.revision_history, "anstallningar", date(2026, 3, 1))
    assert month.groupby("forvaltning").size().to_dict() == {
        "ASF": 1,
        "BSF": 1,
        "KK": 2,
        "MF": 1,
        "VOF": 1,
    }

    fixes = run(quality_revisions.corrections, 2026)
    assert fixes[
        ["kind", "manad", "forvaltning", "old_figure", "new_figure", "change"]
    ].values.tolist() == [["anstallningar", date(2026, 3, 1), "KK", 2, 5, 3]]
    assert (fixes["old_file"][0], fixes["new_file"][0]) == (
        "anstallningar_2026.csv",
        "rattelse_kk_mars.csv",
    )
    assert run(quality_revisions.corrections, 2025).empty


def test_revision_history_of_forsorjningsstod(fixture_db):
    ingest_bytes(csv_bytes([FS_HEADER, "2026-08;2000;;;;;;20 500 000;;;;;"]), "fs_aug_rattad.csv")
    versions = run(quality_revisions.revision_history, "forsorjningsstod", AUGUST)
    assert versions[["version", "file_name", "figure", "utbetalt"]].values.tolist() == [
        [1, "forsorjningsstod.csv", 1980, 19_800_000.0],
        [2, "fs_aug_rattad.csv", 2000, 20_500_000.0],
    ]
    table = quality_tables.revision_table(versions, "forsorjningsstod")
    assert table[["Hushåll", "Utbetalt", "Ändring"]].values.tolist() == [
        [f"1{NBSP}980", f"19{NBSP}800{NBSP}000{NBSP}kr", "–"],
        [f"2{NBSP}000", f"20{NBSP}500{NBSP}000{NBSP}kr", "+20"],
    ]
    assert run(quality_revisions.revision_months, "forsorjningsstod", 2026) == [
        date(2026, m, 1) for m in range(1, 9)
    ]


def test_ingest_history_counts_messages(fixture_db):
    ingest_bytes(csv_bytes([HIRES_HEADER, "2026-03;XX;lonestod;-1;;;"]), "trasig.csv")
    history = run(quality.ingest_history)
    columns = ["ingest_id", "file_name", "outcome", "rows_stored", "errors"]
    assert history[columns].values.tolist()[:2] == [
        [5, "trasig.csv", "avvisad", 0, 2],
        [4, "mal_2026.csv", "lagrad", 1, 0],
    ]
    assert run(quality.ingest_counts) == {"lagrad": 4, "redan_lagrad": 0, "avvisad": 1}
    messages = run(quality.ingest_messages, 5)
    assert messages[["severity", "row", "column", "value"]].values.tolist() == [
        ["fel", 2, "Antal", "-1"],
        ["fel", 2, "Förvaltning", "XX"],
    ]
    table = quality_tables.ingest_history_table(history)
    assert table.iloc[0][["Nr", "Fil", "Typ", "Utfall", "Rader", "Fel", "Källa"]].tolist() == [
        "5",
        "trasig.csv",
        "anställningar",
        "Avvisad",
        "0",
        "2",
        "kommandorad",
    ]
    assert table.iloc[2]["Månader"] == "januari 2025 – augusti 2026"
    assert quality_tables.message_choices(history) == {5: "Nr 5: trasig.csv (Avvisad, 2 fel)"}


def test_checks_on_the_fixture_flag_only_the_months_without_hires(fixture_db):
    for year in (2025, 2026):
        checks = run(quality_checks.quality_checks, year)
        assert checks[["check", "manad", "forvaltning", "value", "count"]].values.tolist() == [
            ["inga_anstallningar", date(year, 7, 1), "", 0, 5]
        ]
        [row] = checks.itertuples(index=False)
        assert check_words.message(row) == (
            f"Ingen anställning alls i juli {year}: alla 5 förvaltningar som har levererat har "
            "antal 0. Stämmer det, eller saknas rader?"
        )


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (  # KK: 0 in July, 20 in August: a jump of 20 > 10
            [HIRES_HEADER, "2026-08;KK;lonestod;20;;;"],
            [("Stort hopp i anställningar", "KK", "20", "0")],
        ),
        (  # 11 more than July is above the limit, 10 is not
            [HIRES_HEADER, "2026-08;KK;lonestod;11;;;", "2026-08;BSF;nystartsjobb;10;;;"],
            [("Stort hopp i anställningar", "KK", "11", "0")],
        ),
        (  # 2 500 households against 1 970 in July: +26,9 % > 10 %; 10 000 kr each, as usual
            [FS_HEADER, "2026-08;2500;;;;;;25 000 000;;;;;"],
            [("Stort hopp i antal hushåll", "", f"2{NBSP}500", f"1{NBSP}970")],
        ),
        (  # 30 000 000 kr for 1 980 households: 15 152 kr against the median 10 000 kr
            [FS_HEADER, "2026-08;1980;;;;;;30 000 000;;;;;"],
            [("Ovanligt belopp per hushåll", "", f"15{NBSP}152{NBSP}kr", f"10{NBSP}000{NBSP}kr")],
        ),
    ],
)
def test_checks_across_sources(fixture_db, lines, expected):
    assert ingest_bytes(csv_bytes(lines), "augusti.csv").outcome == "lagrad"
    checks = run(quality_checks.quality_checks, 2026)
    table = quality_tables.checks_table(checks[checks["manad"] == AUGUST])
    assert list(
        table[["Kontroll", "Förvaltning", "Värde", "Jämfört med"]].itertuples(index=False)
    ) == [
        (f"! {check}", kod or "Hela kommunen", value, compared)
        for check, kod, value, compared in expected
    ]


def test_completeness_table_words_and_symbols(fixture_db):
    hires = run(quality.completeness, 2026, AUGUST)
    table = quality_tables.completeness_table(
        hires, run(quality.forsorjningsstod_months, 2026, AUGUST)
    )
    assert list(table.columns) == ["ASF", "BSF", "KK", "MF", "VOF", "Försörjningsstöd (hushåll)"]
    assert table.index.tolist()[:3] == ["Januari", "Februari", "Mars"]
    assert table["KK"].tolist() == ["✓ 2"] * 6 + ["✓ 0", "✓ 2"] + ["…"] * 4
    assert table["MF"].tolist()[:8] == ["✓ 0"] * 8
    assert table.loc["Augusti", "Försörjningsstöd (hushåll)"] == f"✓ 1{NBSP}980"
    assert quality_tables.forvaltning_legend(hires).startswith(
        "ASF = Arbetsmarknads- och socialförvaltningen · BSF = Barn- och skolförvaltningen"
    )
    old = quality_tables.completeness_table(
        run(quality.completeness, 2023, AUGUST), run(quality.forsorjningsstod_months, 2023, AUGUST)
    )
    assert old["SOF"].tolist()[:3] == ["✗ Saknas", "✗ Saknas", "–"]
    assert old.loc["Mars", "ASF"] == "✗ Saknas"
