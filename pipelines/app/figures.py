"""Charts built once per process (issue 19): a figure whose data did not change is not built
again for every session and every rerun.

`cached(build, *args, **kwargs)` returns `build(*args, **kwargs)` from a cache shared by every
session of the process (`st.cache_resource`), keyed by the builder and its arguments as
Streamlit hashes them (a DataFrame by its content), so a new ingest, which changes the data, gives
a new figure. Building a Plotly figure is most of a page's own CPU in a new session (Översikt:
two charts, about a tenth of the session's server CPU; profiled with py-spy on the running app).

The figure is shared: show it (`ui.show_figure` restyles a copy), never change it in place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import plotly.graph_objects as go
import streamlit as st


@st.cache_resource(show_spinner=False, max_entries=256)
def _built(name: str, _build: Callable[..., go.Figure], args: tuple, kwargs: tuple) -> go.Figure:
    return _build(*args, **dict(kwargs))


def cached(build: Callable[..., go.Figure], *args: Any, **kwargs: Any) -> go.Figure:
    """`build(*args, **kwargs)`, built once per process for the same arguments."""
    name = f"{build.__module__}.{build.__qualname__}"
    return _built(name, build, args, tuple(sorted(kwargs.items())))
