"""The map dashboard: places and events of the article on a date slider, linked to cards.

Wiring only. The map, its time control, the status line and the cards run in the browser
(the map engine, static/engine/engine.js, inside streamlit-folium's frame): a slider step or a
playback tick costs the server nothing. The engine tells the server of a view once it has
settled (slider let go, pause, a selection); the server keeps the URL and session in step and
sends views that start here (a link, the sidebar) back to the engine.
"""

from __future__ import annotations

import time

import streamlit as st
from streamlit_folium import st_folium

import classroom
import presentation
from app_data import clear_uploaded, current_data, handout_button, shipped_data_or_stop, uploaded_note
from geo.map.framing import INTRO, TITLE
from geo.map.mapview import MODE_LABELS, dashboard_map, era_labels, view_for, view_update
from geo.map.safe import markdown_text
from geo.map.style import BACKGROUND_VIEW, CATEGORY_STYLE, MAP_HEIGHT, WAR_VIEW
from geo.map.textmap import place_view
from geo.model.naming import NAMINGS
from geo.model.prepare import MapData, view_in_words
from geo.model.schema import CATEGORIES, UPLOAD_ID_PREFIX
from geo.model.timeline import rows_on_show
from geo.model.viewstate import WINDOW_RANGE, ViewState, parse_view, view_query

st.set_page_config(page_title=TITLE, page_icon="🗺️", layout="wide")


ECHO_SECONDS = 5.0  # how late a URL the session wrote may come back with a rerun
WIDGET_KEYS = ("era", "mode", "window", "naming", *(f"layer-{c}" for c in CATEGORIES))


def init_state(data: MapData) -> None:
    """Take the view from the URL on a session's first run and whenever the URL names
    another view (a link opened from another page); otherwise keep the session's view.

    Streamlit drops widget values while another page is shown, so they are restored
    from the view saved at the end of the last dashboard run.
    """
    state = st.session_state
    params = st.query_params.to_dict()
    # Uploaded events shown or dropped (data page): a new date range and new events.
    data_changed = state.get("view_data") is not data
    # A URL this session wrote a moment ago, arriving late with a rerun (a busy server), is not a new link.
    recent = [query for at, query in state.get("written_queries", []) if time.monotonic() - at < ECHO_SECONDS]
    new_link = params and params != state.get("last_query") and params not in recent
    if not state.get("view_ready") or data_changed or new_link:
        view = parse_view(
            params,
            bounds=data.war_bounds,
            default_date=data.war_bounds[1],
            event_ids=data.event_ids,
            categories=CATEGORIES,
            place_ids=data.places["id"],
            default_era=data.default_era,
        )
        state.update(fly=None, view_ready=True, view_data=data)
        state.pop("view_sent", None)  # the map is new, or must take this view: send it
        apply_view(view)
        state.url_notices = view.notices
        if view.place:
            place = data.places[data.places["id"] == view.place].iloc[0]
            set_view(place_view(place["kind"], place["geometry"]))
        elif view.event:
            focus_event(data, view.event)
        elif view.era == "background":
            set_view(BACKGROUND_VIEW)
        elif uploaded_note():  # the map opens on the uploaded events
            yours = data.events[data.events["id"].str.startswith(UPLOAD_ID_PREFIX)]
            set_view(view_for([xy for coords in yours["coords"] for xy in coords]) or WAR_VIEW)
    elif any(key not in state for key in WIDGET_KEYS):
        apply_view(state.saved_view)
        state.url_notices = ()
        state.pop("view_sent", None)  # back from another page: a new map frame needs the view


def apply_view(view: ViewState) -> None:
    st.session_state.update(
        era=view.era,
        date=view.date,
        selected=view.event,
        mode=view.mode,
        window=view.window,
        naming=view.naming,
        **{f"layer-{c}": c in view.layers for c in CATEGORIES},
    )


def current_view() -> ViewState:
    state = st.session_state
    return ViewState(
        date=state.date,
        era=state.era,
        event=state.selected,
        layers=tuple(c for c in CATEGORIES if state[f"layer-{c}"]),
        mode=state.mode,
        window=state.window,
        naming=state.naming,
    )


def set_view(view: dict) -> None:
    """Fly the map there (the engine moves it; the frame is not rebuilt)."""
    st.session_state.fly = {"center": list(view["center"]), "zoom": view["zoom"]}


def focus_event(data: MapData, event_id: str) -> None:
    """Select an event and fly the map to it."""
    st.session_state.selected = event_id
    rows = data.events[data.events["id"] == event_id]
    view = view_for(rows.iloc[0]["coords"]) if len(rows) else None
    if view:
        set_view(view)


def on_engine_view() -> None:
    """The engine's view once it settled (slider let go, pause, a selection): checked like a
    link's, then the session and the URL follow it."""
    value = st.session_state.get("event_map") or {}
    params = value.get("view") if isinstance(value, dict) else None
    if not isinstance(params, dict):
        return
    data = current_data()
    view = parse_view(
        {str(k): str(v) for k, v in params.items()},
        bounds=data.war_bounds,
        default_date=st.session_state.date,
        event_ids=data.event_ids,
        categories=CATEGORIES,
    )
    layers_before = tuple(c for c in CATEGORIES if st.session_state[f"layer-{c}"])
    apply_view(view)
    st.session_state.engine_known = view_query(current_view(), CATEGORIES)
    # The sidebar's layer boxes are outside the map's fragment: they need the whole page.
    st.session_state.rerun_page = tuple(view.layers) != layers_before


