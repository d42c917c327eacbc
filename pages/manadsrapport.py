"""Månadsrapport: the monthly nyckeltalsrapport on one page (goal status, försörjningsstöd against
the previous month and last year, a table per förvaltning, the generated summary with the
analyst's comment beside it, what changed since the last approved month), the same report as
Excel and PDF files, and approving (fastställa) it: the files are stored unchanged, and every
approved month is listed with its files. Layout and widgets only."""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from pipelines.app import auth, report_outcomes, ui
from pipelines.app.views import manadsrapport as views
from pipelines.domain import disclosure
from pipelines.domain.forecast import FORECAST_EXPLANATION, STATUS_EXPLANATION
from pipelines.formatting import (
    fmt_int,
    fmt_mkr,
    fmt_month,
    fmt_probability,
    fmt_share_of_target,
    month_key,
)
from pipelines.ingest.approval import approve_report
from pipelines.ingest.comments import save_comment
from pipelines.outputs.report.files import (
    PDF_MIME,
    XLSX_MIME,
    excel_bytes,
    file_stem,
    pdf_bytes,
    public_files,
)
from pipelines.outputs.report.protected import record_report
from pipelines.present import goal_tables, report_changes, report_text
from pipelines.queries.approval import (
    PDF,
    XLSX,
    approvals,
    approvals_for,
    approved_file,
    figure_differences,
)
from pipelines.queries.delivery import default_report_month
from pipelines.queries.forsorjningsstod import PRELIMINARY_NOTE
from pipelines.queries.report import report_months
from schemas.vocabulary import status_text

ui.run_through_app()

st.title("Månadsrapport")
st.caption(
    "Socialnämndens nyckeltalsrapport: målet för anställningar och försörjningsstödet för en "
    "månad, med sammanfattning och kommentar. Ladda ner den som Excel eller PDF."
)

months = report_months()
if not months:
    st.markdown(
        "**Inga månader är inlästa ännu.** Läs in månadens filer under *Importera filer*, så "
        "kan rapporten skapas."
    )
    st.stop()

by_key = {month_key(m): m for m in months}
chosen = ui.query_param_select(
    "Månad",
    list(by_key),
    "manad",
    default=month_key(default_report_month(months)),
    format_func=lambda k: fmt_month(by_key[k], capital=True),
    container=st.columns([1, 3])[0],
    help="Standard: den senaste avslutade månaden med inrapporterade siffror.",
)
month = by_key[chosen]
shown = views.report(month)
report = shown.report
goal = report.goal

st.header(shown.title)
for note in shown.notes:
    st.warning(note)

# The committee's version (X for hidden counts, recorded as released) for everyone; the exact
# one, marked internal, only for the roles that may see the internal package (issue 25).
protected, blocked = shown.protected, shown.blocked
internal_allowed = auth.allowed(auth.Permission.INTERNAL_EXPORT)
subject = f"månadsrapport {month_key(month)}"


def _public(kind: str) -> bytes:
    xlsx, pdf = public_files(protected)
    record_report(protected, f"{file_stem(month)} (nämndens version)", actor=auth.actor())
    return xlsx if kind == XLSX else pdf


downloads = st.container(horizontal=True)
if protected is not None:
    for kind, label, mime, icon in (
        (XLSX, "Ladda ner Excel", XLSX_MIME, ":material/table_view:"),
        (PDF, "Ladda ner PDF", PDF_MIME, ":material/picture_as_pdf:"),
    ):
        downloads.download_button(
            label,
            auth.recorded_download(
                lambda kind=kind: _public(kind), subject, f"nämndens version, {kind}"
            ),
            file_name=f"{file_stem(month)}.{kind}",
            mime=mime,
            icon=icon,
            on_click="ignore",
            key=f"download_{kind}",
            help="Nämndens version: antal 1–4 och det som skulle avslöja dem visas som X.",
        )
else:
    st.error(blocked)
if internal_allowed:
    for kind, label, build, mime in (
        (XLSX, "Intern Excel", lambda: excel_bytes(report, intern=True), XLSX_MIME),
        (PDF, "Intern PDF", lambda: pdf_bytes(report, intern=True), PDF_MIME),
    ):
        downloads.download_button(
            label,
            auth.recorded_download(build, subject, f"internt (exakta tal), {kind}"),
            file_name=f"{file_stem(month)}_intern.{kind}",
            mime=mime,
            icon=":material/lock:",
            on_click="ignore",
            key=f"download_intern_{kind}",
            help="Exakta tal, märkt intern: lämnas inte ut.",
        )
st.caption(
    f"{disclosure.PUBLICATION_LABEL}: {disclosure.FOOTNOTE}"
    + (" Den interna versionen har exakta tal och lämnas inte ut." if internal_allowed else "")
)

st.subheader("Sammanfattning")
for paragraph in shown.paragraphs:
    st.text(paragraph)

