"""The municipality beside the country, its län and its comparison group (Socialstyrelsen's
monthly statistics, kind `sos_manad`): connection → numbers, no formatting.

- `comparison(year, regions, matt, base_month)`: per region the twelve months of `year` with
  value and status (`varde`, `sekretess`, `saknas`), `avvikelse`, the change against the same
  month last year and an index (base month = 100). Default regions: the own municipality, its
  län, Riket and its comparison group (`ref_region`, from `data/reference/regioner.csv`). A
  region's figure is its total row; where the export has only category rows, their total is a
  number only where no part is masked or missing (`domain.comparison.combine`); the comparison
  group is the total over its municipalities by the same rule.
- `own_vs_sos(year)`: the own monthly file's households beside Socialstyrelsen's figure for the
  own municipality, month by month, with the difference and why they may disagree.
- `anomalies()`: every flagged month of every stored region (Datakvalitet).
- `exports()`: the stored exports: title, measure, extraction date, footnotes.
- `kolada_figures()`: Kolada's yearly key figures from the latest pull: the own municipality,
  the comparison group's unweighted mean and Riket.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

import duckdb
import pandas as pd

from pipelines.domain import comparison as rules
from pipelines.queries.base import query
from pipelines.queries.region_groups import group_members
from schemas import sos_manad as sos
from schemas.parsing import normalize_name

DEFAULT_MEASURE = "Antal hushåll"
#: The region name under which the comparison group's total is shown.
GROUP_PREFIX = "Jämförelsegrupp"
_TOTAL_WORDS = {"totalt", "total", "samtliga", "summa", "alla"}


class UnknownRegion(ValueError):
    """A region asked for that the stored statistics do not hold (message in Swedish)."""


@dataclass
class RegionSeries:
    """One region's months: `frame` has manad, varde, status, avvikelse, varde_fg_ar,
    status_fg_ar, forandring, forandring_status, index, index_status."""

    region: str
    role: str  # egen | lan | riket | grupp | vald
    frame: pd.DataFrame
    members: int = 1  # municipalities behind a comparison group's figure


@dataclass
class Comparison:
    matt: str
    year: int
    base_month: date
    regions: list[RegionSeries] = field(default_factory=list)
    extraction_dates: list[date] = field(default_factory=list)
    group_name: str | None = None

    @property
    def empty(self) -> bool:
        return not self.regions


#: The exports that still hold a current cell, with the years of those cells (one row per file
#: and year). Cheaper than `sos_manad_current` (no cell is read): a file has one measure, and a
#: cell is current exactly when its slice is (15_sos_manad.sql).
_CURRENT_FILES = """
    select f.ingest_id, f.matt, f.uttagsdatum, s.ar
    from sos_manad_fil f
    join (select distinct ingest_id, ar from slice_version
          where kind = 'sos_manad' and replaced_by is null) s using (ingest_id)
"""


@query
def measures(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The measures stored (e.g. `Antal hushåll`), the default first."""
    names = [r[0] for r in con.execute(f"select distinct matt from ({_CURRENT_FILES})").fetchall()]
    return sorted(names, key=lambda m: (m != DEFAULT_MEASURE, m))


@query
def years(con: duckdb.DuckDBPyConnection) -> list[int]:
    """The years with stored cells, newest first."""
    rows = con.execute(
        "select distinct ar from slice_version "
        "where kind = 'sos_manad' and replaced_by is null order by 1 desc"
    ).fetchall()
    return [r[0] for r in rows]


