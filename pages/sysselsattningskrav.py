"""Sysselsättningskrav: every contract procured with employment requirements, its status under
the model term (first employment in time, fulfilment against the required full-time months),
per förvaltning and supplier, and the year's jobs, apprenticeships and internships through
procurement. These places never count towards the 200-goal. Layout and widgets only."""

from __future__ import annotations

import streamlit as st

from pipelines.app import ui
from pipelines.formatting import fmt_int, fmt_month
from pipelines.present import sysselsattning as words
from pipelines.queries.sysselsattning import contract_years, year_followup

ui.run_through_app()

st.title("Sysselsättningskrav")
st.caption(
    "Upphandlingar där leverantören ska erbjuda anställningar, lärlingsplatser eller praktik till "
    "personer som står långt från arbetsmarknaden. Socialnämnden samordnar och följer upp "
    f"platserna. {words.NOT_IN_GOAL}"
)

years = contract_years()
if not years:
    st.markdown(
        "**Inga avtal med sysselsättningskrav är inlästa ännu.** Läs in avtalsregistret "
        "(filtypen *avtal*) och leverantörernas månadsuppföljning (filtypen *sysselsättning*) "
        "under *Importera filer*, så visas avtalen här."
    )
    ui.page_link("importera.py", "Importera filer", icon=":material/upload_file:")
    st.stop()

year = ui.year_selector(years, max(years), container=st.columns([1, 4])[0])
result = year_followup(year)
period = f"uppföljt till och med {fmt_month(result.per)}" if result.per else "ingen uppföljning"
st.header(f"Avtal {year}, {period}")

cols = st.columns(4)
cols[0].metric("Avtal under året", fmt_int(len(result.avtal)))
cols[1].metric(
    "Påbörjade anställningar",
    fmt_int(result.totalt["anstallning"]),
    help="Anställningar enligt LAS som påbörjats under året genom upphandling.",
)
cols[2].metric("Påbörjade lärlingsanställningar", fmt_int(result.totalt["larling"]))
cols[3].metric(
    "Påbörjade praktikplatser",
    fmt_int(result.totalt["praktik"]),
    help="Praktik är inte en anställning och räknas inte mot kravet på heltidsmånader.",
)
st.markdown(words.totals_sentence(result))

st.subheader("Avtalen")
if not result.avtal:
    st.markdown(f"Inget avtal med sysselsättningskrav löper under {year}.")
else:
    if any(row.krav_heltidsmanader for row in result.avtal):
        ui.show_figure(words.fulfilment_chart(result), key="sysselsattning_chart")
        st.caption(
            "Stapeln visar utförda heltidsmånader i procent av avtalets krav. Heldragen linje: "
            "kravet (100 %); streckad linje: 75 %. Över stapeln: utfört av kravet och status i ord "
            "och symbol."
        )
    ui.show_table(words.contract_table(result), key="sysselsattning_avtal")
    with st.expander("Så bedöms avtalen (modellvillkoret, krav-ID 11554)"):
        st.markdown(f"**Första anställningen.** {words.RULES['forsta_anstallning']}")
        st.markdown(f"**Uppfyllelse.** {words.RULES['status']}")
        st.markdown(
            "Bedömningen gäller uppföljningen till och med årets senast rapporterade månad."
        )

    st.subheader("Per förvaltning")
    ui.number_table(words.by_forvaltning(result), caption=f"Per förvaltning {year}")
    st.subheader("Per leverantör")
    ui.number_table(words.by_leverantor(result), caption=f"Per leverantör {year}")

st.caption(words.SOURCE)
