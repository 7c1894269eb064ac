"""Your data, "Map a text": a pasted or uploaded text (or the source article) to places found,
shown on a small map beside the text with the names marked; the review and drafts follow
(`ui.text_review`)."""

from __future__ import annotations

import time

import streamlit as st
from streamlit_folium import st_folium

from app_data import gazetteer, shipped_data
from geo.io.formats import spreadsheet_safe
from geo.io.text_input import MAX_TEXT_CHARS, check_text_length, read_text
from geo.map.safe import markdown_text
from geo.map.textmap import found_places_map, highlighted_html
from geo.model import loader
from geo.model.loader import DataError
from geo.text.article_facts import load_facts, mapping_result
from geo.text.budget import ExtractionStopped, extract_within
from geo.text.draft import (
    TEXT_CSS,
    Review,
    clicked_point_text,
    draft_events,
    found_places_table,
    place_labels,
    reviewed,
)
from ui.text_review import edit_drafts, review_places

TEXT_MAP_HEIGHT = 520


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
        if text_source == "article" and not loader.ARTICLE_PATH.is_file():
            # A clone without the article's text: what the finder found in it, shipped as facts.
            facts = load_facts()
            progress.empty()
            st.session_state.text_result = {"text": None, "name": "the source article", "notices": (),
                                            "result": mapping_result(facts), "seconds": 0.0,
                                            "characters": facts["characters"]}  # fmt: skip
            return
        if text_source == "article":
            text, name, notices = loader.ARTICLE_PATH.read_text(encoding="utf-8"), "the source article", ()
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
        clicked = st_folium(
            found_places_map(result.places, labels),
            key="text_map",
            height=TEXT_MAP_HEIGHT,
            use_container_width=True,
            returned_objects=["last_clicked"],
        )
    point = (clicked or {}).get("last_clicked")
    if point and point != st.session_state.get("text_clicked"):
        st.session_state.text_clicked = point
        st.session_state.text_point = clicked_point_text(point) or ""
    review_places(found, result, review, labels)
    edit_drafts(result, name, drafts, labels)


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
        st_folium(
            found_places_map(result.places, labels),
            key="text_map",
            height=TEXT_MAP_HEIGHT,
            use_container_width=True,
            returned_objects=[],
        )
    table = found_places_table(result.places, labels, detailed=False)
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
