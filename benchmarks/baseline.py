"""The naive way, for comparison: pandas reads every delivered file on each rerun and computes
the pages' figures from them, as a notebook or a first Streamlit prototype would.

It handles what the delivered files really hold (Excel with a title row, Windows-1252, names
instead of codes, `K`/`M`, `januari 2021`, space thousands, later files replacing earlier ones
slice by slice) with vectorised pandas, so it is a fair opponent, not a straw man. It computes
the figures each page shows (no forecast, no rendering: it is cheaper than the page it replaces,
so the ratio understates our gain). `counting_hires(year)` is checked against the warehouse, so
both sides compute the same thing.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from benchmarks.generate import Deliveries
from schemas.parsing import normalize_name

_MONTHS = {
    "januari": 1, "februari": 2, "mars": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7,
    "augusti": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}  # fmt: skip


class NaiveData:
    """Every delivered file read with pandas, the current figures resolved by delivery order."""

    def __init__(self, deliveries: Deliveries):
        ref = deliveries.reference_dir
        self.forvaltningar = pd.read_csv(
            ref / "forvaltningar.csv", sep=";", dtype=str, keep_default_na=False
        )
        forms = pd.read_csv(ref / "anstallningsformer.csv", sep=";", dtype=str)
        groups = pd.read_csv(ref / "malgrupper.csv", sep=";", dtype=str)
        self.counting = set(forms.loc[forms["raknas_mot_malet"] == "ja", "kod"])
        self.codes = {
            normalize_name(n): k
            for frame in (self.forvaltningar, forms, groups)
            for k, n in zip(frame["kod"], frame["namn"], strict=True)
        }
        hires, fs, mal = [], [], []
        by_kind = {"anstallningar": hires, "forsorjningsstod": fs, "mal": mal}
        for order, path in enumerate(deliveries.all_files):
            frame = _read(path)
            frame["leverans"] = order
            kind = path.name.split("_")[0].removesuffix(".csv")
            if kind in by_kind:  # a follow-up file (issue 27) is read, as a rerun would, unused
                by_kind[kind].append(frame)
        self.hires = self._current_hires(pd.concat(hires, ignore_index=True))
        self.fs = _current(pd.concat(fs, ignore_index=True), ["manad"])
        self.mal = _current(pd.concat(mal, ignore_index=True), ["ar", "forvaltning"])

    def _code(self, column: pd.Series) -> pd.Series:
        """Codes for codes or names, looked up once per distinct text (vectorised map)."""
        text = column.fillna("").astype(str)
        lookup = {v: self.codes.get(normalize_name(v), v) for v in text.unique()}
        return text.map(lookup)

    def _current_hires(self, frame: pd.DataFrame) -> pd.DataFrame:
        frame["manad"] = _month(frame["manad"])
        for column in ("forvaltning", "anstallningsform", "malgrupp"):
            frame[column] = self._code(frame[column])
        frame["kon"] = frame["kon"].fillna("").replace({"K": "kvinna", "M": "man"})
        frame["antal"] = pd.to_numeric(frame["antal"]).fillna(0).astype("int64")
        return _current(frame, ["manad", "forvaltning"])

    def counting_hires(self, year: int) -> pd.DataFrame:
        h = self.hires
        return h[(h["manad"].dt.year == year) & h["anstallningsform"].isin(self.counting)]


def _read(path: Path) -> pd.DataFrame:
    """One delivered file with normalised column names, every value as text."""
    if path.suffix == ".xlsx":
        raw = pd.read_excel(path, header=None, dtype=str)
        header = next(i for i in range(10) if str(raw.iat[i, 0]).strip().lower() in ("månad", "år"))
        frame = raw.iloc[header + 1 :].set_axis(list(raw.iloc[header]), axis=1)
    else:
        content = path.read_bytes()
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = content.decode("cp1252")
        frame = pd.read_csv(io.StringIO(text), sep=";", dtype=str)
    frame.columns = [normalize_name(str(c)) for c in frame.columns]
    return frame.reset_index(drop=True)


def _month(column: pd.Series) -> pd.Series:
    text = column.astype(str).str.strip().str.lower()
    words = text.str.extract(r"^([a-zåäö]+) (\d{4})$")
    named = pd.to_datetime(
        words[1] + "-" + words[0].map(_MONTHS).astype("Int64").astype(str).str.zfill(2) + "-01",
        errors="coerce",
    )
    numeric = pd.to_datetime(text.str[:7] + "-01", errors="coerce", format="%Y-%m-%d")
    return named.fillna(numeric)


def _number(column: pd.Series) -> pd.Series:
    text = column.astype(str).str.replace(r"[\s\u00a0]", "", regex=True).str.replace(",", ".")
    return pd.to_numeric(text, errors="coerce")


def _current(frame: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    """The rows of the last delivery of every slice (a later file replaces earlier ones)."""
    if "manad" in key and not pd.api.types.is_datetime64_any_dtype(frame["manad"]):
        frame["manad"] = _month(frame["manad"])
    if "ar" in frame:
        frame["ar"] = pd.to_numeric(frame["ar"]).astype("int64")
        frame["forvaltning"] = frame["forvaltning"].fillna("")
    last = frame.groupby(key)["leverans"].transform("max")
    return frame[frame["leverans"] == last].reset_index(drop=True)


# --- the figures of each page -----------------------------------------------------------------


def _targets(data: NaiveData, year: int) -> pd.DataFrame:
    mal = data.mal[data.mal["ar"] == year]
    whole = mal.loc[mal["forvaltning"] == "", "mal"]
    total = int(whole.iloc[0]) if len(whole) else 200
    units = data.forvaltningar.copy()
    units = units[
        (units["giltig_fran"] <= f"{year}-12-31")
        & ((units["giltig_till"] == "") | (units["giltig_till"] >= f"{year}-01-01"))
    ]
    decided = dict(zip(mal["forvaltning"], pd.to_numeric(mal["mal"]), strict=True))
    weights = pd.to_numeric(units["anstallda"]).where(~units["kod"].isin(decided.keys()), 0)
    rest = total - sum(v for k, v in decided.items() if k)
    units["mal"] = units["kod"].map(decided).fillna((rest * weights / weights.sum()).round())
    return units[["kod", "namn", "mal"]]


def oversikt(data: NaiveData, year: int) -> dict:
    hires = data.counting_hires(year)
    per_month = hires.groupby(hires["manad"].dt.month)["antal"].sum().reindex(range(1, 13))
    years = data.hires[data.hires["anstallningsform"].isin(data.counting)]
    by_year = years.groupby([years["manad"].dt.year, years["manad"].dt.month])["antal"].sum()
    cumulative = by_year.groupby(level=0).cumsum().unstack(0)
    per_unit = hires.groupby("forvaltning")["antal"].sum()
    table = _targets(data, year).assign(hires=lambda t: t["kod"].map(per_unit).fillna(0))
    fs = data.fs.sort_values("manad")
    last = fs.iloc[-1]
    before = fs[fs["manad"] == last["manad"] - pd.DateOffset(years=1)]
    return {
        "hires": int(hires["antal"].sum()), "per_month": per_month.cumsum(),
        "years": cumulative, "table": table,
        "hushall": _number(pd.Series([last["hushall"]])).iloc[0],
        "hushall_before": _number(before["hushall"]).sum(),
    }  # fmt: skip


def forvaltningar(data: NaiveData, year: int) -> dict:
    hires = data.counting_hires(year)
    table = _targets(data, year)
    table["hires"] = table["kod"].map(hires.groupby("forvaltning")["antal"].sum()).fillna(0)
    table["andel"] = table["hires"] / table["mal"]
    heatmap = hires.pivot_table(
        index="forvaltning",
        columns=hires["manad"].dt.month,
        values="antal",
        aggfunc="sum",
        fill_value=0,
    )
    mix = hires.pivot_table(
        index="forvaltning", columns="anstallningsform", values="antal", aggfunc="sum", fill_value=0
    )
    return {"table": table, "heatmap": heatmap, "mix": mix}


def forsorjningsstod(data: NaiveData, year: int) -> dict:
    fs = data.fs.sort_values("manad").copy()
    for column in fs.columns.difference(["manad", "leverans"]):
        fs[column] = _number(fs[column])
    fs["per_hushall"] = fs["utbetalt"] / fs["hushall"]
    fs["andel_langvarigt"] = fs["langvarigt"] / fs["hushall"]
    hires = data.counting_hires(year)
    from_fs = hires[hires["fran_forsorjningsstod"] == "ja"].groupby("manad")["antal"].sum()
    return {"series": fs, "hires_from_fs": from_fs, "last": fs.iloc[-1]}


def manadsrapport(data: NaiveData, year: int) -> dict:
    return {**oversikt(data, year), **forsorjningsstod(data, year)}


def datakvalitet(data: NaiveData, year: int) -> dict:
    hires = data.hires[data.hires["manad"].dt.year == year]
    delivered = hires.groupby(["forvaltning", hires["manad"].dt.month]).size().unstack(fill_value=0)
    return {"completeness": delivered > 0, "fs_months": data.fs["manad"].dt.year.eq(year).sum()}


PAGES: dict[str, Callable[[NaiveData, int], dict]] = {
    "oversikt": oversikt,
    "forvaltningar": forvaltningar,
    "forsorjningsstod": forsorjningsstod,
    "manadsrapport": manadsrapport,
    "datakvalitet": datakvalitet,
}


def rerun(deliveries: Deliveries, page: str, year: int) -> dict:
    """One naive rerun of `page`: read every file, then compute the page's figures."""
    return PAGES[page](NaiveData(deliveries), year)
