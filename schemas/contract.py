"""The shape every input kind's contract takes: ONE declaration per kind (a `Contract`).

Each kind module (`anstallningar`, `forsorjningsstod`, `mal`, …) declares a `CONTRACT` of this
shape and `schemas/kinds.py` registers it. Everything that differs between kinds lives here:
its columns and row rules (the Pandera model), what a delivery replaces (`slice_key`), the
figure that sums up a slice (`measure`), which reader reads it, the checks against the reference
data (`checks`) and against what the warehouse stores (`stored_checks`), the template's example
rows and drop-downs, and its Swedish words. The table and view names are derived from the kind
(`version_table`, `current_view`); the ingest stage, the warehouse's `*_current` views, the
templates, the import page and the docs loop over the registered kinds.

Parsing turns the text of a cell into a typed value (or a Swedish error); the Pandera model then
checks the typed rows: types, ranges, uniqueness and the rules that span columns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd
import pandera.pandas as pa

from schemas.findings import Problem

if TYPE_CHECKING:
    from schemas.reference_lists import Reference

UNIQUENESS_CHECK = "multiple_fields_uniqueness"


@dataclass(frozen=True)
class ParseContext:
    """What parsing a cell may depend on: the reference lists and the current month."""

    reference: Reference
    current_month: date


Parser = Callable[[str, ParseContext], Any]


@dataclass(frozen=True)
class Field:
    """One column of an input kind.

    `name` is the normalised header (`fran_forsorjningsstod`), `label` the header as the
    template writes it (`Från försörjningsstöd`), `dtype` the pandas dtype after parsing,
    `default` the value an empty optional cell gets (None = not reported), `rule` the contract's
    rule in Swedish, for templates, guides and messages.
    """

    name: str
    label: str
    required: bool
    parse: Parser
    dtype: str
    rule: str
    default: Any = None
    checks: tuple[pa.Check, ...] = ()


@dataclass(frozen=True)
class RowRule:
    """A rule over the columns of one row. `check` returns True for every row that passes."""

    message: str
    columns: tuple[str, ...]
    check: Callable[[pd.DataFrame], pd.Series]
    hint: str | None = None


#: A check of a whole file against the reference data (beyond one row): the typed rows in, the
#: problems out (e.g. more hires in a month than the förvaltning has employees).
FileCheck = Callable[[pd.DataFrame, ParseContext], list[Problem]]


@dataclass(frozen=True)
class StoredCheck:
    """A check of a delivered file against what the warehouse stores, pure: the ingest stage
    reads `columns` of the view or table `reads` (current figures) and calls
    `check(rows, stored)` with the file's typed rows. Run at the preview and, when the warehouse
    changed since, again in the store's write transaction."""

    reads: str
    columns: tuple[str, ...]
    check: Callable[[pd.DataFrame, pd.DataFrame], list[Problem]]


#: The readers a kind can have: a table with one header row, or Socialstyrelsen's wide export
#: (a title, a header of months, footnotes and an extraction date).
Reader = Literal["tabular", "sos_wide"]

#: The heading of a slice-key column in the table of what storing changes.
SLICE_HEADINGS = {
    "manad": "Månad",
    "anstallningsmanad": "Anställningsmånad",
    "ar": "År",
    "forvaltning": "Förvaltning",
    "region": "Region",
    "avtal": "Avtal",
    "uppfoljning": "Uppföljning",
}