def change_era() -> None:
    set_view(BACKGROUND_VIEW if st.session_state.era == "background" else WAR_VIEW)


def start_presentation(data: MapData) -> None:
    """Open presentation mode at the selected event (else the first)."""
    ids = data.event_ids
    step = ids.index(st.session_state.selected) + 1 if st.session_state.selected in ids else 1
    st.query_params.from_dict({"mode": "present", "step": str(step)})
    st.session_state.open_room_requested = True  # "Present to a class" opens a class room


def sidebar(data: MapData) -> None:
    with st.sidebar:
        eras = era_labels(data)  # years from the data
        st.radio("Era", list(eras), format_func=eras.get, key="era", on_change=change_era)
        st.markdown("**Event layers**")
        for category in CATEGORIES:
            st.checkbox(CATEGORY_STYLE[category][0], key=f"layer-{category}")
        st.radio("Show", list(MODE_LABELS), format_func=MODE_LABELS.get, key="mode")
        if st.session_state.mode == "window":
            st.slider("Days in the window", *WINDOW_RANGE, key="window")
        st.selectbox("Place names first in", list(NAMINGS), format_func=NAMINGS.get, key="naming",
                     help="Contested places always show both names, e.g. Shusha / Shushi.")  # fmt: skip
        st.button("Present to a class", key="start_presentation", on_click=start_presentation, args=(data,),
                  help="Full-width map, one event at a time, large text; arrow keys step.")  # fmt: skip
        st.caption(
            "Every view is a link: the address bar holds the date, the selected event, layers and "
            "options. Copy it to share exactly this view."
        )


def main_view() -> None:
    """The map with its time control, status line and cards (all in the engine's frame): a
    fragment, so a view the engine settles on reruns only this."""
    data = current_data()
    state = st.session_state
    query = view_query(current_view(), CATEGORIES)
    # A view that starts here (a link, the sidebar) gets a new revision: the engine takes it. A view
    # the engine settled on is not sent back: the map's arguments stay the same, so Streamlit sends
    # the browser a reference to them instead of the data again.
    if query != state.get("engine_known") or state.get("fly") or "view_sent" not in state:
        state.view_rev = state.get("view_rev", 0) + 1
        state.view_sent = (query, state.view_rev, state.get("fly"))
    state.engine_known = query
    state.fly = None
    view = current_view()
    with st.container(key="map_panel"):
        st_folium(
            dashboard_map(data, MAP_HEIGHT),
            key="event_map",
            height=MAP_HEIGHT,
            use_container_width=True,
            returned_objects=[],
            feature_group_to_add=view_update(*state.view_sent),
            on_change=on_engine_view,
        )
    # Below the map: the first screen is the map and its time control.
    handout_button(data, rows_on_show(data, view), view.naming, view_line=view_in_words(data, view), key="handout")
    sync_url()
    if state.pop("rerun_page", False):
        st.rerun()


def sync_url() -> None:
    """Write the view to the URL, and keep it for the next visit from another page."""
    view = current_view()
    query = view_query(view, CATEGORIES)
    written = [*st.session_state.get("written_queries", [])[-7:], (time.monotonic(), query)]
    st.session_state.update(saved_view=view, last_query=query, written_queries=written)
    # Written on every run: a run cut short by the next click may not have sent it.
    st.query_params.from_dict(query)


PAGE_CSS = """
<style>
/* The first screen is the map: a compact header above it. */
.block-container { padding-top: 2.2rem; padding-bottom: 1rem; }
h1 { font-size: 1.7rem !important; padding: 0 0 0.2rem !important; }
@media (max-width: 640px) {
  h1 { font-size: 1.6rem !important; }
  .block-container { padding: 1rem 0.75rem; }
}
</style>
"""


def leave_uploaded() -> None:
    """Back to the article's events; the URL named a view of the uploaded ones."""
    clear_uploaded()
    st.query_params.clear()


def header() -> None:
    st.html(PAGE_CSS)
    st.title(TITLE)
    st.caption(INTRO)
    note = uploaded_note()
    if note:
        with st.container(key="uploaded_notice", horizontal=True, vertical_alignment="center"):
            st.info(markdown_text(f"Showing {note}, in this browser session only."))
            st.button("Back to the article's events", key="uploaded_back", on_click=leave_uploaded)


def main() -> None:
    shipped_data_or_stop()
    data = current_data()
    if "room" in st.query_params:  # a student's join link
        classroom.follow(data, presentation.show_slide)
        return
    if st.query_params.get("mode") == "present":
        presentation.render(data)
        return
    init_state(data)
    header()
    for notice in st.session_state.url_notices:
        st.warning(markdown_text(notice))
    sidebar(current_data())
    st.fragment(main_view)()


main()
