"""Export: the year's follow-up for the program för social hållbarhet as a ZIP package (charts
as PNG and SVG, an Excel file with every table, a README) and a Word document, in the
publication version (counts 1–4 hidden) or the internal one (exact figures); and every chart on
its own as PNG, SVG or PDF. Layout and widgets only."""

from __future__ import annotations

import streamlit as st

from pipelines.app import auth, ui
from pipelines.app.followup import cached_followup
from pipelines.domain import disclosure
from pipelines.formatting import fmt_int, fmt_month
from pipelines.outputs import render
from pipelines.outputs.followup.bundle import build_bundle
from pipelines.outputs.followup.docx import DOCX_MIME, docx_name
from pipelines.outputs.followup.package import ZIP_MIME, package_name
from pipelines.outputs.followup.releases import record_package
from pipelines.queries.export import data_dates, export_years, ingest_time_text

ui.run_through_app()

st.title("Export")
st.caption(
    "Diagram och tabeller för uppföljningen av programmet för social hållbarhet: ett paket med "
    "bilder i tryckkvalitet, en Excel-fil och ett Word-dokument att klistra in i rapporten."
)

years = export_years()
if not years:
    st.markdown(
        "**Inga uppgifter är inlästa ännu.** Läs in månadens filer under "
        "*Importera filer*, så kan uppföljningen exporteras här."
    )
    st.stop()

cols = st.columns([1, 3])
year = ui.year_selector(years, years[0], container=cols[0])
internal_allowed = auth.allowed(auth.Permission.INTERNAL_EXPORT)
version = cols[1].radio(
    "Version",
    ["publicering", "intern"] if internal_allowed else ["publicering"],
    format_func=lambda v: disclosure.version_label(v == "publicering"),
    horizontal=True,
    help="Publiceringsversionen döljer antal 1–4 och det som skulle avslöja dem. Den interna "
    "versionen visar exakta tal och är bara för personal.",
)
# Decided on the server: without the right, every figure and file is the publication version.
publication = version == "publicering" or not internal_allowed
version = "publicering" if publication else "intern"
for note in disclosure.footnotes(publication):
    st.caption(note)

dates = data_dates(year)
cols = st.columns(3)
cols[0].metric(
    "Anställningar till och med",
    fmt_month(dates["hires_last_month"]) if dates["hires_last_month"] else "–",
)
cols[1].metric(
    "Försörjningsstöd till och med",
    fmt_month(dates["fs_last_month"]) if dates["fs_last_month"] else "–",
)
last_ingest = dates["last_ingest"]
cols[2].metric(
    "Senaste inlästa fil",
    last_ingest.date().isoformat() if last_ingest else "–",
    help=f"Inläst {ingest_time_text(last_ingest)}.",
)

browser = render.browser_available()
if not browser:
    with st.container(border=True):
        st.markdown(f"**Diagrammen kan inte sparas som bilder här.** {render.NO_BROWSER_MESSAGE}")


# Further down than a phone's first screen: drawn once the top is on screen (issue 28).
def _rest() -> None:
    try:
        followup = cached_followup(year, publication)
    except disclosure.CannotProtect as exc:
        # The publication version cannot be protected: say why, offer nothing public.
        st.error(exc.message)
        return
    for note in followup.missing:
        st.markdown(f"*Observera:* {note}")

    # --- the package and the document -------------------------------------------------------------
    st.header(f"Uppföljningspaket {year}")
    st.markdown(
        f"Paketet innehåller {fmt_int(len(followup.charts))} diagram (PNG och SVG), en Excel-fil med "
        "tabellerna bakom dem och en README med definitioner och datum"
        + (
            "; publiceringsversionen också som öppna data (CSV med datapackage.json och "
            "dcat.jsonld, CC BY 4.0). "
            if publication
            else ". "
        )
        + "Word-dokumentet har "
        "diagrammen, tabellerna och en sammanfattning. Det tar en stund att rita alla diagram."
    )
    key = ("export_files", year, version, followup.uttag.isoformat(), followup.data_version)
    if st.button("Skapa paket och Word-dokument", type="primary"):
        with st.spinner("Ritar diagrammen och skriver filerna …"):
            bundle = build_bundle(followup)
            st.session_state[key] = (bundle.package, bundle.document, bundle.drawn)
            record_package(followup, bundle.package_name, actor=auth.actor())  # public: the ledger
        auth.record_export(
            f"uppföljningspaket {year}",
            f"{'publikt' if publication else 'internt (exakta tal)'}, ZIP och Word",
        )
    files = st.session_state.get(key)
    if files:
        package, document, drawn = files
        if not drawn:
            st.markdown(f"**Filerna skapades utan diagram.** {render.NO_BROWSER_MESSAGE}")
        cols = st.columns(2)
        cols[0].download_button(
            "Ladda ner paketet (ZIP)",
            package,
            file_name=package_name(year, publication),
            mime=ZIP_MIME,
            on_click="ignore",
            icon=":material/download:",
        )
        cols[1].download_button(
            "Ladda ner Word-dokumentet",
            document,
            file_name=docx_name(year, publication),
            mime=DOCX_MIME,
            on_click="ignore",
            icon=":material/download:",
        )

    with st.expander("Sammanfattning (samma text som i Word-dokumentet)"):
        for paragraph in followup.paragraphs:
            st.markdown(paragraph)

    # --- one chart at a time ------------------------------------------------------------------------
    st.header("Diagram ett och ett")
    st.caption(
        "Välj ett diagram för att se det som det blir i exporten och ladda ner det som PNG "
        "(dubbel upplösning), SVG eller PDF. Bilden ritas när du klickar."
    )
    titles = {c.key: c.title for c in followup.charts}
    chosen = st.selectbox("Diagram", list(titles), format_func=titles.get)
    chart = followup.chart(chosen)
    width, height = chart.size

    def _image(fmt: str):
        """A callable for a deferred download: the image is drawn on click."""
        return auth.recorded_download(
            lambda: render.render_single(chart.figure, fmt, width=width, height=height),
            f"diagram {chart.key}.{fmt}",
            f"{year}, {'publikt' if publication else 'internt (exakta tal)'}",
        )

    cols = st.columns(3)
    for col, fmt, label in zip(cols, ["png", "svg", "pdf"], ["PNG", "SVG", "PDF"], strict=True):
        col.download_button(
            f"Ladda ner {label}",
            _image(fmt),
            file_name=f"{chart.key}.{fmt}",
            mime=render.FORMATS[fmt],
            on_click="ignore",
            disabled=not browser,
            key=f"dl_{fmt}",
        )
    ui.figure_with_table(chart.figure, chart.table.display(), key="export_chart")


ui.later(_rest)
