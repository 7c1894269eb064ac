"""The map dashboard: places and events of the article on a date slider, linked to cards.

Wiring only: data, filtering, labels and the map's layers come from `geo/`.
"""

from __future__ import annotations

import time

import folium
import numpy as np
import streamlit as st
from streamlit_folium import st_folium

import classroom
import presentation
from app_data import card_body, clear_uploaded, current_data, handout_button, shipped_data_or_stop, uploaded_note
from geo.framing import INTRO, TITLE
from geo.mapview import base_map, event_corridors, event_layers, legend_html, view_for
from geo.naming import NAMINGS
from geo.prepare import MapData, card, era_years, format_day
from geo.safe import markdown_text
from geo.schema import CATEGORIES
from geo.style import BACKGROUND_VIEW, CATEGORY_STYLE, MAP_HEIGHT, WAR_VIEW
from geo.textmap import place_view
from geo.timeline import step_day
from geo.upload import UPLOAD_ID_PREFIX
from geo.viewstate import WINDOW_RANGE, ViewState, parse_view, view_query

MAX_CARDS = 40
SPEEDS = {"Slow (2 s)": 2.0, "Normal (1 s)": 1.0, "Fast (0.5 s)": 0.5}
MODE_LABELS = {"upto": "Everything up to the date", "window": "Only the last N days"}
ERA_LABELS = {"war": "The war and after ({})", "background": "Background ({})"}

st.set_page_config(page_title=TITLE, page_icon="🗺️", layout="wide")


WIDGET_KEYS = ("era", "date", "mode", "window", "naming", "speed", *(f"layer-{c}" for c in CATEGORIES))


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
    if not state.get("view_ready") or data_changed or (params and params != state.get("last_query")):
        view = parse_view(
            params,
            bounds=data.war_bounds,
            default_date=data.war_bounds[1],
            event_ids=data.event_ids,
            categories=CATEGORIES,
            place_ids=data.places["id"],
            default_era=data.default_era,
        )
        state.update(playing=False, map_center=None, map_zoom=None, recentre_count=0, view_ready=True,
                     view_data=data)  # fmt: skip
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


