"""The accessible tables a page shows (`ui.accessible_table`, markup by
`pipelines.present.html_table`) read back under AppTest: `st.html` bodies are in `at.html`.

`tables(at)` gives each table as a DataFrame of the cells' text (headers as columns), with its
caption in `frame.attrs["caption"]` and its links in `frame.attrs["links"]`; `table(at, caption)`
the one whose caption starts with the given text.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pandas as pd
from streamlit.testing.v1 import AppTest


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict] = []
        self._cell: list[str] | None = None
        self._in_caption = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append({"caption": "", "rows": [], "links": []})
        elif tag == "caption":
            self._in_caption = True
        elif tag == "tr":
            self.tables[-1]["rows"].append([])
        elif tag in ("th", "td"):
            self._cell = []
        elif tag == "a" and self.tables:
            self.tables[-1]["links"].append(dict(attrs).get("href"))

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption":
            self._in_caption = False
        elif tag in ("th", "td") and self._cell is not None:
            self.tables[-1]["rows"][-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._in_caption:
            self.tables[-1]["caption"] += data
        elif self._cell is not None:
            self._cell.append(data)


def read_tables(markup: str) -> list[pd.DataFrame]:
    """Every `<table>` in the markup as a frame of its cells' text."""
    reader = _Reader()
    reader.feed(markup)
    frames = []
    for found in reader.tables:
        header, *rows = found["rows"]
        frame = pd.DataFrame(rows, columns=header, dtype="str")
        frame.attrs["caption"] = found["caption"]
        frame.attrs["links"] = found["links"]
        frames.append(frame)
    return frames


def tables(at: AppTest) -> list[pd.DataFrame]:
    """The page's accessible tables, in page order."""
    return [frame for element in at.html for frame in read_tables(element.value)]


def table(at: AppTest, caption: str) -> pd.DataFrame:
    """The one table whose caption starts with `caption`."""
    (found,) = [t for t in tables(at) if t.attrs["caption"].startswith(caption)]
    return found


def table_with(at: AppTest, column: str) -> pd.DataFrame:
    """The one table with a column `column`."""
    (found,) = [t for t in tables(at) if column in t.columns]
    return found
