"""The data-quality marts as the tables the page shows: Swedish headers, every figure and date
formatted as Swedish text, status told by a word and a symbol (never by colour alone).

Plain functions from a mart's DataFrame to a display DataFrame of strings; text that came from
a delivered file (file names, messages, values) stays plain text for `st.dataframe`.
"""

from __future__ import annotations

import pandas as pd

from pipelines.formatting import MISSING, MONTHS, fmt_int, fmt_kr, fmt_month, fmt_number
from pipelines.present import quality_checks_text as check_words
from schemas.kinds import CONTRACTS, KIND_LABELS
from schemas.vocabulary import COMPLETENESS_LABELS, LEVERERAD, SAKNAS

COMPLETENESS_LEGEND = (
    "✓ levererad, med antalet anställningar (alla anställningsformer; ✓ 0 är en levererad "
    "nolla, inte en saknad leverans) eller antalet hushåll · ✗ Saknas: månaden är slut men "
    "ingen leverans finns · … väntas: månaden är inte slut än · – förvaltningen fanns inte "
    "den månaden. Saknade leveranser har också färgad bakgrund."
)
FORSORJNINGSSTOD_COLUMN = "Försörjningsstöd (hushåll)"

KIND_TITLES = {k: label.capitalize() for k, label in KIND_LABELS.items()}
OUTCOME_LABELS = {"lagrad": "Lagrad", "redan_lagrad": "Redan inläst", "avvisad": "Avvisad"}
SOURCE_LABELS = {"app": "appen", "cli": "kommandorad", "demo": "demodata", "test": "test"}
SEVERITY_LABELS = {"fel": "✗ Fel", "varning": "! Varning"}


def when(value) -> str:
    """A time as `2026-09-15 10:12` (empty when missing)."""
    if value is None or pd.isna(value):
        return ""
    return pd.Timestamp(value).to_pydatetime().strftime("%Y-%m-%d %H:%M")


def _cell(status: str, figure) -> str:
    symbol, word = COMPLETENESS_LABELS[status]
    if status == LEVERERAD:
        return f"{symbol} {fmt_int(figure)}"
    if status == SAKNAS:  # the one state that asks for action is spelled out in the cell
        return f"{symbol} {word}"
    return symbol  # … and – are explained by the legend, which keeps the columns narrow


def completeness_table(hires: pd.DataFrame, forsorjningsstod: pd.DataFrame) -> pd.DataFrame:
    """The completeness matrix: one row per month (Januari … December), one column per
    förvaltning (its code) and a last column for försörjningsstöd (households)."""
    columns: dict[str, list[str]] = {}
    for kod, group in hires.groupby("forvaltning", sort=True):
        cells = dict(
            zip(group["month"], zip(group["status"], group["antal"], strict=True), strict=True)
        )
        columns[kod] = [_cell(*cells[m]) for m in range(1, 13)]
    fs = dict(
        zip(
            forsorjningsstod["month"],
            zip(forsorjningsstod["status"], forsorjningsstod["hushall"], strict=True),
            strict=True,
        )
    )
    columns[FORSORJNINGSSTOD_COLUMN] = [_cell(*fs[m]) for m in range(1, 13)]
    frame = pd.DataFrame(columns, index=[m.capitalize() for m in MONTHS], dtype="str")
    frame.index.name = "Månad"
    return frame


def forvaltning_legend(hires: pd.DataFrame) -> str:
    """`ASF = Arbetsmarknads- och socialförvaltningen · BSF = …` for the matrix's columns."""
    pairs = hires[["forvaltning", "forvaltning_namn"]].drop_duplicates().sort_values("forvaltning")
    return " · ".join(
        f"{kod} = {namn}"
        for kod, namn in zip(pairs["forvaltning"], pairs["forvaltning_namn"], strict=True)
    )


def missing_table(missing: pd.DataFrame) -> pd.DataFrame:
    """The missing deliveries of a month: Leverans, Förvaltning."""
    return pd.DataFrame(
        {
            "Leverans": [KIND_LABELS[k].capitalize() for k in missing["kind"]],
            "Förvaltning": [
                f"{kod} – {namn}" if kod else "Hela kommunen"
                for kod, namn in zip(
                    missing["forvaltning"], missing["forvaltning_namn"], strict=True
                )
            ],
        },
        dtype="str",
    )


