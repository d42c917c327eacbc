"""Contract for the kind `sos_manad`: Socialstyrelsen's published monthly statistics
(*Ekonomiskt bistånd, månad*), used to compare the municipality with the country, its län and a
comparison group.

The file is the statistics database's export, a wide table (checked on a real export):

- row 1, the title: `Ekonomiskt bistånd, <mått>` (a filter value may follow after a comma, and
  the year stands at the end of the title when `År` is not a column);
- row 2, the header: `Region`, optional category columns (`År`, household background, …), then
  `Januari` … `December`;
- data rows: region names (`Riket`, `Skåne län`, `Lund`), numbers, `X` (masked for
  confidentiality) and `--` (not reported);
- footnote rows directly under the data (one text cell each), then the last row
  `Socialstyrelsens statistikdatabas ÅÅÅÅ-MM-DD` (the extraction date).

`pipelines/ingest/read/sos.py` turns it into one row per (mått, region, kategori, månad) with a
status per cell; `LONG_SCHEMA` below is the Pandera model of those rows. What is stored and what a
newer export replaces is the cell: (mått, region, kategori, månad), earlier versions kept.
Pure: stdlib, pandas, pandera.
"""

from __future__ import annotations

import re

import pandas as pd
import pandera.pandas as pa

from schemas import values
from schemas.contract import Contract, Field, ParseContext
from schemas.parsing import normalize_name

KIND = "sos_manad"

#: The month columns, exactly as the export writes them, in order.
MONTHS: tuple[str, ...] = (
    "Januari", "Februari", "Mars", "April", "Maj", "Juni",
    "Juli", "Augusti", "September", "Oktober", "November", "December",
)  # fmt: skip
MONTH_COLUMNS: tuple[str, ...] = tuple(normalize_name(m) for m in MONTHS)

#: The title of every table of this statistics product starts so; the measure follows.
TITLE_PREFIX = "Ekonomiskt bistånd"
#: The export's last row: the source and the extraction date.
SOURCE_LINE = re.compile(r"Socialstyrelsens statistikdatabas\s+(\d{4}-\d{2}-\d{2})\s*$")

#: How a cell that is not a number is written in the export.
MASKED = "X"
NOT_REPORTED = "--"

#: Status of a stored cell: a number, masked for confidentiality, not reported.
STATUS_VALUE = "varde"
STATUS_MASKED = "sekretess"
STATUS_MISSING = "saknas"
STATUSES = (STATUS_VALUE, STATUS_MASKED, STATUS_MISSING)

#: Region types in the region reference list (`data/reference/regioner.csv`).
REGION_TYPES = ("riket", "lan", "kommun")
#: Region types that are totals over municipalities: never masked in a real export.
TOTAL_REGION_TYPES = ("riket", "lan")

#: A month whose value differs from the mean of both neighbours by more than this share is an
#: anomaly (`avvikelse`), e.g. a January that looks like a reporting gap.
ANOMALY_THRESHOLD = 0.15

#: The stored columns of one cell (the long form), and what a newer export replaces.
STORED_COLUMNS = ("matt", "region", "kategori", "manad", "varde", "status")
SLICE_KEY = ("matt", "region", "kategori", "manad")


def region_key(name: str) -> str:
    """How region names are matched: case and spacing do not matter, å/ä/ö do (Håbo ≠ Habo)."""
    return " ".join(str(name).replace("\u00a0", " ").split()).casefold()


def _region(text: str, ctx: ParseContext) -> str:
    return text.strip()


def _cell(text: str, ctx: ParseContext) -> float | None:
    """A month cell: a number ≥ 0, `X` or `--` (the reader keeps the status)."""
    if text.strip() in (MASKED, NOT_REPORTED):
        return None
    return values.amount(text, ctx)


#: What the contract doc and the template say about the layout, beyond the columns.
LAYOUT_NOTES = (
    "Rad 1 är titeln, en cell: Ekonomiskt bistånd, <mått> (t.ex. Antal hushåll); ett "
    "filtervärde kan följa efter ytterligare ett komma, och året står sist i titeln när År "
    "inte är en kolumn.",
    "Rad 2 är rubrikraden: Region, eventuella kategorikolumner (t.ex. År, hushållstyp), sedan "
    "Januari … December i den ordningen.",
    "X betyder att värdet är skyddat av sekretess, -- att uppgift saknas. Sekretess är inte noll "
    "och inte saknat: båda lagras med sin status. Riket och län maskeras aldrig.",
    "Fotnoter står direkt under tabellen (en textcell per rad); sista raden är "
    "Socialstyrelsens statistikdatabas ÅÅÅÅ-MM-DD, uttagsdatumet. Båda sparas med filen.",
    "En nyare export ersätter de celler (mått, region, kategori, månad) den innehåller; den "
    "tidigare versionen sparas.",
)


