"""Datakvalitet: which deliveries are in, what looks unusual, and every version of a figure.
Layout and widgets only: the figures come from `pipelines.queries.quality*`."""

from __future__ import annotations

import streamlit as st

from pipelines.app import auth, ui
from pipelines.app.views import datakvalitet as views
from pipelines.formatting import fmt_int, fmt_month
from pipelines.present import quality_checks_text, quality_tables
from pipelines.queries import quality, quality_revisions
from pipelines.queries.delivery import grace_days_in_force

ui.run_through_app()
grace_days = grace_days_in_force()

st.title("Datakvalitet")
st.write(
    "Här ser du vilka leveranser som har kommit in, vilka siffror som ser ovanliga ut och hur "
    "varje siffra har ändrats. En rättelse syns alltid: den tidigare siffran finns kvar, med "
    "tid och fil."
)

last = quality.last_complete_month()
years = quality.available_years()
year = st.selectbox("År", years, index=years.index(last.year) if last.year in years else 0)

shown = views.year_view(year)

cols = st.columns(4)
cols[0].metric(f"Saknade leveranser, {fmt_month(last)}", fmt_int(shown.missing))
cols[1].metric(f"Varningar {year}", fmt_int(shown.checks))
cols[2].metric(
    f"Rättade siffror {year}",
    fmt_int(shown.corrected),
    help="Delar (en månad för en förvaltning, eller en månads försörjningsstöd) vars innehåll en "
    "senare leverans ändrade. En leverans med samma siffror igen räknas inte.",
)
cols[3].metric(
    "Filer med fel",
    fmt_int(shown.rejected),
    help="Filer som kontrollerades och hade fel: vid uppladdningen i appen eller vid inläsning "
    "från kommandoraden. Ingenting från dem sparades. Samma fil räknas en gång, hur många gånger "
    "den än kontrollerades.",
)


