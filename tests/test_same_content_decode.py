"""The same-content floor reads what a page drew from the wire (`benchmarks.same_content`): the
last full run's elements, with a fragment's later run laid over them (a session's first page
draws its charts in a fragment's run once the page is on screen, issue 28)."""

from __future__ import annotations

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from benchmarks.same_content import decode


def _new_session(*fragments: str) -> bytes:
    message = ForwardMsg()
    message.new_session.SetInParent()
    message.metadata.run.fragment_ids.extend(fragments)
    return message.SerializeToString()


def _element(path: list[int], kind: str, fragment: str = "", **fields) -> bytes:
    message = ForwardMsg()
    message.metadata.delta_path.extend(path)
    element = getattr(message.delta.new_element, kind)
    element.SetInParent()
    for name, value in fields.items():
        setattr(element, name, value)
    message.delta.fragment_id = fragment
    return message.SerializeToString()


def _block(path: list[int], kind: str, fragment: str = "") -> bytes:
    message = ForwardMsg()
    message.metadata.delta_path.extend(path)
    getattr(message.delta.add_block, kind).SetInParent()
    message.delta.fragment_id = fragment
    return message.SerializeToString()


def _shape(node) -> tuple:
    if node[0] == "element":
        return (node[1],)
    return (node[1], [_shape(child) for child in node[3]])


def test_a_fragment_run_lays_its_chart_over_the_place_the_full_run_kept():
    payloads = [
        _new_session(),  # an earlier full run: forgotten
        _element([0, 0], "markdown", body="gammalt"),
        _new_session(),  # the page's full run
        _element([0, 0], "markdown", body="Översikt"),
        _element([0, 1], "empty"),  # the chart's place
        _block([0, 2], "flex_container", "f"),  # the fragment, with the signal in it
        _element([0, 2, 0], "markdown", "f", body="signal"),
        _block([0, 1], "transparent", "f"),
        _element([0, 1, 0], "html", "f", body="Diagrammet ritas …"),
        _new_session("f"),  # the fragment's run once the page is on screen
        _block([0, 1], "transparent", "f"),
        _block([0, 2], "flex_container", "f"),
        _element([0, 1, 0], "plotly_chart", "f"),
    ]
    roots, skipped = decode(payloads)
    assert skipped == []
    assert [_shape(node) for node in roots[0]] == [
        ("markdown",),
        ("transparent", [("plotly_chart",)]),  # the chart, not the waiting text
        ("flex_container", []),  # the signal is gone from the fragment
    ]
    assert roots[0][0][2].body == "Översikt"


def test_a_full_run_starts_afresh():
    payloads = [
        _new_session(),
        _element([0, 0], "markdown", body="först"),
        _element([0, 1], "markdown", body="sedan"),
        _new_session(),
        _element([0, 0], "markdown", body="igen"),
    ]
    roots, _ = decode(payloads)
    assert [node[2].body for node in roots[0]] == ["igen"]
