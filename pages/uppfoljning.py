"""Uppföljning: what became of a year's hires 6, 12 and 24 months after the start (kind
`uppfoljning`): the share still employed and in work or studies with the counts behind them,
försörjningsstöd before and at the follow-up, per förvaltning, points not reached and missing
deliveries said in words, and the definitions. Layout and widgets only."""

from __future__ import annotations

import streamlit as st

from pipelines.app import figures, ui
from pipelines.domain.outcomes import DEFINITIONS
from pipelines.formatting import fmt_int
from pipelines.present import outcomes as words
from pipelines.present import outcomes_view as view
from pipelines.present.charts.outcomes import SOURCE, cohort_chart
from pipelines.queries.goal import available_years
from pipelines.queries.goal_forvaltning import forvaltning_options
from pipelines.queries.outcomes import followup_years, outcomes

ui.run_through_app()

st.title("Uppföljning")
st.caption(
    "Blir de kvar? Av dem som anställdes ett år: hur många var kvar i anställning i kommunen, "
    "och hur många var i arbete eller studier, 6, 12 och 24 månader efter starten. Siffrorna är "
    "antal per kohort från personalsystemet och socialtjänstens verksamhetssystem: inga "
    "personer finns i Arbetsmål."
)

reported = followup_years()
if not reported:
    st.markdown(
        "**Ingen uppföljning är inläst ännu.** Läs in filen *uppföljning* (mallen finns under "
        "*Importera filer*), så visas här vad som hände med dem som anställdes."
    )
    ui.page_link("importera.py", "Importera filer", icon=":material/upload_file:")
    st.stop()

years = sorted(set(available_years()) | set(reported), reverse=True)
# By default the year Översikt speaks of: the latest with a 12-month follow-up, else the latest.
default = next(iter(followup_years(view.OVERVIEW_POINT)), reported[0])
year = ui.year_selector(years, default, container=st.columns([1, 4])[0])
result = outcomes(year)
names = dict(forvaltning_options(year))

st.header(f"Anställda {year}")
for point in result.uppfoljningar:
    st.markdown(f"- {words.point_sentence(point)}")

st.subheader("Kvar efter 6, 12 och 24 månader")
ui.figure_with_table(
    figures.cached(
        cohort_chart,
        result.uppfoljningar,
        title=f"Vad hände med dem som anställdes {year}?",
        subtitle="Andel av de rapporterade, med antalet bakom varje andel",
        source=SOURCE,
    ),
    view.chart_table(result.uppfoljningar),
    key="uppfoljning",
    caption="Blå staplar: kvar i anställning i kommunen. Randiga orange staplar: i arbete "
    "(även utanför kommunen) eller studier. *Ej uppnådd*: ingen av årets anställda har nått "
    "uppföljningen än. *Ej rapporterad*: uppföljningen är uppnådd men inte levererad.",
)

st.subheader("Försörjningsstöd före och vid uppföljningen")
ui.number_table(
    view.fs_table(result.uppfoljningar),
    caption=f"Anställda {year} med försörjningsstöd före starten och vid uppföljningen",
)

st.subheader("Per förvaltning")
ui.number_table(
    view.forvaltning_summary(result, names),
    caption=f"Uppföljning per förvaltning, anställda {year}",
)
with st.expander("Alla siffror per förvaltning"):
    ui.number_table(
        words.forvaltning_table(result, names),
        caption=f"Alla siffror per förvaltning och uppföljning, anställda {year}",
    )

st.subheader("Saknade leveranser")
if result.saknas:
    st.markdown(
        f"{fmt_int(len(result.saknas))} uppföljningar är uppnådda och förfallna men inte "
        "levererade. De räknas inte in i andelarna ovan."
    )
    ui.accessible_table(
        words.missing_table(result.saknas, names), caption=f"Saknade uppföljningar {year}"
    )
else:
    st.markdown("Inga: varje förfallen uppföljning av årets anställda är levererad.")

with st.expander("Så räknas siffrorna"):
    for key, label in (
        ("anstallda", "Anställda"),
        ("uppnadda", "Uppnådda"),
        ("rapporterade", "Rapporterade"),
        ("andel_kvar", "Andel kvar"),
        ("andel_i_arbete_eller_studier", "Andel i arbete eller studier"),
        ("med_fs", "Med försörjningsstöd"),
    ):
        st.markdown(f"**{label}.** {DEFINITIONS[key]}")
    st.markdown(
        "Den som har avlidit eller flyttat räknas som ej kvar och ligger kvar bland de "
        "rapporterade. Den som bytt förvaltning räknas hos den förvaltning som anställde, och "
        "som kvar om hen är anställd i kommunen."
    )
st.caption(SOURCE)
