"""Arbetsmål: the Streamlit app. Navigation only; each page lives in pages/.

Run with `make run` (or `streamlit run app.py`). The warehouse comes from `ARBETSMAL_DB`.
Login, roles and the local mode: `pipelines/app/auth.py` and `docs/drift.md`.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from pipelines import config
from pipelines.app import a11y, auth, ui

st.set_page_config(page_title="Arbetsmål", page_icon=":material/trending_up:", layout="wide")
#: lang="sv", Swedish over Streamlit's own words, contrast and focus (WCAG 2.1 AA).
a11y.install()

try:  # a setting that cannot be used stops the start, in Swedish (issue 24)
    config.grace_days()
except config.ConfigError as bad:
    st.error(str(bad))
    st.stop()

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
    ("uppfoljning.py", "Uppföljning", ":material/event_repeat:", "uppfoljning"),
    ("manadsrapport.py", "Månadsrapport", ":material/description:", "manadsrapport"),
    ("importera.py", "Importera filer", ":material/upload_file:", "importera"),
    ("datakvalitet.py", "Datakvalitet", ":material/fact_check:", "datakvalitet"),
    ("export.py", "Export", ":material/download:", "export"),
]


pages = [
    st.Page(
        str(PAGES_DIR / file),
        title=title,
        icon=icon,
        url_path=url if index else "start",  # served at the root; its own path: below
        default=index == 0,
    )
    for index, (file, title, icon, url) in enumerate(
        spec for spec in PAGE_SPECS if auth.may_open(access, spec[3])
    )
]

if pages:
    # Streamlit serves the default page at the root only: its own path (/oversikt, as links
    # name it) would show a "Page not found" dialog. A hidden page there opens the root.
    home, home_path = pages[0], next(s[3] for s in PAGE_SPECS if auth.may_open(access, s[3]))
    pages.append(
        st.Page(
            lambda: st.switch_page(home, query_params=st.query_params.to_dict()),
            title=home.title,
            url_path=home_path,
            visibility="hidden",
        )
    )

page = st.navigation(pages)
ui.through_app()  # issue 28: a session's first page draws its charts and its rest once on screen
page.run()
ui.draw_waiting()
#: Issue 19: after a page's first complete run, the collector stops walking what stays.
ui.settle_heap(page.url_path)