#: Kinds delivered per year (the log keeps January of each year): their period is the year.
YEARLY_KINDS = {kind for kind, contract in CONTRACTS.items() if contract.yearly}


def period_text(first, last, kind: str | None = None) -> str:
    """The period a stored file covers: `mars 2026`, `januari 2026 – mars 2026`; a yearly file
    (a target) is its year, `2026` or `2026–2027`, never `januari 2026`."""
    if first is None or pd.isna(first):
        return ""
    single = first == last or last is None or pd.isna(last)
    if kind in YEARLY_KINDS:
        if single or first.year == last.year:
            return str(first.year)
        return f"{first.year}–{last.year}"
    if single:
        return fmt_month(first)
    return f"{fmt_month(first)} – {fmt_month(last)}"


def _months_text(first, last, kind: str | None = None) -> str:
    return period_text(first, last, kind)


def ingest_history_table(history: pd.DataFrame) -> pd.DataFrame:
    """The ingest log as the page shows it, newest first."""
    return pd.DataFrame(
        {
            "Nr": [str(i) for i in history["ingest_id"]],
            "Tid": [when(t) for t in history["finished_at"]],
            "Fil": history["file_name"].astype("str"),
            "Typ": [
                KIND_LABELS.get(k, MISSING) if isinstance(k, str) else MISSING
                for k in history["kind"]
            ],
            "Utfall": [OUTCOME_LABELS.get(o, o) for o in history["outcome"]],
            "Rader": [fmt_int(n) for n in history["rows_stored"]],
            "Månader": [
                _months_text(a, b, k if isinstance(k, str) else None)
                for a, b, k in zip(
                    history["first_month"], history["last_month"], history["kind"], strict=True
                )
            ],
            "Nya delar": [fmt_int(n) for n in history["slices_new"]],
            "Ersatta delar": [fmt_int(n) for n in history["slices_replaced"]],
            "Fel": [fmt_int(n) for n in history["errors"]],
            "Varningar": [fmt_int(n) for n in history["warnings"]],
            "Källa": [SOURCE_LABELS.get(s, s) for s in history["source"]],
        },
        dtype="str",
    )


def messages_table(messages: pd.DataFrame) -> pd.DataFrame:
    """One ingest's findings: Typ, Rad, Kolumn, Värde, Meddelande, Så rättar du."""

    def text(value) -> str:
        return "" if value is None or pd.isna(value) else str(value)

    return pd.DataFrame(
        {
            "Typ": [SEVERITY_LABELS.get(s, s) for s in messages["severity"]],
            "Rad": [text(r if r is None or pd.isna(r) else int(r)) for r in messages["row"]],
            "Kolumn": [text(c) for c in messages["column"]],
            "Värde": [text(v) for v in messages["value"]],
            "Meddelande": [text(m) for m in messages["message"]],
            "Så rättar du": [text(h) for h in messages["hint"]],
        },
        dtype="str",
    )


def revision_table(versions: pd.DataFrame, kind: str) -> pd.DataFrame:
    """Every version of the chosen figures: which one is current, its figure, the change from
    the version before, when and from which file it came, and what replaced it."""

    def change(value) -> str:
        return MISSING if value is None or pd.isna(value) else fmt_int_signed(value)

    columns = {
        "Förvaltning": [
            f"{k} – {n}" if k else "Hela kommunen"
            for k, n in zip(versions["forvaltning"], versions["forvaltning_namn"], strict=True)
        ],
        "Version": [str(v) for v in versions["version"]],
        "Gäller": ["✓ gällande" if c else "ersatt" for c in versions["current"]],
    }
    if kind == "anstallningar":
        columns["Anställningar"] = [fmt_int(v) for v in versions["figure"]]
        columns["Räknas mot målet"] = [fmt_int(v) for v in versions["counting"]]
    else:
        del columns["Förvaltning"]
        columns["Hushåll"] = [fmt_int(v) for v in versions["figure"]]
        columns["Utbetalt"] = [fmt_kr(v) for v in versions["utbetalt"]]
    columns["Ändring"] = [change(v) for v in versions["change"]]
    columns["Fil"] = versions["file_name"].astype("str").tolist()
    columns["Lagrad"] = [when(t) for t in versions["stored_at"]]
    columns["Ersatt"] = [when(t) for t in versions["replaced_at"]]
    columns["Ersatt av fil"] = [
        "" if f is None or pd.isna(f) else str(f) for f in versions["replaced_by_file"]
    ]
    return pd.DataFrame(columns, dtype="str")


