"""The reference lists under `data/reference/`: which columns each file has and the rules its rows
must follow, with the Swedish message a user gets when a rule is broken.

The schemas validate the files as read (`dtype=str`, an empty cell is `""`, surrounding space
already stripped), so a rule says how a value must be written as well as what it must be: a
count is digits only, a date is `ÅÅÅÅ-MM-DD`, a flag is `ja` or `nej`. Codes and names are
compared normalised (`schemas.parsing.normalize_name`), the way input files are matched to them.

A check that spans columns carries, as its `name`, the column the user should correct; the loader
(`pipelines/reference.py`) reports the failure there.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from schemas.parsing import normalize_name

KATEGORIER = ("statligt stöd", "kommunalt finansierad", "ordinarie", "sysselsättningskrav")
ENHETER = ("antal", "kr", "procent", "personer", "hushåll", "kr per hushåll")
JA_NEJ = ("ja", "nej")

_ISO_DATE = r"\d{4}-\d{2}-\d{2}"
_YEAR = r"(19|20)\d{2}"


# --- column checks ----------------------------------------------------------------------------


def _code(pattern: str = r"[A-Za-z0-9_]+", allowed: str = "a–z, A–Z, 0–9 och _") -> list[pa.Check]:
    """A code: filled, written with the `allowed` ASCII characters, unique when normalised."""
    return [
        pa.Check(
            lambda s: s.str.fullmatch(pattern),
            error=f"Koden ska vara ifylld och får bara innehålla {allowed}.",
        ),
        pa.Check(
            lambda s: ~s.map(normalize_name).duplicated(keep=False),
            error="Koden finns på mer än en rad: varje kod ska vara unik.",
        ),
    ]


def _filled(message: str) -> pa.Check:
    return pa.Check(lambda s: s.str.len() > 0, error=message)


def _unique_name() -> pa.Check:
    return pa.Check(
        lambda s: ~s.map(normalize_name).duplicated(keep=False),
        error="Namnet finns på mer än en rad: två namn får inte vara lika (stora och små "
        "bokstäver, å/ä/ö och mellanslag räknas inte).",
    )


def _ja_nej(label: str) -> pa.Check:
    return pa.Check(
        lambda s: s.str.casefold().isin(JA_NEJ), error=f"{label} ska vara ”ja” eller ”nej”."
    )


def _iso_date(s: pd.Series) -> pd.Series:
    """True where the text is a real calendar date written ÅÅÅÅ-MM-DD."""
    parsed = pd.to_datetime(s, format="%Y-%m-%d", errors="coerce")
    return s.str.fullmatch(_ISO_DATE) & parsed.notna()


def _dates(s: pd.Series) -> pd.Series:
    """The dates of a column, NaT where empty or not a date (those are reported elsewhere)."""
    return pd.to_datetime(s, format="%Y-%m-%d", errors="coerce")


def _years(s: pd.Series) -> pd.Series:
    """The years of a column as nullable integers, missing where empty or not a year."""
    return pd.to_numeric(s.where(s.str.fullmatch(_YEAR)), errors="coerce").astype("Int64")


# --- checks across columns (row-wise: True = the row passes) ------------------------------------


def _validity_in_order(frame: pd.DataFrame) -> pd.Series:
    fran, till = _dates(frame["giltig_fran"]), _dates(frame["giltig_till"])
    return fran.isna() | till.isna() | (fran <= till)


def _no_namesake_at_the_same_time(frame: pd.DataFrame) -> pd.Series:
    """No other row has the same normalised name with a validity period that overlaps this one."""
    names = frame["namn"].map(normalize_name)
    fran = _dates(frame["giltig_fran"])
    till = _dates(frame["giltig_till"]).fillna(pd.Timestamp("9999-12-31"))
    ok = pd.Series(True, index=frame.index)
    for i in frame.index:
        if not names[i]:  # an empty name is reported by its own check
            continue
        others = (names == names[i]) & (frame.index != i)
        overlapping = others & (fran <= till[i]) & (till >= fran[i])
        ok[i] = not overlapping.any()
    return ok


def _period_in_order(frame: pd.DataFrame) -> pd.Series:
    fran, till = _years(frame["fran_ar"]), _years(frame["till_ar"])
    return (fran.isna() | till.isna() | (fran <= till)).astype(bool)


def _periods_apart(frame: pd.DataFrame) -> pd.Series:
    """No two rows cover the same year (an empty till_ar runs for ever)."""
    fran = _years(frame["fran_ar"])
    till = _years(frame["till_ar"]).fillna(9999)
    ok = pd.Series(True, index=frame.index)
    for i in frame.index:
        if pd.isna(fran[i]):
            continue
        others = (frame.index != i) & fran.notna()
        ok[i] = not (others & (fran <= till[i]) & (till >= fran[i])).any()
    return ok


# --- the schemas --------------------------------------------------------------------------------

FORVALTNINGAR = pa.DataFrameSchema(
    {
        "kod": pa.Column(str, _code()),
        "namn": pa.Column(str, _filled("Namnet får inte vara tomt.")),
        "anstallda": pa.Column(
            str,
            pa.Check(
                lambda s: s.str.fullmatch(r"\d+"),
                error="Antal anställda ska vara ett heltal ≥ 0, skrivet med bara siffror.",
            ),
        ),
        "giltig_fran": pa.Column(
            str, pa.Check(_iso_date, error="Giltig från ska vara ett datum skrivet ÅÅÅÅ-MM-DD.")
        ),
        "giltig_till": pa.Column(
            str,
            pa.Check(
                lambda s: (s == "") | _iso_date(s),
                error="Giltig till ska vara tomt (gäller tills vidare) eller ett datum skrivet "
                "ÅÅÅÅ-MM-DD.",
            ),
        ),
    },
    checks=[
        pa.Check(
            _validity_in_order,
            name="giltig_till",
            error="Giltig till är före giltig från: förvaltningen skulle aldrig gälla.",
        ),
        pa.Check(
            _no_namesake_at_the_same_time,
            name="namn",
            error="En annan förvaltning med samma namn gäller under samma tid: ett namn måste "
            "peka ut en enda förvaltning.",
        ),
    ],
    strict=True,
    name="forvaltningar",
)

ANSTALLNINGSFORMER = pa.DataFrameSchema(
    {
        "kod": pa.Column(str, _code()),
        "namn": pa.Column(str, [_filled("Namnet får inte vara tomt."), _unique_name()]),
        "kategori": pa.Column(
            str,
            pa.Check(
                lambda s: s.isin(KATEGORIER),
                error="Okänd kategori. Tillåtna: " + ", ".join(KATEGORIER) + ".",
            ),
        ),
        "raknas_mot_malet": pa.Column(str, _ja_nej("Räknas mot målet")),
    },
    strict=True,
    name="anstallningsformer",
)

MALGRUPPER = pa.DataFrameSchema(
    {
        "kod": pa.Column(str, _code()),
        "namn": pa.Column(str, [_filled("Namnet får inte vara tomt."), _unique_name()]),
    },
    strict=True,
    name="malgrupper",
)

MAL_STANDARD = pa.DataFrameSchema(
    {
        "fran_ar": pa.Column(
            str,
            pa.Check(
                lambda s: s.str.fullmatch(_YEAR), error="Från år ska vara ett årtal, t.ex. 2021."
            ),
        ),
        "till_ar": pa.Column(
            str,
            pa.Check(
                lambda s: (s == "") | s.str.fullmatch(_YEAR),
                error="Till år ska vara tomt (gäller tills vidare) eller ett årtal.",
            ),
        ),
        "mal": pa.Column(
            str,
            pa.Check(
                lambda s: s.str.fullmatch(r"0*[1-9]\d*"),
                error="Målet ska vara ett heltal större än 0, skrivet med bara siffror.",
            ),
        ),
    },
    checks=[
        pa.Check(_period_in_order, name="till_ar", error="Till år är före från år."),
        pa.Check(
            _periods_apart,
            name="fran_ar",
            error="Perioden överlappar en annan rad: varje år får bara ha ett standardmål.",
        ),
    ],
    strict=True,
    name="mal_standard",
)

NYCKELTAL = pa.DataFrameSchema(
    {
        "id": pa.Column(str, _code(r"[a-z0-9_]+", "a–z, 0–9 och _ (gemener)")),
        "namn": pa.Column(str, _filled("Namnet får inte vara tomt.")),
        "enhet": pa.Column(
            str,
            pa.Check(
                lambda s: s.isin(ENHETER),
                error="Okänd enhet. Tillåtna: " + ", ".join(ENHETER) + ".",
            ),
        ),
        "definition": pa.Column(str, _filled("Definitionen får inte vara tom.")),
        "kalla": pa.Column(str, _filled("Källan får inte vara tom.")),
        "hogre_ar_battre": pa.Column(str, _ja_nej("Högre är bättre")),
    },
    strict=True,
    name="nyckeltal",
)

#: Every reference file (`<name>.csv` under the reference folder) and its schema, in load order.
REFERENCE_SCHEMAS: dict[str, pa.DataFrameSchema] = {
    "forvaltningar": FORVALTNINGAR,
    "anstallningsformer": ANSTALLNINGSFORMER,
    "malgrupper": MALGRUPPER,
    "mal_standard": MAL_STANDARD,
    "nyckeltal": NYCKELTAL,
}
