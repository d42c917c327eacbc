"""Arbetsmål: the Streamlit app. Navigation only; each page lives in pages/.

Run with `make run` (or `streamlit run app.py`). The warehouse comes from `ARBETSMAL_DB`.
Login, roles and the local mode: `pipelines/app/auth.py` and `docs/drift.md`.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from pipelines import config
from pipelines.app import auth
from pipelines.formatting import fmt_int, fmt_month

st.set_page_config(page_title="Arbetsmål", page_icon=":material/trending_up:", layout="wide")

#: Who is here. Anyone who may see nothing (not logged in, no role, or no login configured on a
#: network address) gets the login page, the no-role page or the refusal, and the script stops.
access = auth.gate()
auth.sidebar(access)

PAGES_DIR = Path(__file__).parent / "pages"

#: (file in pages/, title, icon, url path). A page whose file is missing is left out, so the
#: navigation grows as pages are added.
PAGE_SPECS = [
    ("oversikt.py", "Översikt", ":material/trending_up:", "oversikt"),
    ("forvaltningar.py", "Förvaltningar", ":material/account_balance:", "forvaltningar"),
    ("forsorjningsstod.py", "Försörjningsstöd", ":material/home:", "forsorjningsstod"),
    (
        "sysselsattningskrav.py",
        "Sysselsättningskrav",
        ":material/handshake:",
        "sysselsattningskrav",
    ),
    ("manadsrapport.py", "Månadsrapport", ":material/description:", "manadsrapport"),
    ("importera.py", "Importera filer", ":material/upload_file:", "importera"),
    ("datakvalitet.py", "Datakvalitet", ":material/fact_check:", "datakvalitet"),
    ("export.py", "Export", ":material/download:", "export"),
]


def warehouse_state_page() -> None:
    """What the warehouse holds: shown when no page of its own exists yet."""
    from pipelines.queries.status import warehouse_state

    st.title("Arbetsmål")
    st.write(
        "Kommunens mål: att varje år anställa 200 personer som står långt från arbetsmarknaden, "
        "följt förvaltning för förvaltning, bredvid månadens siffror för försörjningsstöd."
    )
    state = warehouse_state()
    cols = st.columns(3)
    hires_last = state["hires_last_month"]
    fs_last = state["forsorjningsstod_last_month"]
    cols[0].metric("Inlästa filer", fmt_int(state["files_stored"]))
    cols[1].metric("Anställningar till och med", fmt_month(hires_last) if hires_last else "–")
    cols[2].metric("Försörjningsstöd till och med", fmt_month(fs_last) if fs_last else "–")
    st.caption(f"Databas: {config.db_path().name}")


pages = [
    st.Page(str(PAGES_DIR / file), title=title, icon=icon, url_path=url, default=index == 0)
    for index, (file, title, icon, url) in enumerate(
        spec
        for spec in PAGE_SPECS
        if (PAGES_DIR / spec[0]).exists() and auth.may_open(access, spec[3])
    )
]
if not pages:
    pages = [
        st.Page(
            warehouse_state_page,
            title="Start",
            icon=":material/trending_up:",
            url_path="start",
            default=True,
        )
    ]

st.navigation(pages).run()
