"""Class rooms in the app, the students' side: the page opened from the join link (`?room=CODE`),
which follows the teacher's slide, stops to explore and catches up.

A follower's page waits for the teacher's next move inside a fragment (a thread blocked on a
condition costs no CPU) and redraws the card in place; the map is one page for the whole
presentation that presents the step it reads from the page. Reading `st.session_state` while
waiting is a yield point, so a click on the page (stop following, catch up) still takes effect at once.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import streamlit as st

from classroom import keep_client_cookie, room_store, this_client
from geo.map.framing import ARTICLE_SAYS_MEANING, SOURCE_LINE
from geo.map.safe import markdown_text
from geo.model.i18n import N_
from geo.model.naming import NAMINGS
from geo.model.prepare import MapData, content_key
from geo.model.rooms import (
    FollowerSlots,
    RoomError,
    RoomNotFound,
    StoreUnavailable,
    TooManyFollowing,
    display_code,
    new_token,
)
from ui.lang import _, language_selector, session_texts

LOG = logging.getLogger("ui.follow")
WAIT_SLICE_S = 0.25  # how often a waiting follower checks for a click on its own page
HEARTBEAT_S = 15  # a follower tells the room it is still there (followers are counted for 45 s)
RETRY_S = 2  # after losing the store, a follower tries again this often
# Starts the waiting fragment run after each page run (and restarts a stopped one). Every tick is a
# message from each follower's browser, so it is not shorter: 60 followers at 1 s cost about 5% of a core.
FOLLOW_TICK_S = 1.0
LOST_STORE = N_(
    "Lost the teacher: the class room cannot be reached just now. You keep the last slide; "
    "this page keeps trying and follows again as soon as it can."
)
TEACHER_AWAY = N_(
    "The teacher is away: their page has not checked in for over a minute. You keep this slide; "
    "it follows again as soon as they are back."
)
OTHER_DATA = N_(
    "The teacher presents data of their own (an upload or a mapped text), which is not shared with "
    "this page, so it cannot show their slides. Follow on the projector, or explore the article's "
    "events here."
)
ROOM_ENDED = N_(
    "The teacher's room has ended (closed, or expired after 15 minutes without the teacher's page). "
    "You keep the last slide and can go on exploring on your own."
)
FOLLOW_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stExpandSidebarButton"] { display: none; }
/* A following page is always waiting for the teacher: the "running" badge would only distract. */
[data-testid="stStatusWidget"] { visibility: hidden; }
.st-key-follow_bar p { font-size: 20px; }
.st-key-present_progress p { font-size: 20px; font-weight: 700; }
.st-key-follow_source { border-left: 6px solid #0b4f8a; background: #eef3f8; padding: 0.3rem 0.7rem; }
.st-key-follow_source p { color: #111; margin: 0; }
.st-key-follow_source [data-testid="stMarkdownContainer"] { margin-bottom: 0 !important; }
/* The map and the slide's first lines on one screen, laptop or phone (the card follows below). */
.st-key-follow_map [data-testid="stElementContainer"] { height: auto !important; flex: 0 0 auto !important; }
.st-key-follow_map iframe { height: clamp(320px, calc(100vh - 260px), 760px) !important; }
/* A phone: the slide's title under the map on the first screen, the page scrollable around the map
   (a swipe on the map pans it, so the map leaves most of the screen to scroll by). */
@media (max-width: 640px) {
  .block-container { padding: 3.75rem 0.75rem 1rem; }  /* below Streamlit's header, not under it */
  .block-container [data-testid="stVerticalBlock"] { gap: 0.5rem; }
  .st-key-follow_bar p { font-size: 16px; }
  .st-key-follow_bar button { min-height: 2.2rem; padding: 0.1rem 0.6rem; }
  .st-key-follow_source p { font-size: 13px; line-height: 1.3; }
  .st-key-follow_map iframe { height: 38vh !important; }
  [data-testid="stHorizontalBlock"] { row-gap: 0.5rem; }  /* the card right under the map */
  .st-key-present_card h2 { font-size: 1.5rem; padding-top: 0.2rem; }
}
/* The step for the map (data attributes only): nothing to see. */
.st-key-follow_signal { display: none; }
</style>
"""


@st.cache_resource
def follower_slots() -> FollowerSlots:
    """This process's following sessions, bounded: each waits on a server thread."""
    return FollowerSlots()


def session_slot() -> str:
    """This page's key among the process's following sessions (each tab holds a thread of its own,
    even when a browser's tabs follow as one student)."""
    return st.session_state.setdefault("follow_slot", new_token())


