"""What the dashboard and pages share: the one cached loader, uploaded-data state and the event card text."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Sequence

import numpy as np
import streamlit as st
from streamlit import runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

from geo.io.handout import MAX_PAGES, PAGE_FORMATS, build_handout_within, handout_fit
from geo.map.mapview import MAP_PAGES
from geo.map.safe import markdown_text
from geo.model import loader
from geo.model.content_lang import CONTENT_LANGUAGES
from geo.model.loader import DataError, load_dataset
from geo.model.prepare import MapData, in_language, prepare
from geo.text.gazetteer import Gazetteer
from geo.text.resolve import warm_up
from ui.lang import _, current_lang


@st.cache_resource(show_spinner="Loading the article's places and events…")
def shipped_data() -> MapData:
    # Shared by every session and never mutated: views copy what they change. Its map pages stay
    # cached, outside the budget uploads share (geo.map.mapview.MAP_PAGES).
    data = prepare(load_dataset())
    MAP_PAGES.pin(data)
    return data


@st.cache_resource(show_spinner=False)
def _shipped_in(lang: str) -> MapData:
    # Shared and pinned like the shipped data itself: its map pages stay cached for every reader.
    data = in_language(shipped_data(), lang)
    MAP_PAGES.pin(data)
    return data


def localized(data: MapData, lang: str) -> MapData:
    """`data` with its events' and places' texts in `lang` (English where a text has no
    translation; an upload's stay English), made once per dataset and language."""
    return _shipped_in(lang) if data is shipped_data() else in_language(data, lang)


def is_shipped(data: MapData) -> bool:
    """Whether `data` is the shipped data, in any language."""
    return any(data is _shipped_in(lang) for lang in CONTENT_LANGUAGES)


def content_language(data: MapData) -> str:
    """The language `data`'s texts were localized to (`localized`); English for data as loaded."""
    return data.events.attrs.get("content_language", "en")


def current_data() -> MapData:
    """The session's own uploaded events if it chose them (data page), else the shipped data."""
    return st.session_state.get("uploaded_data") or shipped_data()


def shown_data() -> MapData:
    """What the session's views show: `current_data` with its texts in the session's language."""
    return localized(current_data(), current_lang())


def shipped_data_or_stop() -> MapData:
    """The shipped data; when it cannot be loaded, a message naming the file and what is wrong
    with it (never a traceback), and the page stops there."""
    try:
        return shipped_data()
    except DataError as err:
        st.error(_("The map's data could not be loaded, so there is nothing to show."))
        st.code(str(err), language=None)
        st.markdown(_("Fix the file named above (or restore it with `git checkout data/`), then reload the page."))
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
    st.caption(f"{markdown_text(fields['date'])} · {markdown_text(_(fields['category']))}")
    if fields["places"]:
        st.markdown(_("Places: {places}", places=markdown_text(fields["places"])))
    if fields["summary"]:
        st.markdown(markdown_text(fields["summary"]))
    if fields["claim"]:
        st.markdown(f"*{markdown_text(fields['claim'])}*")
    if fields["casualties"]:
        st.markdown(_("Casualties: {casualties}", casualties=markdown_text(fields["casualties"])))
    if fields["sources"]:
        st.caption(markdown_text(fields["sources"]))


@st.cache_resource
def places_attribution() -> str | None:
    """The shipped places' credit line, read once per server."""
    return loader.places_attribution()


def handout_fit_count(
    data: MapData, rows: Sequence[int], naming: str, page_format: str, areas_on: dt.date | None = None
) -> int:
    """How many of `rows` the handout can hold (`geo.io.handout.handout_fit`, a few tenths of a
    second): for the article's data shared by every session, else remembered in the session for
    its own dataset, so reruns of the same views do not measure again. `areas_on`: the day whose
    areas the map draws (their legend takes room under it). Measured in the session's language,
    whose words are longer or shorter."""
    question = (tuple(np.asarray(rows, dtype=np.int64).tolist()), naming, page_format, areas_on, current_lang())
    if is_shipped(data):
        return _shipped_fit(rows_digest(question[0]), question[0], *question[1:], content_language(data))
    remembered_data, answers = st.session_state.get("handout_fit", (None, {}))
    if remembered_data is not data or len(answers) >= MAX_FIT_ANSWERS:
        answers = {}
    if question not in answers:
        answers[question] = handout_fit(
            data, question[0], naming=naming, page_format=page_format, areas_on=areas_on, lang=question[-1]
        )
    st.session_state.handout_fit = (data, answers)
    return answers[question]


MAX_FIT_ANSWERS = 16


def rows_digest(rows: tuple[int, ...]) -> str:
    """The rows' digest, the cache's key for them: Streamlit's hashing of the tuple itself takes
    most of a second at 100,000 rows, on every run."""
    return hashlib.sha256(np.asarray(rows, dtype=np.int64).tobytes()).hexdigest()


@st.cache_data(max_entries=256, show_spinner=False)
def _shipped_fit(
    rows_key: str,
    _rows: tuple[int, ...],
    naming: str,
    page_format: str,
    areas_on: dt.date | None,
    lang: str,
    content_lang: str,
) -> int:
    """`rows_key` (`rows_digest`) stands for `_rows`, which Streamlit does not hash (a leading "_")."""
    data = _shipped_in(content_lang)
    return handout_fit(data, _rows, naming=naming, page_format=page_format, areas_on=areas_on, lang=lang)


def session_open() -> Callable[[], bool] | None:
    """Whether this visitor's session is still open, to ask from another thread: a handout is built
    in a worker thread when clicked, and once the session has closed no one can receive it, so the
    build stops then instead of running out its budget. None outside a server (AppTest)."""
    ctx = get_script_run_ctx()
    if ctx is None or not runtime.exists():
        return None
    server, session_id = runtime.get_instance(), ctx.session_id
    return lambda: server.is_active_session(session_id)


def handout_button(
    data: MapData, rows: Sequence[int], naming: str, view_line: str, key: str, areas_on: dt.date | None
) -> None:
    """ "Handout (PDF)": the events on show as a printable PDF, built only when clicked, in a child
    process with a time budget (`geo.io.handout.build_handout_within`), its map with the areas of
    control (the data's own, e.g. an upload's, else the war's) as they stood on `areas_on`. When not
    all of the events fit in its pages, it says so beside the button, before anything is printed."""
    page_format = st.session_state.get(f"{key}_format", PAGE_FORMATS[0])
    attribution = places_attribution() if is_shipped(data) else None
    rows = list(rows)
    fits = handout_fit_count(data, rows, naming, page_format, areas_on)
    lang = current_lang()  # bound now: the PDF is built in another thread, when clicked
    with st.container(key=f"{key}_row", horizontal=True, vertical_alignment="bottom"):
        st.download_button(
            _("Handout (PDF)"),
            data=lambda: build_handout_within(
                data,
                rows,
                wanted=session_open(),
                naming=naming,
                page_format=page_format,
                view_line=view_line,
                attribution=attribution,
                areas_on=areas_on,
                lang=lang,
            ),
            file_name="karabakh-war-map-handout.pdf",
            mime="application/pdf",
            key=key,
            on_click="ignore",
            help=_("A 1–{pages} page printable summary of the events on show: map, cards, sources.", pages=MAX_PAGES),
        )
        st.segmented_control(
            _("Paper"),
            PAGE_FORMATS,
            key=f"{key}_format",
            default=PAGE_FORMATS[0],
            required=True,
            label_visibility="collapsed",
        )
    if fits < len(rows):
        st.caption(
            _(
                "{pages} pages hold the first {fits} of these {count} events: the handout lists those and "
                "says which are left out. To print the others, narrow the view (e.g. only the last few days).",
                pages=MAX_PAGES,
                fits=fits,
                count=len(rows),
            )
        )
