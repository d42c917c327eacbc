"""Property: any valid aggregate table, written in any accepted format, reads back to the same
figures (encodings, delimiters, month spellings, codes or names, thousands separators, Excel)."""

from __future__ import annotations

import csv
import dataclasses
import io
from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import xlsx_bytes
from pipelines.formatting import MONTHS, MONTHS_SHORT
from pipelines.ingest.validate import validate_bytes
from schemas.reference_lists import load_reference

FORVALTNINGAR = {
    "KK": "Kommunkontoret",
    "BSF": "Barn- och skolförvaltningen",
    "VOF": "Vård- och omsorgsförvaltningen",
    "ASF": "Arbetsmarknads- och socialförvaltningen",
}
FORMS = {
    "lonestod": "Lönebidrag/lönestöd",
    "nystartsjobb": "Nystartsjobb",
    "osa": "Offentligt skyddat arbete",
}
KON = {"kvinna": ["kvinna", "K", "Kvinna"], "man": ["man", "M"], "uppgift saknas": [""]}
JA_NEJ = {"ja": ["ja", "Ja"], "nej": ["nej", "NEJ"], "uppgift saknas": [""]}


def month_text(month: date, style: int) -> str:
    return [
        f"{month:%Y-%m}",
        f"{month:%Y-%m-%d}",
        f"{month:%Y%m}",
        f"{MONTHS[month.month - 1]} {month.year}",
        f"{MONTHS_SHORT[month.month - 1]} {month.year}",
        f"{month.year} {MONTHS[month.month - 1]}",
    ][style]


def number_text(value: int, nbsp: bool) -> str:
    text = f"{value:,}".replace(",", "\u00a0" if nbsp else " ")
    return text


row_key = st.tuples(
    st.dates(date(2024, 1, 1), date(2026, 8, 31)).map(lambda d: date(d.year, d.month, 1)),
    st.sampled_from(sorted(FORVALTNINGAR)),
    st.sampled_from(sorted(FORMS)),
    st.sampled_from(sorted(KON)),
    st.sampled_from(sorted(JA_NEJ)),
)
tables = st.dictionaries(row_key, st.integers(0, 25_000), min_size=1, max_size=25)


@st.composite
def written(draw):
    table = draw(tables)
    fmt = draw(st.sampled_from(["csv", "xlsx"]))
    by_name = draw(st.booleans())
    style = draw(st.integers(0, 5))
    nbsp = draw(st.booleans())
    header = ["Månad", "Förvaltning", "Anställningsform", "Antal", "Kön", "Från försörjningsstöd"]
    rows = []
    for (month, kod, form, kon, fran), antal in table.items():
        rows.append(
            [
                month_text(month, style)
                if fmt == "csv" or style
                else datetime(month.year, month.month, 1),
                FORVALTNINGAR[kod] if by_name else kod,
                FORMS[form] if by_name else form,
                number_text(antal, nbsp) if fmt == "csv" else antal,
                draw(st.sampled_from(KON[kon])),
                draw(st.sampled_from(JA_NEJ[fran])),
            ]
        )
    title = draw(st.booleans())
    if fmt == "xlsx":
        content = xlsx_bytes(([["Anställningar"]] if title else []) + [header] + rows)
        return table, content, "tabell.xlsx"
    delimiter = draw(st.sampled_from([";", ",", "\t"]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    if title:
        writer.writerow(["Anställningar per månad"])
        writer.writerow([])
    writer.writerow(header)
    writer.writerows([[str(c) for c in r] for r in rows])
    return table, buffer.getvalue().encode(encoding), "tabell.csv"


@pytest.fixture(scope="module")
def reference(reference_dir):
    # Room for any count: the plausibility rule (hires ≤ employees) is tested elsewhere
    # (tests/test_gate_files.py); here every written number must read back.
    loaded = load_reference(reference_dir)
    return dataclasses.replace(
        loaded, forvaltningar=loaded.forvaltningar.assign(anstallda=1_000_000)
    )


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(case=written())
def test_any_valid_hires_table_reads_back_to_the_same_figures(case, reference):
    table, content, name = case
    validated = validate_bytes(content, name, reference=reference, current_month=date(2026, 9, 1))
    assert validated.ok, [f.format() for f in validated.findings]
    frame = validated.frame
    got = {
        (r.manad, r.forvaltning, r.anstallningsform, r.kon, r.fran_forsorjningsstod): int(r.antal)
        for r in frame.itertuples()
    }
    assert got == table
    assert set(frame["malgrupp"]) == {"uppgift saknas"}


amounts = st.decimals(min_value=0, max_value=99_999_999, places=2, allow_nan=False)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    values=st.dictionaries(
        st.dates(date(2021, 1, 1), date(2026, 8, 31)).map(lambda d: date(d.year, d.month, 1)),
        st.tuples(st.integers(0, 99_999), amounts),
        min_size=1,
        max_size=12,
    ),
    decimal_comma=st.booleans(),
    delimiter=st.sampled_from([";", ",", "\t"]),
)
def test_forsorjningsstod_amounts_read_back(values, decimal_comma, delimiter, reference):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(["Månad", "Hushåll", "Utbetalt"])
    for month, (hushall, utbetalt) in values.items():
        amount = f"{utbetalt:,.2f}".replace(",", "\u00a0")
        writer.writerow(
            [
                f"{month:%Y-%m}",
                number_text(hushall, True),
                amount.replace(".", ",") if decimal_comma else amount,
            ]
        )
    validated = validate_bytes(
        buffer.getvalue().encode(), "fs.csv", reference=reference, current_month=date(2026, 9, 1)
    )
    assert validated.ok, [f.format() for f in validated.findings]
    got = {
        r.manad: (int(r.hushall), round(float(r.utbetalt), 2)) for r in validated.frame.itertuples()
    }
    assert got == {m: (h, float(u)) for m, (h, u) in values.items()}
