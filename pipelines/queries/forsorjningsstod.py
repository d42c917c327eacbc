"""Försörjningsstöd month by month: every key figure with its comparisons, and the link to hires.

For every month of a period and every figure of `FIGURES`: the value, the previous month, the
same month last year, the rolling 12-month mean (only where all twelve months are delivered),
the changes (in units and per cent) and the month's status:
- `saknas`: no file delivered for the month: every value is missing, never zero;
- `preliminar`: one of the last two delivered months (reasons for ending come late and are
  revised);
- `slutlig`: any other delivered month.
An optional figure a file did not deliver is missing (NaN) in a delivered month too.

Ratios (shares, amount per household) are computed from their parts; their rolling 12-month
mean is the ratio of the parts' 12-month means.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from pipelines.queries.base import per_connection, query
from pipelines.warehouse import one
from schemas.vocabulary import PRELIMINAR, SAKNAS, SLUTLIG

#: How many of the latest delivered months are preliminary.
PRELIMINARY_MONTHS = 2

PRELIMINARY_NOTE = (
    "De två senaste inrapporterade månaderna är preliminära: avslutsorsaker (arbete, studier) "
    "kan rapporteras upp till fyra månader sent, så siffrorna kan ändras."
)
MISSING_NOTE = "En månad utan inrapporterade siffror visas som saknad (–), aldrig som noll."


@dataclass(frozen=True)
class Figure:
    """A key figure: `kind` is `count`, `kr` or `share`; a ratio names its parts."""

    id: str
    kind: str
    numerator: str | None = None
    denominator: str | None = None

    @property
    def is_ratio(self) -> bool:
        return self.numerator is not None


#: The page's and the report's figures, in reading order; names and definitions come from the
#: nyckeltal catalogue (`data/reference/nyckeltal.csv`).
FIGURES: tuple[Figure, ...] = (
    Figure("hushall", "count"),
    Figure("barnhushall", "count"),
    Figure("andel_barnhushall", "share", "barnhushall", "hushall"),
    Figure("vuxna", "count"),
    Figure("barn", "count"),
    Figure("unga_vuxna", "count"),
    Figure("langvarigt", "count"),
    Figure("andel_langvarigt", "share", "langvarigt", "hushall"),
    Figure("utbetalt", "kr"),
    Figure("utbetalt_per_hushall", "kr", "utbetalt", "hushall"),
    Figure("nya_hushall", "count"),
    Figure("avslutade_hushall", "count"),
    Figure("avslut_arbete", "count"),
    Figure("avslut_studier", "count"),
    Figure("andel_avslut_arbete", "share", "avslut_arbete", "avslutade_hushall"),
    Figure("i_arbetsmarknadsinsats", "count"),
)
FIGURE_BY_ID = {f.id: f for f in FIGURES}
BASE_COLUMNS = [f.id for f in FIGURES if not f.is_ratio]

SERIES_COLUMNS = [
    "manad",
    "nyckeltal",
    "namn",
    "enhet",
    "definition",
    "kind",
    "status",
    "varde",
    "foregaende_manad",
    "forandring_manad",
    "forandring_manad_pct",
    "foregaende_ar",
    "forandring_ar",
    "forandring_ar_pct",
    "rullande_12",
]


def _month(value) -> pd.Timestamp:
    return pd.Timestamp(value).to_period("M").to_timestamp()


@per_connection
def _delivered(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The delivered months (index) with every base figure as float (NaN = not delivered)."""
    columns = ", ".join(f"{c}::DOUBLE as {c}" for c in BASE_COLUMNS)
    frame = con.execute(
        f"select manad, {columns} from forsorjningsstod_current order by manad"
    ).df()
    frame["manad"] = pd.to_datetime(frame["manad"]).astype("datetime64[us]")
    return frame.set_index("manad")


def _month_status(delivered: pd.Index, months: pd.DatetimeIndex) -> pd.Series:
    """Each of `months`: slutlig when delivered, preliminär when among the last delivered
    (`PRELIMINARY_MONTHS`), saknas otherwise."""
    status = pd.Series(SAKNAS, index=months, dtype=object)
    status[status.index.isin(delivered)] = SLUTLIG
    status[status.index.isin(delivered[-PRELIMINARY_MONTHS:])] = PRELIMINAR
    return status


