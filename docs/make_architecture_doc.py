"""Writes docs/architecture.md from the packages' and modules' own docstrings and the layers
contract in pyproject.toml, so the map cannot drift from the code (tests/test_docs.py checks that
the committed file is what this renders): `python docs/make_architecture_doc.py`."""

from __future__ import annotations

import ast
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

INTRO = """# Architecture

Generated from the docstrings of the packages and modules (`python docs/make_architecture_doc.py`);
a test checks that it is current. Data moves in stages, each a package with one job; imports only
point down, and `make check` checks that with import-linter (the contracts in `pyproject.toml`)
and a test that finds any import circle (`tests/test_layers.py`).

```
schemas/<kind>.py: ONE declaration per input kind (fields, slice key, checks, template rows, words)
        │ read by everything below that handles files (docs/adding-a-kind.md)
file ─▶ ingest/upload: read ─▶ validate (contract) ─▶ stored checks ─▶ preview | store (one transaction)
                                                          │
        warehouse: *_version tables ─▶ *_current views (generated per kind) ─▶ marts (at every write)
                                                          │
 pages/ ◀── app/ (version-keyed cache) ◀── queries/ (numbers) ◀── domain/ (pure rules)
 pages/, outputs/ (report, follow-up) ──▶ present/ (Swedish text, tables, charts)
```

Where this differs from the target layout (`LAYOUT.md`), and why:
- `schemas/calendar.py` holds the month arithmetic (not `pipelines/calendar.py`): the contract
  itself needs "valid in a month", and the contract imports nothing from `pipelines/`.
- `schemas/findings.py` and `schemas/reference_lists.py`: a finding (a Swedish message with row
  and column) and the reference lists are part of the contract; the warehouse refreshes its
  reference tables from them without importing the ingest stage.
- `pipelines/formatting.py` stays beside `config.py`: Swedish numbers are needed by ingest's
  messages, the command line and present alike; its core (`12 345`) is `schemas/numbers.py`, so
  the contract's own checks (declared in `schemas/`) say numbers the same way.
- `pipelines/warehouse/views.py` reads the kind registry (`schemas/kinds.py`): each kind's
  `<kind>_current` view is generated from its declaration, so the slice key that the store
  writes and the view joins on has one definition (`Contract.slice_key_text`/`slice_key_sql`).
- Pages read numbers from `pipelines.queries` directly; importing `pipelines.app` installs the
  cache those functions run through, so there is one function per figure and no wrapper copy.
- `pipelines/demo.py` sits on top (it writes workbooks through `outputs/` and ingests them).
"""

#: The two traces the restructuring was measured by: EVERY file that decides the figure on its
#: way from the input file to the screen, code and reference data (the rule of each step is in
#: the file named), not a selection.
TRACES = {
    "Översikt, *Anställda hittills*": [
        ("schemas/anstallningar.py", "what a hires row is; `antal` is a whole number ≥ 0"),
        ("schemas/contract.py", "the declaration's shape: slice key, Pandera model"),
        ("schemas/kinds.py", "the kind registered; its required columns find the header"),
        ("schemas/parsing.py", "how months, numbers and names are written"),
        ("schemas/values.py", "one cell parsed: month, förvaltning, form, count"),
        ("schemas/guard.py", "personal numbers, control characters: the file refused"),
        ("schemas/reference_lists.py", "codes and names of förvaltningar and forms; validity"),
        ("data/reference/forvaltningar.csv", "the förvaltningar and when they existed"),
        ("data/reference/anstallningsformer.csv", "which employment forms count toward the goal"),
        ("pipelines/ingest/limits.py", "size limits before reading"),
        ("pipelines/ingest/read/__init__.py", "the file's bytes become a table of text"),
        ("pipelines/ingest/read/delimited.py", "encoding, delimiter, rows"),
        ("pipelines/ingest/read/fast.py", "a large CSV read column by column"),
        ("pipelines/ingest/read/header.py", "the header row and the kind"),
        ("pipelines/ingest/validate.py", "the contract applied; total rows; duplicates"),
        ("pipelines/ingest/upload.py", "the one path: contract, then checks against the warehouse"),
        ("pipelines/ingest/store.py", "one transaction; a (month, förvaltning) slice replaced"),
        ("pipelines/warehouse/sql/10_schema.sql", "the version table and `slice_version`"),
        ("pipelines/warehouse/views.py", "`anstallningar_current`: the slices nothing replaced"),
        ("pipelines/warehouse/sql/20_views.sql", "which forms count (`hires_monthly`)"),
        (
            "pipelines/warehouse/sql/marts_refresh.sql",
            "hires per month and förvaltning, kept as a table",
        ),
        ("pipelines/queries/forecast.py", "this year's months summed from the mart"),
        ("pipelines/domain/forecast.py", "`Forecast.hires`: the sum of the reported months"),
        ("pipelines/queries/goal.py", "`year_overview`: what Översikt asks for"),
        ("pipelines/app/cache.py", "the result kept per warehouse version"),
        ("schemas/numbers.py", "`12 345`: the Swedish number"),
        ("pages/oversikt.py", "the metric, formatted by `pipelines/formatting.fmt_int`"),
    ],
    "Förvaltningar, a förvaltning's *måltal*": [
        ("schemas/mal.py", "what a target row is; an empty förvaltning is the whole municipality"),
        ("schemas/contract.py", "the declaration's shape (read and store as above)"),
        ("schemas/values.py", "year, förvaltning and target parsed"),
        ("pipelines/ingest/validate.py", "the contract applied (read and store as above)"),
        ("pipelines/ingest/store.py", "a (year, förvaltning) slice replaced"),
        ("pipelines/warehouse/views.py", "`mal_current`: the target in force"),
        ("data/reference/mal_standard.csv", "the municipality's standard target (200)"),
        ("data/reference/forvaltningar.csv", "employees and validity of each förvaltning"),
        ("schemas/reference_lists.py", "the reference lists, typed"),
        ("schemas/calendar.py", "the months of the year a förvaltning existed"),
        ("pipelines/queries/targets.py", "decided targets and the municipality's total"),
        ("pipelines/domain/targets.py", "the rest split by employees × months, largest remainder"),
        ("pipelines/queries/goal_forvaltning.py", "`forvaltning_table`: one row per förvaltning"),
        ("pipelines/app/cache.py", "the result kept per warehouse version"),
        ("schemas/vocabulary.py", "beslutat / beräknat"),
        ("pipelines/present/goal_tables.py", "the table's Swedish columns"),
        ("pages/forvaltningar.py", "the table on the page"),
    ],
}