CONTRACT = Contract(
    kind=KIND,
    title="Socialstyrelsens statistik",
    fields=(
        Field(
            "region",
            "Region",
            True,
            _region,
            "str",
            "Riket, ett län eller en kommun, skrivet som i Socialstyrelsens statistikdatabas "
            "(Riket, Skåne län, Lund). Namnet måste finnas i referenslistan över regioner.",
        ),
        Field(
            "ar",
            "År",
            False,
            values.year,
            "int64",
            "År, t.ex. 2025. Saknas kolumnen ska året stå sist i titelraden.",
        ),
        *(
            Field(
                name,
                label,
                True,
                _cell,
                "float64",
                f"{label}: ett tal ≥ 0, X (sekretess) eller -- (uppgift saknas).",
            )
            for name, label in zip(MONTH_COLUMNS, MONTHS, strict=True)
        ),
    ),
    unique_key=("region", "ar"),
    slice_key=SLICE_KEY,
    total_label_column=None,
    stored_columns=STORED_COLUMNS,
    layout_notes=LAYOUT_NOTES,
    label="Socialstyrelsens månadsstatistik",
    measure="varde",
    measure_explanation="Siffran är Socialstyrelsens värde för regionen och månaden (– för X "
    "eller --). En nyare export ersätter de celler den innehåller; den tidigare versionen sparas.",
    change_columns=("manad", "region"),
    reader="sos_wide",
    # Rows from the real export's excerpt, with X and --.
    examples=(
        ("Riket", "2025", 88264, 92917, 93336, 93342, 90625, 91229, 90940, 90810, *["--"] * 4),
        ("Lund", "2025", 1020, 1127, 1122, 1114, 1076, 1090, 1083, 1106, *["--"] * 4),
        ("Arjeplog", "2025", "X", 6, 6, 6, 5, 6, 7, 5, *["--"] * 4),
    ),
    above_header=(("Ekonomiskt bistånd, Antal hushåll",),),
    below_data=(
        (
            "Juli 2025: Värden har använts från föregående månad för kommunerna Burlöv, Kalix, "
            "Ljungby och Österåker för att skatta riket och länet",
        ),
        ("Socialstyrelsens statistikdatabas 2025-10-05",),
    ),
)

# --- the long form: one row per (mått, region, kategori, månad) ---------------------------------


def _value_matches_status(frame: pd.DataFrame) -> pd.Series:
    has_value = frame["varde"].notna()
    return (has_value == (frame["status"] == STATUS_VALUE)).astype(bool)


def _totals_not_masked(frame: pd.DataFrame) -> pd.Series:
    return ~(frame["region_typ"].isin(TOTAL_REGION_TYPES) & (frame["status"] == STATUS_MASKED))


MESSAGE_VALUE_STATUS = "Cellen ska vara ett tal, X (sekretess) eller -- (uppgift saknas)."
MESSAGE_MASKED_TOTAL = (
    "X (sekretess) i en summa: riket och länen är summor över kommunerna och maskeras aldrig av "
    "Socialstyrelsen. Filen har troligen ändrats efter exporten."
)
MESSAGE_DUPLICATE = "Samma region, kategori och månad finns på flera rader."

LONG_SCHEMA = pa.DataFrameSchema(
    {
        "matt": pa.Column(str, pa.Check.str_length(min_value=1, error="Måttet saknas i titeln.")),
        "region": pa.Column(str, pa.Check.str_length(min_value=1, error="Regionen saknas.")),
        "region_typ": pa.Column(
            str, pa.Check.isin(REGION_TYPES, error="Regionen finns inte i referenslistan.")
        ),
        "kategori": pa.Column(str),
        "manad": pa.Column(object),
        "varde": pa.Column(
            "float64",
            pa.Check.ge(0, error="Värdet får inte vara negativt."),
            nullable=True,
        ),
        "status": pa.Column(
            str, pa.Check.isin(STATUSES, error="Okänd status: varde, sekretess eller saknas.")
        ),
        "rad": pa.Column("int64"),
        "kolumn": pa.Column(str),
    },
    checks=[
        pa.Check(_value_matches_status, error=MESSAGE_VALUE_STATUS),
        pa.Check(_totals_not_masked, error=MESSAGE_MASKED_TOTAL),
    ],
    unique=list(SLICE_KEY),
    report_duplicates="all",
    strict=True,
    coerce=False,
    name="sos_manad",
)

#: The column whose failure cases stand for a frame-wide check (status is never missing, so
#: Pandera reports it; the finding points at the month cell).
CHECK_COLUMNS = {MESSAGE_VALUE_STATUS: "status", MESSAGE_MASKED_TOTAL: "status"}


# --- the region reference list (data/reference/regioner.csv) ------------------------------------


def _one_own(frame: pd.DataFrame) -> pd.Series:
    own = frame["egen"].str.casefold() == "ja"
    return pd.Series(own.sum() == 1, index=frame.index) | ~own


REGIONER = pa.DataFrameSchema(
    {
        "kod": pa.Column(
            str,
            [
                pa.Check(
                    lambda s: s.str.fullmatch(r"\d{2}|\d{4}"),
                    error="Koden ska vara två siffror (riket, län) eller fyra (kommun).",
                ),
                pa.Check(
                    lambda s: ~s.duplicated(keep=False), error="Koden finns på mer än en rad."
                ),
            ],
        ),
        "namn": pa.Column(
            str,
            [
                pa.Check(lambda s: s.str.len() > 0, error="Namnet får inte vara tomt."),
                pa.Check(
                    lambda s: ~s.map(region_key).duplicated(keep=False),
                    error="Namnet finns på mer än en rad.",
                ),
            ],
        ),
        "typ": pa.Column(
            str,
            pa.Check.isin(REGION_TYPES, error="Typen ska vara riket, lan eller kommun."),
        ),
        "lan_kod": pa.Column(str),
        "lan": pa.Column(str),
        "jamforelsegrupp": pa.Column(str),
        #: Further comparison groups the municipality belongs to, selectable beside its
        #: kommungrupp (e.g. an Arbetsförmedlingen area), separated by `|`; optional.
        "grupper": pa.Column(str, required=False),
        "egen": pa.Column(
            str,
            pa.Check(
                lambda s: s.str.casefold().isin(("ja", "nej")),
                error="Egen ska vara ”ja” eller ”nej”.",
            ),
        ),
    },
    checks=[
        pa.Check(
            _one_own,
            name="egen",
            error="Exakt en kommun ska vara markerad som egen (egen = ja).",
        ),
    ],
    strict=True,
    name="regioner",
)
