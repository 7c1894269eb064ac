"""Presentation mode (`?mode=present&step=N`): one event at a time, large, for a projector.

Wiring only, like the dashboard: the map and card fields come from `geo/`.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from streamlit_folium import st_folium

import classroom
from app_data import card_body, handout_button, handout_fit_count
from geo.io.handout import MAX_PAGES, PAGE_FORMATS
from geo.map.framing import ARTICLE_SAYS_MEANING, SOURCE_LINE
from geo.map.mapview import SLIDE_SECONDS, event_view, follow_map_html, presentation_map, view_update
from geo.map.safe import markdown_text
from geo.map.style import MAP_HEIGHT_PRESENT
from geo.model.i18n import N_
from geo.model.naming import NAMINGS
from geo.model.prepare import MapData, card
from geo.model.rooms import RoomView
from geo.model.viewstate import parse_step
from ui.lang import _, current_lang, lang_query, language_selector, session_texts

# Large type and no sidebar: read from the back of a classroom. The slide is the screen: on a wide
# screen the map is pinned to the left, as tall as the window, and the source line, the controls and
# the card stand beside it, so a projector (1024x768 up) shows map, card title and Previous / Next at once.
PRESENT_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stExpandSidebarButton"] { display: none; }
.block-container { padding-top: 1.5rem; max-width: 100%; }
.st-key-present_card { font-size: clamp(20px, 1.9vw, 26px); line-height: 1.4; }
.st-key-present_card p, .st-key-present_card li { font-size: clamp(20px, 1.9vw, 26px); }
.st-key-present_card h2 { font-size: clamp(26px, 2.5vw, 40px); line-height: 1.15; padding: 0 0 0.3rem; }
.st-key-present_card [data-testid="stCaptionContainer"],
.st-key-present_card [data-testid="stCaptionContainer"] * {
  font-size: clamp(18px, 1.75vw, 24px) !important; color: #222 !important; opacity: 1 !important; }
[data-testid="stMain"] button p, [data-testid="stMain"] label p { font-size: clamp(18px, 1.6vw, 24px) !important; }
.st-key-present_progress p { font-size: clamp(20px, 1.9vw, 26px); font-weight: 700; margin: 0; }
.st-key-present_source { border-left: 6px solid #0b4f8a; background: #eef3f8; padding: 0.3rem 0.7rem; }
.st-key-present_source p { font-size: clamp(14px, 1.15vw, 20px) !important; line-height: 1.3; color: #111; margin: 0; }
/* Streamlit pulls a markdown block up by 1rem, which let the last line spill out of the box. */
.st-key-present_source [data-testid="stMarkdownContainer"] { margin-bottom: 0 !important; }
@media (min-width: 801px) {
  [data-testid="stHeader"] { display: none; }  /* nothing over the slide; the app's menu is not for a class */
  .block-container { padding: 0.75rem 1rem 0.75rem calc(58vw + 2rem); }
  .block-container [data-testid="stVerticalBlock"] { gap: 0.35rem; }
  [data-testid="stHorizontalBlock"]:has(.st-key-present_map_box) { gap: 0; }
  [data-testid="stColumn"]:has(.st-key-present_map_box) { flex: 0 0 0 !important; min-width: 0; }
  [data-testid="stColumn"]:has(.st-key-present_nav) { flex: 1 1 auto !important; }
  .st-key-present_map_box { position: fixed; top: 0.75rem; bottom: 0.75rem; left: 1rem; width: 58vw; z-index: 1; }
  .st-key-present_map_box [data-testid="stElementContainer"],
  .st-key-present_map_box [data-testid="stElementContainer"] > div,
  .st-key-present_map_box iframe { height: 100% !important; }
}
</style>
"""


def first_war_step(data: MapData) -> int:
    """The slide a presentation opens on: the war's first event (the background's slides come
    before it, one Previous away), or slide 1 when no event falls in the war."""
    war = data.era_is_war.nonzero()[0]
    return int(war[0]) + 1 if len(war) else 1


def read_step(data: MapData) -> int:
    """The 1-based step the URL names (none: the war's first slide); a bad one falls back to 1
    with a notice."""
    if "step" not in st.query_params:
        return first_war_step(data)
    step, notice = parse_step(st.query_params["step"], len(data.events), session_texts())
    if notice:
        st.warning(markdown_text(notice))
    return step


