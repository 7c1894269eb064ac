"""Uploads at full size (issue 24): 200,000 events and 50 MB, read a column at a time, every bad row reported."""

import json

import pandas as pd
import pytest

from bench.synthetic import acled_frame
from geo.io.csv_table import read_csv_table
from geo.io.upload import MAX_ROWS, MAX_UPLOAD_BYTES, parse_upload
from geo.model.loader import DataError


@pytest.fixture(scope="module")
def acled_rows() -> pd.DataFrame:
    return acled_frame(MAX_ROWS + 1)


def plain_csv(acled: pd.DataFrame) -> bytes:
    frame = pd.DataFrame({"date": "2020-10-28", "latitude": acled["latitude"], "longitude": acled["longitude"]})
    return frame.to_csv(index=False).encode()


def geojson(acled: pd.DataFrame) -> bytes:
    point = '{"type":"Feature","properties":{"date":"2020-10-28"},"geometry":{"type":"Point","coordinates":[47,40]}}'
    return ('{"type":"FeatureCollection","features":[' + ",".join([point] * len(acled)) + "]}").encode()


FILES = {
    "events.csv": plain_csv,
    "acled.csv": lambda acled: acled.to_csv(index=False).encode(),
    "events.geojson": geojson,
}


@pytest.mark.parametrize("name", list(FILES))
def test_the_most_rows_an_upload_may_have_are_all_mapped(acled_rows: pd.DataFrame, name: str) -> None:
    result = parse_upload(FILES[name](acled_rows.iloc[:MAX_ROWS]), name)

    assert (result.rows, len(result.events), result.problems) == (200_000, 200_000, ())


@pytest.mark.parametrize("name", list(FILES))
def test_one_row_more_is_refused_with_the_count_and_the_limit(acled_rows: pd.DataFrame, name: str) -> None:
    with pytest.raises(DataError) as caught:
        parse_upload(FILES[name](acled_rows), name)

    message = str(caught.value)
    assert message.startswith(f"{name}: field 'rows' = 200001: is more than the 200,000 rows")
    assert "filter the file" in message


def padded_csv(size: int) -> bytes:
    """A one-event CSV of exactly `size` bytes: blank lines after the row are not rows."""
    row = b"date,latitude,longitude\n2020-10-28,40,47\n"
    return row + b"\n" * (size - len(row))


@pytest.mark.parametrize(
    ("size", "refused"),
    [(MAX_UPLOAD_BYTES - 1, False), (MAX_UPLOAD_BYTES, False), (MAX_UPLOAD_BYTES + 1, True), (60 * 2**20, True)],
)
def test_a_file_over_50_mb_is_refused_with_its_size(size: int, refused: bool) -> None:
    content = padded_csv(size)
    if not refused:
        assert len(parse_upload(content, "big.csv").events) == 1
        return
    with pytest.raises(DataError) as caught:
        parse_upload(content, "big.csv")
    assert f"{size:,} bytes" in str(caught.value) and "more than the 50 MB an upload may have" in str(caught.value)


# A quoted cell over three lines first: the rows after it are still named by the line they start on.
BAD_CELLS = [
    ("latitude", "forty", 101, "latitude", "'forty'", "is not a number"),
    ("longitude", "1,5", 5_003, "longitude", "'1,5'", "is not a number (use a dot for decimals)"),
    ("event_date", "10/28/2020", 9_999, "event_date", "'10/28/2020'", "is ambiguous"),
    ("event_type", "Skirmishes", 12_345, "event_type", "'Skirmishes'", "is not an ACLED event type"),
    ("fatalities", "-3", 19_000, "fatalities", "'-3'", "must be a whole number ≥ 0"),
    ("notes", "Shelled\x0bat dawn", 19_999, None, None, None),  # a control character is removed, not a problem
    ("event_id_cnty", "SYN7", 20_002, "event_id_cnty", "'syn7'", "repeats the id of row 10"),
]