def _join(raw: str, data: MapData) -> None:
    state = st.session_state
    # The browser's own token (its cookie), not one of this session's: a page that reconnects to
    # another replica after its own died joins again as the same follower, and the count stays.
    state.setdefault("room_follower", this_client().browser)
    state.update(follow_code=None, follow_error=None, follow_lost=None, follow_ended=False)
    try:
        code, room = room_store().join(raw, this_client(), state.room_follower)
    except RoomError as err:
        state.follow_error = str(err)
        return
    if room.dataset and room.dataset != content_key(data):
        state.follow_error = OTHER_DATA
        return
    state.update(follow_code=code, follow_view=room.view, follow_version=room.version, following=True,
                 follow_away=room.teacher_away)  # fmt: skip


def _join_from_form() -> None:
    st.query_params["room"] = st.session_state.get("room_code_input", "")


def stop_following() -> None:
    state = st.session_state
    state.following = False
    state.present_step = state.get("follow_step", 1)  # explore from where the teacher is


def catch_up() -> None:
    st.session_state.following = True


# Full runs of students' pages at once in this process. A class joins within seconds, and each
# script thread that runs competes for the interpreter's lock with the thread that answers health
# checks and every other page's messages: the lock goes to one of the waiting threads, so that
# thread's wait grows with their number (bench.health_abuse, 400 followers joining: health 6 s).
# The others sleep on this gate, which holds none of it; a following page's waits for the teacher
# run in its fragment, outside the gate.
FOLLOW_RUNS_AT_ONCE = 2
_follow_gate = threading.BoundedSemaphore(FOLLOW_RUNS_AT_ONCE)


def follow(data: MapData, show_slide: Callable[..., None]) -> None:
    """The students' page: join by the code in the URL, then follow the teacher's slides, a few
    pages' runs at a time.

    `show_slide(data, step, navigation, follow, naming, signal)` draws a slide (presentation mode's
    map and card)."""
    with _follow_gate:
        _follow(data, show_slide)


def _follow(data: MapData, show_slide: Callable[..., None]) -> None:
    st.html(FOLLOW_CSS)
    keep_client_cookie()
    state = st.session_state
    raw = st.query_params.get("room", "")
    if state.get("follow_raw") != raw:
        state.follow_raw = raw
        _join(raw, data) if raw else state.update(follow_code=None, follow_error=None)
    if not state.get("follow_code"):
        language_selector(st)
        st.title(_("Follow your teacher"))
        if state.get("follow_error"):
            st.error(markdown_text(_(state.follow_error)))
        with st.form("room_join", border=False):
            st.text_input(_("Room code"), key="room_code_input", max_chars=20, placeholder="ABCD-EFGH")
            st.form_submit_button(_("Join"), on_click=_join_from_form)
        return
    state.setdefault("following", True)
    with st.container(key="follow_bar", horizontal=True, vertical_alignment="center"):
        if state.following:
            st.markdown(_("**Following the teacher** · room {code}", code=display_code(state.follow_code)))
            st.button(
                _("Stop following"),
                key="follow_stop",
                on_click=stop_following,
                help=_("Explore on your own (and get the handout); catch up with one click."),
            )
        elif state.get("follow_ended"):
            st.markdown(_("**Exploring on your own** · the room has ended"))
        else:
            st.markdown(_("**Exploring on your own**"))
            st.button(_("Catch up with the teacher"), key="follow_catch_up", on_click=catch_up)
        with st.container(key="follow_lang", width=190):
            language_selector(st, compact=True)
    # Where all of it comes from, on every slide, as in presentation mode.
    with st.container(key="follow_source"):
        st.markdown(markdown_text(f"{_(SOURCE_LINE)} {_(ARTICLE_SAYS_MEANING)}"))
    follower_view(data, show_slide)
    naming_choice()


def follower_view(data: MapData, show_slide: Callable[..., None]) -> None:
    state = st.session_state
    total = len(data.events)
    if state.following and not state.follow_ended:
        try:
            follower_slots().take(session_slot(), this_client())
            room = room_store().state(state.follow_code, state.room_follower)
            state.update(follow_view=room.view, follow_version=room.version, follow_lost=None,
                         follow_away=room.teacher_away)  # fmt: skip
        except StoreUnavailable:
            state.follow_lost = LOST_STORE
        except RoomError as err:  # ended or expired (or full): explore on from the last slide
            ended = ROOM_ENDED if isinstance(err, RoomNotFound) else str(err)
            if isinstance(err, RoomNotFound):
                LOG.info("room %s ended for a follower", display_code(state.follow_code))
            step = min(max(state.follow_view.step, 1), total)
            state.update(follow_ended=not isinstance(err, TooManyFollowing), follow_lost=ended, following=False,
                         present_step=step)  # fmt: skip
            st.rerun()  # the bar above changes too
    state.follow_step = min(max(state.follow_view.step, 1), total)
    if state.follow_lost:
        with st.container(key="follow_lost"):
            st.warning(_(state.follow_lost))
    elif state.following and state.get("follow_away"):
        with st.container(key="follow_away"):
            st.info(_(TEACHER_AWAY))
    if not state.following:
        follower_slots().give_back(session_slot())
        # The same map page as while following: on screen at once, presenting the student's own step.
        naming = follower_naming()
        signal = follow_signal(state.present_step, state.follow_version, naming)
        show_slide(data, state.present_step, navigation=True, naming=naming, signal=signal)
        return
    # The card column is a fragment: drawn in this run, which then ends (so what it replaced is
    # cleared); its own runs, started by its timer, wait for the teacher and redraw it in place.
    waiting = st.fragment(run_every=FOLLOW_TICK_S)(follow_teacher)
    state.follow_full_run = True
    show_slide(data, state.follow_step, navigation=False, follow=lambda slide_card: waiting(data, slide_card))
    state.follow_full_run = False


