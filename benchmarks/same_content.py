"""The same-content floor of the browser benchmark (issue 28): what Streamlit itself costs to
draw exactly what a page of the app draws, without its queries and without any project code.

How (the simplest robust way found): the content is taken from the wire, not from the pages.
`capture` opens each page of the running app (large warehouse, caches warm) in Chromium as a
new session and records the WebSocket messages the server sends (the DevTools protocol's
`Network.webSocketFrameReceived`: Streamlit's `ForwardMsg` protobufs). `decode` keeps the last
full script run's deltas, with the fragment runs after it laid over them (a session's first
page draws its charts in a fragment's run once the page is on screen), by their position
(`metadata.delta_path`), into a tree of blocks and elements: the page as the browser draws
it, the navigation's frame (the hidden accessibility element, the sidebar's text) included. `replayable` turns each element into the plain `st.*`
call that draws it (a Plotly chart's figure JSON, a table's or data frame's rows as a pandas
DataFrame read from the Arrow bytes, a metric's label, value and change, markdown, headings,
HTML, alerts, the widgets with their labels and options, a download button's bytes fetched
from the server's media URL) and each block into its container (columns with their weights,
tabs, expanders, forms, containers). The contents are pickled under the bench work folder,
one file a page, and `write_floor_app` writes a Streamlit script that loads them once per
process (`st.cache_resource`, as the app keeps its data cached) and replays them with plain
`st.*` calls behind an `st.navigation` of the same titles and URL paths. The floor imports
only Streamlit, pandas and Plotly: no query, no project module.

What it cannot reproduce exactly, and leaves out: the styling of a pandas Styler, a data
frame's column configuration, a page link (drawn as markdown), elements that are transient
(`empty`, `skeleton`, `spinner`). Widgets get keys of their own; their state is the default
the page showed.
"""

from __future__ import annotations

import base64
import json
import pickle
import textwrap
import urllib.request
from pathlib import Path

#: Element and block kinds with no lasting content.
_TRANSIENT = {"empty", "skeleton", "spinner", "balloons", "snow", "toast"}


# --- decoding the wire ------------------------------------------------------------------------


