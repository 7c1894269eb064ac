"""Class rooms in the app, the teacher's side: the room panel in presentation mode (code, join link,
QR code, how many follow) and each move sent to the room. The students' page is `ui/follow.py`.

Wiring only: rooms live in `geo.model.rooms` (in this process, or in Redis when REDIS_URL is set).
"""

from __future__ import annotations

import contextlib
import io

import segno
import streamlit as st

from geo.map.safe import markdown_text
from geo.model.rooms import (
    RoomError,
    RoomNotFound,
    RoomStore,
    RoomView,
    StoreUnavailable,
    display_code,
    room_store_from_env,
)

TEACHER_REFRESH_S = 5  # the teacher's follower count, which also keeps the room alive
QR_SCALE = 5
OPEN_ROOM_HELP = "Students join with a code or a QR code and their screens follow your slides."

# The code and the count, readable from the back of a classroom.
ROOM_CSS = """
<style>
.st-key-room_text p { font-size: 22px; }
.st-key-room_text strong { font-size: 40px; letter-spacing: 0.08em; }
</style>
"""


@st.cache_resource
def room_store() -> RoomStore:
    """One store per server process, shared by every session."""
    return room_store_from_env()


def join_link(code: str) -> str:
    base = (st.context.url or "").split("?")[0]
    return f"{base}?room={display_code(code)}"


def qr_png(text: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=QR_SCALE, border=2)
    return buffer.getvalue()


def open_room(view: RoomView) -> None:
    try:
        room = room_store().create(view)
    except RoomError as err:
        st.session_state.room_error = str(err)
        return
    st.session_state.update(room_code=room.code, room_secret=room.secret, room_error=None)


def end_room() -> None:
    state = st.session_state
    with contextlib.suppress(RoomError):  # already gone
        room_store().close(state.room_code, state.room_secret)
    for key in ("room_code", "room_secret"):
        state.pop(key, None)


def teacher_panel(view: RoomView) -> None:
    """The room's code, join link and QR code for the slide, and how many students follow.

    `view` is where the presentation is, for a room opened now."""
    state = st.session_state
    if state.pop("open_room_requested", False) and not state.get("room_code"):
        open_room(view)
    if state.get("room_error"):
        st.warning(markdown_text(state.room_error))
    if not state.get("room_code"):
        st.button("Open a class room", key="room_open", on_click=open_room, args=(view,), help=OPEN_ROOM_HELP)
        return
    code = state.room_code
    link = join_link(code)
    st.html(ROOM_CSS)
    with st.container(key="room_panel", horizontal=True, vertical_alignment="center", border=True):
        st.image(qr_png(link), width=130, caption="Scan to follow")
        with st.container(key="room_text"):
            st.markdown(f"Follow on your phone or laptop: **{display_code(code)}**")
            st.markdown(markdown_text(link))
            st.fragment(run_every=TEACHER_REFRESH_S)(follower_count)()
        st.button("End the class room", key="room_end", on_click=end_room)


def follower_count() -> None:
    state = st.session_state
    if not state.get("room_code"):
        return
    try:
        count = room_store().touch(state.room_code, state.room_secret)
    except RoomNotFound:
        st.warning("This class room has ended; open a new one to share your slides.")
        for key in ("room_code", "room_secret"):
            state.pop(key, None)
        return
    except StoreUnavailable:
        st.warning("The class room cannot be reached just now: students keep their last slide.")
        return
    st.markdown(f"{count} student{'s' if count != 1 else ''} following", help="Counted without names.")


def teacher_moved(view: RoomView) -> None:
    """Sends the slide on show to the room, if the teacher has one."""
    state = st.session_state
    if not state.get("room_code"):
        return
    try:
        room_store().move(state.room_code, state.room_secret, view)
    except RoomNotFound:
        st.warning("This class room has ended; open a new one to share your slides.")
        for key in ("room_code", "room_secret"):
            state.pop(key, None)
    except StoreUnavailable:
        st.warning("The class room cannot be reached just now: students keep their last slide.")