def read_naming() -> str:
    """The naming the URL names (`names`, as on the dashboard), else the interface language's own;
    an unknown one is English."""
    names = st.query_params.get("names", current_lang())
    return names if names in NAMINGS else "en"


def naming_query(naming: str) -> dict[str, str]:
    """`names` for a URL, left out when it is the interface language's own (a link without `names`
    takes that one), as the dashboard's links do."""
    return {} if naming == current_lang() else {"names": naming}


def go(step: int) -> None:
    st.session_state.present_step = step


def exit_to_dashboard(data: MapData) -> None:
    """Back to the dashboard at the same event and its date."""
    row = data.events.iloc[st.session_state.present_step - 1]
    lo, hi = data.war_bounds
    query = {"event": row["id"], **naming_query(read_naming()), **lang_query()}
    if row["era"] == "war":
        query["date"] = min(max(row["start"], lo), hi).isoformat()
    else:
        query["era"] = "background"
    st.query_params.from_dict(query)


def render(data: MapData) -> None:
    st.html(PRESENT_CSS)
    total = len(data.events)
    if total == 0:
        st.info(_("There are no events to present."))
        return
    state = st.session_state
    if "present_step" not in state or state.get("present_url_step") != st.query_params.get("step"):
        state.present_step = read_step(data)
    # On every slide, above everything: where all of it comes from.
    with st.container(key="present_source"):
        st.markdown(markdown_text(f"{_(SOURCE_LINE)} {_(ARTICLE_SAYS_MEANING)}"))
    # Outside the fragment: leaving needs a whole-app rerun.
    with st.container(key="present_top", horizontal=True):
        st.button(_("Exit presentation"), key="present_exit", on_click=exit_to_dashboard, args=(data,))
        auto = st.toggle(_("Advance every {seconds} s", seconds=SLIDE_SECONDS), key="present_auto")
        with st.container(key="present_lang", width=190):
            language_selector(st, compact=True)
    classroom.teacher_panel(room_view(data, state.present_step), data)
    st.fragment(run_every=SLIDE_SECONDS if auto else None)(slide)(data, total, auto)


def slide(data: MapData, total: int, auto: bool) -> None:
    state = st.session_state
    if auto and state.get("present_ticked"):
        state.present_step = state.present_step % total + 1
    state.present_ticked = auto
    step = state.present_step
    # The room first: followers need not wait for the teacher's own slide to be drawn.
    classroom.teacher_moved(room_view(data, step))
    naming = read_naming()
    show_slide(data, step, navigation=True, naming=naming)
    query = {"mode": "present", "step": str(step), **naming_query(naming), **lang_query()}
    state.present_url_step = query["step"]
    # Written on every run: a run cut short by the next key press may not have sent it.
    st.query_params.from_dict(query)


def room_view(data: MapData, step: int) -> RoomView:
    """What a class room's students follow: the slide, its date, its event and the naming."""
    row = data.events.iloc[step - 1]
    date = row["start"].isoformat() if row["era"] == "war" else None
    return RoomView(step=step, date=date, event=row["id"], names=read_naming())


class SlideCard:
    """A slide's progress line ("N / total") and card, in placeholders that are refilled in place:
    a student's page following a class shows each step there without a new run of the page."""

    def __init__(self, data: MapData, naming: str = "en"):
        self.data = data
        self.naming = naming
        self.language = session_texts()  # the reader's own, whoever moves the slides
        with st.container(key="present_progress"):
            self._progress = st.empty()
        with st.container(key="present_card"):
            self._card = st.empty()

    def show(self, step: int) -> None:
        row = self.data.events.iloc[step - 1]
        fields = card(row.to_dict(), self.data.places_by_id, self.naming, language=self.language)
        self._progress.markdown(f"{step} / {len(self.data.events)}")
        with self._card.container():
            card_body(fields, title_prefix="## ")


