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
    # Each cell runs up to and including the delimiter or line break after it (stripped below):
    # the offsets of an Arrow string array over the bytes themselves. Filled a block of lines
    # at a time (about 1 MB of lines), each line holding exactly width - 1 delimiters.
    offsets = np.empty(rows * width + 1, dtype=np.int32)
    offsets[0] = start
    cell_ends = offsets[1:].reshape(rows, width)
    first = 0
    while first < rows:
        low = start if first == 0 else int(line_ends[first - 1]) + 1
        last = int(np.searchsorted(line_ends, low + _SLICE_BYTES, side="right"))
        last = min(max(last, first + 1), rows)  # the lines within a slice, at least one
        is_delimiter = buffer[low : int(line_ends[last - 1])] == ord(delimiter)
        if np.count_nonzero(is_delimiter) != (last - first) * (width - 1):
            return None
        delimiters = np.flatnonzero(is_delimiter) + low
        counts = np.diff(np.searchsorted(delimiters, line_ends[first:last]), prepend=0)
        if not (counts == width - 1).all():
            return None
        cell_ends[first:last, : width - 1] = delimiters.reshape(last - first, width - 1) + 1
        first = last
    cell_ends[:, width - 1] = np.minimum(line_ends + 1, size)
    del line_ends, ends
    cells = pa.StringArray.from_buffers(rows * width, pa.py_buffer(offsets), pa.py_buffer(buffer))
    encoded = pc.dictionary_encode(cells, memory_pool=pa.system_memory_pool())
    del cells, offsets
    distinct = [_cell_text(cell, delimiter) for cell in encoded.dictionary.to_pylist()]
    if any(len(v) >= 10 and looks_like_personnummer(v) for v in distinct):
        return None
    values = np.empty(len(distinct), dtype=object)
    values[:] = distinct
    codes = encoded.indices.to_numpy().reshape(rows, width)
    del encoded
    blank = np.fromiter((v == "" for v in distinct), dtype=bool, count=len(distinct))
    if blank[codes].all(axis=1).any():  # a blank row: the general path leaves it out
        return None
    index = pd.Index(np.arange(position + 2, position + 2 + rows), name="rad", dtype="int64")
    # One block of references, column after column: the frame takes it without a copy.
    block = values[codes.T]
    del codes
    data = pd.DataFrame(block.T, index=index, columns=names, dtype=object, copy=False)
    return head[position][0], kind, header, data


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
