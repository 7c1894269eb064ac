"""Class rooms in the app, the teacher's side: the room panel in presentation mode (one line with the
code and how many follow, which opens to a large QR code and the join link) and each move sent to
the room. The students' page is `ui/follow.py`.

Wiring only: rooms live in `geo.model.rooms` (in this process, or in Redis when REDIS_URL is set).
The browser keeps two cookies, scoped to the app's path and never in a URL: a random token for the
limits (a reload keeps it) and the teacher's room (code and secret), so a reload or a second tab of
the same teacher takes the open room back instead of opening another.
"""

from __future__ import annotations

import contextlib
import html
import io
import ipaddress
import socket
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import segno
import streamlit as st

from geo.map.safe import markdown_text
from geo.model.i18n import N_
from geo.model.prepare import MapData, content_key
from geo.model.rooms import (
    Client,
    NotTeacher,
    RoomError,
    RoomNotFound,
    RoomStore,
    RoomView,
    StoreUnavailable,
    client_address,
    display_code,
    new_token,
    normalise_code,
    room_store_from_env,
)
from ui.lang import _, lang_query, n_

TEACHER_REFRESH_S = 5  # the teacher's heartbeat (keeps the room alive) and follower count
QR_SCALE = 10
QR_WIDTH = 360  # px: scannable from the back rows when opened
OPEN_ROOM_HELP = N_("Students join with a code or a QR code and their screens follow your slides.")
CLIENT_COOKIE = "classroom_client"
ROOM_COOKIE = "classroom_room"
CLIENT_COOKIE_S = 30 * 24 * 3600
COOKIES_JS = Path(__file__).resolve().parent / "static" / "classroom" / "cookies.js"
LOCAL_HOSTS = ("localhost", "localhost.localdomain")
NO_JOIN_LINK = N_("The page's address is unknown, so there is no join link: students type the code.")
LOCALHOST_WARNING = N_(
    "This page is open as {host}, an address only this computer knows: phones and other computers "
    "cannot open the link or the QR code. Open the app at this computer's network address, or set "
    "`browser.serverAddress` to it."
)

# One line, readable from the back of a classroom: the code never wraps.
ROOM_CSS = """
<style>
.st-key-room_line p { font-size: 20px; margin: 0; }
[data-testid="stMain"] .st-key-room_line button p, [data-testid="stMain"] .st-key-room_line label p {
  font-size: 20px !important; white-space: nowrap; }
.st-key-room_code p { white-space: nowrap; }
.st-key-room_code strong { font-size: 30px; letter-spacing: 0.08em; white-space: nowrap; }
.st-key-room_link p, .st-key-room_link a { font-size: 22px; overflow-wrap: anywhere; }
/* The large QR code floats over the slide's map, bottom left, for the first minutes of a lesson:
   the slide keeps its layout (nothing scrolls) and the panel's toggle beside it stays in reach. */
.st-key-room_share { position: fixed; left: 1rem; bottom: 1rem; z-index: 1000; width: min(420px, 45vw);
  max-height: calc(100vh - 2rem); overflow: auto; background: #fff; padding: 1rem; border: 2px solid #111;
  border-radius: 8px; box-shadow: 0 8px 32px rgba(0, 0, 0, 0.35); }
</style>
"""


@st.cache_resource
def room_store() -> RoomStore:
    """One store per server process, shared by every session."""
    return room_store_from_env()


def _is_local(host: str | None) -> bool:
    if not host:
        return True
    if host.lower() in LOCAL_HOSTS:
        return True
    with contextlib.suppress(ValueError):
        address = ipaddress.ip_address(host.strip("[]"))
        return address.is_loopback or address.is_unspecified
    return False


def lan_address() -> str | None:
    """This machine's address on its network (the interface of its default route), or None."""
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("192.0.2.1", 9))  # UDP: picks the interface, sends nothing
        address = probe.getsockname()[0]
        if not _is_local(address):
            return address
    return None


