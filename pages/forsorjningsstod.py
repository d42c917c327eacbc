"""Försörjningsstöd: every monthly key figure of economic assistance for a chosen period, against
the same month last year and the rolling 12-month mean, and the link to the hires: hires from
försörjningsstöd beside endings to work. Layout and widgets only."""

from __future__ import annotations

from datetime import date

import streamlit as st

from pipelines.app import ui
from pipelines.app.views import forsorjningsstod as views
from pipelines.formatting import (
    fmt_count,
    fmt_int,
    fmt_kr,
    fmt_mkr,
    fmt_month,
    fmt_month_short,
    month_key,
)
from pipelines.ingest.preview_text import escape_markdown
from pipelines.present.comparison import VIEWS
from pipelines.queries.comparison import years as comparison_years
from pipelines.queries.forsorjningsstod import MISSING_NOTE, PRELIMINARY_NOTE, fs_months
from pipelines.queries.region_groups import selectable_groups
from schemas.vocabulary import SOURCE_FORSORJNINGSSTOD, fs_status_label

ui.run_through_app()


st.title("Försörjningsstöd")
st.caption(
    "Socialnämnden följer självförsörjningen varje månad. Här syns nyckeltalen för "
    "ekonomiskt bistånd månad för månad, jämförda med samma månad i fjol och med det "
    "rullande tolvmånadersmedlet."
)

months = fs_months()
if not months:
    st.markdown(
        "**Inga siffror för försörjningsstöd är inlästa ännu.** Läs in en fil med månadens "
        "nyckeltal under *Importera filer*, så visas de här."
    )
    st.stop()

# --- period --------------------------------------------------------------------------------------
keys = [month_key(m) for m in months]
default_first = keys[max(0, len(keys) - 13)]
first_key = ui.query_param_str("fran", default_first)
last_key = ui.query_param_str("till", keys[-1])
first_key = first_key if first_key in keys else default_first
last_key = last_key if last_key in keys else keys[-1]
if keys.index(first_key) > keys.index(last_key):
    first_key, last_key = default_first, keys[-1]
chosen = st.select_slider(
    "Period",
    options=keys,
    value=(first_key, last_key),
    format_func=lambda k: fmt_month_short(months[keys.index(k)]),
    help="Välj första och sista månad. Nyckeltalen nedan gäller periodens sista månad.",
)
first, last = months[keys.index(chosen[0])], months[keys.index(chosen[1])]
ui.set_query_param("fran", month_key(first))
ui.set_query_param("till", month_key(last))

shown = views.month(last)
status = shown.status

# --- the period's last month ---------------------------------------------------------------------
st.header(fmt_month(last, capital=True))
if status == "saknas":
    st.warning(f"Försörjningsstöd för {fmt_month(last)} är inte inrapporterat. {MISSING_NOTE}")
else:
    st.markdown(f"Uppgifterna för månaden: **{fs_status_label(status)}**.")
    if status == "preliminar":
        st.caption(PRELIMINARY_NOTE)

kpis = shown.kpis
for start in range(0, len(kpis), 4):
    cols = st.columns(4)
    for col, kpi in zip(cols, kpis[start : start + 4], strict=False):
        col.metric(
            kpi.label,
            kpi.value,
            kpi.delta,
            delta_color="off",
            delta_arrow=kpi.arrow,
            delta_description=kpi.delta_description,
            help=kpi.help,
        )
st.caption(
    "Förändringen under varje värde är mot samma månad i fjol. Andelar ändras i "
    "procentenheter. Vad varje nyckeltal betyder står under Definitioner (och vid frågetecknet)."
)


