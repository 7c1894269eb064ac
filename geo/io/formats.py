"""Events and places out of the app: GeoJSON, CSV, KML (with dates for a time slider) and GeoPackage.

Every writer returns an `Export`: the file's bytes, a file name that says what it holds and
when it was made, and its MIME type. Nested fields (a place's names, an event's places and
casualties) stay nested in GeoJSON and become JSON text in the flat formats, so nothing is lost.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely
from shapely.geometry import mapping

from geo.map.style import CATEGORY_STYLE
from geo.model.loader import EVENT_COLUMNS, PLACE_COLUMNS
from geo.model.naming import place_label
from geo.model.schema import XML_FORBIDDEN

KINDS = ("events", "places")
FORMATS = {
    # extension: (label, MIME type)
    "geojson": ("GeoJSON", "application/geo+json"),
    "csv": ("CSV", "text/csv"),
    "kml": ("KML", "application/vnd.google-earth.kml+xml"),
    "gpkg": ("GeoPackage", "application/geopackage+sqlite3"),
}
NESTED_COLUMNS = (
    "names",
    "aliases",
    "contested_names",
    "source_paragraphs",
    "places",
    "casualties",
    "exonyms",
    "day_order",
    "date_approximate",
)  # JSON in a CSV cell: a number or true reads back as one
KML_NAMESPACE = "http://www.opengis.net/kml/2.2"
# GIS readers (GDAL's LIBKML) take a data field called "name" as the placemark's name.
KML_FIELD_NAMES = {"name": "place_name"}
_SLUG_PARTS = re.compile(r"[^a-z0-9]+")
# OWASP's CSV injection guidance: a cell that begins with = + - or @ (after any spaces), or with a
# tab or carriage return, is read as a formula by some spreadsheet program, unless it is a plain
# number ("-1.5" is a number; "-1+1" and "-2+3+cmd|' /C calc'!A0" are formulas).
FORMULA_START = re.compile(r"[\t\r]|\s*[=+\-@]")
PLAIN_NUMBER = re.compile(r"\s*[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\s*")


@dataclass(frozen=True)
class Export:
    file_name: str
    data: bytes
    mime: str


def export(
    frame: gpd.GeoDataFrame,
    kind: str,
    extension: str,
    label: str,
    exported: dt.date,
    attribution: str | None = None,
    *,
    account: str,
) -> Export:
    """`frame` as a file of the given extension; `label` names the data in the file name
    ("karabakh-article", "your-upload"), `attribution` travels inside the file where the
    format has room for it. `account` says whose account the data is (e.g.
    `geo.map.framing.ARTICLE_ACCOUNT`), in every format: GeoJSON's `account` member, an
    `account` column in CSV, KML's document description and GeoPackage's layer description."""
    if kind not in KINDS:
        raise ValueError(f"kind {kind!r} is not one of {', '.join(KINDS)}")
    if extension not in FORMATS:
        raise ValueError(f"format {extension!r} is not one of {', '.join(FORMATS)}")
    if not isinstance(account, str) or not account.strip():
        raise ValueError(f"account {account!r}: a file must say whose account it holds")
    title = f"{label} {kind}"
    if extension == "kml":
        data = kml_bytes(frame, kind, title, attribution, account)
    else:
        columns = source_columns(frame, kind)
        if extension == "geojson":
            data = geojson_bytes(columns, title, attribution, account)
        elif extension == "csv":
            data = csv_bytes(columns, account)
        else:
            data = gpkg_bytes(columns, kind, account)
    return Export(file_name(label, kind, extension, frame, exported), data, FORMATS[extension][1])


def file_name(label: str, kind: str, extension: str, frame: pd.DataFrame, exported: dt.date) -> str:
    """E.g. "karabakh-article-events_1885-to-2021-01-11_exported-2025-11-26.kml": what, which
    dates the events cover, and the day of the export."""
    slug = _SLUG_PARTS.sub("-", label.lower()).strip("-") or "data"
    span = ""
    if kind == "events" and len(frame):
        last = max(e if isinstance(e, str) else d for d, e in zip(frame["date"], frame["end_date"], strict=True))
        span = f"_{min(frame['date'])}-to-{last}"
    return f"{slug}-{kind}{span}_exported-{exported.isoformat()}.{extension}"


def source_columns(frame: gpd.GeoDataFrame, kind: str) -> gpd.GeoDataFrame:
    """Only the fields of the data files (views add columns such as `coords`)."""
    columns = EVENT_COLUMNS if kind == "events" else PLACE_COLUMNS
    return frame[[*columns, "geometry"]].reset_index(drop=True)


def _plain(value: object) -> object:
    """A JSON-ready value: numpy scalars and pandas' missing values become Python ones."""
    if isinstance(value, (list, dict, str)) or value is None:
        return value
    if pd.isna(value):
        return None
    return value.item() if hasattr(value, "item") else value


