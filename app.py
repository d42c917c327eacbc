"""Arbetsmål: the Streamlit app. Navigation only; each page lives in pages/.

Run with `make run` (or `streamlit run app.py`). The warehouse comes from `ARBETSMAL_DB`.
Login, roles and the local mode: `pipelines/app/auth.py` and `docs/drift.md`.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from pipelines.app import auth

st.set_page_config(page_title="Arbetsmål", page_icon=":material/trending_up:", layout="wide")

#: Who is here. Anyone who may see nothing (not logged in, no role, or no login configured on a
#: network address) gets the login page, the no-role page or the refusal, and the script stops.
access = auth.gate()
auth.sidebar(access)

PAGES_DIR = Path(__file__).parent / "pages"

#: (file in pages/, title, icon, url path), in the navigation's order.
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


pages = [
    st.Page(str(PAGES_DIR / file), title=title, icon=icon, url_path=url, default=index == 0)
    for index, (file, title, icon, url) in enumerate(
        spec for spec in PAGE_SPECS if auth.may_open(access, spec[3])
    )
]

st.navigation(pages).run()
