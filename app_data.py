"""What the dashboard and pages share: the one cached loader, uploaded-data state and the event card text."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from geo.io.handout import PAGE_FORMATS, build_handout
from geo.map.safe import markdown_text
from geo.model import loader
from geo.model.loader import DataError, load_dataset
from geo.model.prepare import MapData, prepare
from geo.text.gazetteer import Gazetteer
from geo.text.resolve import warm_up


@st.cache_resource(show_spinner="Loading the article's places and events…")
def shipped_data() -> MapData:
    # Shared by every session and never mutated: views copy what they change.
    return prepare(load_dataset())


def current_data() -> MapData:
    """The session's own uploaded events if it chose them (data page), else the shipped data."""
    return st.session_state.get("uploaded_data") or shipped_data()


def shipped_data_or_stop() -> MapData:
    """The shipped data; when it cannot be loaded, a message naming the file and what is wrong
    with it (never a traceback), and the page stops there."""
    try:
        return shipped_data()
    except DataError as err:
        st.error("The map's data could not be loaded, so there is nothing to show.")
        st.code(str(err), language=None)
        st.markdown("Fix the file named above (or restore it with `git checkout data/`), then reload the page.")
        st.stop()


@st.cache_resource(show_spinner="Loading the gazetteer (GeoNames, offline; the first time takes a few seconds)…")
def gazetteer() -> Gazetteer:
    """The article's places first, then GeoNames; shared by every session (look-ups only read it)."""
    finder = Gazetteer(shipped_data().places)
    warm_up()
    return finder


def use_uploaded(data: MapData, note: str) -> None:
    """Show this session's own events (data page) on the dashboard and timeline; `note` says what they are."""
    st.session_state.update(uploaded_data=data, uploaded_note=note)


def uploaded_note() -> str | None:
    """What the session's uploaded events are, if it shows them."""
    return st.session_state.get("uploaded_note") if st.session_state.get("uploaded_data") else None


def clear_uploaded() -> None:
    """Back to the article's events."""
    for key in ("uploaded_data", "uploaded_note"):
        st.session_state.pop(key, None)


def card_body(fields: dict, title_prefix: str = "", title_suffix: str = "") -> None:
    """An event card's text (from geo.model.prepare.card), every field escaped; the dashboard and
    presentation mode differ only in how the title is set."""
    st.markdown(f"{title_prefix}{markdown_text(fields['title'])}{title_suffix}")
    st.caption(f"{markdown_text(fields['date'])} · {markdown_text(fields['category'])}")
    if fields["places"]:
        st.markdown(f"Places: {markdown_text(fields['places'])}")
    if fields["summary"]:
        st.markdown(markdown_text(fields["summary"]))
    if fields["claim"]:
        st.markdown(f"*{markdown_text(fields['claim'])}*")
    if fields["casualties"]:
        st.markdown(f"Casualties: {markdown_text(fields['casualties'])}")
    if fields["sources"]:
        st.caption(markdown_text(fields["sources"]))


@st.cache_resource
def places_attribution() -> str | None:
    """The shipped places' credit line, read once per server."""
    return loader.places_attribution()


def handout_button(data: MapData, rows: Sequence[int], naming: str, view_line: str, key: str) -> None:
    """ "Handout (PDF)": the events on show as a printable PDF, built only when clicked."""
    page_format = st.session_state.get(f"{key}_format", PAGE_FORMATS[0])
    attribution = places_attribution() if data is shipped_data() else None
    with st.container(key=f"{key}_row", horizontal=True, vertical_alignment="bottom"):
        st.download_button(
            "Handout (PDF)",
            data=lambda: build_handout(
                data, list(rows), naming=naming, page_format=page_format, view_line=view_line, attribution=attribution
            ),
            file_name="karabakh-war-map-handout.pdf",
            mime="application/pdf",
            key=key,
            on_click="ignore",
            help="A 1–4 page printable summary of the events on show: map, cards, sources.",
        )
        st.segmented_control(
            "Paper",
            PAGE_FORMATS,
            key=f"{key}_format",
            default=PAGE_FORMATS[0],
            required=True,
            label_visibility="collapsed",
        )
