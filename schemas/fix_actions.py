"""What the user does to fix a cell the contract refused: the column "Så rättar du" beside the
message (which states the rule). One imperative sentence per column name, shared by every
input kind that has the column; a column without its own sentence gets one by its type.
"""

from __future__ import annotations

from schemas.contract import Field

#: Per column name (`Field.name`): what to write in the cell.
ACTIONS: dict[str, str] = {
    "manad": "Skriv månaden som år och månad, t.ex. 2026-03.",
    "startmanad": "Skriv månaden som år och månad, t.ex. 2026-03.",
    "slutmanad": "Skriv månaden som år och månad, t.ex. 2027-02.",
    "ar": "Skriv året med fyra siffror, t.ex. 2026.",
    "forvaltning": (
        "Skriv förvaltningens kod, t.ex. VOF, eller hela namnet som på bladet Giltiga värden."
    ),
    "anstallningsform": "Välj anställningsformen i listan i mallen (eller skriv dess kod).",
    "malgrupp": "Välj målgruppen i listan i mallen, eller lämna cellen tom.",
    "kon": "Skriv kvinna eller man (K eller M går också), eller lämna cellen tom.",
    "fran_forsorjningsstod": "Skriv ja eller nej, eller lämna cellen tom.",
    "antal": "Skriv antalet som ett heltal, t.ex. 3 (0 om inga anställningar började).",
    "mal": "Skriv målet som ett heltal större än 0, t.ex. 40.",
    "utbetalt": "Skriv beloppet i hela kronor, t.ex. 10512 eller 10 512, utan ”kr”.",
}
#: Per dtype: the sentence for a column without its own.
BY_TYPE: dict[str, str] = {
    "int64": "Skriv ett heltal, t.ex. 12, utan text eller enhet.",
    "Int64": "Skriv ett heltal, t.ex. 12, utan text eller enhet, eller lämna cellen tom.",
    "float64": "Skriv ett tal, t.ex. 12,5, utan text eller enhet.",
}


def fix_action(field: Field) -> str:
    """What to write in a cell of `field` that the contract refused; the field's rule when no
    sentence fits."""
    return ACTIONS.get(field.name) or BY_TYPE.get(field.dtype) or field.rule