since = shown.since  # the same lines as the PDF and Excel file
if since:
    with st.container(border=True):
        st.markdown("**Sedan förra fastställda månaden**")
        for line in since:
            st.text(line)  # names are text, never markdown

# --- the analyst's comment -----------------------------------------------------------------------
st.markdown("**Kommentar till sammanfattningen**")
latest = report.comments.latest
if latest:
    st.text(latest.text)
    st.text(f"— {latest.author}, {latest.saved_at:%Y-%m-%d %H:%M} (version {latest.version})")
else:
    st.text("Ingen kommentar är skriven för månaden ännu.")

here = auth.access()
if here.can(auth.Permission.COMMENT):
    with st.form("comment_form", clear_on_submit=False):
        text = st.text_area(
            "Din analys av månaden",
            value=latest.text if latest else "",
            height=160,
            max_chars=10_000,
            help="Sparas i databasen med ditt namn och tiden. Tidigare versioner finns kvar.",
        )
        if here.state == "inloggad":  # the login names the author; nobody writes in another's name
            author = here.display_name
            st.text(f"Sparas med ditt namn: {author}")
        else:
            author = st.text_input("Ditt namn", max_chars=100)
        submitted = st.form_submit_button("Spara kommentar", type="primary")
    if submitted:
        try:
            saved = save_comment(month, text, author, actor=here.actor)
        except ValueError as problem:
            st.error(str(problem))
        else:
            st.session_state["comment_saved"] = saved.version
            st.rerun()
    if "comment_saved" in st.session_state:
        st.success(f"Kommentaren är sparad (version {st.session_state.pop('comment_saved')}).")
else:
    st.caption("Kommentarer skrivs av analytiker och administratörer.")

if len(report.comments.history) > 1:
    with st.expander(f"Tidigare versioner ({len(report.comments.history) - 1})"):
        for comment in report.comments.history[1:]:
            st.text(
                f"Version {comment.version}: {comment.author}, {comment.saved_at:%Y-%m-%d %H:%M}"
            )
            st.text(comment.text)
            st.divider()

# --- approve (fastställ) and archive the month's report ------------------------------------------
st.subheader("Fastställ rapporten")
versions = approvals_for(month)
current_figures = shown.figures
if versions:
    newest = versions[0]
    st.text(f"✓ {report_changes.approval_line(newest)}")
    differences = figure_differences(newest.figures, current_figures)
    if differences:
        st.warning(
            "Siffrorna har ändrats sedan rapporten fastställdes. Den fastställda versionen är "
            "oförändrad; fastställ en ny version om den nya ska gälla.\n\n"
            + "\n".join(
                f"- {line}"
                for line in report_changes.difference_lines(
                    differences, newest.figures, current_figures
                )
            )
        )
    else:
        st.caption("Siffrorna är desamma som i den fastställda versionen.")
    approved_files = st.container(horizontal=True)
    for kind, label, mime, icon in (
        (PDF, "Fastställd PDF", PDF_MIME, ":material/picture_as_pdf:"),
        (XLSX, "Fastställd Excel", XLSX_MIME, ":material/table_view:"),
    ):
        approved_files.download_button(
            f"{label} (version {newest.version})",
            approved_file(month, newest.version, kind),
            file_name=f"{file_stem(month)}_fastställd_v{newest.version}.{kind}",
            mime=mime,
            icon=icon,
            on_click="ignore",
            key=f"approved_{kind}",
        )
else:
    differences = None
    st.caption(
        "Rapporten för månaden är inte fastställd. När den fastställs sparas nämndens PDF- och "
        "Excel-filen precis som de ser ut nu, med ditt namn och tiden, och kan inte ändras "
        "efteråt."
    )
if here.can(auth.Permission.COMMENT) and (not versions or differences):
    with st.form("approve_form", clear_on_submit=False):
        if here.state == "inloggad":
            approver = here.display_name
            st.text(f"Fastställs med ditt namn: {approver}")
        else:
            approver = st.text_input("Fastställs av (ditt namn)", max_chars=100, key="approver")
        label = "Fastställ en ny version" if versions else "Fastställ rapporten"
        approve = st.form_submit_button(label, type="primary")
    if approve:
        with st.spinner("Rapporten skapas och sparas …"):
            # The files say they are approved, by whom, when and which version (issue 24).
            next_version = versions[0].version + 1 if versions else 1
            at = datetime.now().replace(microsecond=0)
            stamp = report_text.approval_stamp((approver or "").strip(), at, next_version)
            try:
                if protected is None:  # the committee's version is what is approved
                    raise ValueError(blocked)
                xlsx_file, pdf_file = public_files(protected, stamp)
                version = approve_report(
                    month,
                    pdf_file,
                    xlsx_file,
                    current_figures,
                    approver,
                    actor=here.actor,
                    expected_version=next_version,
                    approved_at=at,
                )
            except ValueError as problem:
                st.error(str(problem))
            else:
                record_report(
                    protected, f"{file_stem(month)} fastställd v{version}", actor=here.actor
                )
                st.session_state["report_approved"] = version
                st.rerun()
