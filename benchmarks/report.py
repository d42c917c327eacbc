"""Write the results: `results.json` (machine-readable) and `results.md` (a readable table).

`results.json` maps each measure's name to `{"value", "unit", "target"}` (plus `better`, `met`
and `note` where they apply); the `_meta` entry describes the run (date, sizes, machine, load
average at start and end: figures measured while other work runs on the machine are pessimistic).
With `merge`, the measures of this run replace those of the same name in an existing file.
"""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.common import Result
from pipelines.formatting import fmt_number

#: Measures named `page_*` that are not one page's timing: listed with the targets.
NOT_PAGES = ("page_after_ingest_ms",)
_DECIMALS = {"ms": 0, "s": 2, "rows/s": 0, "MB": 0, "×": 2, "kB": 0, "/min": 0}


def write_results(results: dict[str, Result], meta: dict, out_dir: Path, *, merge: bool) -> Path:
    """Write both files into `out_dir` and return the JSON file's path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "results.json"
    entries: dict = {}
    if merge and path.exists():
        entries = json.loads(path.read_text(encoding="utf-8"))
        # The earlier run's facts stay; this run is listed as a partial update with its own.
        previous = entries.get("_meta", {})
        update = {
            k: meta[k] for k in ("started", "finished", "loadavg_start", "loadavg_end") if k in meta
        }
        update["measures"] = sorted(results)
        update["notes"] = meta.get("notes", [])
        meta = {**previous, "partial_updates": [*previous.get("partial_updates", []), update]}
    entries.update({name: result.as_json() for name, result in results.items()})
    entries["_meta"] = meta
    ordered = {"_meta": entries.pop("_meta"), **dict(sorted(entries.items()))}
    path.write_text(json.dumps(ordered, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (out_dir / "results.md").write_text(markdown(ordered), encoding="utf-8")
    return path


def _value(entry: dict | None) -> str:
    if not entry or entry.get("value") is None:
        return "–"
    return fmt_number(entry["value"], _DECIMALS.get(entry["unit"], 2))


def _target(entry: dict) -> str:
    if entry.get("target") is None:
        return ""
    sign = "≤" if entry.get("better") == "lower" else "≥"
    decimals = 0 if float(entry["target"]).is_integer() else 2
    return f"{sign} {fmt_number(entry['target'], decimals)} {entry['unit']}"


def _met(entry: dict | None) -> str:
    if not entry or entry.get("met") is None:
        return ""
    return "ja ✓" if entry["met"] else "**nej ✗**"


def markdown(entries: dict) -> str:
    """The results as a Markdown page (numbers in Swedish style: `1 234,5`)."""
    meta = entries.get("_meta", {})
    lines = [
        "# Benchmark results",
        "",
        "Written by `make bench` (`python -m benchmarks`); see "
        "`docs/scaling.md` for what the figures mean.",
        "",
    ]
    lines += _run_lines(meta)
    lines += [
        "",
        "## Targets (large warehouse)",
        "",
        "| measure | value | target | met |",
        "|---|---:|---:|---|",
    ]
    for name, entry in entries.items():
        if name.startswith(("_", "browser_")) or entry.get("target") is None:
            continue
        if name.startswith("page_") and name not in NOT_PAGES:
            continue
        lines.append(
            f"| `{name}` | {_value(entry)} {entry['unit']} | {_target(entry)} | {_met(entry)} |"
        )
    lines += _page_lines(entries)
    lines += _browser_lines(entries)
    lines += _same_content_lines(entries)
    lines += ["", "## Other figures", "", "| measure | value | note |", "|---|---:|---|"]
    for name, entry in entries.items():
        if name.startswith(("_", "page_", "baseline_", "gain_", "browser_")) or entry.get("target"):
            continue
        lines.append(f"| `{name}` | {_value(entry)} {entry['unit']} | {entry.get('note', '')} |")
    notes = meta.get("notes") or []
    if notes:
        lines += ["", "## Notes", ""] + [f"- {note}" for note in notes]
    return "\n".join(lines) + "\n"


def _run_lines(meta: dict) -> list[str]:
    if not meta:
        return []
    start, end = meta.get("loadavg_start", []), meta.get("loadavg_end", [])
    lines = [
        f"- Run: {meta.get('started', '?')} to {meta.get('finished', '?')}, `today` = "
        f"{meta.get('today', '?')}{', **quick run (tiny sizes)**' if meta.get('quick') else ''}"
        "",
        f"- Machine: {meta.get('cpus', '?')} CPUs, Python {meta.get('python', '?')}, "
        f"{meta.get('platform', '')}",
        f"- Load average (1, 5, 15 min) at start {start}, at end {end}: above "
        f"{meta.get('cpus', '?')} means other work shared the CPUs and the figures are "
        "pessimistic.",
    ]
    for update in meta.get("partial_updates", []):
        lines.append(
            f"- Measured again {update.get('started', '?')} to {update.get('finished', '?')} "
            f"(load average {update.get('loadavg_start')} → {update.get('loadavg_end')}): "
            + ", ".join(f"`{name}`" for name in update.get("measures", []))
        )
        lines += [f"  - {note}" for note in update.get("notes", [])]
    for scale, info in meta.get("warehouses", {}).items():
        lines.append(
            f"- Warehouse *{scale}*: {info['first_month']} to {info['last_month']}, "
            f"{info['forvaltningar']} förvaltningar over the years, "
            f"{fmt_number(info['anstallningar_version'])} "
            f"hire rows, {fmt_number(info['forsorjningsstod_version'])} försörjningsstöd rows, "
            f"{fmt_number(info['slice_version'])} slice versions, "
            f"{fmt_number(info['file_mb'], 1)} MB"
        )
    for scale, check in meta.get("baseline_check", {}).items():
        same = "equal" if check["equal"] else "**DIFFERENT**"
        lines.append(
            f"- Baseline check on *{scale}*: counting hires {check['year']}: naive "
            f"{fmt_number(check['naive_counting_hires'])}, warehouse "
            f"{fmt_number(check['warehouse_counting_hires'])} ({same})"
        )
    return lines


def _page_lines(entries: dict) -> list[str]:
    pages = sorted(
        {
            n[5:].removesuffix("_cold_ms").removesuffix("_ms").removesuffix("_today")
            for n in entries
            if n.startswith("page_") and n not in NOT_PAGES
        }
    )
    if not pages:
        return []
    lines = [
        "",
        "## Pages (ms, median; targets ≤ 300 warm, ≤ 1 500 cold)",
        "",
        "| page | today warm | today cold | large warm | large cold | met (large) "
        "| naive, large | gain ×, large |",
        "|---|---:|---:|---:|---:|---|---:|---:|",
    ]
    for page in pages:
        warm, cold = entries.get(f"page_{page}_ms"), entries.get(f"page_{page}_cold_ms")
        met = [m for m in (_met(warm), _met(cold)) if m]
        lines.append(
            f"| {page} | {_value(entries.get(f'page_{page}_today_ms'))} "
            f"| {_value(entries.get(f'page_{page}_today_cold_ms'))} | {_value(warm)} "
            f"| {_value(cold)} | {' / '.join(met)} "
            f"| {_value(entries.get(f'baseline_page_{page}_ms'))} "
            f"| {_value(entries.get(f'gain_page_{page}'))} |"
        )
    return lines


def _browser_lines(entries: dict) -> list[str]:
    """Issue 19's table: each page's new sessions and in-session navigation in a real browser,
    under the floor (a minimal Streamlit app measured in the same run)."""
    names = [n[8:-10] for n in entries if n.startswith("browser_") and n.endswith("_new_cpu_s")]
    if not names:
        return []
    names = ["floor"] + sorted(n for n in names if n != "floor")
    lines = [
        "",
        "## In a browser (large warehouse; *floor* = a minimal Streamlit app, same run)",
        "",
        "Server CPU from /proc. *First visit*: a fresh browser profile opens the page until "
        "Streamlit has finished (the server also sends Streamlit's static files, uncompressed). "
        "*New session*: a returning visitor's new tab (static files cached by the browser). "
        "× floor: against the minimal floor, for information (the target of a new session is "
        "against the same-content floor, below). Target: a *navigation* (a click on the "
        "page's link in an open session) ≤ 150 ms. kB: received by the browser.",
        "",
        "| page | first visit: CPU s | × floor | met | kB | new session: wall s | CPU s "
        "| × floor | met | kB | navigation: wall s | CPU ms | met | kB |",
        "|---|---:|---:|---|---:|---:|---:|---:|---|---:|---:|---:|---|---:|",
    ]
    for name in names:
        get = lambda measure, n=name: entries.get(f"browser_{n}_{measure}")  # noqa: E731
        first, new = get("first_cpu_ratio"), get("new_cpu_ratio")
        lines.append(
            f"| {'*floor*' if name == 'floor' else name} | {_value(get('first_cpu_s'))} "
            f"| {_value(first)} | {_met(first)} | {_value(get('first_kb'))} "
            f"| {_value(get('new_wall_s'))} | {_value(get('new_cpu_s'))} | {_value(new)} "
            f"| {_met(new)} | {_value(get('new_kb'))} | {_value(get('nav_wall_s'))} "
            f"| {_value(get('nav_cpu_ms'))} | {_met(get('nav_cpu_ms'))} | {_value(get('nav_kb'))} |"
        )
    return lines


def _same_content_lines(entries: dict) -> list[str]:
    """Issue 28's table: each page's new session beside a floor app that draws the same content
    from a saved copy, and the wall time to the first number on a throttled phone."""
    suffix = "_same_content_ratio"
    names = sorted(
        {n[8:].removesuffix(suffix).removesuffix("_throttled_wall_ms") for n in entries
         if n.startswith("browser_") and n.endswith((suffix, "_throttled_wall_ms"))}
    )  # fmt: skip
    if not names:
        return []
    lines = [
        "",
        "## The same content, and a phone (large warehouse, issue 28)",
        "",
        "*Same-content floor*: a Streamlit app that draws exactly what the page drew (captured "
        "from the WebSocket, replayed with plain `st.*` calls from a saved copy: no queries, no "
        "app code; `benchmarks/same_content.py`). New session: a returning visitor's new tab, "
        "the app's and the floor's one after the other; server CPU from /proc, the mean of three "
        "sessions a round (a tick is 10 ms). Target ≤ 1,3 × the floor. *Phone*: Chromium's CPU throttled 4× in a phone's screen (static files "
        "cached), from the navigation to the first number (a metric, a table cell, a chart); "
        "target ≤ 3 000 ms.",
        "",
        "| page | app CPU s | floor CPU s | × floor | met | phone: first number ms | met "
        "| floor's, ms |",
        "|---|---:|---:|---:|---|---:|---|---:|",
    ]
    for name in names:
        get = lambda measure, n=name: entries.get(f"browser_{n}_{measure}")  # noqa: E731
        ratio, phone = get("same_content_ratio"), get("throttled_wall_ms")
        lines.append(
            f"| {name} | {_value(get('same_content_app_cpu_s'))} "
            f"| {_value(get('same_content_floor_cpu_s'))} | {_value(ratio)} | {_met(ratio)} "
            f"| {_value(phone)} | {_met(phone)} | {_value(get('throttled_floor_wall_ms'))} |"
        )
    return lines
