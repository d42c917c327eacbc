"""Uppföljning: what became of a year's hires 6, 12 and 24 months after the start (kind
`uppfoljning`): the share still employed and in work or studies with the counts behind them,
försörjningsstöd before and at the follow-up, per förvaltning, points not reached and missing
deliveries said in words, and the definitions. Layout and widgets only."""

from __future__ import annotations

import streamlit as st

from pipelines.app import ui
from pipelines.app.views import uppfoljning as views
from pipelines.domain.outcomes import DEFINITIONS
from pipelines.formatting import fmt_int
from pipelines.present import outcomes_view as view
from pipelines.present.charts.outcomes import SOURCE
from pipelines.queries.goal import available_years
from pipelines.queries.outcomes import followup_years

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
shown = views.year_view(year)

st.header(f"Anställda {year}")
for sentence in shown.sentences:
    st.markdown(f"- {sentence}")


# Further down than a phone's first screen: drawn once the top is on screen (issue 28).
def _rest() -> None:
    st.subheader("Kvar efter 6, 12 och 24 månader")
    ui.figure_with_table(
        shown.chart,
        shown.chart_table,
        key="uppfoljning",
        caption="Blå staplar: kvar i anställning i kommunen. Randiga orange staplar: i arbete "
        "(även utanför kommunen) eller studier. *Ej uppnådd*: ingen av årets anställda har nått "
        "uppföljningen än. *Ej rapporterad*: uppföljningen är uppnådd men inte levererad.",
    )

    st.subheader("Försörjningsstöd före och vid uppföljningen")
    ui.number_table(
        shown.fs_table,
        caption=f"Anställda {year} med försörjningsstöd före starten och vid uppföljningen",
    )

    st.subheader("Per förvaltning")
    ui.number_table(
        shown.forvaltning_summary,
        caption=f"Uppföljning per förvaltning, anställda {year}",
    )
    with st.expander("Alla siffror per förvaltning"):
        ui.number_table(
            shown.forvaltning_table,
            caption=f"Alla siffror per förvaltning och uppföljning, anställda {year}",
        )

    st.subheader("Saknade leveranser")
    if shown.missing_table is not None:
        st.markdown(
            f"{fmt_int(shown.missing)} uppföljningar är uppnådda och förfallna men inte "
            "levererade. De räknas inte in i andelarna ovan."
        )
        ui.accessible_table(shown.missing_table, caption=f"Saknade uppföljningar {year}")
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


ui.later(_rest)
