"""The Streamlit adapter: the only package under pipelines/ that imports streamlit. Caching
keyed on the warehouse version (`cache`), widgets and URL state (`ui`)."""
