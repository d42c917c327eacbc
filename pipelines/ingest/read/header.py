"""Header-row search for `pipelines.ingest.read`, and the Swedish message when there is none."""

from __future__ import annotations

from pipelines.ingest.read.delimited import Row
from schemas import guard
from schemas.findings import Finding, error
from schemas.kinds import COLUMN_LABELS as COLUMN_DISPLAY
from schemas.kinds import KIND_LABELS as KIND_DISPLAY
from schemas.parsing import normalize_name

HEADER_SEARCH_ROWS = 10


def find_header(rows: list[Row], required: dict[str, set[str]]) -> tuple[int, str] | None:
    """(position in `rows`, kind) of the first of the first 10 rows that names a kind's columns.

    A row matches a kind when its normalised cells include all the kind's required columns;
    when several kinds match, the one with the most required columns is the more specific one.
    """
    for position, (number, cells) in enumerate(rows):
        if number > HEADER_SEARCH_ROWS:
            break
        names = {normalize_name(cell) for cell in cells}
        kinds = [kind for kind, columns in required.items() if columns and columns <= names]
        if kinds:
            return position, max(kinds, key=lambda kind: len(required[kind]))
    return None


def _display(kind: str, columns: set[str]) -> str:
    order = list(COLUMN_DISPLAY)
    ordered = sorted(columns, key=lambda c: (order.index(c) if c in order else len(order), c))
    names = [COLUMN_DISPLAY.get(c, c.replace("_", " ")) for c in ordered]
    joined = ", ".join(names[:-1]) + " och " + names[-1] if len(names) > 1 else names[0]
    return f"{joined} ({KIND_DISPLAY.get(kind, kind)})"


def no_header_finding(
    rows: list[Row], required: dict[str, set[str]], file_name: str, sheet: str | None
) -> Finding:
    """Say which columns a header needs and, when a row comes close, which ones it lacks."""
    expected = " eller ".join(_display(kind, cols) for kind, cols in required.items() if cols)
    message = (
        f"Hittade ingen rubrikrad bland de {HEADER_SEARCH_ROWS} första raderna. "
        f"Rubrikraden ska ha kolumnerna {expected}."
    )
    best: tuple[int, int, set[str], str] | None = None  # (matches, row, missing, kind)
    for number, cells in rows[:HEADER_SEARCH_ROWS]:
        names = {normalize_name(cell) for cell in cells}
        for kind, columns in required.items():
            matches = len(columns & names)
            if matches and (best is None or matches > best[0]):
                best = (matches, number, columns - names, kind)
    if best:
        missing = ", ".join(f"”{COLUMN_DISPLAY.get(c, c)}”" for c in sorted(best[2]))
        hint = f"Rad {best[1]} liknar en rubrikrad men saknar {missing}."
    else:
        hint = "Kontrollera att rubrikerna är stavade som i mallen."
    # A header that looks right but holds a control character or a look-alike letter (Cyrillic
    # А in ”Аntal”): say so, or the message contradicts what the user sees.
    for _number, cells in rows[:HEADER_SEARCH_ROWS]:
        for cell in cells:
            unusual = guard.unusual_characters(cell)
            if unusual:
                hint += f" Rubriken ”{guard.visible(cell)}”: {unusual}"
                break
        else:
            continue
        break
    if sheet is not None:
        hint += (
            f" Arbetsboken lästes från bladet ”{guard.visible(sheet)}”: det första synliga bladet "
            "med en rubrikrad läses."
        )
    return error(message, file=file_name, row=best[1] if best else None, hint=hint)