def _regions(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute(
        "select kod, namn, typ, lan, jamforelsegrupp, egen from ref_region order by kod"
    ).df()


def _cells(
    con: duckdb.DuckDBPyConnection, matt: str, regions: list[str], first: date, last: date
) -> pd.DataFrame:
    """The current cells of `regions`, one figure per (region, month): the total over categories."""
    if not regions:
        return pd.DataFrame(columns=["region", "manad", "varde", "status"])
    cells = con.execute(
        "select region, kategori, manad, varde, status from sos_manad_current "
        "where matt = ? and manad between ? and ? and list_contains(?, region)",
        [matt, first, last, regions],
    ).fetchall()  # a few hundred cells: plain Python is quicker than a frame here
    if not cells:
        return pd.DataFrame(columns=["region", "manad", "varde", "status"])
    whole_regions = {region for region, kategori, *_ in cells if kategori == ""}
    rows = [
        (region, month, None if value is None else float(value), status)
        for region, kategori, month, value, status in cells
        if kategori == "" and region in whole_regions
    ]
    parts: dict[tuple[str, date], list[tuple]] = {}
    for cell in cells:
        if cell[0] not in whole_regions:
            parts.setdefault((cell[0], cell[2]), []).append(cell)
    for (region, month), group in parts.items():
        totals = [c for c in group if normalize_name(c[1].rsplit(": ", 1)[-1]) in _TOTAL_WORDS]
        if totals:
            value, status = totals[0][3], totals[0][4]
            value = None if value is None else float(value)
        else:
            value, status = rules.combine(
                [c[4] for c in group], [None if c[3] is None else float(c[3]) for c in group]
            )
        rows.append((region, month, value, status))
    rows.sort(key=lambda row: (row[0], row[1]))
    return pd.DataFrame(rows, columns=["region", "manad", "varde", "status"])


def _enrich(series: pd.DataFrame, months: list[date], year: int, base: date) -> pd.DataFrame:
    """Complete the series, flag anomalies, add the change and the index; keep `year`'s months."""
    full = rules.complete(series, months)
    full["avvikelse"] = rules.anomalies(full)
    # Both frames have one row per month of `full`, in its order: side by side, no join.
    change, index = rules.change_vs_last_year(full), rules.index(full, base)
    full = pd.concat([full, change.drop(columns="manad"), index.drop(columns="manad")], axis=1)
    return full[[m.year == year for m in full["manad"]]].reset_index(drop=True)


@query
def comparison(
    con: duckdb.DuckDBPyConnection,
    year: int,
    regions: tuple[str, ...] | None = None,
    matt: str | None = None,
    base_month: date | None = None,
    group: str | None = None,
) -> Comparison:
    """The comparison for `year` (see the module docstring). `regions` names regions as the
    reference list writes them (case and å/ä/ö do not matter), or a comparison group (its total
    over its municipalities); None: the default set, whose group is `group` when given (a group
    of `region_groups.selectable_groups`), else the own kommungrupp. Raises `UnknownRegion` for
    a region that is neither in the list nor stored, nor a group."""
    stored_measures = measures.direct(con)
    matt = matt or (stored_measures[0] if stored_measures else DEFAULT_MEASURE)
    base = base_month or date(year, 1, 1)
    result = Comparison(matt=matt, year=year, base_month=base)
    if matt not in stored_measures:
        return result
    reference = _regions(con)
    # The year before (change against last year) and one month after (anomalies).
    first = date(min(year, base.year) - 1, 1, 1)
    last = date(year + 1, 1, 1)
    months = rules.month_range(first, last)

    wanted: list[tuple[str, str]] = []
    own = reference[reference["egen"]]
    group_name = None
    asked_groups: list[tuple[str, list[str]]] = []
    if regions:
        stored = {
            r[0]
            for r in con.execute(
                "select distinct region from sos_manad_current where matt = ?", [matt]
            ).fetchall()
        }
        by_name = {sos.region_key(n): n for n in set(reference["namn"]) | stored}
        for asked in regions:
            name = by_name.get(sos.region_key(asked))
            if name is None and (found := group_members(con, asked)) is not None:
                asked_groups.append(found)  # a comparison group, after the regions
                continue
            if name is None:
                raise UnknownRegion(
                    f"Okänd region ”{asked}”: den finns varken i referenslistan över regioner "
                    "eller i den lagrade statistiken."
                )
            wanted.append((name, "vald"))
    elif not own.empty:
        own_row = own.iloc[0]
        wanted = [(own_row["namn"], "egen"), (own_row["lan"], "lan"), ("Riket", "riket")]
        group_name = own_row["jamforelsegrupp"] or None
        if group:
            found = group_members(con, group)
            if found is None:
                raise UnknownRegion(
                    f"Okänd jämförelsegrupp ”{group}”: den finns inte i referenslistan över "
                    "regioner."
                )
            asked_groups.append(found)
            group_name = None
    cells = _cells(con, matt, [n for n, _ in wanted], first, last)
    for name, role in wanted:
        series = cells[cells["region"] == name]
        result.regions.append(RegionSeries(name, role, _enrich(series, months, year, base)))

    if group_name:
        members = list(
            reference[
                (reference["typ"] == "kommun") & (reference["jamforelsegrupp"] == group_name)
            ]["namn"]
        )
        asked_groups.insert(0, (group_name, members))
    for group_name, members in asked_groups:
        result.group_name = result.group_name or group_name
        member_cells = _cells(con, matt, members, first, last)
        by_month = dict(tuple(member_cells.groupby("manad", sort=False)))
        empty = member_cells.iloc[:0]
        rows = []
        for month in months:
            part = by_month.get(month, empty)
            statuses = list(part["status"]) + [sos.STATUS_MISSING] * (len(members) - len(part))
            values = [None if pd.isna(v) else float(v) for v in part["varde"]]
            value, status = rules.combine(statuses, values)
            rows.append((month, value, status))
        total = pd.DataFrame(rows, columns=["manad", "varde", "status"])
        result.regions.append(
            RegionSeries(
                f"{GROUP_PREFIX}: {group_name}",
                "grupp",
                _enrich(total, months, year, base),
                members=len(members),
            )
        )
    dates = con.execute(
        f"select distinct uttagsdatum from ({_CURRENT_FILES}) "
        "where matt = ? and ar = ? and uttagsdatum is not null order by 1",
        [matt, year],
    ).fetchall()
    result.extraction_dates = [d[0] for d in dates]
    return result


@query
def own_vs_sos(con: duckdb.DuckDBPyConnection, year: int) -> pd.DataFrame:
    """Per month of `year`: the own monthly file's households (`egen`, None when no file) and
    Socialstyrelsen's figure for the own municipality (`sos`, `sos_status`), the difference,
    when the own month was stored and the export's extraction date, and `forklaring`: a code
    for why they may disagree (see `pipelines.present.comparison.EXPLANATIONS`)."""
    own = con.execute("select namn from ref_region where egen").fetchall()
    months = rules.month_range(date(year, 1, 1), date(year, 12, 1))
    file_rows = con.execute(
        "select f.manad, f.hushall, s.stored_at from forsorjningsstod_current f "
        "join slice_version s on s.kind = 'forsorjningsstod' and s.replaced_by is null "
        "and s.manad = f.manad and s.ingest_id = f.ingest_id where year(f.manad) = ?",
        [year],
    ).fetchall()
    by_month = {m: (h, t) for m, h, t in file_rows}
    sos_cells = pd.DataFrame(columns=["region", "manad", "varde", "status"])
    dates: dict[date, date | None] = {}
    if own:
        sos_cells = _cells(con, DEFAULT_MEASURE, [own[0][0]], months[0], months[-1])
        dates = dict(
            con.execute(
                "select c.manad, max(f.uttagsdatum) from sos_manad_current c "
                "left join sos_manad_fil f using (ingest_id) "
                "where c.matt = ? and c.region = ? and year(c.manad) = ? group by c.manad",
                [DEFAULT_MEASURE, own[0][0], year],
            ).fetchall()
        )
    rows = []
    for month in months:
        egen, stored_at = by_month.get(month, (None, None))
        cell = sos_cells[sos_cells["manad"] == month]
        value = None if cell.empty or pd.isna(cell.iloc[0]["varde"]) else cell.iloc[0]["varde"]
        status = sos.STATUS_MISSING if cell.empty else cell.iloc[0]["status"]
        extracted = dates.get(month)
        rows.append(
            (month, egen, value, status, *_difference(egen, value, status, stored_at, extracted))
        )
    return pd.DataFrame(
        rows,
        columns=[
            "manad",
            "egen",
            "sos",
            "sos_status",
            "skillnad",
            "skillnad_andel",
            "forklaring",
            "lagrad",
            "uttagsdatum",
        ],
    )


def _difference(egen, value, status, stored_at, extracted) -> tuple:
    """(difference, share, explanation code, stored_at, extraction date)."""
    if egen is None and status != sos.STATUS_VALUE:
        return None, None, "ingen_uppgift", stored_at, extracted
    if egen is None:
        return None, None, "egen_saknas", stored_at, extracted
    if status != sos.STATUS_VALUE:
        return None, None, f"sos_{status}", stored_at, extracted
    difference = float(egen) - float(value)
    share = difference / float(value) if value else None
    if difference == 0:
        code = "lika"
    elif extracted is not None and stored_at is not None and stored_at.date() > extracted:
        code = "rattad_efter_uttag"
    elif share is not None and abs(share) <= 0.02:
        code = "liten"
    else:
        code = "stor"
    return difference, share, code, stored_at, extracted


@query
def anomalies(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every `avvikelse` in the stored statistics: measure, region, month, value, the
    neighbours' mean and the deviation (share), newest month first. A month no export holds
    counts as missing (its neighbours are then not flagged through it)."""
    columns = ["matt", "region", "manad", "varde", "grannmedel", "avvikelse_andel"]
    frame = con.execute(
        """
        with cells as (
            select matt, region, manad,
                   case when status = 'varde' then varde end as varde
            from sos_manad_current where kategori = ''
        ),
        neighbours as (
            select c.matt, c.region, c.manad, c.varde, p.varde as before, n.varde as after
            from cells c
            left join cells p on p.matt = c.matt and p.region = c.region
                 and p.manad = c.manad - interval 1 month
            left join cells n on n.matt = c.matt and n.region = c.region
                 and n.manad = c.manad + interval 1 month
        )
        select matt, region, manad, varde, (before + after) / 2 as grannmedel,
               varde / ((before + after) / 2) - 1 as avvikelse_andel
        from neighbours
        where varde is not null and before is not null and after is not null
          and (before + after) > 0
          and abs(varde - (before + after) / 2) > ? * (before + after) / 2
        order by manad desc, region
        """,
        [sos.ANOMALY_THRESHOLD],
    ).df()
    if frame.empty:
        return pd.DataFrame(columns=columns)
    frame["manad"] = pd.to_datetime(frame["manad"]).dt.date
    return frame[columns].reset_index(drop=True)


@query
def exports(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The stored exports, newest first: ingest, file, title, measure, extraction date, footnotes."""
    frame = con.execute(
        "select f.ingest_id, l.file_name, f.titel, f.matt, f.uttagsdatum, f.fotnoter "
        "from sos_manad_fil f join ingest_log l using (ingest_id) order by f.ingest_id desc"
    ).df()
    frame["fotnoter"] = [json.loads(text) for text in frame["fotnoter"]]
    return frame


@query
def kolada_figures(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Per key figure and year (totals, not by gender): the own municipality (`egen`), the
    comparison group's unweighted mean over its municipalities with a value (`grupp_medel`,
    `grupp_antal`) and Riket (`riket`), from the latest pull of each value."""
    columns = ["kpi", "ar", "egen", "grupp_medel", "grupp_antal", "riket"]
    own = con.execute("select kod, jamforelsegrupp from ref_region where egen").fetchall()
    if not own:
        return pd.DataFrame(columns=columns)
    own_id, group = own[0]
    frame = con.execute(
        """
        with members as (
            select kod from ref_region where typ = 'kommun' and jamforelsegrupp = ?
        )
        select kpi, ar,
               max(varde) filter (where kommun_id = ?) as egen,
               avg(varde) filter (where kommun_id in (select kod from members)) as grupp_medel,
               count(varde) filter (where kommun_id in (select kod from members)) as grupp_antal,
               max(varde) filter (where kommun_id = '0000') as riket
        from kolada_current
        where kon = 'T'
        group by kpi, ar
        order by kpi, ar desc
        """,
        [group, own_id],
    ).df()
    return frame[columns]