def _reachable(store, code: str) -> bool:
    """Whether the store answers about the room (a store restarted empty answers "no such room")."""
    try:
        store.state(code)
    except StoreUnavailable:
        return False
    except RoomError:
        return True
    return True


def follower_naming() -> str:
    """The naming a student's page shows: the student's own pick, else the teacher's."""
    state = st.session_state
    own = state.get("follow_names")
    if own in NAMINGS:
        return own
    view = state.get("follow_view")
    return view.names if view is not None else "en"


def naming_choice() -> None:
    """Below the slide: a student may name places their own way instead of following the teacher's."""
    language = session_texts()  # bound now: the widget formats its options later too
    st.selectbox(
        language("Place names first in"),
        ["", *NAMINGS],
        format_func=lambda names: language(NAMINGS.get(names, N_("As the teacher shows them"))),
        key="follow_names",
        help=language("Contested places always show both names, e.g. Shusha / Shushi."),
    )


def follow_signal(step: int, version: int, names: str = "en") -> str:
    """The element the follower's map watches (static/engine/engine.js, `followPage`): the step
    to present, the room's version and the naming (whole numbers and one of NAMINGS' keys only:
    nothing from users or data)."""
    names = names if names in NAMINGS else "en"
    attributes = {"step": int(step), "version": int(version), "names": names}
    return "<div " + " ".join(f'data-follow-{name}="{value}"' for name, value in attributes.items()) + "></div>"


def follow_teacher(data: MapData, slide_card: Callable[[MapData], Any]) -> None:
    """A fragment, the card column of a student's page: the slide's progress line and card, and the
    step for the map to present, in placeholders.

    In the page's full run it draws them and returns. In its own runs it then waits for the
    teacher's next move and redraws them in place: Streamlit streams a running script's elements
    to the browser at once, so a step costs each follower a room read and a card, not a run of the
    page, and the map (one page for the whole presentation) only hears the new step.

    Reading session state in every slice is a yield point: a click on the page (a whole-app rerun)
    ends the wait at once. A room that ends or a store that is lost reruns the page, which says so;
    after losing the store it checks back every RETRY_S seconds and redraws only when the room can
    be read again. No widgets here: each redraw in the same run would repeat their keys."""
    state = st.session_state
    total = len(data.events)
    # In the places of presentation mode's Previous / Next, progress line, card and handout.
    with st.container(key="follow_signal"):
        signal = st.empty()
    card = slide_card(data)
    st.caption(_("Stop following to explore on your own and to get the handout (PDF)."))

    def show(step: int, version: int) -> None:
        card.naming = follower_naming()  # the teacher's may have changed with this move
        signal.html(follow_signal(step, version, card.naming))
        card.show(step)

    show(state.follow_step, state.follow_version)
    if state.get("follow_full_run"):
        return
    store = room_store()
    code = state.follow_code
    last_try = last_seen = time.monotonic()
    while "following" in state:
        now = time.monotonic()
        if state.follow_lost:
            if now - last_try >= RETRY_S:
                last_try = now
                if _reachable(store, code):
                    st.rerun()  # reachable again (or the room has gone): the page says which
            time.sleep(WAIT_SLICE_S)
            continue
        if now - last_seen < HEARTBEAT_S and not store.wait_for_change(code, state.follow_version, WAIT_SLICE_S):
            continue
        last_seen = time.monotonic()  # reading the room with our token counts us as following
        try:
            follower_slots().take(session_slot(), this_client())
            room = store.state(code, state.room_follower)
        except RoomError:
            st.rerun()  # lost or ended: the page says what happened
        if room.teacher_away != state.get("follow_away"):
            st.rerun()  # the page says the teacher is away, or no longer
        if room.version != state.follow_version:
            step = min(max(room.view.step, 1), total)
            state.update(follow_view=room.view, follow_version=room.version, follow_step=step)
            show(step, room.version)