def join_base(url: str, listen_address: str, server_address: str, lan: str | None) -> tuple[str, str | None]:
    """The address students use: (the page's URL without its query, or a warning when phones cannot reach it).

    A page opened as localhost or 127.0.0.1 gets `browser.serverAddress` when that is set to a
    network address, else this machine's network address `lan` when the server listens on every
    interface (`server.address` empty); otherwise it stays, with the warning."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "", NO_JOIN_LINK
    base = urlunsplit((parts.scheme, parts.netloc, parts.path or "/", "", ""))
    if not _is_local(parts.hostname):
        return base, None
    if server_address and not _is_local(server_address):
        host = server_address
    elif not listen_address or listen_address in ("0.0.0.0", "::"):
        host = lan
    else:
        host = None
    if host is None:
        return base, LOCALHOST_WARNING.format(host=parts.hostname)
    netloc = f"[{host}]" if ":" in host else host
    return urlunsplit(
        (parts.scheme, f"{netloc}:{parts.port}" if parts.port else netloc, parts.path or "/", "", "")
    ), None


def join_link(code: str) -> tuple[str, str | None]:
    """The join link (a clean URL: no invisible characters) and a warning if phones cannot open it."""
    url = st.context.url or ""
    base, warning = join_base(
        url,
        st.get_option("server.address") or "",
        st.get_option("browser.serverAddress") or "",
        lan_address(),
    )
    if warning:  # in the reader's language
        warning = _(NO_JOIN_LINK) if warning == NO_JOIN_LINK else _(LOCALHOST_WARNING, host=urlsplit(url).hostname)
    query = urlencode({"room": display_code(code), **lang_query()})
    return (f"{base}?{query}" if base else ""), warning


def qr_png(text: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=QR_SCALE, border=2)
    return buffer.getvalue()


def _cookie_path() -> str:
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}" if base else "/"


def set_cookie(name: str, value: str, max_age: int, write: bool = True) -> None:
    """Asks the browser to keep `value` (our own tokens only) in the cookie `name` (static/classroom/cookies.js).

    With `write` false it draws the same (hidden) element without the request, so a page that sets
    a cookie on one run only keeps its layout's order: what follows is not drawn anew (a map frame
    below would reload)."""
    # Out of the page's flow: nothing to see, no gap in the layout.
    hidden = f"<style>.st-key-set_cookie_{name} {{ display: none; }}</style>"
    request = ""
    if write:
        attributes = " ".join(
            f'data-{key}="{html.escape(str(val), quote=True)}"'
            for key, val in (("set-cookie", name), ("value", value), ("max-age", max_age), ("path", _cookie_path()))
        )
        request = f"<div {attributes}></div><script>{COOKIES_JS.read_text(encoding='utf-8')}</script>"
    with st.container(key=f"set_cookie_{name}"):
        st.html(hidden + request, unsafe_allow_javascript=True)


def _cookie(name: str) -> str:
    value = st.context.cookies.get(name)
    return value if isinstance(value, str) else ""


def this_client() -> Client:
    """This browser for the limits: its token (from its cookie, else made now) and its network address."""
    state = st.session_state
    if "room_client" not in state:
        try:
            state.room_client = Client(_cookie(CLIENT_COOKIE)).browser
        except ValueError:
            state.room_client = new_token()
    forwarded = st.context.headers.get("X-Forwarded-For")
    forwarded = forwarded if isinstance(forwarded, str) else None
    return Client(state.room_client, client_address(st.context.ip_address, forwarded))


def keep_client_cookie() -> None:
    """Once per session: the browser keeps its token, so a reload does not start the limits again."""
    state = st.session_state
    token = this_client().browser
    write = state.get("room_client_cookie") != token
    state.room_client_cookie = token
    set_cookie(CLIENT_COOKIE, token, CLIENT_COOKIE_S, write=write)


def _forget_room() -> None:
    state = st.session_state
    for key in ("room_code", "room_secret"):
        state.pop(key, None)
    state.room_cookie = ("", 0)


def reclaim_room() -> None:
    """Once per session: takes back the room this browser's teacher opened (a reload, a second tab)."""
    state = st.session_state
    if state.get("room_code") or state.get("room_reclaim_tried"):
        return
    state.room_reclaim_tried = True
    code, _, secret = _cookie(ROOM_COOKIE).partition(".")
    if not code or not secret:
        return
    try:
        room_store().touch(normalise_code(code), secret)
    except StoreUnavailable:
        return
    except RoomError:  # ended, expired or not this teacher's (a malformed cookie too)
        _forget_room()
        return
    state.update(room_code=normalise_code(code), room_secret=secret, room_error=None, room_qr=False)


