"""Presentation: numbers → Swedish text, tables and charts (no database, no Streamlit). The same
chart builder draws a figure on a page and in an export."""