# Further down than a phone's first screen: drawn once the top is on screen (issue 28).
def _rest() -> None:
    st.header("Försenade leveranser")
    if shown.overdue_table is not None:
        st.warning(
            f"{fmt_int(shown.overdue)} leveranser av anställningar saknas. Siffrorna för de "
            "månaderna är preliminära tills de har kommit in."
        )
        ui.accessible_table(
            shown.overdue_table,
            caption="Leveranser som saknas: förvaltning, månad och dagar sedan sista dag",
        )
    else:
        st.success("Inga leveranser av anställningar är försenade.")
    st.caption(
        f"En månads leverans väntas till {fmt_int(grace_days)} dagar efter månadens slut; sedan "
        "räknas den som saknad."
    )

    st.header(f"Leveranser för {fmt_month(last)}")
    st.caption(
        "Den senaste hela månaden: dess leveranser ska ha kommit in när respitdagarna har gått. "
        "Innevarande månad räknas inte som saknad förrän den är slut."
    )
    if shown.missing_table is None:
        st.success(f"Alla leveranser för {fmt_month(last)} har kommit in.")
    else:
        st.warning(
            f"{fmt_int(shown.missing)} leveranser saknas för {fmt_month(last)}. "
            "En förvaltning utan anställningar ska leverera rader med antal 0."
        )
        ui.accessible_table(shown.missing_table, caption=f"Saknade leveranser {fmt_month(last)}")

    st.header(f"Leveranser månad för månad {year}")
    ui.accessible_table(
        shown.completeness,
        caption=f"Leveranser per månad {year}",
        marked=quality_tables.is_missing,
    )
    st.caption(quality_tables.COMPLETENESS_LEGEND)
    st.caption(shown.forvaltning_legend)

    st.header(f"Kontroller {year}")
    st.caption(
        "Varningarna hindrar ingenting men bör kontrolleras. "
        + quality_checks_text.thresholds_text()
    )
    if shown.checks_table is None:
        st.success(f"Inga varningar för {year}.")
    else:
        ui.accessible_table(shown.checks_table, caption=f"Varningar {year}", row_headers=False)

    st.header(f"Rättade siffror {year}")
    if shown.corrections_table is None:
        st.caption(f"Ingen siffra för {year} har ersatts av en senare leverans.")
    else:
        st.caption(
            "Varje siffra som en senare leverans har ersatt: anställningar (alla anställningsformer) "
            "per månad och förvaltning, eller hushåll med försörjningsstöd per månad."
        )
        st.dataframe(shown.corrections_table, hide_index=True, width="stretch")

    st.header("Versionshistorik")
    kind = st.radio(
        "Uppgift",
        quality_revisions.REVISION_KINDS,
        format_func=lambda k: quality_tables.KIND_TITLES[k],
        horizontal=True,
    )
    months = quality_revisions.revision_months(kind, year)
    if not months:
        st.caption(f"Inget är lagrat för {year}.")
    else:
        left, right = st.columns(2)
        month = left.selectbox(
            "Månad", months, index=len(months) - 1, format_func=lambda m: fmt_month(m, capital=True)
        )
        forvaltning = None
        if kind == "anstallningar":
            choices = {None: "Alla förvaltningar", **shown.forvaltning_choices}
            forvaltning = right.selectbox("Förvaltning", list(choices), format_func=choices.get)
        st.dataframe(views.revisions(kind, month, forvaltning), hide_index=True, width="stretch")
        st.caption(
            "Varje levererad version av siffran, äldst först. ”Ändring” är skillnaden mot versionen "
            "före; den gällande versionen är den som inte har ersatts."
        )

    st.header("Inläsningslogg")
    if shown.history_table is None:
        st.caption("Ingen fil har lästs in ännu.")
    else:
        st.dataframe(shown.history_table, hide_index=True, width="stretch")
        choices = shown.message_choices
        if choices:
            chosen = st.selectbox(
                "Visa fel och varningar för en inläsning", list(choices), format_func=choices.get
            )
            st.dataframe(views.messages(chosen), hide_index=True, width="stretch")

    # --- Socialstyrelsen's statistics: months that look like reporting gaps (issue 15) -------------
    st.header("Avvikelser i Socialstyrelsens statistik")
    st.caption(
        "En månad är en avvikelse när både månaden före och månaden efter har värden och månadens "
        "värde skiljer sig mer än 15 % från deras medel, till exempel en januari som ser ut som "
        "en lucka i inrapporteringen. Avvikelserna är markerade i jämförelsen på sidan "
        "Försörjningsstöd."
    )
    if shown.anomalies_table is None:
        st.caption("Inga avvikelser (eller ingen statistik från Socialstyrelsen inläst).")
    else:
        st.dataframe(shown.anomalies_table, hide_index=True, width="stretch", key="sos-avvikelser")

    # --- the release ledger: what has left the product in public form ------------------------------
    st.header("Utlämningar")
    st.caption(
        "Varje publikt uppföljningspaket (med dess öppna data) som har skrivits: vilket år och till "
        "och med vilken månad, från vilken version av uppgifterna, och hur många tal som visades och "
        "doldes. Ett nytt publikt paket skyddas mot allt som redan lämnats ut."
    )
    released = views.releases(auth.allowed(auth.Permission.AUDIT_TRAIL))
    if released is None:
        st.caption("Inget har lämnats ut ännu.")
    else:
        st.dataframe(
            released,
            hide_index=True,
            width="stretch",
            key="utlamningar",
        )

    # --- the audit trail: analytiker and administrator only (checked on the server) ----------------
    if auth.allowed(auth.Permission.AUDIT_TRAIL):
        st.header("Logg: vem gjorde vad")
        st.caption(
            "Varje lagrad, redan lagrad eller avvisad fil, varje kommentar, export, säkerhetskopia "
            "och återställning: vem, var och när. De senaste 500 händelserna, senaste först."
        )
        trail = views.audit()
        if trail is None:
            st.caption("Inget har loggats ännu.")
        else:
            st.dataframe(trail, hide_index=True, width="stretch", key="audit-trail")


ui.later(_rest)