# Further down than a phone's first screen: drawn once the top is on screen (issue 28).
def _rest() -> None:
    with st.expander("Definitioner"):  # reachable by tap and keyboard, not only by hovering
        for kpi in kpis:
            st.markdown(f"**{escape_markdown(kpi.label)}:** {escape_markdown(kpi.help)}")

    with st.expander(f"Alla nyckeltal för {fmt_month(last)} mot föregående månad och i fjol"):
        ui.number_table(shown.table, caption=f"Nyckeltal {fmt_month(last)}")

    # --- one figure over the period ------------------------------------------------------------------
    st.subheader("Utveckling månad för månad")
    names, definitions = views.catalogue()
    figure_id = ui.query_param_select(
        "Nyckeltal",
        list(names),
        "nyckeltal",
        default="hushall",
        format_func=names.get,
        container=st.columns([2, 3])[0],
    )
    st.caption(f"**{names[figure_id]}:** {definitions[figure_id]}")
    ui.figure_with_table(
        *views.trend(first, last, figure_id),
        key="fs_trend",
        caption="Heldragen linje: utfall (ofylld ring: preliminär månad). Streckad: samma månad i "
        "fjol. Prickad: rullande 12 månader (medel av de senaste tolv månaderna, bara när alla "
        "tolv finns). " + MISSING_NOTE,
    )

    # --- the link to the hires -----------------------------------------------------------------------
    year = last.year
    hires = views.link(year, last.month)
    link = hires.link
    st.subheader(f"Från försörjningsstöd till arbete {year}")
    st.caption(
        "De två halvorna av uppdraget: kommunens anställningar av personer som hade "
        "försörjningsstöd, bredvid de hushåll vars bistånd avslutades för att någon fick arbete."
    )
    cols = st.columns(4)
    cols[0].metric(
        "Anställda från försörjningsstöd",
        fmt_int(link.hires_fran_fs),
        help="Anställningar mot målet hittills i år där personen hade försörjningsstöd före "
        "anställningen.",
    )
    cols[1].metric(
        "Avslut till arbete",
        fmt_int(link.endings_to_work),
        help="Biståndshushåll som avslutats till arbete hittills i år (preliminärt för de senaste "
        "månaderna).",
    )
    cols[2].metric(
        f"Snitt per hushåll {year}",  # short: a longer label is cut off on the tile
        fmt_kr(link.avg_per_household),
        help=f"Utbetalt per hushåll och månad, genomsnitt för {year} hittills: årets utbetalda "
        "bistånd delat med summan av "
        "månadernas biståndshushåll. Nyckeltalet Utbetalt per hushåll högre upp gäller bara en "
        "månad, därför kan de två skilja sig.",
    )
    cols[3].metric(
        "Uppskattat minskat bistånd",
        fmt_mkr(link.estimate_kr),
        help="Försörjningsstöd som inte längre behöver betalas ut resten av året: anställda från "
        "försörjningsstöd × utbetalt per hushåll och månad × årets återstående månader.",
    )
    if link.estimate_kr is not None:
        st.markdown(
            f"**Uppskattning:** {fmt_int(link.hires_fran_fs)} anställda × "
            f"{fmt_kr(link.avg_per_household)} per hushåll och månad × "
            f"{fmt_count(link.months_remaining, 'återstående månad', 'återstående månader')} = "
            f"{fmt_kr(link.estimate_kr)}."
        )
    st.caption("**Antagande:** " + hires.assumption)
    if hires.chart is not None:
        ui.figure_with_table(hires.chart, hires.table, key="fs_hires")
    st.caption(SOURCE_FORSORJNINGSSTOD)

    # --- compared with the country (Socialstyrelsen's statistics, issue 15) --------------------------
    st.subheader("Jämfört med riket, länet och liknande kommuner")
    sos_years = comparison_years()
    if not sos_years:
        st.info(
            "Ingen statistik från Socialstyrelsen är inläst ännu. Ta ut tabellen Ekonomiskt bistånd "
            "per månad ur Socialstyrelsens statistikdatabas och läs in den under Importera filer."
        )
    else:
        cols = st.columns([1, 1, 2])
        sos_year = cols[0].selectbox(
            "År",
            sos_years,
            index=sos_years.index(last.year) if last.year in sos_years else 0,
            key="jamfor_ar",
        )
        base_options = [date(sos_year, m, 1) for m in range(1, 13)]
        base_month = cols[1].selectbox(
            "Basmånad (index = 100)",
            base_options,
            format_func=fmt_month_short,
            key="jamfor_bas",
            help="Indexet visar varje månad i förhållande till basmånaden.",
        )
        view = cols[2].radio(
            "Visa", list(VIEWS), format_func=VIEWS.get, horizontal=True, key="jamfor_visa"
        )
        groups = selectable_groups()  # the kommungrupp and further groups (issue 27)
        chosen_group = (
            st.selectbox("Jämförelsegrupp", groups, key="jamfor_grupp") if len(groups) > 1 else None
        )
        compared = views.compared(sos_year, base_month, view, chosen_group)
        result = compared.result
        if compared.summary:
            st.markdown(compared.summary)
        ui.figure_with_table(
            compared.figure,
            compared.table,
            key="fs_jamfor",
            caption="X (sekretess) och – (saknas) visas som sådana, aldrig som noll. ! = avvikelse: "
            "mer än 15 % från medlet av månaden före och efter. Jämförelsegruppen är summan av "
            "gruppens kommuner, bara där ingen kommun saknas eller är maskerad.",
        )
        st.caption(compared.source)
        st.markdown("**Egen månadsfil bredvid Socialstyrelsens siffra**")
        ui.number_table(
            views.own_vs_sos(sos_year),
            caption=f"Egen månadsfil och Socialstyrelsen {sos_year}",
        )

    own_name = result.regions[0].region if sos_years and not result.empty else "Egen kommun"
    kolada = views.kolada(own_name)
    if kolada is not None:
        st.markdown("**Årliga nyckeltal från Kolada**")
        ui.number_table(kolada, caption="Årliga nyckeltal från Kolada")
        st.caption(
            "Källa: Kolada (RKA), senaste hämtningen; varje hämtning sparas, eftersom Kolada kan "
            "revidera siffrorna. Jämförelsegruppens medel är ovägt över kommunerna med värde."
        )


ui.later(_rest)
