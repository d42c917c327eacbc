"""The import page's Swedish texts and tables: what a file holds, what storing it changes, its
errors as a table, the templates and their column guide, and escaping for markdown.

Everything that comes from an uploaded file (file name, sheet name, cell values) stays plain
text here; `escape_markdown` and `markdown_safe` make it safe for the few Streamlit elements
that render markdown (headings, alerts, button labels, `st.table`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from pipelines import config
from pipelines.formatting import MISSING, fmt_int, fmt_month, fmt_number
from pipelines.ingest.read.delimited import DELIMITER_NAMES
from pipelines.ingest.store import SliceChange
from pipelines.ingest.validate import ValidatedFile
from schemas.contract import SLICE_HEADINGS
from schemas.findings import Finding
from schemas.kinds import CONTRACTS, KIND_LABELS


@dataclass
class EarlierIngest:
    """The earlier ingest that stored the same content."""

    ingest_id: int
    file_name: str
    stored_at: datetime


#: Columns of the error and warning tables, as the analyst reads them.
FINDING_COLUMNS = ["Rad", "Kolumn", "Värde", "Fel", "Så rättar du"]
#: Columns of the table of what storing would change: the slice, then old and new figure.
CHANGE_COLUMNS = ["Månad", "År", "Förvaltning", "Lagrat nu", "Nytt", "Skillnad", "Ändring"]
ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 (med BOM)",
    "utf-16": "UTF-16",
    "cp1252": "Windows-1252",
}


def measure_explanation(kind: str | None) -> str:
    """What the figure in the table of changes is, and what a delivery replaces (the kind's
    declaration)."""
    return CONTRACTS[kind].measure_explanation if kind in CONTRACTS else ""


CHANGE_NEW = "Ny"
CHANGE_REPLACED = "Ersätts"
CHANGE_SAME = "Oförändrad"


def changes_frame(
    kind: str | None, changes: list[SliceChange], names: dict[str, str]
) -> pd.DataFrame:
    """What storing replaces, one row per slice, every figure as Swedish text."""
    rows = []
    for change in changes:
        old, new = change.old_total, change.new_total
        if change.is_new:
            what = CHANGE_NEW
        else:
            what = CHANGE_REPLACED if change.changed else CHANGE_SAME
        rows.append(
            {
                "Månad": fmt_month(change.manad) if change.manad else "",
                "År": str(change.ar) if change.ar is not None else "",
                "Förvaltning": _forvaltning_text(change.forvaltning, names),
                "Lagrat nu": _figure(old),
                "Nytt": _figure(new),
                "Skillnad": MISSING if old is None else _figure(new - old, signed=True),
                "Ändring": what,
                **{
                    heading: _slice_part(change.slice_key, column)
                    for column, heading in _KEY_HEADINGS.items()
                },
            }
        )
    frame = pd.DataFrame(rows, columns=[*CHANGE_COLUMNS, *_KEY_HEADINGS.values()])
    slices = CONTRACTS[kind].change_headings if kind in CONTRACTS else ["Månad"]
    return frame[[*slices, *CHANGE_COLUMNS[3:]]]


#: Slice-key columns shown as the key's own text (the others have columns of their own).
_KEY_HEADINGS = {c: h for c, h in SLICE_HEADINGS.items() if c not in ("manad", "ar", "forvaltning")}


#: The table of changes after storing: the headings and words in the past tense.
STORED_HEADINGS = {"Lagrat nu": "Före", "Nytt": "Lagrat nu"}
STORED_WORDS = {CHANGE_REPLACED: "Ersatt", CHANGE_NEW: "Ny", CHANGE_SAME: "Oförändrad"}


def stored_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """`changes_frame` as it reads once the file is stored: `Före` and `Lagrat nu` (the figure
    before and after), `Ersatt` instead of `Ersätts`."""
    out = frame.rename(columns=STORED_HEADINGS)
    if "Ändring" in out:
        out["Ändring"] = out["Ändring"].map(lambda w: STORED_WORDS.get(w, w))
    return out


def _slice_part(key: str, name: str) -> str:
    """One part of a slice key (`region` of `matt=…;region=Lund;…`), or ""."""
    for part in key.split(";"):
        if part.startswith(name + "="):
            return part[len(name) + 1 :]
    return ""


def _forvaltning_text(code: str | None, names: dict[str, str]) -> str:
    if code is None:
        return ""
    if code == "":
        return "Hela kommunen"
    return f"{code} – {names[code]}" if code in names else code


def _figure(value: float | None, *, signed: bool = False) -> str:
    if value is None:
        return MISSING
    decimals = 0 if float(value).is_integer() else 2
    return fmt_number(value, decimals, signed=signed)


def findings_frame(findings: list[Finding]) -> pd.DataFrame:
    """Findings as the table the analyst reads: Excel row, column, value, what, how to fix."""
    rows = [
        {
            "Rad": "" if f.row is None else str(f.row),
            "Kolumn": f.column or "",
            "Värde": "" if f.value is None else f.value,
            "Fel": f.message,
            "Så rättar du": f.hint or "",
        }
        for f in findings
    ]
    return pd.DataFrame(rows, columns=FINDING_COLUMNS, dtype="str")


def months_text(months: list[date]) -> str:
    if not months:
        return MISSING
    if len(months) == 1:
        return fmt_month(months[0])
    return f"{fmt_month(months[0])} – {fmt_month(months[-1])}"


def readable_months(v: ValidatedFile) -> list[date]:
    """The months (for `mal`: January of each year) of the rows that could be read; a file with
    errors has rows whose month or year is missing."""
    if v.ok:
        return v.months()
    if "manad" in v.frame:
        return sorted({m for m in v.frame["manad"] if isinstance(m, date)})
    if "startmanad" in v.frame:  # avtal: the first and last month of the contracts' terms
        ends = [m for m in (*v.frame["startmanad"], *v.frame["slutmanad"]) if isinstance(m, date)]
        return [min(ends), max(ends)] if ends else []
    return sorted({date(int(y), 1, 1) for y in v.frame["ar"] if not pd.isna(y)})


def kinds_text() -> str:
    """Every kind the product accepts, in running Swedish: `anställningar, …, eller mål`."""
    labels = list(KIND_LABELS.values())
    return ", ".join(labels[:-1]) + " eller " + labels[-1]


def kind_label(v: ValidatedFile) -> str:
    return KIND_LABELS.get(v.kind or "", "okänd filtyp")


def facts(v: ValidatedFile) -> dict[str, str]:
    """Label → value (Swedish text) of what was detected in the file."""
    facts = {"Filtyp": kind_label(v)}
    raw = v.raw
    if raw is not None:
        if raw.file_format == "csv":
            facts["Format"] = "CSV"
            facts["Teckenkodning"] = ENCODING_NAMES.get(raw.encoding or "", raw.encoding or "")
            facts["Avgränsare"] = DELIMITER_NAMES.get(raw.delimiter or "", raw.delimiter or "")
        else:
            facts["Format"] = "Excel"
            facts["Kalkylblad"] = raw.sheet or ""
        facts["Rubrikrad"] = f"rad {raw.header_row}"
    if v.frame is not None:
        months = readable_months(v)
        facts["Rader"] = fmt_int(len(v.frame))
        if v.contract is not None and v.contract.yearly:
            facts["År"] = ", ".join(str(m.year) for m in months)
        else:
            facts["Månader"] = months_text(months)
            facts["Antal månader"] = fmt_int(len(months))
        contract = v.contract
        if contract and not contract.yearly and "forvaltning" in contract.slice_key:
            codes = sorted({str(c) for c in v.frame["forvaltning"] if isinstance(c, str)})
            facts["Förvaltningar"] = ", ".join(codes)
        if v.total_rows:
            facts["Summeringsrader"] = ", ".join(f"rad {r}" for r in v.total_rows)
    export = getattr(v, "export", None)  # Socialstyrelsen's export: what it says of itself
    if export is not None:
        facts["Titel"] = export.title
        facts["Uttagsdatum"] = (
            export.extraction_date.isoformat() if export.extraction_date else MISSING
        )
        facts["Fotnoter"] = fmt_int(len(export.footnotes))
    facts["Fel"] = fmt_int(len(v.errors))
    facts["Varningar"] = fmt_int(len(v.warnings))
    return facts


def summary_lines(
    v: ValidatedFile, changes: list[SliceChange], earlier: EarlierIngest | None
) -> list[str]:
    """A short Swedish account of the check (plain text: may hold the file's own names)."""
    if not v.ok:
        return [
            f"Filen har {count(len(v.errors), 'fel', 'fel')} och kan inte lagras. Ingenting har "
            "sparats: rätta felen i filen och ladda upp den igen."
        ]
    lines = []
    if earlier is not None:
        e = earlier
        lines.append(
            f"Filen är redan inläst (inläsning {e.ingest_id}, {e.stored_at:%Y-%m-%d %H:%M}, "
            f"som ”{e.file_name}”). Att lagra den igen ändrar ingenting."
        )
    months = v.months()
    yearly = v.contract is not None and v.contract.yearly
    period = ", ".join(str(m.year) for m in months) if yearly else months_text(months)
    lines.append(f"{count(len(v.frame), 'rad', 'rader')} {kind_label(v)} för {period}.")
    new = sum(1 for c in changes if c.is_new)
    replaced = sum(1 for c in changes if not c.is_new and c.changed)
    same = sum(1 for c in changes if not c.is_new and not c.changed)
    lines.append(
        f"Att lagra filen lägger till {count(new, 'ny del', 'nya delar')}, ersätter "
        f"{count(replaced, 'del', 'delar')} med ändrade siffror och "
        f"{count(same, 'del', 'delar')} med samma siffror."
    )
    replacing = [c for c in changes if not c.is_new and c.changed]
    if replacing:
        removed = sum(c.old_rows for c in replacing)
        added = sum(c.new_rows for c in replacing)
        lines.append(
            "En ändrad del byts ut helt: lagringen tar bort "
            f"{count(removed, 'lagrad rad', 'lagrade rader')} och lägger in "
            f"{count(added, 'ny rad', 'nya rader')} i deras ställe."
        )
    if v.total_rows:
        lines.append(
            "Summeringsraderna stämmer med summan av raderna och lagras inte "
            f"({', '.join(f'rad {r}' for r in v.total_rows)})."
        )
    if v.warnings:
        lines.append(f"{count(len(v.warnings), 'varning', 'varningar')}: de hindrar inte lagring.")
    return lines


def count(n: int, singular: str, plural: str) -> str:
    """`1 rad`, `3 rader` (Swedish number format)."""
    return f"{fmt_int(n)} {singular if n == 1 else plural}"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^])")


