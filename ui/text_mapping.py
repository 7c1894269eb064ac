"""Your data, "Map a text": a pasted or uploaded text (or the source article) to places found,
shown on a small map beside the text with the names marked; the review and drafts follow
(`ui.text_review`)."""

from __future__ import annotations

import time

import streamlit as st
from babel.numbers import format_decimal
from streamlit_folium import st_folium

from app_data import gazetteer, shipped_data
from geo.io.formats import spreadsheet_safe
from geo.io.text_input import MAX_TEXT_CHARS, check_text_length, read_text
from geo.map.safe import markdown_text
from geo.map.textmap import found_places_map, highlighted_html
from geo.model import loader
from geo.model.i18n import N_
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
from ui.lang import _, current_lang, session_texts
from ui.text_review import UNRESOLVED_HEADING, edit_drafts, review_places

TEXT_MAP_HEIGHT = 520
SOURCE_ARTICLE = N_("the source article")


def read_input() -> tuple[str, str, tuple[str, ...]]:
    """The text to map, a name for it and notices; a file wins over pasted text."""
    upload = st.session_state.get("text_upload")
    if upload is not None:
        text, notices = read_text(upload.getvalue(), upload.name)
        return text, upload.name, notices
    text = st.session_state.get("text_input", "")
    check_text_length(text, _("the pasted text"))
    return text, _("pasted text"), ()


def run_mapping(text_source: str) -> None:
    """Find the places of the text, showing progress; keep the result in this session."""
    progress = st.progress(0, text=_("Reading the text…"))
    try:
        if text_source == "article" and not loader.ARTICLE_PATH.is_file():
            # A clone without the article's text: what the finder found in it, shipped as facts.
            facts = load_facts()
            progress.empty()
            st.session_state.text_result = {"text": None, "name": _(SOURCE_ARTICLE), "notices": (),
                                            "result": mapping_result(facts), "seconds": 0.0,
                                            "characters": facts["characters"]}  # fmt: skip
            return
        if text_source == "article":
            text, name, notices = loader.ARTICLE_PATH.read_text(encoding="utf-8"), _(SOURCE_ARTICLE), ()
        else:
            text, name, notices = read_input()
    except DataError as err:
        progress.empty()
        st.session_state.text_result = {"error": err.text(session_texts())}
        return
    progress.progress(15, text=_("Loading the gazetteer (the first time takes several seconds)…"))
    finder = gazetteer()
    language = session_texts()
    progress.progress(50, text=_("Finding places and dates in {count} characters…", count=language.number(len(text))))
    started = time.monotonic()
    try:
        # In a child process with a time budget: a pathological text cannot stall other visitors.
        result = extract_within(text, finder)
    except ExtractionStopped as err:
        progress.empty()
        st.session_state.text_result = {"stopped": str(err)}
        return
    progress.progress(90, text=_("Drawing the map…"))
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
        st.error(markdown_text(_("This text could not be mapped: {problem}", problem=held["error"])))
        return
    if "stopped" in held:
        st.error(markdown_text(held["stopped"]))
        return
    text, name, found = held["text"], held["name"], held["result"]
    for notice in held["notices"]:
        st.warning(markdown_text(session_texts().message(notice)))
    review = _review()
    result = reviewed(found, review)
    labels = place_labels(shipped_data().places, current_lang())
    if text is None:
        show_article_facts(held, result, labels)
        return
    drafts = draft_events(result, name, labels, session_texts())
    with st.container(horizontal=True, key="text_summary"):
        st.metric(_("Places found"), len(result.places))
        st.metric(_("Uncertain"), len(result.uncertain))
        st.metric(_("Names not resolved"), len(result.unresolved))
        st.metric(_("Draft events"), len(drafts["features"]))
    language = session_texts()
    st.caption(
        markdown_text(
            _(
                "{name}: {count} characters, places found in {seconds} s.",
                name=name,
                count=language.number(len(text)),
                seconds=format_decimal(held["seconds"], "0.0", locale=language.locale),
            )
        )
    )
    text_column, map_column = st.columns([3, 2])
    with text_column:
        st.markdown(_("**The text**, place names marked with their number on the map; dotted: names not resolved."))
        with st.container(key="mapped_text"):
            st.html(TEXT_CSS + highlighted_html(text, result, labels, session_texts()))
    with map_column, st.container(key="text_map_panel"):
        st.caption(_("Click the map to pick a point for a name you place by hand (below)."))
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
        st.metric(_("Places found"), len(result.places))
        st.metric(_("Names not resolved"), len(result.unresolved))
    language = session_texts()
    st.info(
        _(
            "The article's text ({count} characters) is not part of this copy of the app, so its text with "
            "the places marked and the draft events (which quote its sentences) are not shown. The places "
            "and names below were found in it when the data was built.",
            count=language.number(held["characters"]),
        )
    )
    with st.container(key="text_map_panel"):
        st_folium(
            found_places_map(result.places, labels),
            key="text_map",
            height=TEXT_MAP_HEIGHT,
            use_container_width=True,
            returned_objects=[],
        )
    table = found_places_table(result.places, labels, detailed=False).rename(columns=session_texts())
    with st.container(key="text_places"):
        st.dataframe(spreadsheet_safe(table), hide_index=True, width="stretch")
    st.markdown(_(UNRESOLVED_HEADING))
    with st.container(key="text_unresolved"):
        st.markdown(" · ".join(f"{markdown_text(u.name)} ({u.count}×)" for u in result.unresolved) or _("None."))


def map_a_text() -> None:
    language = session_texts()
    st.markdown(
        _(
            "Paste a text or upload a **.txt** or **.md** file (UTF-8; other encodings are read as "
            "Windows-1252, with a notice). Limit: **{limit} characters** (the source article has about "
            "{article}). Place names are found and located offline, from the app's own places and "
            "GeoNames; nothing leaves the server and nothing is kept after your session.",
            limit=language.number(MAX_TEXT_CHARS),
            article=language.number(26_000),
        )
    )
    st.text_area(_("Text"), key="text_input", height=180, placeholder=_("Paste an article here…"))
    st.file_uploader(_("…or a text file"), type=["txt", "md"], key="text_upload")
    with st.container(horizontal=True):
        go = st.button(_("Find the places"), type="primary", key="text_go")
        article = st.button(_("Try it with the source article"), key="text_article")
    if go or article:
        run_mapping("article" if article else "input")
    held = st.session_state.get("text_result")
    if held:
        show_mapping(held)
