"""Small Streamlit helpers shared by the pages: status badges, accessible tables, a chart with
its table, and widgets whose value lives in the URL's query parameters (so a link shows the
same view).

Pages import from here; the helpers hold no SQL and no figures of their own.
"""

from __future__ import annotations

import atexit
import collections
import gc
import hashlib
import pickle
import threading
import weakref
from collections.abc import Callable, Sequence
from html import escape
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit import runtime
from streamlit.errors import StreamlitAPIException

from pipelines.app import (
    a11y,
    cache,  # noqa: F401  (installs the pages' query cache)
)
from pipelines.present import html_table
from pipelines.present.charts.base import ScreenFigure, alt_text, dark, for_screen, title_lines
from pipelines.present.link_text import unknown_link_text
from schemas.vocabulary import status_text

_PAGES_DIR = Path(__file__).resolve().parents[2] / "pages"  # pipelines/app/ui.py → pages/

#: Streamlit's markdown colour names closest to the palette's status colours.
_BADGE_COLOURS = {
    "i_fas": "green",
    "risk": "orange",
    "efter": "red",
    "natt": "green",
    "ingen_data": "gray",
}


def status_badge(status: str) -> str:
    """Markdown for a coloured badge with symbol and word (never colour alone)."""
    colour = _BADGE_COLOURS.get(status, "gray")
    return f":{colour}-badge[{status_text(status)}]"


def status_first(table: pd.DataFrame) -> list[str] | None:
    """The display order with a Status column first, so that on a phone or tablet the status is
    in view beside the name while the figures scroll sideways (None: no Status column). Not
    pinned: Streamlit draws a pinned column's text faded, below WCAG's contrast."""
    columns = [str(c) for c in table.columns]
    status = [c for c in columns if c.startswith("Status")]
    return status + [c for c in columns if c not in status] if status else None


def status_beside_name(table: pd.DataFrame) -> pd.DataFrame:
    """The table with its Status column(s) right after the first (the name): on a phone the
    name wraps and the status stays in view beside it while the figures scroll sideways."""
    columns = list(table.columns)
    status = [c for c in columns[1:] if str(c).startswith("Status")]
    if not status:
        return table
    return table[[columns[0], *status, *(c for c in columns[1:] if c not in status)]]


def show_table(table: pd.DataFrame, *, key: str | None = None) -> None:
    """A long list as Streamlit's grid, for when sorting and searching it matters (a screen
    reader cannot read the grid's cells: key tables go through `accessible_table`). Without the
    index, as wide as the page, every row visible up to 25 rows (then it scrolls); a Status
    column first. Format numbers as Swedish text first (`pipelines.formatting`)."""
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        key=key,
        height=38 + 35 * len(table) if len(table) <= 25 else "auto",
        column_order=status_first(table),
    )


def accessible_table(
    table: pd.DataFrame,
    *,
    caption: str,
    links: Sequence[str | None] | None = None,
    marked: Callable[[str], bool] | None = None,
    row_headers: bool = True,
) -> None:
    """A real HTML table (`present.html_table`): a caption, column and row headers a screen
    reader announces, figures right-aligned, a Status column beside the name, sideways scroll
    inside its box on a phone. `table` holds text formatted the Swedish way; every cell is
    escaped. `links`: per row, a link inside the app on the first cell (`?forvaltning=VOF`)."""
    key = None
    rule = None if marked is None else f"{marked.__module__}.{marked.__qualname__}"
    if rule is None or "<" not in rule:  # a lambda or closure has no name to key on
        try:
            content = hashlib.blake2b(pickle.dumps(table, protocol=5), digest_size=16).digest()
            key = (content, caption, tuple(links) if links is not None else None, row_headers)
            key += (rule,)
        except (pickle.PicklingError, TypeError, AttributeError):  # not picklable: not kept
            key = None
    if key is not None:
        with _TABLES_LOCK:  # sessions run in threads of their own
            cached = _TABLES.get(key)
            if cached is not None:
                _TABLES.move_to_end(key)
        if cached is not None:
            st.html(cached)
            return
    text = html_table.html_table(
        status_beside_name(table),
        caption=caption,
        links=links,
        marked=marked,
        row_headers=row_headers,
    )
    if key is not None:
        with _TABLES_LOCK:
            _TABLES[key] = text
            while len(_TABLES) > _TABLES_KEPT:
                _TABLES.popitem(last=False)
    st.html(text)