def escape_markdown(text: str) -> str:
    """Text from a file, safe to put into Streamlit markdown (labels, headings): every markdown
    and directive character is escaped, so nothing in it is rendered as formatting or a link."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")


@dataclass(frozen=True)
class TemplateFile:
    """One downloadable template: button label, file name, bytes and MIME type."""

    label: str
    file_name: str
    data: bytes
    mime: str


TEMPLATE_FORMATS = {
    "csv": ("CSV", "text/csv"),
    "xlsx": ("Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


def template_files(kind: str) -> list[TemplateFile]:
    """The committed templates of `kind` (`data/templates/mall_<kind>.csv|xlsx`) that exist."""
    files = []
    for suffix, (label, mime) in TEMPLATE_FORMATS.items():
        path = config.TEMPLATES_DIR / f"mall_{kind}.{suffix}"
        if path.is_file():
            files.append(TemplateFile(f"Mall som {label}", path.name, path.read_bytes(), mime))
    return files


def markdown_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Every cell, header and index label escaped, for `st.table` (which renders markdown)."""
    safe = frame.map(escape_markdown)
    safe.columns = [escape_markdown(c) for c in safe.columns]
    safe.index = pd.Index([escape_markdown(i) for i in safe.index], name=frame.index.name)
    return safe


def contract_guide(kind: str) -> pd.DataFrame:
    """The columns of a kind's template: Kolumn, Obligatorisk (ja/nej), Regel (Swedish)."""
    return pd.DataFrame(
        [
            {"Kolumn": f.label, "Obligatorisk": "ja" if f.required else "nej", "Regel": f.rule}
            for f in CONTRACTS[kind].fields
        ],
        dtype="str",
    )
