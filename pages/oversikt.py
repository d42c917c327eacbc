"""Översikt: how far the municipality has come towards the year's target, whether it will get
there, and the last month of försörjningsstöd. Layout and widgets only."""

from __future__ import annotations

import streamlit as st

from pipelines.app import ui
from pipelines.app.views import oversikt as views
from pipelines.domain.forecast import FORECAST_EXPLANATION, STATUS_EXPLANATION
from pipelines.formatting import (
    fmt_count,
    fmt_int,
    fmt_month,
    fmt_per_month,
    fmt_probability,
    fmt_share_of_target,
)
from pipelines.present import goal_tables
from pipelines.queries.goal import available_years, latest_year
from schemas.vocabulary import BESLUTAT

ui.run_through_app()

st.title("Översikt")
st.caption(
    "Kommunens mål: att varje år anställa personer som står långt från arbetsmarknaden. "
    "Här syns hur långt kommunen har kommit i år, och om målet nås."
)

years = available_years()
if not years:
    st.markdown(
        "**Inga anställningar är inlästa ännu.** Läs in månadens filer under "
        "*Importera filer*, så visas målet här."
    )
    st.stop()

year = ui.year_selector(years, latest_year(), container=st.columns([1, 4])[0])
shown = views.overview(year)
overview = shown.overview
fc = overview.forecast
period = f"till och med {fmt_month(overview.last_month)}" if overview.last_month else "inga månader"

preliminary = "" if overview.final else ", preliminärt"
st.header(f"Anställningar {year}, {period}{preliminary}")
st.markdown(f"Status: {ui.status_badge(fc.status)}")
if note := goal_tables.completeness_note(overview):
    st.caption(note)

deltas = shown.deltas
cols = st.columns(4)
complete = fc.complete  # every month in and ended: final (issue 24)
cols[0].metric(
    "Anställda under året" if complete else "Anställda hittills",
    fmt_int(fc.hires),
    deltas["hires"][0],
    **ui.delta_style(deltas["hires"][1]),
    help="Anställningar som räknas mot målet (inte praktik, arbetsträning eller "
    "sysselsättningskrav).",
)
cols[1].metric("Andel av årets mål", fmt_share_of_target(fc.share_of_target))
kind = "beslutat" if overview.target_kind == BESLUTAT else "beräknat"
cols[2].metric("Årets mål", fmt_int(fc.target), help=f"Målet för hela kommunen ({kind}).")
cols[3].metric("Status", ui.status_text(fc.status), help=STATUS_EXPLANATION)
st.progress(
    goal_tables.progress_fraction(fc.hires, fc.target),
    text=f"{fmt_int(fc.hires)} av {fmt_int(fc.target)} ({fmt_share_of_target(fc.share_of_target)})",
)


# Further down than a phone's first screen: drawn once the top is on screen (issue 28).
def _rest() -> None:
    # Places through procurement (sysselsättningskrav): a line beside the goal, never part of it.
    if procurement := shown.procurement:
        st.markdown(procurement)
        ui.page_link(
            "sysselsattningskrav.py", "Avtalen med sysselsättningskrav", icon=":material/handshake:"
        )

    # What became of those hired (issue 27): the latest year with a reported 12-month follow-up.
    if shown.stayed:
        st.markdown(shown.stayed)
        ui.page_link(
            "uppfoljning.py",
            "Till sidan Uppföljning",
            icon=":material/event_repeat:",
            query_params={"ar": shown.followed_year},
        )

    st.subheader("Takt och prognos")
    if complete:
        st.markdown(
            "Året är rapporterat till och med december: målet **nåddes**."
            if fc.reached
            else "Året är rapporterat till och med december: målet **nåddes inte**, det saknades "
            f"{fmt_count(fc.target - fc.hires, 'anställning', 'anställningar')}."
        )
    else:
        cols = st.columns(3)
        cols[0].metric(
            "Borde vara, rak linje",
            fmt_int(fc.pace_linear),
            deltas["linear"][0],
            **ui.delta_style(deltas["linear"][1]),
            help="Var kommunen borde vara vid senaste rapporterade månad om lika många anställdes "
            "varje månad.",
        )
        cols[1].metric(
            "Borde vara, säsongsmönster",
            fmt_int(fc.pace_seasonal),
            deltas["seasonal"][0],
            **ui.delta_style(deltas["seasonal"][1]),
            help="Var kommunen borde vara om året följer de senaste årens fördelning över månaderna.",
        )
        cols[2].metric(
            "Behövs per månad resten av året",
            fmt_per_month(fc.needed_per_month),
        )
        cols = st.columns(3)
        cols[0].metric("Prognos för helåret", fmt_int(fc.expected))
        interval = f"{fmt_int(fc.low)}–{fmt_int(fc.high)}" if fc.low is not None else "–"
        cols[1].metric("Prognosintervall (80 %)", interval)
        cols[2].metric(
            "Sannolikhet att nå målet",
            fmt_probability(fc.probability),
        )
    with st.expander("Så räknas prognos och status"):
        st.markdown(FORECAST_EXPLANATION)
        st.markdown(STATUS_EXPLANATION)

    # Deliveries that are due and not in, so the analyst can chase them (issue 24).
    if shown.missing is not None:
        st.subheader("Leveranser som saknas")
        ui.accessible_table(
            shown.missing,
            caption="Förvaltningar som inte har levererat en månad som har passerat sista dag.",
        )

    st.subheader("Sammanfattning")
    with st.container(border=True):
        st.markdown(shown.summary)
    st.caption("Texten skrivs automatiskt utifrån siffrorna och kan klistras in i en rapport.")

    # What changed since the last approved (fastställd) monthly report, for a quick read before a
    # meeting: only for the latest year, and only once a month is approved.
    # The report month is the newest that has ended (issue 24).
    if shown.since is not None:
        st.subheader("Sedan förra fastställda månaden")
        with st.container(border=True):
            for line in shown.since:
                st.text(line)  # names are text, never markdown
        ui.page_link("manadsrapport.py", "Till Månadsrapport", icon=":material/description:")

    st.subheader("Månad för månad")
    ui.figure_with_table(shown.progress_chart, shown.progress_table, key="progress")
    ui.figure_with_table(shown.years_chart, shown.years_table, key="years")

    st.subheader("Försörjningsstöd")
    if shown.fs_metrics is None:
        st.markdown("Inga månader med försörjningsstöd är inlästa ännu.")
    else:
        cols = st.columns(2)
        for col, metric in zip(cols, shown.fs_metrics, strict=True):
            col.metric(
                metric["label"],
                metric["value"],
                metric["delta"],
                **ui.delta_style(metric["change"], higher_is_better=False),
            )
        ui.page_link("forsorjningsstod.py", "Till sidan Försörjningsstöd", icon=":material/home:")


ui.later(_rest)
