"""Your data: take the events and places away, bring your own events, map any text.

Wiring only: formats from `geo.io.formats`, uploads from `geo.io.upload`, place finding from
`geo.text.extract` / `geo.text.draft`, the small map from `geo.map.textmap`. Uploaded files and texts stay in
this session's memory: nothing is written to disk or shared with other sessions.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import time

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from app_data import clear_uploaded, gazetteer, shipped_data, shipped_data_or_stop, uploaded_note, use_uploaded
from geo.io.export import site_files, zip_site
from geo.io.formats import FORMATS, export, file_name, spreadsheet_safe
from geo.io.upload import (
    ACLED_EVENT_CATEGORIES,
    ACLED_SUB_EVENT_CATEGORIES,
    MAX_EVENT_POINTS,
    MAX_ROWS,
    MAX_TEXT_CHARS,
    MAX_UPLOAD_POINTS,
    UPLOAD_MODES,
    check_text_length,
    parse_upload,
    read_text,
    session_map_data,
)
from geo.map.framing import PAGE_TITLE_SUFFIX
from geo.map.safe import markdown_text
from geo.map.style import CATEGORY_STYLE
from geo.map.textmap import found_places_map, highlighted_html
from geo.model.loader import ARTICLE_PATH, PLACES_PATH, DataError, Dataset, read_geojson
from geo.model.schema import CATEGORIES, UPLOAD_ID_PREFIX
from geo.text.article_facts import load_facts, mapping_result
from geo.text.budget import ExtractionStopped, extract_within
from geo.text.draft import (
    SOURCE_LABELS,
    TEXT_CSS,
    Review,
    candidate_rows,
    draft_events,
    drafts_table,
    edited_drafts,
    label_of,
    parse_point,
    place_labels,
    reviewed,
    text_focus,
)

st.set_page_config(page_title=f"Your data · {PAGE_TITLE_SUFFIX}", page_icon="🗺️", layout="wide")

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
        f"an **ACLED export** (CSV). Limits: files up to **{limit_mb} MB**, at most **{MAX_ROWS:,} rows** and "
        f"**{MAX_UPLOAD_POINTS:,} points** ({MAX_EVENT_POINTS:,} in one event). "
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
            report_csv = spreadsheet_safe(report).to_csv(index=False).encode("utf-8-sig")
            st.download_button("Download the report (CSV)", data=report_csv,
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
    # Neutralised: the table's own "Download as CSV" must not carry formulas from the file.
    st.dataframe(spreadsheet_safe(preview), hide_index=True, width="stretch")
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
        if text_source == "article" and not ARTICLE_PATH.is_file():
            # A clone without the article's text: what the finder found in it, shipped as facts.
            facts = load_facts()
            progress.empty()
            st.session_state.text_result = {"text": None, "name": "the source article", "notices": (),
                                            "result": mapping_result(facts), "seconds": 0.0,
                                            "characters": facts["characters"]}  # fmt: skip
            return
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
    # A new text starts a new review: no rejections, picks or hand-placed names carried over.
    st.session_state.text_review = Review()
    st.session_state.text_generation = st.session_state.get("text_generation", 0) + 1
    for stale in ("text_clicked", "text_point", "text_site_zip"):
        st.session_state.pop(stale, None)
    st.session_state.text_result = {"text": text, "name": name, "notices": notices, "result": result,
                                    "seconds": time.monotonic() - started}  # fmt: skip
    progress.empty()


def _review() -> Review:
    return st.session_state.get("text_review") or Review()


def _set_review(review: Review) -> None:
    st.session_state.text_review = review


def show_mapping(held: dict) -> None:
    if "error" in held:
        st.error(markdown_text(f"This text could not be mapped: {held['error']}"))
        return
    if "stopped" in held:
        st.error(markdown_text(held["stopped"]))
        return
    text, name, found = held["text"], held["name"], held["result"]
    for notice in held["notices"]:
        st.warning(markdown_text(notice))
    review = _review()
    result = reviewed(found, review)
    labels = place_labels(shipped_data().places)
    if text is None:
        show_article_facts(held, result, labels)
        return
    drafts = draft_events(result, name, labels)
    with st.container(horizontal=True, key="text_summary"):
        st.metric("Places found", len(result.places))
        st.metric("Uncertain", len(result.uncertain))
        st.metric("Names not resolved", len(result.unresolved))
        st.metric("Draft events", len(drafts["features"]))
    st.caption(markdown_text(f"{name}: {len(text):,} characters, places found in {held['seconds']:.1f} s."))
    text_column, map_column = st.columns([3, 2])
    with text_column:
        st.markdown("**The text**, place names marked with their number on the map; dotted: names not resolved.")
        with st.container(key="mapped_text"):
            st.html(TEXT_CSS + highlighted_html(text, result, labels))
    with map_column, st.container(key="text_map_panel"):
        st.caption("Click the map to pick a point for a name you place by hand (below).")
        clicked = st_folium(found_places_map(result.places, labels), key="text_map", height=TEXT_MAP_HEIGHT,
                            use_container_width=True, returned_objects=["last_clicked"])  # fmt: skip
    point = (clicked or {}).get("last_clicked")
    if point and point != st.session_state.get("text_clicked"):
        st.session_state.text_clicked = point
        st.session_state.text_point = f"{point['lat']:.5f}, {point['lng']:.5f}"
    review_places(found, result, review, labels)
    edit_drafts(result, name, drafts, labels)


def review_places(found, result, review: Review, labels: dict) -> None:
    """Reject, re-pick, place by hand: each change is kept in this session's Review."""
    st.markdown("**Places found**. Confidence and its reason come from the text itself (the countries it "
                "names, nearby places, cue words such as 'in'); below 0.6 a name is *uncertain* and stays off the "
                "map until you pick a place for it.")  # fmt: skip
    shown = {p.place_id: p for p in result.places}
    table = pd.DataFrame(
        {
            "No.": range(1, len(result.places) + 1),
            "Place": [label_of(p, labels) for p in result.places],
            "Confidence": [round(p.confidence, 2) for p in result.places],
            "Why": [p.reason for p in result.places],
            "From": [SOURCE_LABELS.get(p.source, p.source) for p in result.places],
            "Latitude": [round(p.lat, 4) for p in result.places],
            "Longitude": [round(p.lon, 4) for p in result.places],
            "Mentions": [p.count for p in result.places],
            "Paragraphs": [", ".join(map(str, p.paragraphs)) for p in result.places],
        }
    )
    with st.container(key="text_places"):
        st.dataframe(spreadsheet_safe(table), hide_index=True, width="stretch")
    everything = {p.place_id: p for p in (*found.places, *found.uncertain, *result.places)}
    options = [i for i in everything if i in shown or i in review.rejected]
    rejected = st.multiselect("Take places off the map", options, default=sorted(review.rejected & set(options)),
                              format_func=lambda i: label_of(shown.get(i, everything[i]), labels),
                              key=f"reject_{_generation()}")  # fmt: skip
    if frozenset(rejected) != review.rejected:
        _set_review(dataclasses.replace(review, rejected=frozenset(rejected)))
        st.rerun()
    if result.uncertain:
        with st.container(key="text_uncertain"):
            st.markdown("**Uncertain** (not on the map): " + " · ".join(
                f"{markdown_text(p.text or p.name)} ({p.confidence:.2f}: {markdown_text(p.reason)})"
                for p in result.uncertain))  # fmt: skip
    choosable = [p for p in (*found.places, *found.uncertain) if len(p.candidates) > 1 or p.uncertain]
    with st.expander("Pick another place for a name", expanded=False), st.container(key="text_repick"):
        if not choosable:
            st.caption("Every name found has one candidate only.")
        else:
            by_id = {p.place_id: p for p in choosable}
            chosen_id = st.selectbox("Name", list(by_id), key="repick_name", format_func=lambda i: name_now(by_id[i]))
            place = by_id[chosen_id]
            options = [candidate_label(row) for row in candidate_rows(place, text_focus(found))]
            index = st.radio("Candidates: name, country, population, distance from the text's focus",
                             range(len(options)), key="repick_candidate", format_func=options.__getitem__)  # fmt: skip
            if st.button("Use this place", key="repick_use"):
                _set_review(dataclasses.replace(review, chosen={**review.chosen, chosen_id: place.candidates[index]},
                                                rejected=review.rejected - {chosen_id}))  # fmt: skip
                st.rerun()
    st.markdown("**Names not resolved** (people, organisations, events, or places the gazetteer lacks)")
    if result.unresolved:
        with st.container(key="text_unresolved"):
            st.markdown(" · ".join(f"{markdown_text(u.name)} ({u.count}×)" for u in result.unresolved))
    else:
        st.caption("None.")
    names = [u.name for u in found.unresolved] + [p.text or p.name for p in found.uncertain]
    with st.expander("Place a name by hand", expanded=False), st.container(key="text_place"):
        if not names:
            st.caption("Every name was resolved.")
            return
        name = st.selectbox("Name from the text", names, key="place_name")
        st.text_input("Latitude, longitude (click the map to fill it in)", key="text_point",
                      placeholder="39.76, 46.75")  # fmt: skip
        if st.button("Place it", key="place_use"):
            try:
                lat, lon = parse_point(st.session_state.get("text_point", ""))
            except ValueError as err:
                st.error(markdown_text(f"Not placed: {err}. Nothing else changed."))
                return
            _set_review(dataclasses.replace(review, placed={**review.placed, name: (lat, lon)}))
            st.rerun()


