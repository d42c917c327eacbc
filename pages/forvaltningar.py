"""Förvaltningar: every förvaltning's hires against its target, the months as a heatmap, and one
förvaltning in detail. The filters live in the URL (`?ar=2026&forvaltning=VOF`), so a link shows
the same view. Layout and widgets only."""

from __future__ import annotations

import streamlit as st

from pipelines.app import ui
from pipelines.app.views import forvaltningar as views
from pipelines.domain.forecast import FORECAST_EXPLANATION, STATUS_EXPLANATION
from pipelines.formatting import (
    fmt_int,
    fmt_month,
    fmt_per_month,
    fmt_probability,
    fmt_share_of_target,
)
from pipelines.present import goal_tables
from pipelines.queries.goal import available_years, latest_year, year_overview
from pipelines.queries.goal_forvaltning import filter_options, forvaltning_options

ui.run_through_app()


st.title("Förvaltningar")
years = available_years()
if not years:
    st.markdown(
        "**Inga anställningar är inlästa ännu.** Läs in månadens filer under "
        "*Importera filer*, så visas förvaltningarna här."
    )
    st.stop()

# --- filters, kept in the URL -----------------------------------------------------------------
cols = st.columns([1, 3, 2, 2])
year = ui.year_selector(years, latest_year(), container=cols[0])
names = dict(forvaltning_options(year))
forvaltning = ui.query_param_select(
    "Förvaltning",
    [None, *names],
    "forvaltning",
    container=cols[1],
    format_func=lambda k: "Alla förvaltningar" if k is None else f"{names[k]} ({k})",
)
choices = filter_options()
forms = dict(choices["anstallningsform"])
form = ui.query_param_select(
    "Anställningsform",
    [None, *forms],
    "anstallningsform",
    container=cols[2],
    format_func=lambda k: "Alla" if k is None else forms[k],
)
groups = dict(choices["malgrupp"])
group = ui.query_param_select(
    "Målgrupp",
    [None, *groups],
    "malgrupp",
    container=cols[3],
    format_func=lambda k: "Alla" if k is None else groups[k],
)
filtered = bool(form or group)
if filtered:
    st.caption(
        "Filtret visar en del av anställningarna. Mål, status och prognos gäller alltid alla "
        "anställningar som räknas mot målet."
    )
with st.expander("Så räknas mål, prognos och status"):
    st.markdown(
        "Ett måltal är **beslutat** när nämnden har fastställt det, annars **beräknat**: det som "
        "återstår av kommunens mål fördelas efter förvaltningarnas antal anställda."
    )
    st.markdown(FORECAST_EXPLANATION)
    st.markdown(STATUS_EXPLANATION)

# --- all förvaltningar ------------------------------------------------------------------------
if forvaltning is None:
    last = year_overview(year).last_month
    period = f"januari–{fmt_month(last)}" if last else "inga månader rapporterade"
    st.header(f"Alla förvaltningar {year}")
    st.caption(
        f"Anställningar {period}. *Andel* av måltalet; *Prognos* för helåret; *Per 1 000*: "
        "anställningar per 1 000 anställda; *I fjol*: samma månader året innan, *Ändring* mot "
        "dem. Måltalet är beslutat eller beräknat (fördelat efter antal anställda)."
    )
    sort_key = ui.query_param_select(
        "Sortera efter",
        list(goal_tables.SORT_OPTIONS),
        "sortera",
        default="status",
        keep_default=False,
        format_func=lambda k: goal_tables.SORT_OPTIONS[k][0],
        container=st.columns([1, 2])[0],
    )
    every = views.every_forvaltning(year, form, group, sort_key)
    if filtered and not every.any_hires:
        st.markdown("**Inga anställningar med det valda filtret under året.**")
    # A real table (a screen reader reads its cells); each name links to its förvaltning.
    ui.accessible_table(
        every.table, caption=f"Förvaltningarnas anställningar {year}", links=every.links
    )
    st.caption("Klicka på en förvaltnings namn för att se dess egen sida.")

    def _charts() -> None:  # drawn once the table is on screen (issue 28)
        ui.figure_with_table(every.share_chart, every.share_table, key="share")
        ui.figure_with_table(every.heatmap_chart, every.heatmap_table, key="heatmap")
        if every.heatmap_note:
            st.caption(every.heatmap_note)

    ui.later(_charts)
else:  # --- one förvaltning (an else, not st.stop(): charts wait for the page's end, issue 28) --
    one = views.one_forvaltning(year, forvaltning, names[forvaltning], form, group)
    overview = one.overview
    fc = overview.forecast
    st.header(f"{names[forvaltning]} {year}" + ("" if overview.final else ", preliminärt"))
    if note := goal_tables.completeness_note(overview, forvaltning=True):
        st.caption(note)
    if one.validity:
        st.caption(f"{one.validity}. Förvaltningen visas med sin historik de år den fanns.")
    kind = goal_tables.target_kind_label(overview.target_kind)
    st.markdown(f"Status: {ui.status_badge(fc.status)} · måltal {fmt_int(fc.target)} ({kind})")

    complete = fc.complete  # every month delivered and ended: final (issue 24)
    cols = st.columns(4)
    cols[0].metric("Anställda under året" if complete else "Anställda hittills", fmt_int(fc.hires))
    cols[1].metric(f"Måltal ({kind})", fmt_int(fc.target))
    cols[2].metric("Andel av måltalet", fmt_share_of_target(fc.share_of_target))
    cols[3].metric("Status", ui.status_text(fc.status), help=STATUS_EXPLANATION)
    cols = st.columns(4)
    if complete:
        cols[0].metric("Måltalet", "nått" if fc.reached else "inte nått")
    else:
        cols[0].metric(
            "Prognos för helåret",
            fmt_int(fc.expected),
            help=f"80 % intervall: {fmt_int(fc.low)}–{fmt_int(fc.high)}",
        )
        cols[1].metric(
            "Sannolikhet att nå måltalet",
            fmt_probability(fc.probability),
        )
        cols[2].metric(
            "Behövs per månad resten av året",
            fmt_per_month(fc.needed_per_month),
        )
    cols[3].metric(
        "Varav från försörjningsstöd",
        fmt_int(overview.hires_fran_forsorjningsstod),
        help="Anställda som hade försörjningsstöd före anställningen.",
    )
    extra = overview.hires_all - fc.hires
    if extra:
        st.caption(
            f"Därutöver {fmt_int(extra)} anställningar som inte räknas mot målet "
            "(till exempel via sysselsättningskrav)."
        )

    def _rest() -> None:  # further down than a phone's first screen (issue 28)
        # Since the last approved (fastställd) month, as on Översikt: for the latest year only.
        since = one.since
        if since:
            st.subheader("Sedan förra fastställda månaden")
            with st.container(border=True):
                for line in since:
                    st.text(line)  # names are text, never markdown

        if filtered:
            st.markdown("**Diagrammen nedan visar bara de filtrerade anställningarna.**")

        ui.figure_with_table(one.progress_chart, one.progress_table, key="progress")

        st.subheader("Vilka anställdes")
        mix_cols = st.columns(2)
        for index, mix in enumerate(one.mixes):
            with mix_cols[index % 2]:
                if mix.chart is None:
                    st.markdown(f"**{mix.heading}**: inga anställningar.")
                    continue
                ui.figure_with_table(mix.chart, mix.table, key=f"mix_{mix.dimension}")

        st.subheader("År för år")
        ui.accessible_table(
            one.side_table, caption=f"{names[forvaltning]}: anställningar och mål år för år"
        )
        ui.figure_with_table(one.years_chart, one.years_table, key="years")

    ui.later(_rest)
