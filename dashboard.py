"""The map dashboard: places and events of the article on a date slider, linked to cards.

Wiring only. The map, its time control, the status line and the cards run in the browser
(the map engine, static/engine/engine.js, inside streamlit-folium's frame): a slider step or a
playback tick costs the server nothing. The engine tells the server of a view once it has
settled (slider let go, pause, a selection); the server keeps the URL and session in step and
sends views that start here (a link, the sidebar) back to the engine.
"""

from __future__ import annotations

import secrets

import streamlit as st
from streamlit_folium import st_folium

import presentation
from app_data import clear_uploaded, current_data, handout_button, shipped_data_or_stop, shown_data, uploaded_note
from geo.map.framing import ARTICLE_SAYS_MEANING, CITATION_NOTE, SOURCE_LINE, TITLE
from geo.map.mapview import MODE_LABELS, dashboard_map, era_labels, view_update
from geo.map.safe import markdown_text
from geo.map.style import CATEGORY_STYLE, MAP_HEIGHT
from geo.model.i18n import N_
from geo.model.naming import NAMINGS
from geo.model.prepare import MapData, view_in_words
from geo.model.schema import CATEGORIES
from geo.model.timeline import rows_on_show
from geo.model.viewstate import WINDOW_RANGE, view_query
from ui.follow import follow
from ui.lang import _, lang_query, language_selector, page_menu, session_texts
from ui.view_session import change_era, current_view, init_state, on_engine_view, sync_url

st.set_page_config(page_title=session_texts()(TITLE), page_icon="🗺️", layout="wide")

PRESENT_HELP = N_("Full-screen map, one event at a time, large text; arrow keys and a clicker's Page Up / Down step.")


def start_presentation(data: MapData) -> None:
    """Open presentation mode at the selected event (else the first)."""
    ids = data.event_ids
    state = st.session_state
    step = ids.index(state.selected) + 1 if state.selected in ids else presentation.first_war_step(data)
    st.query_params.from_dict(
        {"mode": "present", "step": str(step), **presentation.naming_query(state.naming), **lang_query()}
    )
    st.session_state.open_room_requested = True  # "Present to a class" opens a class room


def sidebar(data: MapData) -> None:
    page_menu()
    with st.sidebar:
        # First: what a teacher comes for, saying what it does.
        st.button(
            _("Present to a class"), key="start_presentation", on_click=start_presentation, args=(data,),
            help=_(PRESENT_HELP),
        )  # fmt: skip
        st.caption(_("Opens the slides and a class room: students join with its code or QR code."))
        language_selector(st)
        language = session_texts()  # bound now: a widget formats its options later too
        eras = era_labels(data, language)  # years from the data
        st.radio(_("Era"), list(eras), format_func=eras.get, key="era", on_change=change_era)
        st.markdown("**" + _("Event layers") + "**")
        for category in CATEGORIES:
            st.checkbox(_(CATEGORY_STYLE[category][0]), key=f"layer-{category}")
        st.radio(_("Show"), list(MODE_LABELS), format_func=lambda mode: language(MODE_LABELS[mode]), key="mode")
        if st.session_state.mode == "window":
            st.slider(_("Days in the window"), *WINDOW_RANGE, key="window")
        st.selectbox(
            _("Place names first in"),
            list(NAMINGS),
            format_func=lambda naming: language(NAMINGS[naming]),
            key="naming",
            help=_("Contested places always show both names, e.g. Shusha / Shushi."),
        )
        st.caption(
            _(
                "Every view is a link: the address bar holds the date, the selected event, layers and "
                "options. Copy it to share exactly this view."
            )
        )