def name_now(place) -> str:
    return f"{place.text or place.name} (now: {place.name})"


def candidate_label(row: dict) -> str:
    km = "?" if row["km_from_focus"] is None else f"{row['km_from_focus']:,}"
    return f"{row['name']}, {row['country']}, population {row['population']:,}, {km} km from the text's focus"


def _generation() -> int:
    """Bumped for each new text, so the editors start from the new text's tables."""
    return st.session_state.get("text_generation", 0)


def edit_drafts(result, name: str, drafts: dict, labels: dict) -> None:
    st.markdown("**Draft events**: one per sentence that has a date and names a place. Edit the date, title, "
                "category or places (names from the places above, separated by ';'); then show them on the "
                "dashboard, download them or export a static site.")  # fmt: skip
    if not drafts["features"]:
        st.caption("No sentence has both a date and a place on the map.")
        return
    with st.container(key="text_drafts"):
        edited = st.data_editor(drafts_table(drafts), hide_index=True, width="stretch", num_rows="fixed",
                                key=f"drafts_editor_{_generation()}", column_config={
                                    "category": st.column_config.SelectboxColumn(options=list(CATEGORIES)),
                                    "summary": st.column_config.TextColumn(disabled=True)})  # fmt: skip
    points = {label_of(p, labels): (p.lat, p.lon) for p in result.places}
    final, problems = edited_drafts(drafts, edited, points)
    before, after = drafts_table(drafts).to_dict("records"), edited.to_dict("records")
    changed = sum(a != b for a, b in zip(before, after, strict=True))
    with st.container(key="text_drafts_status"):
        st.caption(f"{changed} draft(s) edited; edits stay in this session until you map another text.")
    for problem in problems:
        st.error(markdown_text(problem))
    content = json.dumps(final, ensure_ascii=False, indent=1).encode("utf-8")
    if len(final["features"]) > MAX_ROWS:
        with st.container(key="draft_limit"):
            st.warning(f"{len(final['features']):,} draft events are more than the {MAX_ROWS:,} the map can show "
                       "at once. Download them, keep the ones you need and upload the file under “Upload your "
                       "events”.")  # fmt: skip
        st.download_button("Download draft events (GeoJSON)", data=content, file_name="draft-events.geojson",
                           mime="application/geo+json", key="draft_download", icon=":material/download:",
                           on_click="ignore")  # fmt: skip
        return
    try:
        parsed = parse_upload(content, "draft-events.geojson")
    except DataError as err:
        st.error(markdown_text(f"The drafts cannot be used as they are: {err}. Your edits are kept; fix them above."))
        return
    if parsed.bad_rows:
        st.error(markdown_text(f"{len(parsed.bad_rows)} draft(s) left out until fixed (your edits are kept):"))
        st.table(parsed.report().set_index("Row"))
    events = parsed.events
    today = dt.date.today()
    with st.container(horizontal=True, key="text_exports"):
        st.download_button("Download draft events (GeoJSON)", data=content,
                           file_name=f"draft-events_{today.isoformat()}.geojson", mime="application/geo+json",
                           key="draft_download", icon=":material/download:", on_click="ignore")  # fmt: skip
        if len(events):
            for extension in ("geojson", "csv", "kml"):
                made = export(events, "events", extension, "your-text", today)
                st.download_button(f"Events ({FORMATS[extension][0]})", data=made.data, file_name=made.file_name,
                                   mime=made.mime, key=f"text_download_{extension}", icon=":material/download:",
                                   on_click="ignore")  # fmt: skip
    if not len(events):
        return
    with st.container(horizontal=True, key="text_actions"):
        if st.button("Show on the dashboard", type="primary", key="draft_show",
                     help=f"At most {MAX_ROWS:,} events can be shown on the map at once."):  # fmt: skip
            show_on_map(events, "instead", f"draft events from {name}")
        if st.button("Build a static site", key="text_site"):
            shipped = shipped_data()
            data = session_map_data(Dataset(shipped.places, shipped.events), events, "instead")
            st.session_state.text_site_zip = zip_site(site_files(data, title=f"Map of {name}"))
    if st.session_state.get("text_site_zip"):
        st.download_button("Download the static site (zip)", data=st.session_state.text_site_zip,
                           file_name=f"text-map-site_{today.isoformat()}.zip", mime="application/zip",
                           key="text_site_download", icon=":material/download:", on_click="ignore")  # fmt: skip


