"""The goal marts as Swedish display tables: headings in Swedish, every number formatted as text
by `pipelines.formatting` (so the table reads the same in every browser and in exports).

Also the sort orders of the förvaltning table, which the page offers as a choice: sorting text
columns in the browser would order `9` after `10`.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from pipelines.domain.delivery import MISSING_MARK
from pipelines.formatting import (
    MONTHS,
    MONTHS_SHORT,
    fmt_int,
    fmt_mkr,
    fmt_month,
    fmt_month_short,
    fmt_number,
    fmt_percent,
    fmt_share_of_target,
)
from schemas.vocabulary import STATUS_ORDER as _STATUS_ORDER
from schemas.vocabulary import status_text, target_kind_label

#: Sort choices of the förvaltning table: key → (Swedish label, column, ascending).
SORT_OPTIONS: dict[str, tuple[str, str, bool]] = {
    "namn": ("Förvaltning (A–Ö)", "namn", True),
    "anstallningar": ("Anställningar, flest först", "hires", False),
    "andel": ("Andel av mål, högst först", "share", False),
    "status": ("Status, efter först", "status", True),
    "per1000": ("Per 1 000 anställda, flest först", "per_1000", False),
    "forandring": ("Förändring mot i fjol, störst först", "change", False),
}


def progress_fraction(hires: int, target: int) -> float:
    """How full a progress bar is: the share of the target, but never full before the target is
    reached (199 of 200 fills 99 %, not 100 %)."""
    if not target or target <= 0:
        return 0.0
    share = max(hires / target, 0.0)
    return 1.0 if hires >= target else min(share, 0.99)


def _values(series: pd.Series) -> list:
    """The values as Python objects, missing ones (None, NaN, pd.NA) as None."""
    return [None if pd.isna(v) else v for v in series.astype(object)]


def sort_forvaltning_table(table: pd.DataFrame, key: str) -> pd.DataFrame:
    """The table in the order `key` of SORT_OPTIONS (missing values last, then by name)."""
    _, column, ascending = SORT_OPTIONS.get(key, SORT_OPTIONS["namn"])
    if column == "status":
        order = table["status"].map(_STATUS_ORDER)
        return (
            table.assign(_order=order)
            .sort_values(["_order", "namn"], kind="stable")
            .drop(columns="_order")
            .reset_index(drop=True)
        )
    values = pd.to_numeric(table[column], errors="coerce") if column != "namn" else table[column]
    return (
        table.assign(_value=values)
        .sort_values(
            ["_value", "namn"], ascending=[ascending, True], na_position="last", kind="stable"
        )
        .drop(columns="_value")
        .reset_index(drop=True)
    )


def validity_note(starts: date | None, ends: date | None) -> str:
    """`fr.o.m. mar 2023` / `t.o.m. feb 2023` for a förvaltning that starts or ends within the
    year shown (the query's `starts_in_year`, `ends_in_year`); empty otherwise."""
    parts = []
    if _given(starts):
        parts.append(f"fr.o.m. {fmt_month_short(starts)}")
    if _given(ends):
        parts.append(f"t.o.m. {fmt_month_short(ends)}")
    return ", ".join(parts)


def validity_text(validity: tuple[date, date | None] | None) -> str | None:
    """`Giltig 2000-01-01 – 2023-02-28` for a förvaltning that has ended or started after 2000
    (`queries.goal_forvaltning.forvaltning_validity`); None when it is simply open-ended."""
    if validity is None:
        return None
    start, end = validity
    if end is None and start <= date(2000, 1, 1):
        return None
    return f"Giltig {start.isoformat()} – {end.isoformat() if end else 'tills vidare'}"


def _given(value) -> bool:
    return value is not None and not pd.isna(value)


def forvaltning_display(table: pd.DataFrame, *, filtered: bool = False) -> pd.DataFrame:
    """`marts.goal_forvaltning.forvaltning_table` for the page. With a filter, the hires are the
    filtered ones while status and forecast still concern all hires (the heading says so).
    `Prognos` is the forecast of the whole year, `I fjol` the same months a year earlier; a
    förvaltning that started or ended within the year says so after its name."""
    status_heading = "Status (alla anställningar)" if filtered else "Status"
    notes = [
        validity_note(start, end)
        for start, end in zip(table["starts_in_year"], table["ends_in_year"], strict=True)
    ]
    display = pd.DataFrame(
        {
            "Förvaltning": [
                f"{n} ({k})" + (f" · {note}" if note else "")
                for n, k, note in zip(table["namn"], table["kod"], notes, strict=True)
            ],
            # The most important first (on a phone the rest scrolls sideways): status, share,
            # hires against the target, forecast; then the target's kind and the comparisons.
            status_heading: [status_text(s) for s in table["status"]],
            "Andel": [fmt_share_of_target(v) for v in _values(table["share"])],
            "Anställda": [fmt_int(v) for v in _values(table["hires"])],
            "Mål": [fmt_int(v) if v else "–" for v in _values(table["target"])],
            "Prognos": [fmt_int(v) for v in _values(table["expected"])],
            "Måltyp": [
                target_kind_label(k) if t else "–"
                for k, t in zip(table["target_kind"], table["target"], strict=True)
            ],
            "Per 1\u00a0000": [fmt_number(v, 1) for v in _values(table["per_1000"])],
            "I fjol": [fmt_int(v) for v in _values(table["hires_last_year"])],
            "Ändring": [fmt_number(v, signed=True) for v in _values(table["change"])],
            "Anmärkning": notes,
        }
    )
    if not any(notes):
        display = display.drop(columns="Anmärkning")
    return display


def progress_display(progress: pd.DataFrame) -> pd.DataFrame:
    """`marts.goal.monthly_progress` month by month."""
    return pd.DataFrame(
        {
            "Månad": [MONTHS_SHORT[m - 1] for m in progress["month"]],
            "Anställda": [fmt_int(v) for v in _values(progress["hires"])],
            "Ackumulerat": [fmt_int(v) for v in _values(progress["cumulative"])],
            "Mål, rak linje": [fmt_number(v, 1) for v in _values(progress["target_linear"])],
            "Mål, säsongsmönster": [fmt_number(v, 1) for v in _values(progress["target_seasonal"])],
            "Prognos, ackumulerat": [fmt_number(v, 1) for v in _values(progress["forecast"])],
        }
    )


def years_cumulative_display(years: pd.DataFrame) -> pd.DataFrame:
    """`marts.goal.years_cumulative` as months × years (cumulative hires)."""
    out = pd.DataFrame({"Månad": MONTHS_SHORT})
    for year in sorted(years["ar"].unique()):
        rows = years[years["ar"] == year].set_index("month")["cumulative"]
        out[str(year)] = [fmt_int(rows.get(m)) for m in range(1, 13)]
    return out


def years_side_by_side_display(frame: pd.DataFrame) -> pd.DataFrame:
    """`marts.goal.years_side_by_side` for the page."""
    return pd.DataFrame(
        {
            "År": [str(y) for y in frame["ar"]],
            "Rapporterade månader": [fmt_int(v) for v in _values(frame["months_reported"])],
            "Anställningar": [fmt_int(v) for v in _values(frame["hires"])],
            "Varav från försörjningsstöd": [
                fmt_int(v) for v in _values(frame["hires_fran_forsorjningsstod"])
            ],
            "Mål": [fmt_int(v) if v else "–" for v in _values(frame["target"])],
            "Måltyp": [
                target_kind_label(k) if t else "–"
                for k, t in zip(frame["target_kind"], frame["target"], strict=True)
            ],
            "Andel av mål": [fmt_share_of_target(v) for v in _values(frame["share"])],
        }
    )


def heatmap_display(heatmap: pd.DataFrame) -> pd.DataFrame:
    """`marts.goal_forvaltning.forvaltning_heatmap` with month names and a total; a missing
    delivery is `..` (uppgift saknas), never 0 (`heatmap_note` says how many)."""
    out = pd.DataFrame({"Förvaltning": heatmap["namn"].tolist()})
    for column in heatmap.columns:
        if isinstance(column, int):
            out[MONTHS_SHORT[column - 1]] = [
                MISSING_MARK if v is None else fmt_int(v) for v in _values(heatmap[column])
            ]
    out["Totalt"] = [fmt_int(v) for v in _values(heatmap["total"])]
    return out


def missing_deliveries_display(missing) -> pd.DataFrame:
    """Due deliveries not in (`queries.delivery.missing_deliveries`): Förvaltning (its code),
    Månad, Dagar sedan sista dag (0 on the due day)."""
    return pd.DataFrame(
        {
            "Förvaltning": [d.kod for d in missing],
            "Månad": [fmt_month(d.month) for d in missing],
            "Dagar försenad": [fmt_int(d.days_overdue) for d in missing],
        }
    )


def completeness_note(overview, *, forvaltning: bool = False) -> str | None:
    """Under a headline: what the year's figures rest on, until the year is final (None then):
    the municipality's (every förvaltning's deliveries) or, with `forvaltning`, the one
    förvaltning's. `overview.completeness` comes from `pipelines.domain.delivery`."""
    done = getattr(overview, "completeness", None)
    if done is None or done.final:
        return None
    whose = "förvaltningens månader" if forvaltning else "alla förvaltningars leveranser"
    if done.complete_through is None:
        text = f"Preliminärt: ingen avslutad månad med {whose} ännu."
    else:
        text = (
            f"Preliminärt: {whose} är kompletta till och med "
            f"{fmt_month(done.complete_through)}; en månad är komplett när den är slut och "
            "levererad."
        )
    if done.missing:
        count = len(done.missing)
        text += f" {fmt_int(count)} {'leverans saknas' if count == 1 else 'leveranser saknas'}."
    return text


def heatmap_note(heatmap: pd.DataFrame) -> str | None:
    """The note under a förvaltning × month table with missing deliveries: the legend of `..`
    and "N leveranser saknas" (the totals sum the delivered months only); None when none."""
    missing = int(heatmap.attrs.get("missing", 0))
    if not missing:
        return None
    word = "leverans saknas" if missing == 1 else "leveranser saknas"
    return (
        f"{fmt_int(missing)} {word}: `..` = uppgift saknas (förvaltningen har inte levererat "
        "månaden). Totalen summerar de levererade månaderna."
    )


def mix_display(mix: pd.DataFrame, heading: str) -> pd.DataFrame:
    """`marts.goal_forvaltning.forvaltning_mix` with the dimension's heading."""
    return pd.DataFrame(
        {
            heading: mix["label"].tolist(),
            "Anställda": [fmt_int(v) for v in _values(mix["hires"])],
            "Andel": [fmt_percent(v) for v in _values(mix["share"])],
        }
    )


def forsorjningsstod_metrics(headline: dict) -> list[dict]:
    """`marts.goal.forsorjningsstod_headline` as two metrics (households, amount paid), each
    `{"label", "value", "delta", "change"}`: the delta text against the same month a year
    earlier (None when that month is missing) and the change as a number (for its arrow)."""
    month = headline["month"]
    name, before = fmt_month(month), fmt_month(month.replace(year=month.year - 1))

    def delta(change, share, formatted):
        if change is None:
            return None
        return f"{formatted} ({fmt_percent(share, 1, signed=True)}) mot {before}"

    households = headline["hushall_change"]
    paid = headline["utbetalt_change"]
    paid_text = None if paid is None else ("+" if paid > 0 else "") + fmt_mkr(paid)
    return [
        {
            "label": f"Hushåll med försörjningsstöd, {name}",
            "value": fmt_int(headline["hushall"]),
            "delta": delta(
                households, headline["hushall_change_share"], fmt_number(households, signed=True)
            ),
            "change": households,
        },
        {
            "label": f"Utbetalt, {name}",
            "value": fmt_mkr(headline["utbetalt"]),
            "delta": delta(paid, headline["utbetalt_change_share"], paid_text),
            "change": paid,
        },
    ]


def _difference_text(diff: float, what: str) -> str | None:
    rounded = round(diff)
    if rounded == 0:
        return f"Utfallet som {what}"
    return f"Utfallet {fmt_int(abs(rounded))} {'över' if rounded > 0 else 'under'} {what}"


def compared_period(overview) -> tuple[int, str]:
    """This year's hires in the months compared with the year before, and those months in
    words: the whole year when final, else the same complete months (issue 24: a partial year
    is never compared with a full one)."""
    fc = overview.forecast
    months = getattr(overview, "compared_months", 0) or fc.last_month
    hires = overview.hires_compared if overview.hires_compared is not None else fc.hires
    if months == 12 and overview.final:
        return hires, f"{fc.year - 1}"
    if months < fc.last_month:
        span = "januari" if months == 1 else f"januari–{MONTHS[months - 1]}"
        return hires, f"{span} {fc.year - 1}"
    return hires, f"samma period {fc.year - 1}"


def overview_deltas(overview) -> dict[str, tuple[str | None, int | None]]:
    """The deltas of the overview's metrics as (text, change): `hires` against the same months a
    year earlier, `linear` and `seasonal`: the outcome against where it should be by now."""
    fc = overview.forecast
    result: dict[str, tuple[str | None, int | None]] = {"hires": (None, None)}
    before = overview.hires_same_period_last_year
    if before is not None:
        now, period = compared_period(overview)
        diff = now - before
        result["hires"] = (f"{fmt_number(diff, signed=True)} mot {period}", diff)
    if fc.last_month:
        linear, seasonal = fc.hires - fc.pace_linear, fc.hires - fc.pace_seasonal
        result["linear"] = (_difference_text(linear, "rak linje"), round(linear))
        result["seasonal"] = (_difference_text(seasonal, "säsongsmönstret"), round(seasonal))
    else:
        result["linear"] = result["seasonal"] = (None, None)
    return result