def open_room(view: RoomView, dataset: str) -> None:
    state = st.session_state
    if state.get("room_code"):
        return
    try:
        room = room_store().create(view, this_client(), dataset)
    except RoomError as err:
        state.room_error = str(err)
        return
    state.update(room_code=room.code, room_secret=room.secret, room_error=None, room_qr=True)
    state.room_cookie = (f"{room.code}.{room.secret}", int(room_store().room_ttl))


def end_room() -> None:
    state = st.session_state
    with contextlib.suppress(RoomError):  # already gone
        room_store().close(state.room_code, state.room_secret)
    _forget_room()


def _room_ended() -> None:
    st.warning(_("This class room has ended; open a new one to share your slides."))
    _forget_room()


def teacher_panel(view: RoomView, data: MapData) -> None:
    """The room's code and how many students follow, on one line; the QR code and join link open on demand.

    `view` is where the presentation is, for a room opened now; `data` is what it shows (students
    whose page has other data are told so)."""
    state = st.session_state
    keep_client_cookie()
    reclaim_room()
    if state.pop("open_room_requested", False):
        open_room(view, content_key(data))
    if "room_cookie" in state:
        set_cookie(ROOM_COOKIE, *state.pop("room_cookie"))
    if state.get("room_error"):
        st.warning(markdown_text(state.room_error))
    if not state.get("room_code"):
        st.button(
            _("Open a class room"),
            key="room_open",
            on_click=open_room,
            args=(view, content_key(data)),
            help=_(OPEN_ROOM_HELP),
        )
        return
    code = state.room_code
    link, warning = join_link(code)
    st.html(ROOM_CSS)
    with st.container(key="room_panel", border=True):
        with st.container(key="room_line", horizontal=True, vertical_alignment="center"):
            with st.container(key="room_code", width="content"):
                st.markdown(_("Join the class: **{code}**", code=display_code(code)))
            with st.container(key="room_count", width="content"):
                st.fragment(run_every=TEACHER_REFRESH_S)(follower_count)()
        # Beside the slide the column is narrow: the code and the count keep their line.
        with st.container(key="room_actions", horizontal=True, vertical_alignment="center"):
            st.toggle(_("QR code"), key="room_qr", width="content", help=_("A large QR code and the join link."))
            st.button(_("End the room"), key="room_end", on_click=end_room)
        if state.get("room_qr") and (warning or link):
            with st.container(key="room_share"):
                if warning:
                    st.warning(markdown_text(warning))
                if link:
                    st.image(qr_png(link), width=QR_WIDTH, caption=_("Scan to follow"))
                    with st.container(key="room_link"):
                        st.markdown(_("Or open this link on a phone or laptop:"))
                        escaped = html.escape(link, quote=True)
                        st.html(f'<a href="{escaped}" target="_blank" rel="noopener">{escaped}</a>')


def follower_count() -> None:
    state = st.session_state
    if not state.get("room_code"):
        return
    try:
        count = room_store().touch(state.room_code, state.room_secret)
    except (RoomNotFound, NotTeacher):
        _room_ended()
        return
    except StoreUnavailable:
        st.warning(_("The class room cannot be reached just now: students keep their last slide."))
        return
    following = n_("{count} student following", "{count} students following", count)
    st.markdown(following, help=_("Counted without names."), width="content")


def teacher_moved(view: RoomView) -> None:
    """Sends the slide on show to the room, if the teacher has one."""
    state = st.session_state
    if not state.get("room_code"):
        return
    try:
        room_store().move(state.room_code, state.room_secret, view)
    except (RoomNotFound, NotTeacher):
        _room_ended()
    except StoreUnavailable:
        st.warning(_("The class room cannot be reached just now: students keep their last slide."))