def apply_view(view: ViewState) -> None:
    st.session_state.update(
        era=view.era,
        date=view.date,
        selected=view.event,
        mode=view.mode,
        window=view.window,
        naming=view.naming,
        speed=st.session_state.get("saved_speed", list(SPEEDS)[1]),
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
    # streamlit-folium applies a centre only when it differs from the last one sent,
    # so a repeated recentre gets a negligible nudge.
    st.session_state.recentre_count += 1
    lat, lon = view["center"]
    st.session_state.map_center = (lat + st.session_state.recentre_count * 1e-7, lon)
    st.session_state.map_zoom = view["zoom"]


def focus_event(data: MapData, event_id: str) -> None:
    """Select an event and fly the map to it."""
    st.session_state.selected = event_id
    rows = data.events[data.events["id"] == event_id]
    view = view_for(rows.iloc[0]["coords"]) if len(rows) else None
    if view:
        set_view(view)


def on_map_click() -> None:
    clicked = (st.session_state.get("event_map") or {}).get("last_active_drawing") or {}
    event_id = (clicked.get("properties") or {}).get("event_id")
    if isinstance(event_id, str) and event_id in set(current_data().event_ids):
        st.session_state.selected = event_id


def step(direction: int) -> None:
    data = current_data()
    day = step_day(data.war_days, st.session_state.date, direction)
    if day is not None:
        st.session_state.date = day


def toggle_play() -> None:
    st.session_state.playing = not st.session_state.playing
    st.session_state.last_tick = time.monotonic()


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
        years = era_years(data)  # uploads may reach from year 1 to 9999
        st.radio("Era", list(ERA_LABELS), format_func=lambda era: ERA_LABELS[era].format(years[era] or "none"),
                 key="era", on_change=change_era)  # fmt: skip
        st.markdown("**Event layers**")
        for category in CATEGORIES:
            st.checkbox(CATEGORY_STYLE[category][0], key=f"layer-{category}")
        st.selectbox("Playback speed", list(SPEEDS), key="speed")
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


def render_card(fields: dict, data: MapData, selected: bool) -> None:
    key = "selected_event" if selected else f"event_{fields['id']}"
    with st.container(key=key, border=True):
        if selected:
            st.caption("Selected event")
        card_body(fields, title_prefix="**", title_suffix="**")
        if not selected:
            st.button("Show on map", key=f"show_{fields['id']}", on_click=focus_event, args=(data, fields["id"]))


def advance_playback(data: MapData) -> None:
    """On a playback tick, step to the next event day; stop at the end."""
    state = st.session_state
    interval = SPEEDS[state.speed]
    now = time.monotonic()
    if now - state.get("last_tick", 0.0) < interval * 0.8:
        return  # a user action, not a tick
    state.last_tick = now
    day = step_day(data.war_days, state.date, 1)
    if day is None:
        state.playing = False
    else:
        state.date = day


def main_view(interval: float | None) -> None:
    """The date controls, map and cards: a fragment, so playback ticks rerun only this."""
    data = current_data()
    state = st.session_state
    if state.playing and state.era == "war":
        advance_playback(data)
    naming = state.naming

    if state.era == "war":
        st.slider("Date", min_value=data.war_bounds[0], max_value=data.war_bounds[1], key="date",
                  format="D MMM YYYY")  # fmt: skip
        with st.container(key="date_controls", horizontal=True):
            st.button("◀ Previous", key="previous", on_click=step, args=(-1,), help="Previous event date")
            st.button("⏸ Pause" if state.playing else "▶ Play", key="play", on_click=toggle_play)
            st.button("Next ▶", key="next", on_click=step, args=(1,), help="Next event date")
        positions, current = data.index.shown(state.date, state.mode, state.window)
        in_war = data.era_is_war[positions]
        positions, current = positions[in_war], current[in_war]
    else:
        positions = np.flatnonzero(~data.era_is_war)
        current = np.ones(len(positions), dtype=bool)

    layers = tuple(c for c in CATEGORIES if state[f"layer-{c}"])
    layer_codes = [CATEGORIES.index(c) for c in layers]
    listed = positions[np.isin(data.points.category[positions], layer_codes)]  # on show, layer on
    count = len(listed)
    when = format_day(state.date) if state.era == "war" else era_years(data)["background"] or "Background"
    window_note = f" (last {state.window} days)" if state.era == "war" and state.mode == "window" else ""
    with st.container(key="status"):
        st.markdown(f"### {when}{window_note} · {count} event{'s' if count != 1 else ''} shown")
    handout_button(data, listed, naming, view_line=f"{when}{window_note}", key="handout")

    map_column, card_column = st.columns([3, 2])
    with map_column, st.container(key="map_panel"):
        fmap = base_map(data.places, naming)
        st_folium(
            fmap,
            key="event_map",
            height=MAP_HEIGHT,
            use_container_width=True,
            returned_objects=["last_active_drawing"],
            feature_group_to_add=event_layers(data.points, positions, current, state.selected, layers)
            + selected_corridors(data, state.selected, naming),
            layer_control=folium.LayerControl(collapsed=True),
            center=state.map_center,
            zoom=state.map_zoom,
            on_change=on_map_click,
        )
    with card_column:
        render_cards(data, listed, naming)
    sync_url()
    if (interval is not None) != (state.playing and state.era == "war"):
        st.rerun()  # start or stop the playback timer, which belongs to the whole run


def selected_corridors(data: MapData, selected: str | None, naming: str) -> list:
    """The corridors the selected event names: drawn although the corridor layer starts off."""
    if selected not in data.event_ids:
        return []
    return event_corridors(data.places, data.events.iloc[data.event_ids.index(selected)]["places"], naming)


def render_cards(data: MapData, listed: np.ndarray, naming: str) -> None:
    """Cards for the listed event rows, newest first; the selected event's card first of all."""
    selected = st.session_state.selected
    ids = data.points.ids
    selected_row = ids.index(selected) if selected in ids else None
    selected_listed = selected_row is not None and bool(np.any(listed == selected_row))
    if selected_row is not None:
        render_card(card(data.events.iloc[selected_row].to_dict(), data.places_by_id, naming), data, selected=True)
        if not selected_listed:
            st.caption("The selected event is not on show at this date or with these layers.")
    others = [row for row in listed[::-1][: MAX_CARDS + 1].tolist() if row != selected_row][:MAX_CARDS]
    if not len(listed) and selected_row is None:
        st.info("No events on show. Move the date later, widen the window or switch layers on.")
    # Only the listed cards' rows are read from the frame: thousands of events cost nothing here.
    for row in data.events.iloc[others].to_dict("records"):
        render_card(card(row, data.places_by_id, naming), data, selected=False)
    hidden = len(listed) - len(others) - int(selected_listed)
    if hidden > 0:
        st.caption(f"{hidden} more events are on the map; narrow the window to list them.")


def sync_url() -> None:
    """Write the view to the URL, and keep it for the next visit from another page."""
    view = current_view()
    query = view_query(view, CATEGORIES)
    st.session_state.update(saved_view=view, saved_speed=st.session_state.speed, last_query=query)
    # Written on every run: a run cut short by the next click may not have sent it.
    st.query_params.from_dict(query)


PAGE_CSS = """
<style>
/* The map stays in view while the cards beside it scroll. */
@media (min-width: 768px) { .st-key-map_panel { position: sticky; top: 3.5rem; } }
.block-container { padding-top: 2.5rem; }
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
    st.html(f"<div style='font-size:0.9rem;line-height:1.9'>{legend_html()}</div>")  # our own constants only


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
    playing = st.session_state.playing and st.session_state.era == "war"
    interval = SPEEDS[st.session_state.speed] if playing else None
    st.fragment(run_every=interval)(main_view)(interval)


main()