def fmt_int_signed(value) -> str:
    """`+3`, `−2`, `0`."""
    return fmt_number(value, 0, signed=True)


def corrections_table(corrections: pd.DataFrame) -> pd.DataFrame:
    """Every replaced figure: what it was, what it became, when and from which files."""
    return pd.DataFrame(
        {
            "Ersatt": [when(t) for t in corrections["replaced_at"]],
            "Leverans": [KIND_LABELS[k].capitalize() for k in corrections["kind"]],
            "Månad": [
                f"{a} (helår)" if m is None or pd.isna(m) else fmt_month(m)  # a target: a year
                for m, a in zip(
                    corrections["manad"],
                    corrections.get("ar", [None] * len(corrections)),
                    strict=True,
                )
            ],
            "Förvaltning": [
                f"{k} – {n}" if k else "Hela kommunen"
                for k, n in zip(
                    corrections["forvaltning"], corrections["forvaltning_namn"], strict=True
                )
            ],
            "Före": [fmt_int(v) for v in corrections["old_figure"]],
            "Efter": [fmt_int(v) for v in corrections["new_figure"]],
            "Ändring": [
                ("0 (andra rader)" if not pd.isna(v) and v == 0 else fmt_int_signed(v))
                if c
                else "oförändrad"
                for v, c in zip(corrections["change"], corrections["changed"], strict=True)
            ],
            "Fil före": corrections["old_file"].astype("str").tolist(),
            "Fil efter": [
                "" if f is None or pd.isna(f) else str(f) for f in corrections["new_file"]
            ],
        },
        dtype="str",
    )


def checks_table(checks: pd.DataFrame) -> pd.DataFrame:
    """The cross-source warnings: Kontroll, Månad, Förvaltning, Värde, Jämfört med, Vad som är
    ovanligt."""
    rows = list(checks.itertuples(index=False))
    return pd.DataFrame(
        {
            "Kontroll": [f"! {check_words.CHECK_NAMES[r.check]}" for r in rows],
            "Månad": [fmt_month(r.manad) for r in rows],
            "Förvaltning": [r.forvaltning or "Hela kommunen" for r in rows],
            "Värde": [check_words.figure_text(r) for r in rows],
            "Jämfört med": [check_words.compared_text(r) for r in rows],
            "Vad som är ovanligt": [check_words.message(r) for r in rows],
        },
        dtype="str",
    )


def is_missing(cell: str) -> bool:
    """Whether a completeness cell is a missing delivery (the page tints it; the word says it)."""
    return COMPLETENESS_LABELS[SAKNAS][1] in cell


def forvaltning_choices(completeness: pd.DataFrame) -> dict[str, str]:
    """Code → `KK – Kommunkontoret` for the förvaltningar of the completeness frame."""
    pairs = completeness[["forvaltning", "forvaltning_namn"]].drop_duplicates()
    return {
        kod: (f"{kod} – {namn}" if namn and namn != kod else kod)
        for kod, namn in zip(pairs["forvaltning"], pairs["forvaltning_namn"], strict=True)
    }


def message_choices(history: pd.DataFrame) -> dict[int, str]:
    """Ingest id → `Nr 5: fil.csv (Avvisad, 2 fel)` for the ingests that have messages."""
    choices = {}
    for row in history.itertuples():
        if row.errors or row.warnings:
            counts = []
            if row.errors:
                counts.append(f"{fmt_int(row.errors)} fel")
            if row.warnings:
                counts.append(f"{fmt_int(row.warnings)} varn.")
            outcome = OUTCOME_LABELS.get(row.outcome, row.outcome)
            choices[int(row.ingest_id)] = (
                f"Nr {row.ingest_id}: {row.file_name} ({outcome}, {', '.join(counts)})"
            )
    return choices
