"""Your data: take the events and places away, bring your own events, map any text.

Wiring only: formats from `geo.formats`, uploads from `geo.upload`, place finding from
`geo.extract` / `geo.draft`, the small map from `geo.textmap`. Uploaded files and texts stay in
this session's memory: nothing is written to disk or shared with other sessions.
"""

from __future__ import annotations

import datetime as dt
import time

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from app_data import clear_uploaded, gazetteer, shipped_data, shipped_data_or_stop, uploaded_note, use_uploaded
from geo.budget import ExtractionStopped, extract_within
from geo.data import PLACES_PATH, DataError, Dataset, read_geojson
from geo.draft import (
    ARTICLE_PATH,
    SOURCE_LABELS,
    TEXT_CSS,
    draft_bytes,
    draft_events,
    highlighted_html,
    label_of,
    place_labels,
)
from geo.formats import FORMATS, export, file_name
from geo.safe import markdown_text
from geo.style import CATEGORY_STYLE
from geo.textmap import found_places_map
from geo.upload import (
    ACLED_EVENT_CATEGORIES,
    ACLED_SUB_EVENT_CATEGORIES,
    MAX_ROWS,
    MAX_TEXT_CHARS,
    UPLOAD_ID_PREFIX,
    UPLOAD_MODES,
    check_text_length,
    parse_upload,
    read_text,
    session_map_data,
)

st.set_page_config(page_title="Your data · Karabakh war map", page_icon="🗺️", layout="wide")

TEXT_MAP_HEIGHT = 520
PREVIEW_ROWS = 200
REPORT_ROWS_SHOWN = 100
ARTICLE_LABEL = "karabakh-article"


def upload_limit_bytes() -> int:
    return int(st.get_option("server.maxUploadSize")) * 1024 * 1024


# --- take it away ----------------------------------------------------------------------------


@st.cache_data(show_spinner=False)
def article_export(kind: str, extension: str, day: dt.date) -> bytes:
    """The article's events or places as a file, made once per day and format for every session."""
    data = shipped_data()
    frame = data.events if kind == "events" else data.places
    attribution = read_geojson(PLACES_PATH).get("attribution") if kind == "places" else None
    return export(frame, kind, extension, ARTICLE_LABEL, day, attribution).data


def download_buttons(frame, kind: str, label: str, key: str) -> None:
    """One button per format; the session's own events are exported on each run (they are few)."""
    today = dt.date.today()
    with st.container(horizontal=True, key=f"downloads_{key}"):
        for extension, (format_label, mime) in FORMATS.items():
            name = file_name(label, kind, extension, frame, today)
            data = (
                article_export(kind, extension, today)
                if label == ARTICLE_LABEL
                else export(frame, kind, extension, label, today).data
            )
            st.download_button(format_label, data=data, file_name=name, mime=mime, help=f"Saves `{name}`",
                               key=f"download_{key}_{extension}", icon=":material/download:",
                               on_click="ignore")  # fmt: skip


def take_away() -> None:
    data = shipped_data()
    st.markdown(
        "GeoJSON keeps every field as it is in the app's data. CSV opens in a spreadsheet (the geometry is "
        "in a WKT column, with latitude and longitude for points). KML opens in Google Earth, whose time "
        "slider plays the events by their dates. GeoPackage opens in QGIS and other GIS programs. "
        "File names say what the file holds, which dates its events cover and the day you downloaded it."
    )
    st.markdown("**The article's events**")
    download_buttons(data.events, "events", ARTICLE_LABEL, "events")
    st.markdown("**The article's places**")
    download_buttons(data.places, "places", ARTICLE_LABEL, "places")
    uploaded = st.session_state.get("uploaded_data")
    if uploaded is not None:
        yours = uploaded.events[uploaded.events["id"].str.startswith(UPLOAD_ID_PREFIX)]
        st.markdown("**Your events, as on the map now**")
        download_buttons(yours, "events", "your", "yours")


# --- bring your own events -------------------------------------------------------------------


def parsed(upload):
    """The upload's result (or its DataError), parsed once per uploaded file and kept in this session."""
    held = st.session_state.get("upload_parsed")
    if held is None or held[0] != upload.file_id:
        try:
            outcome = parse_upload(upload.getvalue(), upload.name, max_bytes=upload_limit_bytes())
        except DataError as err:
            outcome = err
        held = (upload.file_id, outcome)
        st.session_state.upload_parsed = held
    return held[1]


def show_on_map(events, mode: str, what: str) -> None:
    shipped = shipped_data()
    data = session_map_data(Dataset(shipped.places, shipped.events), events, mode)
    use_uploaded(data, f"{len(events)} {what}, {UPLOAD_MODES[mode]}")
    st.switch_page("dashboard.py")