@dataclass(frozen=True)
class Contract:
    """Everything the product promises about one kind of input file, declared once."""

    kind: str
    title: str
    fields: tuple[Field, ...]
    #: Columns whose combination may appear only once in a file.
    unique_key: tuple[str, ...]
    #: What a delivered file replaces: every stored row with the same values of these columns.
    slice_key: tuple[str, ...]
    #: The column whose text marks a total row (`Summa`, `Totalt`, …); None: no total rows.
    total_label_column: str | None
    rules: tuple[RowRule, ...] = ()
    #: Rules that need the reference data (built per validation).
    reference_rules: Callable[[ParseContext], tuple[RowRule, ...]] = field(default=lambda ctx: ())
    #: The columns stored per row, when they differ from the delivered ones (a wide file stored
    #: long, like Socialstyrelsen's export); empty: the fields as delivered.
    stored_columns: tuple[str, ...] = ()
    #: What the contract doc says about the layout beyond the columns (one sentence a line).
    layout_notes: tuple[str, ...] = ()
    #: The kind in running Swedish text (`anställningar`, `Socialstyrelsens månadsstatistik`).
    label: str = ""
    #: The figure that sums up a slice in previews and the revision history (SQL over a row).
    measure: str = ""
    #: What that figure is and what a delivery replaces, for the import page (Swedish).
    measure_explanation: str = ""
    #: The slice-key columns the table of changes shows (default: those with a heading).
    change_columns: tuple[str, ...] = ()
    #: Which reader reads the file.
    reader: Reader = "tabular"
    #: Checks of the whole file against the reference data (errors or warnings).
    checks: tuple[FileCheck, ...] = ()
    #: Checks against what the warehouse stores.
    stored_checks: tuple[StoredCheck, ...] = ()
    #: A column whose header names a person (`Namn`, `E-post`) rejects the file, where another
    #: unknown column only gets a warning.
    refuse_personal_columns: bool = False
    #: The template's example rows, as a user would type them (valid against the contract).
    examples: tuple[tuple[Any, ...], ...] = ()
    #: Whether the template marks its example rows (`Exempel 2025-01`), so that a template
    #: uploaded unchanged is refused instead of stored.
    mark_examples: bool = False
    #: The Excel template's drop-down lists: column → list name (see outputs/templates).
    dropdowns: tuple[tuple[str, str], ...] = ()
    #: Rows above the header and below the data, as the real file has them.
    above_header: tuple[tuple[str, ...], ...] = ()
    below_data: tuple[tuple[str, ...], ...] = ()
    #: Whether the CSV template writes thousands with a space (amounts of kronor).
    thousands_in_template: bool = False
    #: The columns that date a row: one month column (`manad`), a year (`ar`), or a term's
    #: first and last month (`startmanad`, `slutmanad`).
    period_columns: tuple[str, ...] = ("manad",)

    @property
    def version_table(self) -> str:
        """Every delivered version of the kind's rows (`<kind>_version`)."""
        return f"{self.kind}_version"

    @property
    def current_view(self) -> str:
        """The current rows: the version of each slice that nothing has replaced."""
        return f"{self.kind}_current"

    @property
    def yearly(self) -> bool:
        """A kind dated by years, not months (targets)."""
        return self.period_columns == ("ar",)

    @property
    def slice_month(self) -> str | None:
        """The slice-key column that is a month (kept as `slice_version.manad`), if any."""
        return next((c for c in self.slice_key if c.endswith("manad")), None)

    @property
    def change_headings(self) -> list[str]:
        """Headings of the slice columns in the table of what storing changes."""
        columns = self.change_columns or tuple(c for c in self.slice_key if c in SLICE_HEADINGS)
        return [SLICE_HEADINGS[c] for c in columns]

    def slice_key_text(self, row: dict) -> str:
        """The text key of a slice, e.g. `manad=2025-03;forvaltning=VOF` (months as YYYY-MM).
        `slice_key_sql` builds the same text in DuckDB: the two must agree."""
        parts = []
        for column in self.slice_key:
            value = row[column]
            if column == self.slice_month:
                value = f"{value:%Y-%m}"
            elif isinstance(value, float) and value.is_integer():
                value = int(value)
            parts.append(f"{column}={value}")
        return ";".join(parts)

    def slice_key_sql(self, alias: str) -> str:
        """`slice_key_text` as a DuckDB expression over the columns of `alias`."""
        parts = []
        for column in self.slice_key:
            value = f"{alias}.{column}"
            if column == self.slice_month:
                value = f"strftime({value}, '%Y-%m')"
            parts.append(f"'{column}=' || {value}")
        return " || ';' || ".join(parts)

    @property
    def required_columns(self) -> set[str]:
        return {f.name for f in self.fields if f.required}

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.fields]

    @property
    def value_columns(self) -> list[str]:
        """The columns a stored row has (besides its ingest id)."""
        return list(self.stored_columns) or self.names

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    def pandera_schema(self, ctx: ParseContext) -> pa.DataFrameSchema:
        """The Pandera model of the parsed rows (one per validation: reference rules vary)."""
        columns = {
            f.name: pa.Column(
                f.dtype, checks=list(f.checks), nullable=not f.required and f.default is None
            )
            for f in self.fields
        }
        rules = self.rules + self.reference_rules(ctx)
        checks = [pa.Check(rule.check, error=rule.message) for rule in rules]
        return pa.DataFrameSchema(
            columns,
            checks=checks,
            unique=list(self.unique_key),
            report_duplicates="all",
            strict=False,
            coerce=False,
        )

    def all_rules(self, ctx: ParseContext) -> tuple[RowRule, ...]:
        return self.rules + self.reference_rules(ctx)