def test_every_bad_row_of_a_large_export_is_reported_by_line_field_and_value() -> None:
    acled = acled_frame(20_000)
    acled.loc[0, "notes"] = "A note\nover three\nlines"
    acled["sub_event_type"] = "Attack"  # the event type decides the category
    for column, value, line, *_ in BAD_CELLS:
        acled.loc[line - 4, column] = value  # the header is line 1 and the first note takes three lines
    result = parse_upload(acled.to_csv(index=False).encode(), "acled-2020.csv")

    expected = [(line, field, value) for _, _, line, field, value, _ in BAD_CELLS if field]
    assert [(p.row, p.field, p.value) for p in result.problems] == expected
    for problem, (*_, reason) in zip(result.problems, [case for case in BAD_CELLS if case[3]], strict=True):
        assert problem.reason.startswith(reason)
    assert len(result.events) == 20_000 - len(expected)
    assert "removed from 1 row(s) (19999), in 'notes'" in " ".join(result.notices)
    assert result.events.loc[result.events["id"] == "syn1", "summary"].item().startswith("A note\nover three\nlines")


@pytest.mark.parametrize("name", list(FILES))
def test_progress_is_told_from_reading_to_done(name: str) -> None:
    told: list[tuple[float, str]] = []
    parse_upload(FILES[name](acled_frame(3_000)), name, progress=lambda share, doing: told.append((share, doing)))

    shares = [share for share, _ in told]
    assert shares == sorted(shares) and shares[0] == 0.0 and shares[-1] == 1.0
    assert told[0][1] == f"Reading {name}" and told[-1][1] == "3,000 rows read and checked"


def test_a_json_of_the_right_size_but_not_events_is_still_refused_by_name() -> None:
    with pytest.raises(DataError, match="must be a GeoJSON FeatureCollection"):
        parse_upload(json.dumps({"type": "Feature"}).encode(), "one.geojson")


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        ("a,b\n1,2\n3,4\n", [(2, ["1", "2"]), (3, ["3", "4"])]),
        ("a,b\r\n1,2\r\n\r\n3,4", [(2, ["1", "2"]), (4, ["3", "4"])]),  # Windows line ends, a blank line
        ('a,b\n1,"x\ny"\n3,"q""q"\n', [(2, ["1", "x\ny"]), (4, ["3", 'q"q'])]),  # a cell over two lines
        ("a,b\n\n,\n \n3,4\n\n", [(5, ["3", "4"])]),  # blank rows are no rows
        ("a;b\n1;2\n", [(2, ["1", "2"])]),
        ("a,b,c\n1,2\n4,5,6,7\n", [(2, ["1", "2", ""]), (3, ["4", "5", "6,7"])]),  # ragged: the csv module
        ("a,b\r1,2\r3,4\r", [(2, ["1", "2"]), (3, ["3", "4"])]),  # old Mac line ends: the csv module
        ('a,b\n5" gun,2\n3,4\n', [(2, ['5" gun', "2"]), (3, ["3", "4"])]),  # a quote inside a cell
    ],
)
def test_csv_rows_are_read_with_the_line_each_starts_on(text: str, rows: list) -> None:
    table = read_csv_table(text, "f.csv", 100)

    read = zip(table.lines.tolist(), table.cells.itertuples(index=False), strict=True)
    assert [(line, list(cells)) for line, cells in read] == rows


def test_a_file_of_more_short_rows_than_the_limit_is_refused_without_reading_them_all() -> None:
    """Rows of one cell under a three-column header: the csv module reads them, and stops past the limit."""
    content = b"date,latitude,longitude\n" + b"1\n" * (MAX_UPLOAD_BYTES // 2 - 100)

    with pytest.raises(DataError, match=r"'rows' = 'more than 200,001': is more than the 200,000 rows"):
        parse_upload(content, "short-rows.csv")