#: The HTML of the tables shown lately, by their content (the frame's pickle: equal bytes, equal
#: table) and arguments: a new session of a page shows the same tables as the last one, and
#: writing a 60-row table costs 4–7 ms, its key 0,3 ms (issue 19). The most recent are kept.
_TABLES: collections.OrderedDict[tuple, str] = collections.OrderedDict()
_TABLES_KEPT = 128
_TABLES_LOCK = threading.Lock()


def number_table(table: pd.DataFrame, *, caption: str) -> None:
    """A table of formatted figures (every column but the first holds numbers formatted as
    Swedish text): an `accessible_table`, the figures right-aligned."""
    accessible_table(table, caption=caption)


#: Plotly's settings for every chart in the app: no toolbar (its eight buttons were tab stops
#: in English that add nothing: the numbers are in the table, the files on Export), no logo.
CHART_CONFIG = {"displayModeBar": False, "displaylogo": False, "scrollZoom": False}


#: The screen versions of the figures shown (`for_screen`, and `dark` of it) by the figure's
#: identity, while the figure lives: a figure from a page's view (`cache.view`) is shared by
#: every session, so its versions are built once per process, not for every session and rerun
#: (7–10 ms a chart, 15–18 ms more in the dark theme; issue 19). A figure is never changed once
#: shown.
_SCREENS: dict[int, tuple[weakref.ref, ScreenFigure, list[go.Figure]]] = {}


def _screen_version(fig: go.Figure, *, dark_theme: bool) -> tuple[ScreenFigure, go.Figure]:
    """`for_screen(fig)` and the figure to draw (its `dark` copy in the dark theme)."""
    key = id(fig)
    entry = _SCREENS.get(key)
    if entry is None or entry[0]() is not fig:
        entry = (weakref.ref(fig), for_screen(fig), [])
        _SCREENS[key] = entry
        weakref.finalize(fig, _SCREENS.pop, key, None)
    screen, darks = entry[1], entry[2]
    if not dark_theme:
        return screen, screen.figure
    if not darks:
        darks.append(dark(screen.figure))
    return screen, darks[0]


def show_figure(
    fig: go.Figure, *, key: str, alt: str | None = None, table_below: bool = False
) -> None:
    """A chart in the export's look (Streamlit's theme off: palette and fonts of `charts.base`)
    made for any screen: title, subtitle and source line as text that wraps on a phone
    (`base.for_screen`), no toolbar (`CHART_CONFIG`), a dark copy in the dark theme
    (`base.dark`). A screen reader gets a short text alternative (`alt`, else `base.alt_text`)
    instead of the drawing's loose labels. Its numbers must be on the page as a table too."""
    text = alt or alt_text(fig)
    if table_below:
        text += " Siffrorna finns i tabellen under diagrammet."
    screen, figure = _screen_version(fig, dark_theme=st.context.theme.type == "dark")
    with st.container(gap=None):
        if screen.title:
            subtitle = f"<br>{escape(screen.subtitle)}" if screen.subtitle else ""
            st.html(
                f'<p class="{a11y.CHART_TITLE}"><strong>{escape(screen.title)}</strong>'
                f"{subtitle}</p>"
            )
        st.html(f'<p class="{a11y.SR_ONLY}">{escape(text)}</p>')
        if _deferring():
            _wait_for_first_paint(figure, key)
        else:
            st.plotly_chart(figure, key=key, theme=None, config=CHART_CONFIG)
        for note in screen.notes:
            st.html(f'<p class="{a11y.CHART_NOTE}">{escape(note)}</p>')


