"""The common case of a CSV file read column by column, for large deliveries.

`pipelines.ingest.read` reads a file row by row in Python, which handles everything a file can hold
(quoted values over several lines, ragged rows, blank lines, footnotes, unnamed columns) at
some 50 000 rows a second. Most deliveries hold none of that: this path reads those about ten
times faster and gives exactly the same table. It returns None for anything else, and the
general path then reads the file and reports what is wrong with it.

Memory (a file at the 20 MB limit must cost at most 300 MB, issue 13): the cells are found in
the file's UTF-8 bytes by numpy (the positions of its line breaks and delimiters), seen by Arrow
without a copy and dictionary-encoded there, so a Python string exists only per distinct cell
text and each column is an array of references to them: no string per line or per cell.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from pipelines.ingest.read.header import HEADER_SEARCH_ROWS, find_header
from schemas.parsing import looks_like_personnummer, normalize_name

_LF, _CR = ord("\n"), ord("\r")
_SLICE_BYTES = 1 << 20


def simple_csv_table(
    text: str,
    delimiter: str,
    required_columns: dict[str, set[str]],
    *,
    utf8: bytes | memoryview | None = None,
) -> tuple[int, str, list[str], pd.DataFrame] | None:
    """(header row number, kind, header cells, data) of a simple CSV text, or None.

    Simple: no quote character, no line ending in a lone CR; after the header row every line has
    exactly the header's number of cells, none is blank; every header cell has a distinct
    non-empty name; no cell looks like a personnummer. `data` is as `pipelines.ingest.read`
    builds it: one column per header name, cells stripped, index = the row number as Excel
    shows it. `utf8`: `text` encoded as UTF-8 when the caller has it (the file's own bytes).
    """
    if '"' in text:
        return None
    buffer = np.frombuffer(text.encode("utf-8") if utf8 is None else utf8, dtype=np.uint8)
    size = len(buffer)
    returns = _positions(buffer, _CR, 0, size)
    if len(returns) and not (
        returns[-1] + 1 < size and (buffer[returns + 1] == _LF).all()
    ):  # a line ending in a lone CR (old Mac): the general path reads it
        return None
    del returns
    # Where each line ends (its LF, or the end of the text), the first 10 as text.
    ends = _positions(buffer, _LF, 0, size)
    if size and buffer[-1] != _LF:
        ends = np.append(ends, size)
    head_end = int(ends[min(HEADER_SEARCH_ROWS, len(ends)) - 1]) if len(ends) else 0
    head_lines = bytes(buffer[:head_end]).decode("utf-8").split("\n")
    head = [
        (number, [cell.strip() for cell in line.rstrip("\r").split(delimiter)])
        for number, line in enumerate(head_lines, start=1)
    ]
    found = find_header(head, required_columns)
    if found is None:
        return None
    position, kind = found
    header = head[position][1]
    names = [normalize_name(cell) for cell in header]
    if not all(names) or len(set(names)) != len(names):
        return None
    if any(looks_like_personnummer(cell) for _, cells in head[: position + 1] for cell in cells):
        return None
    width, rows = len(header), len(ends) - position - 1
    if rows <= 0:
        return None
    start = int(ends[position]) + 1  # the first byte of the first data line
    line_ends = ends[position + 1 :]
    # The cells, column after column, as references to one string per distinct text; read a
    # block of lines (about 1 MB) at a time, each line holding exactly width - 1 delimiters.
    block = np.empty((width, rows), dtype=object)
    known: dict[str, str] = {}
    first = 0
    while first < rows:
        low = start if first == 0 else int(line_ends[first - 1]) + 1
        last = int(np.searchsorted(line_ends, low + _SLICE_BYTES, side="right"))
        last = min(max(last, first + 1), rows)  # the lines within a slice, at least one
        texts, codes = _block_cells(buffer, delimiter, width, low, line_ends[first:last])
        if texts is None:
            return None
        new = [text for text in texts if text not in known]
        if any(len(v) >= 10 and looks_like_personnummer(v) for v in new):
            return None
        known.update((text, text) for text in new)
        blank = np.fromiter((text == "" for text in texts), dtype=bool, count=len(texts))
        if blank[codes].all(axis=1).any():  # a blank row: the general path leaves it out
            return None
        values = np.empty(len(texts), dtype=object)
        values[:] = [known[text] for text in texts]
        block[:, first:last] = values[codes.T]
        first = last
    index = pd.Index(np.arange(position + 2, position + 2 + rows), name="rad", dtype="int64")
    # The block of references, column after column: the frame takes it without a copy.
    data = pd.DataFrame(block.T, index=index, columns=names, dtype=object, copy=False)
    return head[position][0], kind, header, data


def _block_cells(
    buffer: np.ndarray, delimiter: str, width: int, low: int, line_ends: np.ndarray
) -> tuple[list[str], np.ndarray] | tuple[None, None]:
    """The distinct cell texts (as the general path gives them) of the lines from byte `low`
    to `line_ends`, and a code per cell (a row per line); (None, None) unless every line holds
    exactly width - 1 delimiters. Each cell runs up to and including the delimiter or line
    break after it: the offsets of an Arrow string array over the bytes themselves."""
    lines = len(line_ends)
    is_delimiter = buffer[low : int(line_ends[-1])] == ord(delimiter)
    if np.count_nonzero(is_delimiter) != lines * (width - 1):
        return None, None
    delimiters = np.flatnonzero(is_delimiter) + low
    counts = np.diff(np.searchsorted(delimiters, line_ends), prepend=0)
    if not (counts == width - 1).all():
        return None, None
    offsets = np.empty(lines * width + 1, dtype=np.int32)
    offsets[0] = low
    cell_ends = offsets[1:].reshape(lines, width)
    cell_ends[:, : width - 1] = delimiters.reshape(lines, width - 1) + 1
    cell_ends[:, width - 1] = np.minimum(line_ends + 1, len(buffer))
    cells = pa.StringArray.from_buffers(lines * width, pa.py_buffer(offsets), pa.py_buffer(buffer))
    encoded = pc.dictionary_encode(cells, memory_pool=pa.system_memory_pool())
    texts = [_cell_text(cell, delimiter) for cell in encoded.dictionary.to_pylist()]
    return texts, encoded.indices.to_numpy().reshape(lines, width)


def _positions(buffer: np.ndarray, byte: int, start: int, end: int) -> np.ndarray:
    """The positions of `byte` in `buffer[start:end]`, found a slice at a time (no boolean
    array as long as the file)."""
    found = [
        np.flatnonzero(buffer[low : min(low + _SLICE_BYTES, end)] == byte) + low
        for low in range(start, end, _SLICE_BYTES)
    ]
    return np.concatenate(found) if found else np.empty(0, dtype=np.int64)


def _cell_text(cell: str, delimiter: str) -> str:
    """A cell as the general path gives it: without the delimiter that ends it, stripped (the
    line break that ends a line's last cell, CR LF included, is stripped with the space)."""
    return (cell[:-1] if cell.endswith(delimiter) else cell).strip()