def show_article_facts(held: dict, result, labels: dict) -> None:
    """The source article mapped without its text: the places and names found in it, as stored."""
    with st.container(horizontal=True, key="text_summary"):
        st.metric("Places found", len(result.places))
        st.metric("Names not resolved", len(result.unresolved))
    st.info(
        f"The article's text ({held['characters']:,} characters) is not part of this copy of the app, "
        "so its text with the places marked and the draft events (which quote its sentences) are not "
        "shown. The places and names below were found in it when the data was built."
    )
    with st.container(key="text_map_panel"):
        st_folium(found_places_map(result.places, labels), key="text_map", height=TEXT_MAP_HEIGHT,
                  use_container_width=True, returned_objects=[])  # fmt: skip
    table = pd.DataFrame(
        {
            "No.": range(1, len(result.places) + 1),
            "Place": [label_of(p, labels) for p in result.places],
            "Latitude": [round(p.lat, 4) for p in result.places],
            "Longitude": [round(p.lon, 4) for p in result.places],
            "Mentions": [p.count for p in result.places],
            "Paragraphs": [", ".join(map(str, p.paragraphs)) for p in result.places],
        }
    )
    with st.container(key="text_places"):
        st.dataframe(spreadsheet_safe(table), hide_index=True, width="stretch")
    st.markdown("**Names not resolved** (people, organisations, events, or places the gazetteer lacks)")
    with st.container(key="text_unresolved"):
        st.markdown(" · ".join(f"{markdown_text(u.name)} ({u.count}×)" for u in result.unresolved) or "None.")


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
        article = st.button("Try it with the source article", key="text_article")
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
