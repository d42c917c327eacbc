"""Queries: a warehouse connection → numbers (frames, dataclasses). No formatting, no Streamlit.

Every query function is registered with `@query` (`base.py`): called plainly it opens a short
read-only connection; `f.direct(con, …)` runs it on a given connection. The app installs a
cache keyed on the warehouse's version (`pipelines.app.cache`).
"""