def decode(payloads: list[bytes]) -> tuple[dict, list[str]]:
    """The last script run's deltas as a tree: `{root index: [node, ...]}`, a node being
    `("element", kind, proto)` or `("block", kind, proto, children)`; and the kinds skipped."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    by_hash: dict[str, ForwardMsg] = {}
    deltas: dict[tuple[int, ...], object] = {}
    for payload in payloads:
        message = ForwardMsg()
        message.ParseFromString(payload)
        kind = message.WhichOneof("type")
        if kind == "ref_hash":  # a message the browser has cached: the earlier full one
            cached = by_hash.get(message.ref_hash)
            if cached is None:
                raise ValueError(f"a cached message {message.ref_hash} was never sent in full")
            path = tuple(message.metadata.delta_path)
            message = cached
            kind = "delta"
        else:
            path = tuple(message.metadata.delta_path)
            if message.hash:
                by_hash[message.hash] = message
        if kind == "new_session":
            # A full run starts: only the last full run's deltas count. A fragment's run (the
            # charts drawn after the first paint, `ui.draw_waiting`) changes its parts.
            if not message.metadata.run.fragment_ids:
                deltas = {}
        elif kind == "delta" and message.delta.WhichOneof("type") in ("new_element", "add_block"):
            if message.delta.WhichOneof("type") == "add_block":  # a block anew: without its
                n = len(path)  # earlier children (a fragment's run drew it again)
                deltas = {p: d for p, d in deltas.items() if p[:n] != path or len(p) == n}
            deltas[path] = message.delta
    return _tree(deltas)


def _tree(deltas: dict[tuple[int, ...], object]) -> tuple[dict, list[str]]:
    nodes: dict[tuple[int, ...], list] = {}
    skipped: list[str] = []
    for path in sorted(deltas, key=len):
        delta = deltas[path]
        if delta.WhichOneof("type") == "add_block":
            kind = delta.add_block.WhichOneof("type") or "vertical"
            nodes[path] = ["block", kind, delta.add_block, []]
        else:
            kind = delta.new_element.WhichOneof("type")
            if kind in _TRANSIENT:
                continue
            nodes[path] = ["element", kind, getattr(delta.new_element, kind)]
    roots: dict[int, list] = {}
    for path in sorted(nodes):
        parent = path[:-1]
        if len(path) == 2:
            roots.setdefault(path[0], []).append(nodes[path])
        elif parent in nodes and nodes[parent][0] == "block":
            nodes[parent][3].append(nodes[path])
        else:
            skipped.append(f"{nodes[path][1]} without its block at {list(path)}")
    return roots, skipped


# --- from protobufs to plain st.* calls ---------------------------------------------------------


def _label_visibility(proto) -> str:
    names = {0: "visible", 1: "hidden", 2: "collapsed"}
    try:
        return names.get(proto.label_visibility.value, "visible")
    except AttributeError:
        return "visible"


def _frame(arrow_bytes: bytes):
    import pyarrow as pa

    return pa.ipc.open_stream(arrow_bytes).read_all().to_pandas()


def _call(kind: str, proto, fetch, counter: list[int], skipped: list[str]):
    """`("call", method, kwargs)` drawing the element, or None."""
    counter[0] += 1
    key = f"w{counter[0]}"
    if kind == "markdown":
        element_type = proto.DESCRIPTOR.fields_by_name["element_type"].enum_type
        name = element_type.values_by_number[proto.element_type].name
        if name == "DIVIDER":
            return ("call", "divider", {})
        if name == "LATEX":
            return ("call", "latex", {"body": proto.body})
        method = "caption" if name == "CAPTION" else "markdown"
        return (
            "call",
            method,
            {"body": proto.body, "unsafe_allow_html": proto.allow_html, "help": proto.help or None},
        )
    if kind == "heading":
        method = {"h1": "title", "h2": "header"}.get(proto.tag, "subheader")
        anchor = False if proto.hide_anchor else (proto.anchor or None)
        return ("call", method, {"body": proto.body, "anchor": anchor, "help": proto.help or None})
    if kind == "text":
        return ("call", "text", {"body": proto.body, "help": proto.help or None})
    if kind == "html":
        return ("call", "html", {"body": proto.body})
    if kind == "code":
        return ("call", "code", {"body": proto.code_text, "language": proto.language or None})
    if kind == "alert":
        method = {1: "error", 2: "warning", 3: "info", 4: "success"}.get(proto.format, "info")
        return ("call", method, {"body": proto.body, "icon": proto.icon or None})
    if kind == "metric":
        colors = proto.DESCRIPTOR.fields_by_name["color"].enum_type.values_by_number
        directions = proto.DESCRIPTOR.fields_by_name["direction"].enum_type.values_by_number
        color, direction = colors[proto.color].name, directions[proto.direction].name
        delta_color = "normal"
        if color == "GRAY":
            delta_color = "off"
        elif (color, direction) in (("RED", "UP"), ("GREEN", "DOWN")):
            delta_color = "inverse"
        return (
            "call",
            "metric",
            {
                "label": proto.label,
                "value": proto.body,
                "delta": proto.delta or None,
                "delta_color": delta_color,
                "help": proto.help or None,
                "border": proto.show_border,
                "label_visibility": _label_visibility(proto),
            },
        )
    if kind == "table":
        return ("call", "table", {"data": _frame(proto.arrow_data.data)})
    if kind == "dataframe":
        return ("call", "dataframe", {"data": _frame(proto.arrow_data.data), "key": key})
    if kind == "plotly_chart":
        config = json.loads(proto.config) if proto.config else {}
        return (
            "call",
            "plotly_chart",
            {"figure_or_data": json.loads(proto.spec), "config": config, "key": key},
        )
    common = {"label": proto.label if hasattr(proto, "label") else "", "key": key}
    if hasattr(proto, "help"):
        common["help"] = proto.help or None
    if kind == "button":
        method = "form_submit_button" if proto.is_form_submitter else "button"
        if method == "form_submit_button":
            common.pop("key")
        return ("call", method, {**common, "icon": proto.icon or None})
    if kind == "download_button":
        data = fetch(proto.url) if proto.url else b""
        return ("call", "download_button", {**common, "data": data, "icon": proto.icon or None})
    visibility = {"label_visibility": _label_visibility(proto)}
    if kind == "selectbox":
        index = proto.default if proto.HasField("default") else None
        options = list(proto.options)
        return ("call", "selectbox", {**common, **visibility, "options": options, "index": index})
    if kind == "radio":
        index = proto.default if proto.HasField("default") else None
        return (
            "call",
            "radio",
            {**common, **visibility, "options": list(proto.options), "index": index,
             "horizontal": proto.horizontal},
        )  # fmt: skip
    if kind == "slider" and proto.options:
        value = [proto.options[int(i)] for i in proto.default]
        value = value[0] if len(value) == 1 else tuple(value)
        return (
            "call",
            "select_slider",
            {**common, **visibility, "options": list(proto.options), "value": value},
        )
    if kind == "checkbox":
        return ("call", "checkbox", {**common, **visibility, "value": proto.default})
    if kind in ("text_input", "text_area"):
        value = proto.default if proto.HasField("default") else ""
        return ("call", kind, {**common, **visibility, "value": value})
    if kind == "file_uploader":
        return (
            "call",
            "file_uploader",
            {**common, **visibility, "type": list(proto.type) or None,
             "accept_multiple_files": proto.multiple_files},
        )  # fmt: skip
    if kind == "progress":
        return ("call", "progress", {"value": proto.value, "text": proto.text or None})
    if kind == "page_link":
        return ("call", "markdown", {"body": proto.label})
    skipped.append(kind)
    return None


def _block(node: list, fetch, counter: list[int], skipped: list[str]):
    _, kind, proto, children = node
    drawn = [_node(child, fetch, counter, skipped) for child in children]
    if kind == "flex_container" and children and all(c[1] == "column" for c in children):
        weights = [c[2].column.weight or 1 for c in children]
        return ("columns", {"spec": weights}, [c[2] for c in drawn])  # each column's children
    if kind == "tab_container":
        labels = [c[2].tab.label for c in children]
        return ("tabs", {"tabs": labels}, [c[2] for c in drawn])
    drawn = [d for d in drawn if d is not None]
    if kind == "expandable":
        label = proto.expandable.label
        return ("block", "expander", {"label": label, "expanded": proto.expandable.expanded}, drawn)
    if kind == "form":
        form = proto.form
        return ("block", "form", {"key": form.form_id, "border": form.border}, drawn)
    if kind == "popover":
        return ("block", "popover", {"label": proto.popover.label}, drawn)
    if kind == "flex_container":
        flex = proto.flex_container
        horizontal = flex.direction == 2
        return ("block", "container", {"border": flex.border, "horizontal": horizontal}, drawn)
    return ("block", "container", {}, drawn)


def _node(node: list, fetch, counter: list[int], skipped: list[str]):
    if node[0] == "block":
        result = _block(node, fetch, counter, skipped)
        if node[1] in ("column", "tab"):  # drawn by its parent: keep its children
            return ("inner", {}, result[3] if result[0] == "block" else [])
        return result
    return _call(node[1], node[2], fetch, counter, skipped)


def replayable(roots: dict, fetch) -> tuple[dict, list[str]]:
    """`{"main": [...], "sidebar": [...]}` of plain calls and containers; and what was left
    out. `fetch(url)` returns the bytes of a media URL (a download button's file)."""
    counter, skipped = [0], []
    content = {"main": [], "sidebar": []}
    for root, nodes in sorted(roots.items()):
        where = "sidebar" if root == 1 else "main"  # st.html finds its own way to the events
        content[where] += [
            d for d in (_node(n, fetch, counter, skipped) for n in nodes) if d is not None
        ]
    return content, skipped


def count(nodes: list) -> int:
    """The number of calls in a replayable tree."""
    total = 0
    for node in nodes:
        if node[0] == "call":
            total += 1
        elif node[0] in ("columns", "tabs"):
            total += sum(count(inner) for inner in node[2])
        else:
            total += count(node[3] if node[0] == "block" else node[2])
    return total


# --- capture -----------------------------------------------------------------------------------


def capture(browser, server, url_path: str, timeout_s: float = 120) -> tuple[dict, list[str]]:
    """Open `url_path` of the running `server` in a new session (a fresh profile) and return
    what it drew as `replayable` content, and what was left out."""
    from benchmarks.browser import _settled_ms, new_context

    payloads: list[bytes] = []

    def on_frame(event: dict) -> None:
        response = event.get("response", {})
        if response.get("opcode") == 2:
            payloads.append(base64.b64decode(response.get("payloadData", "")))

    context = new_context(browser)
    try:
        tab = context.new_page()
        tab.set_default_timeout(timeout_s * 1000)
        cdp = context.new_cdp_session(tab)
        cdp.send("Network.enable")
        cdp.on("Network.webSocketFrameReceived", on_frame)
        tab.goto(f"{server.url}/{url_path}", wait_until="commit")
        _settled_ms(tab)
        tab.wait_for_timeout(300)  # the last frames' events
    finally:
        context.close()
    roots, skipped = decode(payloads)

    def fetch(url: str) -> bytes:
        with urllib.request.urlopen(server.url + url, timeout=60) as response:
            return response.read()

    content, left_out = replayable(roots, fetch)
    return content, skipped + left_out


# --- the floor app -----------------------------------------------------------------------------

FLOOR_TEMPLATE = '''
"""The same-content floor of the browser benchmark (written by benchmarks/same_content.py):
the app's pages as Streamlit draws them, replayed from saved contents with plain st.* calls."""
import pickle
from pathlib import Path

import plotly.graph_objects as go
import streamlit as st

HERE = Path(__file__).parent
PAGES = {pages!r}


@st.cache_resource
def content(name):
    """A page's saved content, read once per process; its figures made Plotly figures once."""
    saved = pickle.loads((HERE / f"{{name}}.pickle").read_bytes())

    def figures(nodes):
        for node in nodes:
            if node[0] == "call" and node[1] == "plotly_chart":
                node[2]["figure_or_data"] = go.Figure(node[2]["figure_or_data"])
            elif node[0] in ("columns", "tabs"):
                for inner in node[2]:
                    figures(inner)
            elif node[0] == "block":
                figures(node[3])

    for nodes in saved.values():
        figures(nodes)
    return saved


def draw(parent, nodes):
    for node in nodes:
        if node[0] == "call":
            getattr(parent, node[1])(**node[2])
        elif node[0] in ("columns", "tabs"):
            method = "columns" if node[0] == "columns" else "tabs"
            for container, inner in zip(getattr(parent, method)(**node[1]), node[2]):
                draw(container, inner)
        else:
            draw(getattr(parent, node[1])(**node[2]), node[3])


def page(name):
    def run():
        saved = content(name)
        draw(st.sidebar, saved["sidebar"])
        draw(st, saved["main"])

    run.__name__ = f"page_{{name}}"
    return run


st.set_page_config(page_title="Golv", layout="wide")
st.navigation(
    [
        st.Page(page(name), title=title, url_path=url_path or name, default=not url_path)
        for name, title, url_path in PAGES
    ]
).run()
'''


def write_floor_app(folder: Path, pages: list[tuple[str, str, str]], contents: dict) -> Path:
    """Save each page's content (`contents[name]`) and the floor script replaying them;
    `pages` are (name, title, url path; empty for the default page) in the navigation's order."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in contents.items():
        (folder / f"{name}.pickle").write_bytes(pickle.dumps(content))
    script = folder / "same_content_floor.py"
    script.write_text(textwrap.dedent(FLOOR_TEMPLATE).format(pages=pages), encoding="utf-8")
    return script
