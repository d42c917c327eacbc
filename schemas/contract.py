"""The shape every input kind's contract takes: its columns, row rules and Pandera model.

Each kind module (`anstallningar`, `forsorjningsstod`, `mal`) declares a `CONTRACT` of this
shape; `pipelines/validate.py` applies it. Parsing turns the text of a cell into a typed value
(or a Swedish error); the Pandera model then checks the typed rows: types, ranges, uniqueness and
the rules that span columns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

import pandas as pd
import pandera.pandas as pa

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


@dataclass(frozen=True)
class Contract:
    """Everything the product promises about one kind of input file."""

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
