"""The follow-up package: one ZIP with every chart of the year (PNG at scale 2 and SVG), an Excel
file with every table behind them, and a README in Swedish (files, definitions, data dates,
version and disclosure notes). `python -m pipelines export` and the export page write it.
"""

from __future__ import annotations

import io
import logging
import zipfile
from pathlib import Path

import pandas as pd

from pipelines.domain.forecast import FORECAST_EXPLANATION, STATUS_EXPLANATION
from pipelines.formatting import fmt_month
from pipelines.outputs import render
from pipelines.outputs.followup import open_data, outcomes
from pipelines.outputs.followup.collect import FollowUp
from pipelines.outputs.render import ChartRenderer, RenderUnavailable
from pipelines.outputs.workbook import SHEET_NAME_MAX, Sheet, workbook_bytes
from pipelines.queries.export import ingest_time_text

log = logging.getLogger(__name__)

ZIP_MIME = "application/zip"
PACKAGE_FORMATS = ("png", "svg")
CHART_DIR = "diagram"


def version_slug(publication: bool) -> str:
    return "publicering" if publication else "intern"


def package_name(year: int, publication: bool) -> str:
    """`uppfoljning_2026_publicering.zip`."""
    return f"uppfoljning_{year}_{version_slug(publication)}.zip"


def workbook_name(year: int) -> str:
    return f"tabeller_{year}.xlsx"


def chart_images(
    followup: FollowUp,
    formats: tuple[str, ...] = PACKAGE_FORMATS,
    *,
    renderer: ChartRenderer | None = None,
) -> dict[tuple[str, str], bytes] | None:
    """`{(chart key, format): bytes}` for every chart, drawn in one browser; None when no
    browser can draw (the caller says so and carries on without pictures)."""
    own = renderer is None
    renderer = renderer or ChartRenderer()
    images: dict[tuple[str, str], bytes] = {}
    try:
        for chart in followup.charts:
            width, height = chart.size
            for fmt in formats:
                images[(chart.key, fmt)] = renderer.render(
                    chart.figure, fmt, width=width, height=height
                )
    except RenderUnavailable as exc:
        log.warning("charts could not be drawn: %s", exc.detail)
        return None
    finally:
        if own:
            renderer.close()
    return images


#: Shorter sheet names where the table's own would not fit in Excel's 31 characters.
SHORT_NAMES = {
    "Hushåll med långvarigt bistånd": "Långvarigt bistånd",
    "Försörjningsstöd, alla nyckeltal": "Försörjningsstöd, nyckeltal",
}


def sheet_name(name: str, number: str | None = None) -> str:
    """A readable sheet name within 31 characters: `07 Kön`; a long name by its short form,
    or cut after a whole word."""
    prefix = f"{number} " if number else ""
    text = f"{prefix}{name}"
    if len(text) <= SHEET_NAME_MAX:
        return text
    text = f"{prefix}{SHORT_NAMES.get(name, name)}"
    while len(text) > SHEET_NAME_MAX and " " in text.strip():
        text = text.rsplit(" ", 1)[0].rstrip(",;:–- ")
    return text[:SHEET_NAME_MAX]


def _plain(text: str) -> str:
    return text.replace("**", "")


def workbook(followup: FollowUp) -> bytes:
    """Every table of the follow-up as an .xlsx file: first a sheet about the export, then the
    goal's key figures, one sheet per chart, the extra tables and the definitions."""
    about = [
        followup.title,
        followup.version_label,
        f"Uttag {followup.uttag.isoformat()}.",
        *followup.notes[1:],
    ]
    sheets = [
        Sheet(
            "Om exporten",
            pd.DataFrame({"Innehåll": _contents(followup)}),
            title=about[0],
            notes=about[1:],
        )
    ]
    if followup.key_figures is not None:
        sheets.append(
            Sheet(
                "Målet",
                followup.key_figures.values(),
                title="Målet i siffror",
                notes=[followup.version_label],
            )
        )
    for chart in followup.charts:
        sheets.append(
            Sheet(
                sheet_name(chart.table.name, chart.key[:2]),
                chart.table.values(),
                title=chart.title,
                notes=[n for n in (chart.subtitle, chart.table.note, chart.source) if n],
                number_formats=chart.table.number_formats(),
            )
        )
    for table in followup.tables:
        sheets.append(
            Sheet(
                sheet_name(table.name),
                table.values(),
                title=table.name,
                notes=[followup.version_label],
                number_formats=table.number_formats(),
            )
        )
    definitions = followup.catalogue.rename(
        columns={
            "namn": "Nyckeltal",
            "enhet": "Enhet",
            "definition": "Definition",
            "kalla": "Källa",
        }
    ).drop(columns=["id"], errors="ignore")
    sheets.append(Sheet("Definitioner", definitions, title="Definitioner"))
    return workbook_bytes(sheets)


def _contents(followup: FollowUp) -> list[str]:
    lines = ["Målet: årets nyckeltal för målet"]
    lines += [f"{c.key[:2]} {c.table.name}: {c.title}" for c in followup.charts]
    lines += [f"{t.name}" for t in followup.tables]
    return lines + ["Definitioner: nyckeltalens definitioner"]