def bring_your_own() -> None:
    limit_mb = st.get_option("server.maxUploadSize")
    st.markdown(
        f"Upload a **GeoJSON** file of point events, a **CSV** with `date`, `latitude` and `longitude` "
        f"columns (optional: `title`, `summary`, `category`, `place`, `end_date`, `killed`, `injured`), or "
        f"an **ACLED export** (CSV). Limits: files up to **{limit_mb} MB**, at most **{MAX_ROWS:,} rows**. "
        "Every row is checked like the app's own events; rows with problems are left out and listed with "
        "the reason, and the others can be shown on the map. Your file stays in this browser session only: "
        "it is never saved on the server or shown to anyone else."
    )
    with st.expander("How ACLED event types become categories"):
        rows = [*ACLED_SUB_EVENT_CATEGORIES.items(), *ACLED_EVENT_CATEGORIES.items()]
        st.dataframe(pd.DataFrame(rows, columns=["ACLED sub-event or event type", "Category on the map"]),
                     hide_index=True)  # fmt: skip
        st.caption("A sub-event type in the first rows decides first; otherwise the event type does. "
                   "ACLED's time precision 3 (month known only) becomes a month date.")  # fmt: skip
    note = uploaded_note()
    if note:
        with st.container(key="upload_active"):
            st.info(markdown_text(f"The map now shows {note}."))
            st.button("Show only the article's events again", key="upload_clear", on_click=clear_uploaded)
    upload = st.file_uploader("Events file", type=["geojson", "json", "csv"], key="events_upload")
    if upload is None:
        return
    outcome = parsed(upload)
    with st.container(key="upload_report"):
        if isinstance(outcome, DataError):
            st.error(markdown_text(f"This file could not be used: {outcome}"))
            st.caption("Nothing was added to the map. Fix the file and upload it again.")
            return
        bad = len(outcome.bad_rows)
        summary = (f"{outcome.file_kind}: {outcome.rows} row(s) read, {len(outcome.events)} can be mapped, "
                   f"{bad} left out.")  # fmt: skip
        (st.success if not bad else st.warning if len(outcome.events) else st.error)(markdown_text(summary))
        for notice in outcome.notices:
            st.info(markdown_text(notice))
        if bad:
            st.markdown("**Rows left out**: the row (the line in a CSV file, counting the header as line 1; "
                        "the feature number in a GeoJSON file), the field, the bad value and why.")  # fmt: skip
            report = outcome.report()
            with st.container(key="upload_problems"):
                st.table(report.head(REPORT_ROWS_SHOWN).set_index("Row"))
            if len(report) > REPORT_ROWS_SHOWN:
                st.caption(f"The first {REPORT_ROWS_SHOWN} of {len(report)} problems; the file below has them all.")
            st.download_button("Download the report (CSV)", data=report.to_csv(index=False).encode("utf-8-sig"),
                               file_name=f"upload-report_{upload.name}.csv", mime="text/csv",
                               key="upload_report_download", icon=":material/download:", on_click="ignore")  # fmt: skip
    if not len(outcome.events):
        return
    shown = outcome.events.head(PREVIEW_ROWS)
    first = f" (the first {PREVIEW_ROWS})" if len(outcome.events) > PREVIEW_ROWS else ""
    st.markdown(f"**Events that can be mapped**{first}")
    preview = pd.DataFrame({
        "Date": shown["date"],
        "Title": shown["title"],
        "Category": [CATEGORY_STYLE[c][0] for c in shown["category"]],
        "Places": [", ".join(p) for p in shown["places"]],
    })  # fmt: skip
    st.dataframe(preview, hide_index=True, width="stretch")
    mode = st.radio("Show them", list(UPLOAD_MODES), format_func=UPLOAD_MODES.get, horizontal=True,
                    key="upload_mode")  # fmt: skip
    if st.button("Show on the map", type="primary", key="upload_show"):
        show_on_map(outcome.events, mode, f"events from your file {upload.name}")


# --- map a text ------------------------------------------------------------------------------


def read_input() -> tuple[str, str, tuple[str, ...]]:
    """The text to map, a name for it and notices; a file wins over pasted text."""
    upload = st.session_state.get("text_upload")
    if upload is not None:
        text, notices = read_text(upload.getvalue(), upload.name)
        return text, upload.name, notices
    text = st.session_state.get("text_input", "")
    check_text_length(text, "the pasted text")
    return text, "pasted text", ()