# --- after the first paint (issue 28) -------------------------------------------------------------
# A page that holds one Plotly chart shows nothing until Streamlit's frontend has loaded and run
# Plotly's script: on a phone (Chromium's CPU throttled 4×, the same-content floor of Översikt)
# the first number came after 8,6–9,7 s with its charts and after 3,5–3,8 s without them; one
# chart at the page's end alone cost 4,4 s (benchmarks, `docs/scaling.md`). And everything else
# in the first render delays it too: Översikt's first number came after 2,1 s with the page cut
# after its first row of figures, 2,8 s with the texts and tables down to its charts, 3,3 s
# whole. So a session's first page draws its top at once, with each chart's place (its height
# kept) and the place of what is further down (`later`); a tiny component after the page tells
# the server once the page is on screen (it runs when it is mounted), and only then are the
# charts and the parts further down drawn into their places, by one fragment (only it runs
# again, not the page). A page that stops early (`st.stop()`) must not have shown a chart.
# Later runs of the session (a widget, another page) draw everything at once: the frontend has
# Plotly by then. A page run without app.py (the tests' AppTest of one page) draws everything
# at once too: nothing after it would draw the places.

#: The session has shown a page: its charts are drawn with the page from now on.
_PAINTED = "_arbetsmal_painted"
#: This run's charts waiting for the first paint: (place, figure, key).
_WAITING = "_arbetsmal_waiting_charts"
#: This run's parts further down waiting for the first paint: (place, draw).
_LATER = "_arbetsmal_later"
#: The page runs inside app.py, which draws what waits after the page (`draw_waiting`).
_THROUGH_APP = "_arbetsmal_through_app"
#: The class of a place while it waits (the browser tests wait for none to be left).
WAITING_CLASS = "arbetsmal-waiting"

_painted_signal = None


def _signal():
    """The component that reports, once it is on screen, that the page around it is."""
    global _painted_signal
    if _painted_signal is None:
        _painted_signal = st.components.v2.component(
            "arbetsmal_painted",
            js="""
export default function (component) {
  const { setStateValue } = component;
  requestAnimationFrame(() => setTimeout(() => setStateValue("painted", true), 0));
}
""",
        )
    return _painted_signal


def _mark_painted() -> None:
    st.session_state[_PAINTED] = True


#: The session has had a run before this one.
_STARTED = "_arbetsmal_session_started"


def start_run() -> None:
    """A page's run starts: nothing waits yet (called by `run_through_app`). From a session's
    second run on, everything is drawn with the page even if the signal never came (a browser
    that runs no component script gets the rest at its next click, not never)."""
    if st.session_state.get(_STARTED):
        st.session_state[_PAINTED] = True
    st.session_state[_STARTED] = True
    st.session_state[_WAITING] = []
    st.session_state[_LATER] = []


def through_app() -> None:
    """app.py, before the page: it draws what waits after it (`draw_waiting`)."""
    st.session_state[_THROUGH_APP] = True


def _deferring() -> bool:
    return bool(st.session_state.get(_THROUGH_APP)) and not st.session_state.get(_PAINTED)


def _wait_for_first_paint(figure: go.Figure, key: str) -> None:
    """Keep the chart's place; `draw_waiting` draws it once the page is on screen."""
    st.session_state.setdefault(_WAITING, []).append((st.empty(), figure, key))


def later(draw: Callable[[], None]) -> None:
    """The rest of the page, further down than a phone's first screen: `draw()` here, at once
    unless this is a session's first page, else once that page is on screen (with its charts;
    see above). `draw` holds no `st.stop()`; a widget in it reruns only the part (on that first
    page), so keep what the top shows independent of it."""
    if _deferring():
        st.session_state.setdefault(_LATER, []).append((st.empty(), draw))
    else:
        draw()


def draw_waiting() -> None:
    """After the page (app.py): the charts and parts of this run that wait for the first paint,
    if any."""
    if st.session_state.get(_WAITING) or st.session_state.get(_LATER):
        _draw_when_painted()


def _waiting_place(place, text: str, height: int | None = None) -> None:
    style = f"min-height:{height}px;" if height else ""
    place.html(f'<div class="{WAITING_CLASS}" style="{style}color:#595959">{text}</div>')


