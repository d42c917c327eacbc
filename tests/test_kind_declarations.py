"""One declaration per input kind (issue 23): what the store writes and what the generated views
join on come from one definition, every kind is complete, and the one upload path checks a file
against the warehouse once, again at storing only when the warehouse changed in between."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from pipelines.warehouse.views import current_view_sql
from schemas.kinds import CONTRACTS, KIND_LABELS

#: A row of each kind's slice-key columns, as the store sees it.
KEY_ROWS = {
    "anstallningar": {"manad": date(2025, 3, 1), "forvaltning": "VOF"},
    "forsorjningsstod": {"manad": date(2025, 3, 1)},
    "mal": {"ar": 2026, "forvaltning": ""},
    "sos_manad": {
        "matt": "Antal hushåll", "region": "Lund", "kategori": "", "manad": date(2023, 1, 1)
    },
    "avtal": {"avtal": "2026-017"},
    "sysselsattning": {"manad": date(2026, 3, 1), "avtal": "2026-017"},
    "uppfoljning": {"anstallningsmanad": date(2025, 1, 1), "forvaltning": "KK", "uppfoljning": 6},
}  # fmt: skip

EXPECTED_TEXT = {
    "anstallningar": "manad=2025-03;forvaltning=VOF",
    "forsorjningsstod": "manad=2025-03",
    "mal": "ar=2026;forvaltning=",
    "sos_manad": "matt=Antal hushåll;region=Lund;kategori=;manad=2023-01",
    "avtal": "avtal=2026-017",
    "sysselsattning": "manad=2026-03;avtal=2026-017",
    "uppfoljning": "anstallningsmanad=2025-01;forvaltning=KK;uppfoljning=6",
}


def test_every_registered_kind_has_a_key_row_here():
    assert set(KEY_ROWS) == set(CONTRACTS)


@pytest.mark.parametrize("kind", sorted(KEY_ROWS))
def test_the_slice_key_in_python_and_in_sql_is_one_text(kind):
    contract = CONTRACTS[kind]
    row = KEY_ROWS[kind]
    assert contract.slice_key_text(row) == EXPECTED_TEXT[kind]
    con = duckdb.connect()
    columns = ", ".join(f"? as {c}" for c in contract.slice_key)
    values = [row[c] for c in contract.slice_key]
    sql_text = con.execute(
        f"select {contract.slice_key_sql('v')} from (select {columns}) v", values
    ).fetchone()[0]
    assert sql_text == EXPECTED_TEXT[kind]


@pytest.mark.parametrize("kind", sorted(CONTRACTS))
def test_every_kind_is_declared_whole(kind):
    contract = CONTRACTS[kind]
    assert contract.label and KIND_LABELS[kind] == contract.label
    assert contract.measure and contract.measure_explanation.startswith("Siffran är")
    assert contract.examples, "the template needs example rows"
    assert all(len(row) == len(contract.fields) for row in contract.examples)
    assert contract.version_table == f"{kind}_version"
    assert contract.current_view == f"{kind}_current"
    assert f"VIEW {kind}_current AS" in current_view_sql(contract)
    assert contract.change_headings, "the preview shows which slices a file replaces"


def test_a_current_view_keeps_only_the_slices_nothing_replaced(empty_db):
    """The generated view of a kind whose key is not a column of slice_version (uppfoljning)."""
    from pipelines import warehouse

    with warehouse.write() as con:
        con.execute(
            "insert into uppfoljning_version values "
            "(1, '2025-01-01', 'KK', 6, 3, 2, null, null, null), "
            "(2, '2025-01-01', 'KK', 6, 3, 1, null, null, null), "
            "(2, '2025-01-01', 'KK', 12, 3, 1, null, null, null)"
        )
        key6 = "anstallningsmanad=2025-01;forvaltning=KK;uppfoljning=6"
        key12 = "anstallningsmanad=2025-01;forvaltning=KK;uppfoljning=12"
        con.execute(
            "insert into slice_version values "
            f"('uppfoljning', '{key6}', '2025-01-01', 2025, 'KK', 1, now(), 2, now()), "
            f"('uppfoljning', '{key6}', '2025-01-01', 2025, 'KK', 2, now(), null, null), "
            f"('uppfoljning', '{key12}', '2025-01-01', 2025, 'KK', 2, now(), null, null)"
        )
    with warehouse.read() as con:
        rows = con.execute(
            "select ingest_id, uppfoljning, kvar_i_anstallning from uppfoljning_current "
            "order by uppfoljning"
        ).fetchall()
    assert rows == [(2, 6, 1), (2, 12, 1)]


REGISTER = (
    "Avtal;Benämning;Leverantör;Förvaltning;Villkor;Startmånad;Slutmånad;Krav heltidsmånader\n"
    "2026-017;Städtjänster;Lunds Städservice AB;VOF;sysselsattningskrav;2026-01;2027-12;24\n"
)
FOLLOWUP = (
    "Månad;Avtal;Platstyp;Påbörjade;Pågående;Heltidsmånader\n2026-03;2026-017;anstallning;1;1;1\n"
)


def test_the_store_checks_again_only_when_the_warehouse_changed_and_says_so(empty_db):
    from pipelines.ingest.preview import preview_upload, store_upload
    from pipelines.ingest.store import ingest_bytes
    from pipelines.ingest.upload import CHECKED_AGAIN

    # Previewed before its register is stored: refused at the preview.
    early = preview_upload(FOLLOWUP.encode(), "sysselsattning.csv")
    assert not early.ok
    assert [f.message for f in early.validated.errors] == ["Avtalet finns inte i avtalsregistret."]
    assert ingest_bytes(REGISTER.encode(), "avtal.csv").outcome == "lagrad"
    # The same preview stored after the register arrived: checked again, said, and stored.
    assert store_upload(early).outcome == "avvisad"  # a preview with errors is never stored
    fresh = preview_upload(FOLLOWUP.encode(), "sysselsattning.csv")
    assert fresh.ok and CHECKED_AGAIN not in [f.message for f in fresh.validated.findings]
    result = store_upload(fresh)
    assert result.outcome == "lagrad"
    assert CHECKED_AGAIN not in [f.message for f in result.findings]  # nothing changed between


def test_a_file_previewed_before_another_was_stored_is_checked_again(empty_db):
    from pipelines.ingest.preview import preview_upload, store_upload
    from pipelines.ingest.store import ingest_bytes
    from pipelines.ingest.upload import CHECKED_AGAIN

    assert ingest_bytes(REGISTER.encode(), "avtal.csv").outcome == "lagrad"
    preview = preview_upload(FOLLOWUP.encode(), "sysselsattning.csv")
    assert preview.ok
    shorter = REGISTER.replace("2026-01;2027-12", "2026-05;2027-12")  # March now outside
    assert ingest_bytes(shorter.encode(), "avtal_rattad.csv").outcome == "lagrad"
    result = store_upload(preview)
    assert result.outcome == "avvisad"
    messages = [f.message for f in result.findings]
    assert CHECKED_AGAIN in messages
    assert any(
        m.startswith("Månaden ligger utanför avtalets tid (2026-05–2027-12)") for m in messages
    )