def main_view() -> None:
    """The map with its time control, status line and cards (all in the engine's frame): a
    fragment, so a view the engine settles on reruns only this."""
    data = shown_data()
    state = st.session_state
    query = view_query(current_view(), CATEGORIES)
    # A view that starts here (a link, the sidebar) gets a new revision: the engine takes it, but for
    # what it changed in views this server had not yet applied (the number of the last it applied goes
    # with it). A view the engine settled on is not sent back: the map's arguments stay the same, so
    # Streamlit sends the browser a reference to them instead of the data again.
    if query != state.get("engine_known") or state.get("fly") or "view_sent" not in state:
        state.view_rev = state.get("view_rev", 0) + 1
        state.view_sent = (query, state.view_rev, state.get("fly"), state.get("engine_seq", 0))
    state.engine_known = query
    state.fly = None
    state.setdefault("view_session", secrets.token_hex(8))  # hex: no "_" for streamlit-folium to rename
    view = current_view()
    # The tools row stands above the map but is filled after it: the map goes to the browser first,
    # and the handout's fit (a layout of the events on show, a few tenths of a second) comes after.
    tools = st.container(key="tools_row", horizontal=True, vertical_alignment="center", gap="large")
    with st.container(key="map_panel"):
        st_folium(
            dashboard_map(data, MAP_HEIGHT, session_texts().lang),
            key="event_map",
            height=MAP_HEIGHT,
            use_container_width=True,
            returned_objects=[],
            feature_group_to_add=view_update(*state.view_sent, session=state.view_session),
            on_change=on_engine_view,
        )
    tools_row(tools, data, view)
    sync_url()
    if state.pop("rerun_page", False):
        st.rerun()


PAGE_CSS = """
<style>
/* The first screen is the map: a compact header above it. */
.block-container { padding-top: 2.2rem; padding-bottom: 1rem; }
h1 { font-size: 1.7rem !important; padding: 0 0 0.2rem !important; }
@media (max-width: 640px) {
  h1 { font-size: 1.6rem !important; }
  /* Below Streamlit's header (its height), not under it. */
  .block-container { padding: 3.75rem 0.75rem 1rem; }
}
</style>
"""


def leave_uploaded() -> None:
    """Back to the article's events; the URL named a view of the uploaded ones."""
    clear_uploaded()
    st.query_params.from_dict(lang_query())


def join_class() -> None:
    """A student with only a code: its follow page (`?room=CODE`, `ui/follow.py`) checks it."""
    st.query_params.from_dict({"room": st.session_state.get("join_code", ""), **lang_query()})
    st.session_state.rerun_page = True  # the form is in the map's fragment: the whole page changes


def tools_row(row, data: MapData, view) -> None:
    """In `row`, above the map, on the first screen: the handout of what is on show, and a box for a
    student who has a class room's code."""
    with row:
        handout_button(
            data,
            rows_on_show(data, view),
            view.naming,
            view_line=view_in_words(data, view, session_texts()),
            key="handout",
            areas_on=view.date if view.era == "war" else None,  # as the engine: no areas for the background era
        )
        join_box = st.form("join_class", border=False, width="content")
        with join_box, st.container(horizontal=True, vertical_alignment="center"):
            st.text_input(
                _("Join a class"), key="join_code", max_chars=20, placeholder=_("Class code"), width=160,
                label_visibility="collapsed",
            )  # fmt: skip
            st.form_submit_button(_("Join a class"), on_click=join_class)


def header() -> None:
    st.html(PAGE_CSS)
    st.title(_(TITLE))
    st.caption(f"{_(SOURCE_LINE)} {_(ARTICLE_SAYS_MEANING)} {_(CITATION_NOTE)}")
    note = uploaded_note()
    if note:
        with st.container(key="uploaded_notice", horizontal=True, vertical_alignment="center"):
            st.info(markdown_text(_("Showing {note}, in this browser session only.", note=note)))
            st.button(_("Back to the article's events"), key="uploaded_back", on_click=leave_uploaded)


def main() -> None:
    shipped_data_or_stop()
    data = shown_data()
    if "room" in st.query_params:  # a student's join link
        follow(data, presentation.show_slide)
        return
    if st.query_params.get("mode") == "present":
        presentation.render(data)
        return
    init_state(current_data())  # the view belongs to the events, whatever language shows them
    header()
    for notice in st.session_state.url_notices:
        st.warning(markdown_text(notice))
    sidebar(shown_data())
    st.fragment(main_view)()


main()