def _doc(path: Path) -> str:
    """The first paragraph of a module's docstring, on one line."""
    text = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    first = text.strip().split("\n\n")[0]
    return " ".join(first.split())


def _modules(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.py") if p.name != "__init__.py")


def _section(package: Path) -> list[str]:
    name = package.relative_to(ROOT).as_posix()
    lines = [f"## `{name}/`", ""]
    init = package / "__init__.py"
    if init.exists():
        lines += [_doc(init), ""]
    lines += ["| module | job |", "|---|---|"]
    for module in _modules(package):
        lines.append(f"| `{module.name}` | {_doc(module)} |")
    for sub in sorted(p for p in package.iterdir() if (p / "__init__.py").exists()):
        lines.append(f"| `{sub.name}/` | {_doc(sub / '__init__.py')} |")
    sql = sorted(package.glob("sql/*.sql"))
    for file in sql:
        first = file.read_text(encoding="utf-8").splitlines()[0].lstrip("- ").strip()
        lines.append(f"| `sql/{file.name}` | {first} |")
    lines.append("")
    for sub in sorted(p for p in package.iterdir() if (p / "__init__.py").exists()):
        lines += _section(sub)
    return lines


def _layers() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    lines = ["## The import rules (checked by `make check`)", ""]
    for contract in contracts:
        lines.append(f"- **{contract['name']}**")
        if contract["type"] == "layers":
            for layer in contract["layers"]:
                lines.append(f"  - `{layer}`")
        elif contract["type"] == "forbidden":
            sources = ", ".join(f"`{s}`" for s in contract["source_modules"])
            forbidden = ", ".join(f"`{s}`" for s in contract["forbidden_modules"])
            lines.append(f"  - {sources} must not import {forbidden}")
    lines.append("")
    return lines


def _traces() -> list[str]:
    lines = ["## Two traces: one figure from the input file to the screen", ""]
    for title, steps in TRACES.items():
        lines.append(f"**{title}** ({len(steps)} files)")
        lines.append("")
        for number, (file, why) in enumerate(steps, start=1):
            lines.append(f"{number}. `{file}`: {why}")
        lines.append("")
    return lines


def render() -> str:
    lines = [INTRO, "## Top level", "", "| file | job |", "|---|---|"]
    lines.append(f"| `app.py` | {_doc(ROOT / 'app.py')} |")
    for page in _modules(ROOT / "pages"):
        lines.append(f"| `pages/{page.name}` | {_doc(page)} |")
    for module in _modules(ROOT / "pipelines"):
        lines.append(f"| `pipelines/{module.name}` | {_doc(module)} |")
    lines.append("")
    lines += _section(ROOT / "schemas")
    for package in sorted(
        p for p in (ROOT / "pipelines").iterdir() if (p / "__init__.py").exists()
    ):
        lines += _section(package)
    lines += _layers()
    lines += _traces()
    models = ROOT / "pipelines" / "warehouse" / "MODELS.md"
    lines += [
        "## Tables and views",
        "",
        f"One line per table and view: `{models.relative_to(ROOT)}`.",
        "",
    ]
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    out = ROOT / "docs" / "architecture.md"
    out.write_text(render(), encoding="utf-8")
    print(f"wrote {out.relative_to(ROOT)}", file=sys.stderr)