def show_slide(
    data: MapData,
    step: int,
    navigation: bool,
    follow: Callable[[type[SlideCard]], None] | None = None,
    naming: str = "en",
    signal: str | None = None,
) -> None:
    """Slide `step` (1-based): the map and the card, contested places named as `naming` writes them;
    `navigation` adds Previous / Next.

    `follow`: a student following a class. The map is then the one page that follows the teacher by
    itself (`follow_map_html`), and `follow(SlideCard)` draws the card column and keeps it current.
    `signal`: a student exploring after following: the same map page, shown at once (no new frame),
    presents the step this element names (`ui.follow.follow_signal`)."""
    total = len(data.events)
    row = data.events.iloc[step - 1]
    map_column, card_column = st.columns([3, 2], gap="large")
    if follow is not None or signal is not None:
        with map_column, st.container(key="follow_map"):
            st.iframe(follow_map_html(data, current_lang()), height=MAP_HEIGHT_PRESENT)  # our engine's page
    if follow is not None:
        with card_column:
            follow(SlideCard)
        return
    # One container, as a follower's card column is (a fragment's): switching between following and
    # exploring then puts the progress line and card in the same places, never beside the old ones.
    with card_column, st.container():
        # Above the card, in one row with Previous / Next: on the first screen whatever the card's
        # length and the language's (a row of its own pushed an Armenian card's first lines off a
        # projector's screen).
        with st.container(key="present_nav", horizontal=True):
            if navigation:
                st.button(
                    _("◀ Previous"), key="present_previous", on_click=go, args=(max(1, step - 1),), disabled=step == 1
                )
                st.button(
                    _("Next ▶"), key="present_next", on_click=go, args=(min(total, step + 1),), disabled=step == total
                )
            with st.popover(_("Print the slides"), icon=":material/print:"):
                slide_handout(data, step, naming)
        SlideCard(data, naming).show(step)
        if signal is not None:
            with st.container(key="follow_signal"):
                st.html(signal)
            return
    with map_column, st.container(key="present_map_box"):
        # Earlier events stay faded so the story builds up; the current one is selected. The engine
        # also lets the arrow keys press the Previous / Next buttons beside the map.
        st_folium(
            presentation_map(data, current_lang()),
            key="present_map",
            height=MAP_HEIGHT_PRESENT,
            use_container_width=True,
            returned_objects=[],
            feature_group_to_add=view_update(
                {"mode": "present", "step": str(step), "names": naming}, step, event_view(row["coords"])
            ),
        )


HANDOUT_RANGES = (N_("Slides so far"), N_("From this slide"), N_("Choose slides"))


def slide_handout(data: MapData, step: int, naming: str) -> None:
    """The slide handout: the slides so far, from this slide on, or a chosen range. When the chosen
    slides do not all fit in the handout's pages, the teacher is told before printing and the
    handout names exactly the slides it prints."""
    total = len(data.events)
    which = st.segmented_control(
        _("Slides in the handout"),
        HANDOUT_RANGES,
        format_func=session_texts(),  # bound now: a widget formats its options later too
        key="present_handout_range",
        default=HANDOUT_RANGES[0],
        required=True,
    )
    if which == HANDOUT_RANGES[2]:
        first, last = st.slider(
            _("Slides"), 1, total, (step, total) if step < total else (1, total), key="present_slides"
        )
    elif which == HANDOUT_RANGES[1]:
        first, last = step, total
    else:
        first, last = 1, step
    page_format = st.session_state.get("present_handout_format", PAGE_FORMATS[0])
    # The map's areas as they stood on the last printed slide's event date (its start, as the slide's map).
    fits = handout_fit_count(data, range(first - 1, last), naming, page_format, data.events.iloc[last - 1]["start"])
    if fits < last - first + 1:
        st.warning(
            _(
                "Slides {first}–{last} do not all fit in {pages} pages: this handout holds slides "
                "{first}–{held}. For the rest, choose “{choose}” and start at slide {next}.",
                first=first,
                last=last,
                pages=MAX_PAGES,
                held=first + fits - 1,
                choose=_(HANDOUT_RANGES[2]),
                next=first + fits,
            )
        )
        last = first + fits - 1
    handout_button(
        data,
        range(first - 1, last),
        naming,
        view_line=_("Slides {first}–{last} of {total}", first=first, last=last, total=total),
        key="present_handout",
        areas_on=data.events.iloc[last - 1]["start"],
    )