@st.fragment
def _draw_when_painted() -> None:
    """In the page's run: each waiting place (a chart's as high as the chart) and the signal.
    When the signal comes (this fragment alone runs again): the parts further down and the
    charts, into their places. Drawn again by every run of the fragment (a widget in a part
    reruns it): the lists last until the page's next run."""
    waiting = st.session_state.get(_WAITING, [])
    parts = st.session_state.get(_LATER, [])
    if not st.session_state.get(_PAINTED):
        for place, figure, _ in waiting:
            _waiting_place(place, "Diagrammet ritas …", int(figure.layout.height or 450))
        for place, _ in parts:
            _waiting_place(place, "Resten av sidan visas strax …")
        _signal()(key="arbetsmal_painted", on_painted_change=_mark_painted)
        return
    for place, draw in parts:
        with place.container():
            draw()
    for place, figure, key in waiting:
        place.plotly_chart(figure, key=key, theme=None, config=CHART_CONFIG)


def figure_with_table(
    fig: go.Figure,
    table: pd.DataFrame,
    key: str,
    *,
    caption: str | None = None,
    table_caption: str | None = None,
) -> None:
    """A chart and, under it, its numbers as an `accessible_table` in an expander (WCAG: not
    only a picture). The table's caption is `table_caption`, else the chart's title."""
    show_figure(fig, key=f"{key}_chart", table_below=True)
    if caption:
        st.caption(caption)
    title = table_caption or next(iter(title_lines(fig)), "Diagrammets siffror")
    with st.expander("Visa tabell"):
        accessible_table(table, caption=title)


def query_param_str(name: str, default: str | None = None) -> str | None:
    """The URL's query parameter `name`, or `default` when it is missing or empty."""
    value = st.query_params.get(name)
    return value if value not in (None, "") else default


def set_query_param(name: str, value: Any) -> None:
    """Write a value to the URL (`None` removes the parameter); no-op when it is unchanged."""
    if value is None:
        if name in st.query_params:
            del st.query_params[name]
    elif st.query_params.get(name) != str(value):
        st.query_params[name] = str(value)


def query_param_select(
    label: str,
    options: Sequence[Any],
    param: str,
    *,
    default: Any = None,
    format_func: Callable[[Any], str] = str,
    container: Any = None,
    help: str | None = None,
    keep_default: bool = True,
) -> Any:
    """A select box whose value is read from, and written back to, the query parameter `param`.

    The URL's value wins when it is one of the options (compared as text); else `default`, else
    the first option, and an unknown value in the URL is told (`unknown_link_text`). An option `None` stands for "no filter" and removes the parameter; with
    `keep_default=False` the default value is left out of the URL too.
    """
    options = list(options)
    if not options:
        return None
    as_text = ["" if o is None else str(o) for o in options]
    raw = query_param_str(param)
    if raw is not None and raw in as_text:
        index = as_text.index(raw)
    elif default in options:
        index = options.index(default)
    else:
        index = 0
    target = container if container is not None else st
    value = target.selectbox(
        label, options, index=index, format_func=format_func, key=f"qp_{param}", help=help
    )
    if raw is not None and raw not in as_text:  # a shared link with an unknown value says so
        choices = [format_func(o) for o in options if o is not None]
        st.warning(unknown_link_text(label, raw, format_func(value), choices), icon="🔗")
    set_query_param(param, None if (not keep_default and value == default) else value)
    return value


def year_selector(
    years: Sequence[int], default: int | None = None, *, container: Any = None
) -> int | None:
    """The year (`?ar=`), newest first; `default` when the URL names none (or an unknown one)."""
    years = sorted(years, reverse=True)
    return query_param_select("År", years, "ar", default=default, container=container)


def delta_style(change: float | None, *, higher_is_better: bool = True) -> dict[str, str]:
    """`st.metric` arguments for a delta formatted by `pipelines.formatting`: the arrow from the
    sign (Streamlit reads only a hyphen as negative, our minus is `−`) and the colour from
    whether the change is good. Use as `st.metric(label, value, delta, **delta_style(x))`."""
    if change is None or change == 0:
        return {"delta_arrow": "off", "delta_color": "gray"}
    good = (change > 0) == higher_is_better
    return {
        "delta_arrow": "up" if change > 0 else "down",
        "delta_color": "green" if good else "red",
    }