def readme(followup: FollowUp, files: list[str], images_missing: str | None = None) -> str:
    """The README in Swedish: version, dates, files, disclosure rules and definitions."""
    dates = followup.dates
    hires = dates.get("hires_last_month")
    fs = dates.get("fs_last_month")
    lines = [
        followup.title,
        "=" * len(followup.title),
        "",
        followup.version_label,
        "",
        f"Uttag: {followup.uttag.isoformat()} (den dag uppgifterna togs ut ur Arbetsmål).",
        f"Senaste inlästa fil: {ingest_time_text(dates.get('last_ingest'))}.",
        f"Anställningar till och med: {fmt_month(hires) if hires else 'inga inlästa'}.",
        f"Försörjningsstöd till och med: {fmt_month(fs) if fs else 'inga inlästa'}.",
        "",
        "Filer",
        "-----",
    ]
    titles = {c.key: c for c in followup.charts}
    for name in files:
        stem = Path(name).stem
        if name == "README.txt":
            lines.append(f"- {name}: den här filen.")
        elif name.endswith(".xlsx"):
            lines.append(
                f"- {name}: alla tabeller bakom diagrammen, ett blad per diagram, "
                "och nyckeltalens definitioner."
            )
        elif name.startswith(f"{open_data.FOLDER}/"):
            lines.append(f"- {name}: {open_data.describe(name, followup)}")
        elif stem in titles:
            chart = titles[stem]
            kind = "PNG, 2× upplösning" if name.endswith(".png") else "SVG, vektorbild"
            lines.append(f"- {name}: {chart.title} ({kind}). {chart.subtitle or ''}".rstrip())
    if images_missing:
        lines += ["", "Diagrammen saknas i paketet: " + images_missing]
    for note in followup.missing:
        lines.append(f"Observera: {note}")
    lines += ["", "Röjandekontroll", "---------------", *followup.notes]
    if followup.publication:
        lines += [
            "Röjandekontrollen gäller hela paketet på en gång: varje tal räknas som en storhet "
            "hur många tabeller, diagram och texter det än står i, med alla samband mellan talen "
            "(rad-, kolumn- och totalsummor, ackumulerade summor, samma tal i flera tabeller). "
            "Ett tal som döljs någonstans döljs överallt där det förekommer, i Excel-filen, "
            "i diagrammen (markerat med X), i Word-dokumentet och i texten. Månader som ett "
            "tidigare års eget paket döljer döljs också i jämförelsen med tidigare år, så att "
            "två års paket tillsammans inte ger tillbaka något.",
            "Röjandekontroll över tid: allt som tidigare lämnats ut (tidigare paket för samma "
            "och andra år, månadsrapporter till nämnden, öppna data) räknas som känt. Ett tal "
            "som doldes i en tidigare utlämning döljs också här. Tal som gäller året hittills "
            "(per förvaltning, per grupp) kan inte bara jämföras med samma tal i ett tidigare "
            "paket: där skillnaden mellan två utlämningar skulle vara 1–4 döljs det senare "
            "talet, så att skillnaden inte kan räknas fram. Säsongsmönstret (kolumnen "
            "Mål, säsongsmönster), prognosen och sannolikheten att nå målet räknas i den här "
            "versionen bara ur de månader från tidigare år som paketen visar; en dold månad "
            "ersätts av medelvärdet av samma månad andra år.",
            "Vilka tal som döljs utöver 1–4 väljs så att så lite som möjligt går förlorat: "
            "först grupper som Uppgift saknas och Övrig, sedan små tal före stora, tal inne i "
            "tabellen före summor, ett tal hellre än två.",
        ]
        if followup.audit:
            audit = followup.audit
            lines.append(
                "Granskning: innan paketet skrevs prövades det som en utomstående skulle pröva "
                "det. För vart och ett av paketets dolda tal räknades det minsta och största "
                "värde ut som stämmer med allt som publiceras, med ett heltalsprogram "
                f"(HiGHS). {audit['kvantiteter']} tal och {audit['samband']} samband mellan "
                f"dem prövades; {audit['dolda']} tal är dolda"
                + (f" och {audit['avrundade']} avrundade" if audit["avrundade"] else "")
                + ". Inget dolt tal kan räknas fram, och för inget dolt antal 1–4 kan något "
                "av värdena 1, 2, 3 eller 4 uteslutas."
            )
    lines += outcomes.readme_lines(followup.utfall)  # what became of those hired (issue 27)
    lines += ["", "Definitioner", "------------"]
    for row in followup.catalogue.itertuples():
        lines.append(f"- {row.namn} ({row.enhet}): {row.definition} Källa: {row.kalla}.")
    lines += [
        "",
        "Prognos och status",
        "------------------",
        _plain(FORECAST_EXPLANATION),
        _plain(STATUS_EXPLANATION),
        "",
    ]
    return "\n".join(lines)


def followup_zip(
    followup: FollowUp,
    images: dict[tuple[str, str], bytes] | None,
    *,
    formats: tuple[str, ...] = PACKAGE_FORMATS,
) -> bytes:
    """The ZIP as bytes from a follow-up and its drawn charts (None: drawn without pictures)."""
    files: dict[str, bytes] = {workbook_name(followup.year): workbook(followup)}
    if images:
        for chart in followup.charts:
            for fmt in formats:
                if (chart.key, fmt) in images:
                    files[f"{CHART_DIR}/{chart.key}.{fmt}"] = images[(chart.key, fmt)]
    files.update(open_data.open_data_files(followup))  # the publication version only
    names = ["README.txt", *files]
    text = readme(followup, names, None if images else render.NO_BROWSER_MESSAGE)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", text.encode("utf-8"))
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()