def run_mapping(text_source: str) -> None:
    """Find the places of the text, showing progress; keep the result in this session."""
    progress = st.progress(0, text="Reading the text…")
    try:
        if text_source == "article":
            text, name, notices = ARTICLE_PATH.read_text(encoding="utf-8"), "the source article", ()
        else:
            text, name, notices = read_input()
    except DataError as err:
        progress.empty()
        st.session_state.text_result = {"error": str(err)}
        return
    progress.progress(15, text="Loading the gazetteer (the first time takes several seconds)…")
    finder = gazetteer()
    progress.progress(50, text=f"Finding places and dates in {len(text):,} characters…")
    started = time.monotonic()
    try:
        # In a child process with a time budget: a pathological text cannot stall other visitors.
        result = extract_within(text, finder)
    except ExtractionStopped as err:
        progress.empty()
        st.session_state.text_result = {"stopped": str(err)}
        return
    progress.progress(90, text="Drawing the map…")
    st.session_state.text_result = {"text": text, "name": name, "notices": notices, "result": result,
                                    "seconds": time.monotonic() - started}  # fmt: skip
    progress.empty()


def show_mapping(held: dict) -> None:
    if "error" in held:
        st.error(markdown_text(f"This text could not be mapped: {held['error']}"))
        return
    if "stopped" in held:
        st.error(markdown_text(held["stopped"]))
        return
    text, name, result = held["text"], held["name"], held["result"]
    for notice in held["notices"]:
        st.warning(markdown_text(notice))
    labels = place_labels(shipped_data().places)
    drafts = draft_events(result, name, labels)["features"]
    with st.container(horizontal=True, key="text_summary"):
        st.metric("Places found", len(result.places))
        st.metric("Names not resolved", len(result.unresolved))
        st.metric("Draft events", len(drafts))
    st.caption(markdown_text(f"{name}: {len(text):,} characters, places found in {held['seconds']:.1f} s."))
    text_column, map_column = st.columns([3, 2])
    with text_column:
        st.markdown("**The text**, place names marked with their number on the map; dotted: names not resolved.")
        with st.container(key="mapped_text"):
            st.html(TEXT_CSS + highlighted_html(text, result, labels))
    with map_column, st.container(key="text_map_panel"):
        st_folium(found_places_map(result.places, labels), key="text_map", height=TEXT_MAP_HEIGHT,
                  use_container_width=True, returned_objects=[])  # fmt: skip
    st.markdown("**Places found**")
    found = pd.DataFrame(
        {
            "No.": range(1, len(result.places) + 1),
            "Place": [label_of(p, labels) for p in result.places],
            "Kind": [p.kind for p in result.places],
            "From": [SOURCE_LABELS.get(p.source, p.source) for p in result.places],
            "Latitude": [round(p.lat, 4) for p in result.places],
            "Longitude": [round(p.lon, 4) for p in result.places],
            "Mentions": [p.count for p in result.places],
            "Paragraphs": [", ".join(map(str, p.paragraphs)) for p in result.places],
        }
    )
    st.dataframe(found, hide_index=True, width="stretch")
    st.markdown("**Names not resolved** (people, organisations, events, or places the gazetteer lacks)")
    if result.unresolved:
        with st.container(key="text_unresolved"):
            st.markdown(" · ".join(f"{markdown_text(u.name)} ({u.count}×)" for u in result.unresolved))
    else:
        st.caption("None.")
    st.markdown(
        "**Draft events**: one per sentence that has a date and names a place, as GeoJSON. Check each date, "
        "place and category, then upload the edited file above to map it."
    )
    with st.container(horizontal=True):
        st.download_button("Download draft events (GeoJSON)", data=draft_bytes(result, name, labels),
                           file_name=f"draft-events_{dt.date.today().isoformat()}.geojson",
                           mime="application/geo+json", key="draft_download", disabled=not drafts,
                           icon=":material/download:", on_click="ignore")  # fmt: skip
        if st.button("Show the draft events on the map", key="draft_show", disabled=not drafts):
            drafted = parse_upload(draft_bytes(result, name, labels), "draft-events.geojson")
            show_on_map(drafted.events, "instead", f"draft events from {name}")


def map_a_text() -> None:
    st.markdown(
        f"Paste a text or upload a **.txt** or **.md** file (UTF-8; other encodings are read as Windows-1252, "
        f"with a notice). Limit: **{MAX_TEXT_CHARS:,} characters** (the source article has about 26,000). "
        "Place names are found and located offline, from the app's own places and GeoNames; nothing leaves "
        "the server and nothing is kept after your session."
    )
    st.text_area("Text", key="text_input", height=180, placeholder="Paste an article here…")
    st.file_uploader("…or a text file", type=["txt", "md"], key="text_upload")
    with st.container(horizontal=True):
        go = st.button("Find the places", type="primary", key="text_go")
        article = ARTICLE_PATH.is_file() and st.button("Try it with the source article", key="text_article")
    if go or article:
        run_mapping("article" if article else "input")
    held = st.session_state.get("text_result")
    if held:
        show_mapping(held)


def main() -> None:
    st.title("Your data")
    shipped_data_or_stop()
    take_tab, bring_tab, text_tab = st.tabs(["Download the data", "Upload your events", "Map a text"])
    with take_tab:
        take_away()
    with bring_tab:
        bring_your_own()
    with text_tab:
        map_a_text()


main()