if "report_approved" in st.session_state:
    st.success(
        f"Rapporten är fastställd (version {st.session_state.pop('report_approved')}). "
        "Filerna är sparade och kan laddas ner ovan."
    )

# --- the goal ------------------------------------------------------------------------------------
st.subheader(f"Målet {goal.year}")
cols = st.columns(5)
cols[0].metric(
    f"Anställda i {fmt_month(month)}",
    "ej inrapporterat" if goal.hires_month is None else fmt_int(goal.hires_month),
)
cols[1].metric(
    "Hittills i år",
    fmt_int(goal.hires_ytd),
    help="Anställningar som räknas mot målet, januari till och med månaden.",
)
cols[2].metric("Årets mål", fmt_int(goal.target))
cols[3].metric(
    "Prognos för helåret",
    fmt_int(goal.expected),
    help=FORECAST_EXPLANATION,
)
cols[4].metric("Status", status_text(goal.status), help=STATUS_EXPLANATION)
share = goal.hires_ytd / goal.target if goal.target else None
st.progress(
    goal_tables.progress_fraction(goal.hires_ytd, goal.target),
    text=f"{fmt_int(goal.hires_ytd)} av {fmt_int(goal.target)} ({fmt_share_of_target(share)})",
)
if goal.low is not None:
    st.caption(
        f"Troligt intervall för helåret (8 av 10): {fmt_int(goal.low)}–{fmt_int(goal.high)}. "
        f"Sannolikhet att nå målet: {fmt_probability(goal.probability)}."
    )

st.markdown("**Per förvaltning**")
ui.number_table(
    shown.forvaltning_table, caption=f"Anställningar per förvaltning, {fmt_month(month)}"
)
# The table above holds the chart's numbers.
ui.show_figure(shown.forvaltning_chart, key="report_forvaltningar_chart")

# --- försörjningsstöd ----------------------------------------------------------------------------
st.subheader(f"Försörjningsstöd {fmt_month(month)}")
if report.fs_status == "preliminar":
    st.caption(PRELIMINARY_NOTE)
ui.number_table(shown.fs_table, caption=f"Försörjningsstöd {fmt_month(month)}")
ui.figure_with_table(shown.fs_chart, shown.fs_chart_table, key="report_trend")
s = report.savings
st.markdown(
    f"**Från försörjningsstöd till arbete:** {fmt_int(s.hires_fran_fs)} anställda från "
    f"försörjningsstöd hittills i år, {fmt_int(s.endings_to_work)} hushåll avslutade till "
    f"arbete. Uppskattat bistånd som inte längre betalas ut resten av året: "
    f"{fmt_mkr(s.estimate_kr)}."
)
st.caption("**Antagande:** " + shown.savings_assumption)

# --- compared with the country (Socialstyrelsen's statistics, issue 15) --------------------------
if (compared := shown.comparison) is not None:
    st.subheader(f"Jämfört med riket, länet och liknande kommuner {month.year}")
    if compared.summary:
        st.markdown(compared.summary)
    ui.number_table(
        compared.table,
        caption=f"Hushåll jämfört med riket, länet och liknande kommuner {month.year}",
    )
    st.caption(
        "Socialstyrelsens antal hushåll; inom parentes förändringen mot samma månad året innan. "
        "X (sekretess) och – (saknas) visas som sådana, aldrig som noll. ! = avvikelse. "
        + compared.source
    )
    if compared.own_vs_sos is not None:
        with st.expander("Egen månadsfil bredvid Socialstyrelsens siffra"):
            ui.number_table(compared.own_vs_sos, caption="Egen månadsfil och Socialstyrelsen")

# --- what became of those hired (issue 27): only when follow-up is delivered ------------------
if report.utfall is not None:
    report_outcomes.page_section(report.utfall)

# --- every approved month ------------------------------------------------------------------------
archived = approvals()
st.subheader("Fastställda rapporter")
if not archived:
    st.caption("Ingen månadsrapport är fastställd ännu.")
else:
    st.caption("Varje fastställd version finns kvar med sina filer, precis som de fastställdes.")
    for index, item in enumerate(archived):
        row = st.container(horizontal=True, vertical_alignment="center")
        row.text(report_changes.approved_list_label(item))
        for kind, mime in ((PDF, PDF_MIME), (XLSX, XLSX_MIME)):
            row.download_button(
                kind.upper() if kind == PDF else "Excel",
                approved_file(item.month, item.version, kind),
                file_name=f"{file_stem(item.month)}_fastställd_v{item.version}.{kind}",
                mime=mime,
                on_click="ignore",
                key=f"archive_{kind}_{index}",
            )
