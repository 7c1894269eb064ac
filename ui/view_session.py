"""The dashboard's view in the session and the URL: taken from a link, restored after another
page, set from the sidebar or the engine's settled view, written back to the address bar.

The engine (static/engine/engine.js) owns the view while a person uses the map; this keeps the
server's copy in step so links, the sidebar and the handout agree with it.
"""

from __future__ import annotations

import time

import streamlit as st

from app_data import current_data, uploaded_note
from geo.map.mapview import event_view, view_for
from geo.map.style import BACKGROUND_VIEW, WAR_VIEW
from geo.map.textmap import place_view
from geo.model.prepare import MapData
from geo.model.schema import CATEGORIES, UPLOAD_ID_PREFIX
from geo.model.viewstate import ViewState, merge_engine_view, parse_view, view_query
from ui.lang import current_lang, lang_query, session_texts

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
            {"names": current_lang(), **params},  # place names follow the interface's language unless named
            bounds=data.war_bounds,
            default_date=data.war_bounds[1],
            event_ids=data.event_ids,
            categories=CATEGORIES,
            place_ids=data.places["id"],
            default_era=data.default_era,
            language=session_texts(),
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
    view = event_view(rows.iloc[0]["coords"]) if len(rows) else None
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
    server = view_query(current_view(), CATEGORIES)
    engine = {str(k): str(v) for k, v in params.items()}
    view = parse_view(
        merge_engine_view(server, engine, value.get("changed")),
        bounds=data.war_bounds,
        default_date=st.session_state.date,
        event_ids=data.event_ids,
        categories=CATEGORIES,
    )
    layers_before = tuple(c for c in CATEGORIES if st.session_state[f"layer-{c}"])
    apply_view(view)
    st.session_state.engine_known = view_query(current_view(), CATEGORIES)
    # The engine wrote its view into the address as it settled: a run that brings that address is no new link.
    written = [*st.session_state.get("written_queries", [])[-7:], (time.monotonic(), st.session_state.engine_known)]
    st.session_state.written_queries = written
    # Echoed with the next view sent to the engine, which keeps what it changed after this one.
    seq = value.get("seq")
    st.session_state.engine_seq = seq if isinstance(seq, int) and not isinstance(seq, bool) else 0
    # The sidebar's layer boxes are outside the map's fragment: they need the whole page.
    st.session_state.rerun_page = tuple(view.layers) != layers_before


def change_era() -> None:
    set_view(BACKGROUND_VIEW if st.session_state.era == "background" else WAR_VIEW)


def url_query(view: ViewState) -> dict[str, str]:
    """The view's URL: `names` only when it differs from the language's own naming (which a link
    without `names` takes), and the interface's `lang`."""
    query = view_query(view, CATEGORIES)
    query.pop("names", None)
    if view.naming != current_lang():
        query["names"] = view.naming
    return {**query, **lang_query()}


def sync_url() -> None:
    """Write the view to the URL, and keep it for the next visit from another page."""
    view = current_view()
    query = url_query(view)
    written = [*st.session_state.get("written_queries", [])[-7:], (time.monotonic(), query)]
    st.session_state.update(saved_view=view, last_query=query, written_queries=written)
    # Written on every run: a run cut short by the next click may not have sent it.
    st.query_params.from_dict(query)