def page_link(
    page_file: str,
    label: str,
    *,
    icon: str | None = None,
    query_params: dict[str, Any] | None = None,
    container: Any = None,
) -> None:
    """A link to another page of the app (`page_file` in pages/), optionally with query
    parameters (`?ar=2026&forvaltning=VOF`). Left out when the page does not exist (yet); a plain
    link where the navigation is not known (a page run on its own)."""
    if not (_PAGES_DIR / page_file).exists():
        return
    target = container if container is not None else st
    params = {k: str(v) for k, v in (query_params or {}).items()}
    try:
        target.page_link(f"pages/{page_file}", label=label, icon=icon, query_params=params or None)
    except StreamlitAPIException:
        query = "&".join(f"{k}={v}" for k, v in params.items())
        target.markdown(f"[{label}]({Path(page_file).stem}{'?' + query if query else ''})")


def run_through_app() -> None:
    """Call first on every page. With a `pages/` folder beside app.py, Streamlit runs the first
    request after a server start the old way: a deep link (`/forvaltningar?ar=2026`) would run
    the page alone, without app.py's navigation and page settings, until someone opens `/`.
    Here the page notices that and reruns through app.py, which routes to the same page.
    Whoever may not see the app is stopped here too, whatever way the page was reached
    (`auth.require`; app.py shows them the login page)."""
    from streamlit.runtime.pages_manager import PagesManager

    from pipelines.app import auth

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
    auth.require(auth.Permission.SEE)
    start_run()


#: Pages whose first complete run in this process has settled the heap (`settle_heap`).
_SETTLED: set[str] = set()


def settle_heap(page: str) -> None:
    """After a page's first complete run in a served process (app.py calls it after the page):
    collect garbage once, then move everything still alive (modules, the process's caches) into
    Python's permanent generation (`gc.freeze`), so the collector's full passes stop walking
    them. Without it a full pass walked the whole heap (pandas, Plotly, DuckDB, Streamlit and
    the caches: about 65 ms) every few new sessions, inside whichever session set it off (the
    0,18–0,28 s outliers of a 0,09 s session; issue 19, py-spy and `gc.callbacks` on the
    running server). Once per page and process (a page may import more), so at most a few
    sessions' own objects are kept; garbage without cycles is still freed at once. Not in tests
    (AppTest has a runtime but no browser connection, so no request headers): they build and
    drop warehouses by the hundred."""
    if page in _SETTLED or not runtime.exists() or not st.context.headers:
        return
    _SETTLED.add(page)
    if len(_SETTLED) == 1:
        atexit.register(gc.unfreeze)  # a clean exit still sees every object
    gc.collect()
    gc.freeze()


def swedish_file_uploader(types: list[str]) -> None:
    """The Swedish size line of the page's file uploaders (`Högst 20 MB per fil · CSV, XLSX`
    for Streamlit's `20MB per file • CSV, XLSX`): the English element is not displayed (so a
    screen reader skips it too) and its parent shows the Swedish as generated content. The
    button's word (`Upload` → `Välj filer`) is a real text, put in Swedish by `a11y` (hidden
    text would leave the button without a name). Pinned to Streamlit's `data-testid`s; a
    browser test checks them.
    """
    limit = st.get_option("server.maxUploadSize")
    sizes = f"Högst {limit} MB per fil · {', '.join(t.upper() for t in types)}"
    dropzone = '[data-testid="stFileUploaderDropzone"]'
    css = "".join(
        f"{dropzone} {parent} > {english} {{display: none;}}"
        f'{dropzone} {parent}::after {{content: "{text}"; {style}}}'
        for parent, english, text, style in (
            (
                '[data-testid="stFileUploaderDropzoneInstructions"] > div',
                "span",
                sizes,
                "font-size: 0.875rem; opacity: 0.7;",
            ),
        )
    )
    st.html(f"<style>{css}</style>")