def catalogue(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The catalogue rows of `FIGURES`, in their order: id, namn, enhet, definition."""
    ref = con.execute("select id, namn, enhet, definition from ref_nyckeltal").df()
    ref = ref.set_index("id")
    rows = []
    for figure in FIGURES:
        if figure.id in ref.index:
            row = ref.loc[figure.id]
            rows.append((figure.id, row["namn"], row["enhet"], row["definition"]))
        else:
            rows.append((figure.id, figure.id, "", ""))
    return pd.DataFrame(rows, columns=["id", "namn", "enhet", "definition"])


def _long(
    con: duckdb.DuckDBPyConnection,
    first: pd.Timestamp | None = None,
    last: pd.Timestamp | None = None,
) -> pd.DataFrame:
    """Every figure for every month from the earliest of (first, first delivery) to the latest
    of (last, last delivery), in long format with comparisons and status."""
    delivered = _delivered(con)
    bounds = [m for m in (first, last) if m is not None] + list(
        delivered.index[[0, -1]] if len(delivered) else []
    )
    if not bounds:
        return pd.DataFrame(columns=SERIES_COLUMNS)
    months = pd.date_range(min(bounds), max(bounds), freq="MS").astype("datetime64[us]")
    wide = delivered.reindex(months)
    status = _month_status(delivered.index, months)

    # Complete 12-month windows only: rolling with min_periods=12 is NaN when any month is.
    rolling = wide.rolling(12, min_periods=12).mean()
    for figure in FIGURES:
        if figure.is_ratio:
            wide[figure.id] = wide[figure.numerator] / wide[figure.denominator].where(
                wide[figure.denominator] > 0
            )
            rolling[figure.id] = rolling[figure.numerator] / rolling[figure.denominator].where(
                rolling[figure.denominator] > 0
            )

    cat = catalogue(con).set_index("id")
    parts = []
    for figure in FIGURES:
        value = wide[figure.id]
        previous, last_year = value.shift(1), value.shift(12)
        parts.append(
            pd.DataFrame(
                {
                    "manad": months,
                    "nyckeltal": figure.id,
                    "namn": cat.loc[figure.id, "namn"],
                    "enhet": cat.loc[figure.id, "enhet"],
                    "definition": cat.loc[figure.id, "definition"],
                    "kind": figure.kind,
                    "status": status.to_numpy(),
                    "varde": value.to_numpy(),
                    "foregaende_manad": previous.to_numpy(),
                    "forandring_manad": (value - previous).to_numpy(),
                    "forandring_manad_pct": (
                        (value - previous) / previous.where(previous != 0)
                    ).to_numpy(),
                    "foregaende_ar": last_year.to_numpy(),
                    "forandring_ar": (value - last_year).to_numpy(),
                    "forandring_ar_pct": (
                        (value - last_year) / last_year.where(last_year != 0)
                    ).to_numpy(),
                    "rullande_12": rolling[figure.id].to_numpy(),
                }
            )
        )
    frame = pd.concat(parts, ignore_index=True)
    for column in ("nyckeltal", "namn", "enhet", "definition", "kind", "status"):
        frame[column] = frame[column].astype(str)
    return frame[SERIES_COLUMNS]


@query
def fs_months(con: duckdb.DuckDBPyConnection) -> list[date]:
    """Every month from the first to the last delivered one (gaps included), oldest first."""
    first, last = one(con, "select min(manad), max(manad) from forsorjningsstod_current")
    if first is None:
        return []
    return [m.date() for m in pd.date_range(first, last, freq="MS")]


@query
def fs_catalogue(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The nyckeltal catalogue's name, unit and definition of every figure on the page."""
    return catalogue(con)


@query
def fs_series(con: duckdb.DuckDBPyConnection, first: date, last: date) -> pd.DataFrame:
    """Every figure, every month from `first` to `last` (long format, see `SERIES_COLUMNS`).

    Months without a delivered file are rows with status `saknas` and missing values.
    """
    start, end = _month(first), _month(last)
    frame = _long(con, start, end)
    return frame[(frame["manad"] >= start) & (frame["manad"] <= end)].reset_index(drop=True)


@query
def fs_month(con: duckdb.DuckDBPyConnection, month: date) -> pd.DataFrame:
    """One row per figure for `month`: value, previous month, same month last year, changes and
    rolling 12-month mean (columns as `SERIES_COLUMNS`)."""
    return fs_series.direct(con, month, month)


@dataclass(frozen=True)
class HiresAndEndings:
    """Hires from försörjningsstöd this year beside endings to work, and what the hires save.

    `estimate_kr` = `hires_fran_fs` × `avg_per_household` × `months_remaining` (the months
    after the last reported hires month, at least 1: December counts itself); None when the
    year has no försörjningsstöd month to take the average from.
    """

    year: int
    hires_last_month: int  # last month (1–12) of the year with hires delivered; 0 = none
    fs_last_month: int  # last month of the year with försörjningsstöd delivered; 0 = none
    hires_fran_fs: int
    endings_to_work: float | None  # None when no month delivered the reason
    avg_per_household: float | None  # kr per household and month, this year's months
    months_remaining: int
    estimate_kr: float | None
    monthly: pd.DataFrame  # manad, hires_fran_forsorjningsstod, avslut_arbete, status


@query
def hires_and_endings(
    con: duckdb.DuckDBPyConnection, year: int, through_month: int = 12
) -> HiresAndEndings:
    """Hires from försörjningsstöd and endings to work month by month in `year` (up to and
    including `through_month`), and the estimate of the yearly assistance no longer paid (see
    `HiresAndEndings`)."""
    hires = con.execute(
        "select manad, sum(hires_fran_forsorjningsstod)::DOUBLE as hires "
        "from mart_hires_month_forvaltning where ar = ? and month(manad) <= ? group by manad",
        [year, through_month],
    ).df()
    fs = con.execute(
        "select manad, avslut_arbete::DOUBLE as avslut_arbete, hushall::DOUBLE as hushall, "
        "utbetalt::DOUBLE as utbetalt from forsorjningsstod_current "
        "where year(manad) = ? and month(manad) <= ?",
        [year, through_month],
    ).df()
    hires_by_month = {
        pd.Timestamp(m).month: v for m, v in zip(hires["manad"], hires["hires"], strict=True)
    }
    fs_by_month = {
        pd.Timestamp(m).month: row for m, row in zip(fs["manad"], fs.itertuples(), strict=True)
    }
    hires_last = max(hires_by_month, default=0)
    fs_last = max(fs_by_month, default=0)
    shown = max(hires_last, fs_last)

    months = pd.date_range(f"{year}-01-01", periods=shown, freq="MS").astype("datetime64[us]")
    statuses = _month_status(_delivered(con).index, months)
    monthly = pd.DataFrame(
        {
            "manad": months,
            "hires_fran_forsorjningsstod": [
                hires_by_month.get(m.month, float("nan")) for m in months
            ],
            "avslut_arbete": [
                fs_by_month[m.month].avslut_arbete if m.month in fs_by_month else float("nan")
                for m in months
            ],
            "status": [str(statuses.get(m, SAKNAS)) for m in months],
        }
    )

    hires_fran_fs = int(sum(hires_by_month.values()))
    endings = fs["avslut_arbete"].dropna()
    households, paid = fs["hushall"].sum(), fs["utbetalt"].sum()
    average = float(paid / households) if len(fs) and households > 0 else None
    # Defined for every month (issue 24): the months after the last reported one, and at least
    # one, so December (and a finished year) counts its own month instead of × 0.
    remaining = max(12 - hires_last, 1)
    estimate = hires_fran_fs * average * remaining if average is not None else None
    return HiresAndEndings(
        year=year,
        hires_last_month=hires_last,
        fs_last_month=fs_last,
        hires_fran_fs=hires_fran_fs,
        endings_to_work=float(endings.sum()) if len(endings) else None,
        avg_per_household=average,
        months_remaining=remaining,
        estimate_kr=estimate,
        monthly=monthly,
    )
