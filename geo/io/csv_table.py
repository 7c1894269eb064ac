"""A CSV upload read into columns: every cell as text, and the line each row starts on.

pyarrow's CSV reader reads the file in C, column by column. The line a row starts on (what the
per-row report names) is found from the bytes with numpy: a line break outside quotes ends a
row. A file pyarrow cannot take as it is (a row with more or fewer cells than the header, old
Mac line breaks, a stray quote inside a cell) is read by the csv module instead, whose rules the
report has always followed: a short row is padded, extra cells join the last column.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

from geo.io.text_input import file_error
from geo.model.i18n import M_

_CHUNK = 1 << 20


@dataclass(frozen=True)
class CsvTable:
    header: list[str]
    cells: (
        pd.DataFrame
    )  # one text column per header cell, named by position ("0", "1", …); rows that are all blank dropped
    lines: np.ndarray  # the line each row starts on (the header is line 1)
    more: bool = False  # the file has more rows than were read (`max_rows`)

    def column(self, position: int) -> pd.Series:
        return self.cells[str(position)]


def read_csv_table(text: str, file_name: str, max_rows: int) -> CsvTable:
    """The header and the rows of a CSV text; the delimiter (comma, semicolon or tab) is guessed
    from the first line. Raises DataError when the header is empty or the text is not CSV. The
    csv module (for a file pyarrow cannot take) stops a row past `max_rows + 1`: `more` says so."""
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, None)
    except csv.Error as err:
        raise file_error(file_name, "line 1", "", M_("is not valid CSV ({error})", error=str(err))) from None
    if not header or not any(h.strip() for h in header):
        raise file_error(file_name, "header", first_line[:80], M_("is empty: the first line must name the columns"))
    data = text.encode("utf-8")
    table = _arrow_table(data, delimiter, len(header))
    starts = _row_start_lines(data) if table is not None else None
    more = False
    if table is None or starts is None or len(starts) != table.num_rows:
        cells, lines, more = _csv_module_rows(text, file_name, delimiter, len(header), max_rows)
    else:
        cells = table.to_pandas()
        lines = starts
    cells.columns = [str(i) for i in range(len(header))]
    cells = cells.iloc[1:]  # the header, read as a row
    lines = lines[1:]
    filled = np.zeros(len(cells), dtype=bool)
    for column in cells.columns:
        filled |= (cells[column].str.strip() != "").to_numpy()
    return CsvTable(header, cells[filled].reset_index(drop=True), np.asarray(lines)[filled], more)


def _arrow_table(data: bytes, delimiter: str, width: int) -> pa.Table | None:
    """Every row (the header first) as text columns, or None when a row is not `width` cells long."""
    ragged = []

    def refuse(_row: object) -> str:
        ragged.append(_row)
        return "error"  # one is enough: the csv module reads the file

    names = [f"c{i}" for i in range(width)]
    try:
        table = pa_csv.read_csv(
            io.BytesIO(data),
            read_options=pa_csv.ReadOptions(column_names=names, block_size=8 << 20),
            parse_options=pa_csv.ParseOptions(
                delimiter=delimiter, newlines_in_values=True, ignore_empty_lines=True, invalid_row_handler=refuse
            ),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                null_values=[],
            ),
        )
    except pa.ArrowInvalid:
        return None
    return None if ragged else table


def _row_start_lines(data: bytes) -> np.ndarray | None:
    """The line each non-empty row starts on: a line feed after an even number of quotes ends a row.
    None when the file has carriage returns without line feeds (read by the csv module then).
    Read a million bytes at a time, so a file of blank lines takes no more memory than one of rows."""
    raw = np.frombuffer(data, dtype=np.uint8)
    starts, quotes, feeds_before, returns = [np.array([1])], 0, 0, 0
    for offset in range(0, len(raw), _CHUNK):
        chunk = raw[offset : offset + _CHUNK]
        feeds = np.flatnonzero(chunk == 0x0A)
        quote_positions = np.flatnonzero(chunk == 0x22)
        returns += np.count_nonzero(chunk == 0x0D)
        ends = (quotes + np.searchsorted(quote_positions, feeds)) % 2 == 0
        begin = feeds[ends] + offset + 1  # where the next row begins
        lines = feeds_before + np.flatnonzero(ends) + 2
        first, second = _byte_at(raw, begin), _byte_at(raw, begin + 1)
        empty = (first == 0x0A) | ((first == 0x0D) & (second == 0x0A))
        starts.append(lines[~empty])
        quotes += len(quote_positions)
        feeds_before += len(feeds)
    if returns > feeds_before:
        return None
    return np.concatenate(starts)


def _byte_at(raw: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """The bytes at `positions`; past the end, a line feed (the file ends as if with a blank line)."""
    inside = positions < len(raw)
    return np.where(inside, raw[np.where(inside, positions, 0)] if len(raw) else 0x0A, 0x0A)


def _csv_module_rows(
    text: str, file_name: str, delimiter: str, width: int, max_rows: int
) -> tuple[pd.DataFrame, np.ndarray, bool]:
    """The rows (the header first) as the csv module reads them, each `width` cells long, up to
    `max_rows + 2` of them (enough to say exactly how many there are up to one past the limit);
    and whether the file has more."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows, lines = [], []
    line = 0
    more = False
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                if len(rows) == max_rows + 2:  # the header and max_rows + 1 rows
                    more = True
                    break
                if len(cells) > width:  # extra cells join the last column
                    cells = cells[: width - 1] + [delimiter.join(cells[width - 1 :])]
                rows.append(cells + [""] * (width - len(cells)))
                lines.append(line + 1)
            line = reader.line_num
    except csv.Error as err:
        raise file_error(
            file_name, f"line {reader.line_num}", "", M_("is not valid CSV ({error})", error=str(err))
        ) from None
    frame = pd.DataFrame(rows, columns=range(width), dtype="str")
    return frame, np.array(lines, dtype=np.int64), more