def geojson_bytes(
    frame: gpd.GeoDataFrame, title: str, attribution: str | None = None, account: str | None = None
) -> bytes:
    """A FeatureCollection in the format of the data files (absent optional fields left out)."""
    features = []
    for record in frame.to_dict("records"):
        geometry = record.pop("geometry")
        properties = {key: _plain(value) for key, value in record.items()}
        properties = {key: value for key, value in properties.items() if value is not None}
        features.append(
            {"type": "Feature", "id": properties["id"], "properties": properties, "geometry": mapping(geometry)}
        )
    collection = {"type": "FeatureCollection", "name": title}
    if account:
        collection["account"] = account
    if attribution:
        collection["attribution"] = attribution
    collection["features"] = features
    return json.dumps(collection, ensure_ascii=False, indent=1).encode("utf-8")


def flat_frame(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """One value per cell: nested fields as JSON text, missing values as None."""
    flat = frame.copy()
    for column in flat.columns:
        if column == "geometry":
            continue
        if column in NESTED_COLUMNS:
            flat[column] = pd.Series(
                [None if v is None else json.dumps(_plain(v), ensure_ascii=False) for v in flat[column]], dtype=object
            )
        elif column != "geonames_id":
            flat[column] = pd.Series([_plain(v) for v in flat[column]], dtype=object)
    return flat


def spreadsheet_text(value: object) -> object:
    """Text a spreadsheet would run as a formula ("=HYPERLINK(...)", from an upload) gets a
    leading apostrophe, so the program shows it as text; anything else is returned as it is."""
    if isinstance(value, str) and FORMULA_START.match(value) and not PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` whose text cells are `spreadsheet_text`: for every table a person can
    save as CSV (our files, and Streamlit's own "Download as CSV" of a shown table)."""
    safe = frame.copy()
    for column in safe.columns:
        if column != "geometry" and (safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column])):
            safe[column] = pd.Series([spreadsheet_text(v) for v in safe[column]], index=safe.index, dtype=object)
    return safe


def csv_bytes(frame: gpd.GeoDataFrame, account: str | None = None) -> bytes:
    """CSV with the geometry as WKT, plus latitude / longitude columns for point features, and an
    `account` column saying on every row whose account it is (a row stays true when copied alone).

    Written with a byte-order mark so spreadsheet programs read Azerbaijani and Armenian
    letters as UTF-8. The file can be uploaded again on the data page.
    """
    flat = spreadsheet_safe(pd.DataFrame(flat_frame(frame).drop(columns="geometry")))
    points = frame.geometry.geom_type == "Point"
    flat["latitude"] = [round(g.y, 6) if p else None for g, p in zip(frame.geometry, points, strict=True)]
    flat["longitude"] = [round(g.x, 6) if p else None for g, p in zip(frame.geometry, points, strict=True)]
    flat["geometry"] = [shapely.to_wkt(g, rounding_precision=-1) for g in frame.geometry]
    if account:
        flat["account"] = spreadsheet_text(account)
    # CRLF, as RFC 4180 has it: a cell holding a carriage return is then quoted too.
    return flat.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def gpkg_bytes(frame: gpd.GeoDataFrame, kind: str, account: str | None = None) -> bytes:
    """A GeoPackage with one layer named after the kind (its description: whose account it is);
    mixed geometry types kept as they are."""
    buffer = io.BytesIO()
    pyogrio.write_dataframe(
        flat_frame(frame),
        buffer,
        driver="GPKG",
        layer=kind,
        promote_to_multi=False,
        geometry_type="Unknown",
        layer_options={"DESCRIPTION": account} if account else None,
    )
    return buffer.getvalue()


# --- KML -------------------------------------------------------------------------------------


def _kml_colour(hex_colour: str) -> str:
    """KML writes colours as alpha, blue, green, red."""
    red, green, blue = hex_colour[1:3], hex_colour[3:5], hex_colour[5:7]
    return f"ff{blue}{green}{red}".lower()


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    """A child element; characters no XML file may hold are left out, so the file always parses."""
    element = ET.SubElement(parent, tag, {key: XML_FORBIDDEN.sub("", value) for key, value in attributes.items()})
    if text is not None:
        element.text = XML_FORBIDDEN.sub("", text)
    return element


def _balloon_text(text: str) -> str:
    """Google Earth shows a <description> as HTML: escaped once more, markup in the data shows as
    the characters it is made of (the XML then holds `&amp;lt;b&amp;gt;`), never as markup."""
    return html.escape(text, quote=False)


def _coordinates(coords) -> str:
    return " ".join(f"{x!r},{y!r}" for x, y, *_ in coords)


def _kml_geometry(parent: ET.Element, geometry) -> None:
    kind = geometry.geom_type
    if kind == "Point":
        _sub(_sub(parent, "Point"), "coordinates", _coordinates(geometry.coords))
    elif kind == "LineString":
        _sub(_sub(parent, "LineString"), "coordinates", _coordinates(geometry.coords))
    elif kind == "Polygon":
        polygon = _sub(parent, "Polygon")
        outer = _sub(_sub(polygon, "outerBoundaryIs"), "LinearRing")
        _sub(outer, "coordinates", _coordinates(geometry.exterior.coords))
        for ring in geometry.interiors:
            _sub(_sub(_sub(polygon, "innerBoundaryIs"), "LinearRing"), "coordinates", _coordinates(ring.coords))
    else:  # MultiPoint, MultiLineString, MultiPolygon, GeometryCollection
        multi = _sub(parent, "MultiGeometry")
        for part in geometry.geoms:
            _kml_geometry(multi, part)


def _time_primitive(placemark: ET.Element, first: dt.date, last: dt.date) -> None:
    """A single day is a TimeStamp; a span, a month or a year is a TimeSpan over the days it covers."""
    if first == last:
        _sub(_sub(placemark, "TimeStamp"), "when", first.isoformat())
    else:
        span = _sub(placemark, "TimeSpan")
        _sub(span, "begin", first.isoformat())
        _sub(span, "end", last.isoformat())


def kml_bytes(
    frame: gpd.GeoDataFrame, kind: str, title: str, attribution: str | None = None, account: str | None = None
) -> bytes:
    """KML for Google Earth and GIS tools; every field is kept in ExtendedData, and text goes in
    as XML text, never markup. Events (with the `start` / `end` days of `geo.model.loader.events_frame`)
    carry TimeStamp / TimeSpan, so Google Earth's time slider plays them."""
    ET.register_namespace("", KML_NAMESPACE)
    root = ET.Element("kml", {"xmlns": KML_NAMESPACE})
    document = _sub(root, "Document")
    _sub(document, "name", title)
    described = " ".join(text for text in (account, attribution) if text)
    if described:
        _sub(document, "description", _balloon_text(described))
    if kind == "events":
        for category, (_, colour, _) in CATEGORY_STYLE.items():
            style = _sub(document, "Style", id=f"category-{category}")
            _sub(_sub(style, "IconStyle"), "color", _kml_colour(colour))
    dated = kind == "events"
    days = list(zip(frame["start"], frame["end"], strict=True)) if dated else []
    for position, row in enumerate(flat_frame(source_columns(frame, kind)).to_dict("records")):
        placemark = _sub(document, "Placemark", id=row["id"])
        if dated:
            _sub(placemark, "name", row["title"])
            _sub(placemark, "description", _balloon_text(row["summary"]))
            _time_primitive(placemark, *days[position])
            _sub(placemark, "styleUrl", f"#category-{row['category']}")
        else:
            names = json.loads(row["names"])
            contested = json.loads(row["contested_names"]) if row["contested_names"] else None
            _sub(placemark, "name", place_label(names, contested))
            if row["note"]:
                _sub(placemark, "description", _balloon_text(row["note"]))
        extended = _sub(placemark, "ExtendedData")
        for column, value in row.items():
            if column != "geometry" and _plain(value) is not None:
                _sub(_sub(extended, "Data", name=KML_FIELD_NAMES.get(column, column)), "value", str(value))
        _kml_geometry(placemark, row["geometry"])
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
