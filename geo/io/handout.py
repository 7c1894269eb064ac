"""A printable handout (PDF, 1–4 pages) of the events on show: a map drawn offline and the event cards.

Built with fpdf2. The map is drawn from the data and the shipped basemap (no tiles, no network; see
`handout_map.py`), with numbered markers that match the numbered list. Every name is set in DejaVu
Sans, shipped in `geo/io/fonts/` (its licence is beside it), which covers Latin with the Azerbaijani
letters, Armenian, Cyrillic, Greek, Arabic and Hebrew; right-to-left text is shaped with uharfbuzz.
Characters the font lacks (CJK, emoji) are printed as "□" and the first page says so. Each field is
cut at a bound in print (and the handout says so), so the page limit holds for any upload.

A build runs in a forked child with a time budget (`build_handout_within`), at most
MAX_BUILDS at once, so one visitor's upload cannot hold the server.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import threading
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.fonts import SubsetMap

from geo.io.handout_map import draw_map, map_sentence
from geo.map.framing import SOURCE_LINE, TITLE, basemap_credit, credit_in, intro
from geo.map.style import CONTESTED_PLACE_COLOUR
from geo.model.content_lang import FALLBACK_COLUMN
from geo.model.i18n import LANGUAGES, N_, Texts, plural_pair, texts
from geo.model.loader import load_basemap
from geo.model.naming import NAMINGS
from geo.model.prepare import MapData, card, label_of
from geo.text.budget import ExtractionStopped, run_within, seconds_setting

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_FAMILY = "DejaVuSans"
PAGE_FORMATS = ("A4", "Letter")
MAX_PAGES = 4
MARGIN_MM = 14
FOOTER_MM = 16  # room for the attribution and method lines at the foot of every page
HEADER_PT, HEADER_LINE_MM, HEADER_GAP_MM = 7, 3, 1.5  # whose account this is, atop pages after the first
MAP_HEIGHT_MM = 105
BODY_PT = 8.5
LINE_MM = 3.9
BLOCK_GAP_MM = 1.8
NOTE_PT = BODY_PT - 1  # the notes under the map
NOTE_LINE_MM = LINE_MM - 0.5
MAX_NOTES_MM = 6 * NOTE_LINE_MM
# With areas of control the map is this much shorter, so their legend under it takes no room from
# the cards (a handout holds as many events with areas as without).
AREA_LEGEND_MM = 6 * NOTE_LINE_MM
LEFT_OUT_MM = 3 * LINE_MM  # the closing line on what did not fit
# Each field is cut to this many characters in print, so one card never fills more than part of a page.
MAX_FIELD_CHARS = 800
MAX_TITLE_CHARS = 200
CUT_MARK = "… [cut]"
MISSING_GLYPH = "□"
CLAIM_LABEL = N_("The article says")
METHOD_NOTE = N_(
    "Method: the article was read paragraph by paragraph; each dated development became one event with "
    "the paragraphs it comes from. Titles and summaries are the project's neutral wording; the article's "
    "own claims are paraphrased under “The article says”. Contested places carry both names."
)
# The handout's own words (geo/model/i18n.py: translated in the handout's language).
PAGE_NUMBER = N_("Page {page} of {pages}")
PLACES = N_("Places: {places}")
CASUALTIES = N_("Casualties: {casualties}")
SOURCES = plural_pair("Source: paragraph {paragraphs} of the article", "Source: paragraphs {paragraphs} of the article")
EVENT_COUNT = plural_pair("{count} event", "{count} events")
NAMING_NOTE = N_("place names first in {naming}")
NO_EVENTS = N_("No events are on show in this view.")
UNMAPPED = N_("Events with no place to map: {numbers}.")
LEFT_OUT_ONE = N_(
    "Event {number} did not fit in {pages} pages and is not in this handout: print it in another handout, "
    "or narrow the view."
)
LEFT_OUT_MANY = N_(
    "Events {first}–{last} ({count}) did not fit in {pages} pages and are not in this handout: print them "
    "in another handout, or narrow the view."
)
CUT_NOTICE = N_("Long fields are cut at {limit} characters in print (marked “{mark}”); the full text is in the data.")
MISSING_NOTICE = plural_pair(
    "{count} kind of character (e.g. {shown}) cannot be printed with this handout's font (such as Chinese, "
    "Japanese, Korean or emoji) and is shown as {box}.",
    "{count} kinds of character (e.g. {shown}) cannot be printed with this handout's font (such as Chinese, "
    "Japanese, Korean or emoji) and are shown as {box}.",
)
NO_HANDOUT = N_("No handout this time")
BUSY = N_("The server is busy making other handouts (waited {seconds} s for a turn). Try again in a minute.")
OVERRUN = N_(
    "This handout took too long to make: it was stopped after {seconds} s so that the app stays quick for "
    "everyone. Print fewer events (e.g. a shorter range of dates or slides)."
)
# `{exitcode!r}` is filled in by the builder (geo.text.budget.run_within), after translation.
DIED = N_("The handout could not be made: its builder stopped unexpectedly (exit code {exitcode!r}).")
# Builds at once (the machine has few cores) and the time one may take; others wait their turn.
MAX_BUILDS = 2
BUDGET_ENV = "HANDOUT_SECONDS"
DEFAULT_BUDGET_SECONDS = 30.0
_builds = threading.BoundedSemaphore(MAX_BUILDS)


def _rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


class _Handout(FPDF):
    footer_text = ""
    header_text = ""  # whose account this is, at the top of every page after the first
    language: Texts = texts("en")
    # Laid out only to count what fits, never output: the header takes its room without being
    # drawn and the footer (in the bottom margin, under the cards) is left out. Drawing them was
    # a third of each measure (cProfile of handout_fit).
    measured_only = False

    def header(self) -> None:
        if self.page_no() == 1 or not self.header_text:
            return
        if self.measured_only:
            self.set_y(self.get_y() + _header_height(self.header_text, round(self.epw, 3)) + HEADER_GAP_MM)
            return
        self.set_font(FONT_FAMILY, size=HEADER_PT)
        self.set_text_color(60, 60, 60)
        self.multi_cell(0, HEADER_LINE_MM, self.header_text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(HEADER_GAP_MM)
        self.set_text_color(0, 0, 0)

    def footer(self) -> None:
        if self.measured_only:
            return
        self.set_y(-FOOTER_MM + 2)
        self.set_font(FONT_FAMILY, size=6.5)
        self.set_text_color(70, 70, 70)
        self.multi_cell(0, 2.8, self.footer_text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.set_x(self.l_margin)
        # fpdf2 writes the page count where "{nb}" stands, when the document is done.
        self.cell(0, 2.8, self.language(PAGE_NUMBER, page=self.page_no(), pages="{nb}"), align="R")


@functools.cache
def _printable() -> frozenset[str]:
    """The characters both shipped fonts have a glyph for (and line breaks)."""
    regular, bold = (set(TTFont(FONT_DIR / name).getBestCmap()) for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"))
    return frozenset(chr(code) for code in regular & bold) | {"\n", "\t"}


class _Printing:
    """Makes texts printable and remembers what it had to change, for the handout's notice."""

    def __init__(self, language: Texts) -> None:
        self.language = language
        self.cut = False
        self.missing: set[str] = set()
        self.right_to_left = False

    def __call__(self, text: str | None, limit: int = MAX_FIELD_CHARS) -> str:
        if not text:
            return ""
        text = unicodedata.normalize("NFC", text)
        if len(text) > limit:
            head = text[: limit - len(CUT_MARK)]
            space = head.rfind(" ")
            text = (head[:space] if space > limit // 2 else head).rstrip() + CUT_MARK
            self.cut = True
        self.right_to_left = self.right_to_left or any(
            unicodedata.bidirectional(char) in ("R", "AL") for char in text if char >= "\u0590"
        )
        unprintable = set(text) - _printable()
        if not unprintable:
            return text
        self.missing |= {char for char in unprintable if unicodedata.category(char) != "Cf"}
        # Invisible format characters are left out; others show as a box the notice explains.
        return "".join(
            char if char not in unprintable else "" if unicodedata.category(char) == "Cf" else MISSING_GLYPH
            for char in text
        )

    def notices(self) -> list[str]:
        notes = []
        language = self.language
        if self.cut:
            mark = CUT_MARK.strip("… ")
            notes.append(language(CUT_NOTICE, limit=language.number(MAX_FIELD_CHARS), mark=mark))
        if self.missing:
            # Named by code point: the characters themselves are what cannot be printed.
            shown = ", ".join(f"U+{ord(char):04X}" for char in sorted(self.missing)[:6])
            notes.append(language.plural(*MISSING_NOTICE, len(self.missing), shown=shown, box=MISSING_GLYPH))
        return notes


def _claim_line(claim: str, translated: bool = False) -> tuple[str, str, str]:
    """The article's claim, attributed once: a claim that already names the article keeps its own
    words, and so does a translated one (it opens with its own marker and names the article)."""
    if translated or claim.casefold().startswith("the article"):
        return ("claim-attributed", CONTESTED_PLACE_COLOUR, claim)
    return ("claim", CONTESTED_PLACE_COLOUR, claim)


def _lines(fields: dict, printable: _Printing) -> list[tuple[str, str, str]]:
    """The card's lines as (style, colour, text): one list drawn and measured alike."""
    language = printable.language
    lines = [
        ("B", "#000000", f"{fields['number']}. {printable(fields['title'], MAX_TITLE_CHARS)}"),
        # The date label itself says "approximate: month only" where the day is not known.
        ("", "#3c3c3c", f"{fields['date']} · {language(fields['category'])}"),
    ]
    if fields["places"]:
        lines.append(("", "#000000", language(PLACES, places=printable(fields["places"]))))
    if fields["summary"]:
        lines.append(("", "#000000", printable(fields["summary"])))
    if fields["claim"]:
        lines.append(_claim_line(printable(fields["claim"]), fields.get("claim_translated", False)))
    if fields["casualties"]:
        lines.append(("", "#000000", language(CASUALTIES, casualties=printable(fields["casualties"]))))
    if fields["paragraphs"]:
        paragraphs = printable(", ".join(str(number) for number in fields["paragraphs"]))
        lines.append(("", "#3c3c3c", language.plural(*SOURCES, len(fields["paragraphs"]), paragraphs=paragraphs)))
    return lines


def _claim_indent(pdf: _Handout) -> float:
    pdf.set_font(FONT_FAMILY, "B", size=BODY_PT)
    return pdf.get_string_width(f"{pdf.language(CLAIM_LABEL)}: ") + 0.5


def _block_height(pdf: _Handout, lines: list[tuple[str, str, str]]) -> float:
    indent = _claim_indent(pdf)
    height = BLOCK_GAP_MM
    for style, _, text in lines:
        width = pdf.epw - (indent if style == "claim" else 0)
        height += _line_height("B" if style == "B" else "", text, round(width, 3), pdf.text_shaping is not None)
    return height


_measuring = threading.Lock()


@functools.lru_cache(maxsize=64)
def _header_height(text: str, width: float) -> float:
    with _measuring:
        pdf = _measurer()
        pdf.set_text_shaping(False)
        pdf.set_font(FONT_FAMILY, size=HEADER_PT)
        return pdf.multi_cell(width, HEADER_LINE_MM, text, dry_run=True, output="HEIGHT")


@functools.lru_cache(maxsize=4096)
def _line_height(style: str, text: str, width: float, shaped: bool) -> float:
    """The height of a card's line, as fpdf2 breaks it. Line breaking is the slowest part of a
    handout and the same lines come back view after view, so each is measured once per server."""
    with _measuring:
        pdf = _measurer()
        pdf.set_text_shaping(shaped)
        pdf.set_font(FONT_FAMILY, style, size=BODY_PT + (1 if style == "B" else 0))
        return pdf.multi_cell(width, LINE_MM, text, dry_run=True, output="HEIGHT")


@functools.cache
def _measurer() -> FPDF:
    pdf = FPDF()
    pdf.add_font(FONT_FAMILY, "", FONT_DIR / "DejaVuSans.ttf")
    pdf.add_font(FONT_FAMILY, "B", FONT_DIR / "DejaVuSans-Bold.ttf")
    pdf.add_page()
    return pdf


def _draw_block(pdf: _Handout, lines: list[tuple[str, str, str]]) -> None:
    indent = _claim_indent(pdf)
    for style, colour, text in lines:
        pdf.set_text_color(*_rgb(colour))
        if style == "claim":
            pdf.set_font(FONT_FAMILY, "B", size=BODY_PT)
            pdf.cell(indent, LINE_MM, f"{pdf.language(CLAIM_LABEL)}:")
            pdf.set_font(FONT_FAMILY, size=BODY_PT)
            pdf.multi_cell(pdf.epw - indent, LINE_MM, text, align="L", new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.set_font(FONT_FAMILY, "B" if style == "B" else "", size=BODY_PT + (1 if style == "B" else 0))
            pdf.multi_cell(pdf.epw, LINE_MM, text, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.ln(BLOCK_GAP_MM)


def _check(data: MapData, rows: Sequence[int], naming: str, page_format: str, lang: str = "en") -> list[int]:
    if lang not in LANGUAGES:
        raise ValueError(f"Language {lang!r} is not one of {', '.join(LANGUAGES)}.")
    if page_format not in PAGE_FORMATS:
        raise ValueError(f"Page format {page_format!r} is not one of {', '.join(PAGE_FORMATS)}.")
    if naming not in NAMINGS:
        raise ValueError(f"Naming {naming!r} is not one of {', '.join(NAMINGS)}.")
    rows = [int(row) for row in rows]
    bad = [row for row in rows if not 0 <= row < len(data.events)]
    if bad:
        raise ValueError(f"Event rows {bad[:5]!r} are not in the data ({len(data.events)} events).")
    return rows


def _new_pdf(
    page_format: str, title: str, footer: str, header: str, language: Texts, measured_only: bool = False
) -> _Handout:
    """A handout's PDF. One `measured_only` (never output) takes the fonts the server parsed once:
    parsing the two faces was most of a layout's time, and the dashboard measures a handout per view
    (py-spy under `bench.load`, 30 sessions: 2,073 of the 3,177 samples in `handout_fit`)."""
    pdf = _Handout(format=page_format)
    pdf.language = language
    pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
    pdf.set_auto_page_break(True, margin=FOOTER_MM + 2)
    pdf.measured_only = measured_only
    if measured_only:
        pdf.fonts.update(_measurer().fonts)
    else:
        pdf.add_font(FONT_FAMILY, "", FONT_DIR / "DejaVuSans.ttf")
        pdf.add_font(FONT_FAMILY, "B", FONT_DIR / "DejaVuSans-Bold.ttf")
    pdf.set_title(title)
    pdf.set_creator("Karabakh war map")
    pdf.footer_text = footer
    pdf.header_text = header
    return pdf


def _cards(data: MapData, rows: list[int], naming: str, printable: _Printing):
    """Each row's card lines, made as they are listed (the page limit stops long before 5,000 rows)."""
    translated_data = data.events.attrs.get("content_language", "en") != "en"  # geo.model.prepare.in_language
    for number, row in enumerate(rows, start=1):
        event = data.events.iloc[row].to_dict()
        fields = card(event, data.places_by_id, naming, language=printable.language)
        translated = translated_data and "source_claim" not in event.get(FALLBACK_COLUMN, ())
        paragraphs = list(event.get("source_paragraphs") or [])
        yield _lines({**fields, "number": number, "claim_translated": translated, "paragraphs": paragraphs}, printable)


def _uses_right_to_left(data: MapData, rows: list[int], naming: str) -> bool:
    """Whether any text of these events is written right to left (then fpdf2 shapes it with uharfbuzz)."""
    probe = _Printing(texts("en"))
    for lines in _cards(data, rows, naming, probe):
        del lines
    place_ids = {pid for row in rows for pid in (data.events.iloc[row]["places"] or [])}
    for pid in place_ids & data.places_by_id.keys():
        probe(label_of(data.places_by_id[pid], naming))
    return probe.right_to_left


def _compose(
    data: MapData,
    rows: list[int],
    *,
    naming: str,
    page_format: str,
    view_line: str,
    attribution: str | None,
    title: str,
    source_line: str | None,
    areas_on: dt.date | None,
    lang: str,
    with_map: bool,
    reserve_mm: float,
) -> tuple[_Handout, int, float]:
    """The handout, how many of `rows` it lists (the others did not fit in MAX_PAGES) and the height
    its notes under the map took; `reserve_mm` is the room left for them. Without the map, the cards
    are only measured, not drawn."""
    language = texts(lang)
    printable = _Printing(language)
    title = language(title)  # ours translated; a title someone gave stays as given
    source_line = intro(language) if source_line is None else source_line
    credits = [language(PLACES, places=credit_in(attribution, language))] if attribution else []
    if "Natural Earth" not in (attribution or ""):
        credits.append(basemap_credit(load_basemap().get("attribution"), language))
    header = f"{printable(title)}. {language(SOURCE_LINE)}"
    footer = " ".join([*credits, language(METHOD_NOTE)])
    pdf = _new_pdf(page_format, printable(title), footer, header, language, measured_only=not with_map)
    if rows and _uses_right_to_left(data, rows[: MAX_PAGES * 40], naming):
        pdf.set_text_shaping(True)
    pdf.add_page()
    pdf.set_font(FONT_FAMILY, "B", size=16)
    pdf.multi_cell(pdf.epw, 7, printable(title), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT_FAMILY, size=9)
    pdf.multi_cell(pdf.epw, 4.4, printable(source_line, 2000), align="L", new_x="LMARGIN", new_y="NEXT")
    count = language.plural(*EVENT_COUNT, len(rows))
    naming_note = language(NAMING_NOTE, naming=language(NAMINGS[naming]))
    pdf.set_text_color(60, 60, 60)
    line = " · ".join(p for p in (printable(view_line, 300), count, naming_note) if p)
    pdf.multi_cell(pdf.epw, 4.4, line, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.ln(2)
    if not rows:
        pdf.multi_cell(pdf.epw, 5, language(NO_EVENTS), align="L", new_x="LMARGIN", new_y="NEXT")
        return pdf, 0, 0.0

    # The map and its notes are drawn last, when it is known which events the pages could list.
    map_box = (pdf.l_margin, pdf.get_y(), pdf.epw, MAP_HEIGHT_MM - (AREA_LEGEND_MM if areas_on else 0))
    note_y = map_box[1] + map_box[3] + 1
    pdf.set_y(note_y + reserve_mm + 2)
    listed = 0
    for lines in _cards(data, rows, naming, printable):
        # Measured first, so no card is cut across pages and the page limit holds; the last page
        # keeps room for the line saying what did not fit.
        block = _block_height(pdf, lines)
        if pdf.get_y() + block + (LEFT_OUT_MM if listed + 1 < len(rows) else 0) > pdf.page_break_trigger:
            if pdf.page_no() >= MAX_PAGES:
                break
            pdf.add_page()
        if with_map:
            _draw_block(pdf, lines)
        else:  # only measuring: the card takes its height
            pdf.set_y(pdf.get_y() + block)
        listed += 1
    if listed < len(rows):
        pdf.set_font(FONT_FAMILY, "B", size=BODY_PT)
        pdf.multi_cell(
            pdf.epw, LINE_MM, _left_out(listed, len(rows), language), align="L", new_x="LMARGIN", new_y="NEXT"
        )
    last_page, last_y = pdf.page, pdf.get_y()
    pdf.page = 1
    shown = rows[:listed]
    sentence = (
        draw_map(pdf, data, shown, naming, map_box, areas_on, language)
        if with_map
        else map_sentence(data, shown, naming, map_box, areas_on, language)
    )
    notes = [printable(sentence, 3 * MAX_FIELD_CHARS)]  # an uploaded area's status and source are its file's words
    unmapped = [str(number) for number, row in enumerate(rows[:listed], start=1) if not data.events.iloc[row]["coords"]]
    if unmapped:
        notes.append(language(UNMAPPED, numbers=", ".join(unmapped)))
    if listed < len(rows):
        notes.append(_left_out(listed, len(rows), language))
    notes += printable.notices()
    pdf.set_xy(pdf.l_margin, note_y)
    pdf.set_font(FONT_FAMILY, size=NOTE_PT)
    pdf.set_text_color(60, 60, 60)
    pdf.multi_cell(pdf.epw, NOTE_LINE_MM, " ".join(notes), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    notes_mm = pdf.get_y() - note_y
    pdf.page = last_page
    pdf.set_y(last_y)
    return pdf, listed, notes_mm


def _left_out(listed: int, total: int, language: Texts) -> str:
    if listed + 1 == total:
        return language(LEFT_OUT_ONE, number=total, pages=MAX_PAGES)
    return language(LEFT_OUT_MANY, first=listed + 1, last=total, count=total - listed, pages=MAX_PAGES)


def build_handout(
    data: MapData,
    rows: Sequence[int],
    *,
    naming: str = "en",
    page_format: str = "A4",
    view_line: str = "",
    attribution: str | None = None,
    title: str = TITLE,
    source_line: str | None = None,
    areas_on: dt.date | None = None,
    lang: str = "en",
) -> bytes:
    """The handout of the event rows on show (positions in `data.events`, listed in this order).

    `view_line` says which view this is (e.g. the date); `attribution` is the places' credit line;
    `areas_on`: the map draws the areas of control as they stood that day (none when None);
    `source_line`: what the handout says of its source (None: the framing texts in `lang`).
    `lang` is the language of the handout's own words and dates (one of LANGUAGES); the events'
    texts are `data`'s (`geo.model.prepare.in_language` gives them in a language).
    At most MAX_PAGES pages: events that do not fit are named under the map and at the end, never
    cut mid-card (`handout_fit` says beforehand how many fit).
    """
    rows = _check(data, rows, naming, page_format, lang)
    options = {
        "naming": naming,
        "page_format": page_format,
        "view_line": view_line,
        "attribution": attribution,
        "title": title,
        "source_line": source_line,
        "areas_on": areas_on,
        "lang": lang,
    }
    pdf, _ = _laid_out(data, rows, options, with_map=True)
    return bytes(pdf.output())


def _laid_out(data: MapData, rows: list[int], options: dict, with_map: bool) -> tuple[_Handout, int]:
    """Laid out twice: first to learn how much the notes under the map say, then with just that room."""
    try:
        pdf, listed, notes_mm = _compose(data, rows, **options, with_map=False, reserve_mm=MAX_NOTES_MM)
        # When only measuring and every card fitted below the most room the notes can take, less room
        # lists them all too: the second pass would say the same.
        if with_map or listed < len(rows) or notes_mm + NOTE_LINE_MM > MAX_NOTES_MM:
            pdf, listed, _ = _compose(data, rows, **options, with_map=with_map, reserve_mm=notes_mm + NOTE_LINE_MM)
    finally:
        _forget_glyph_picks()
    return pdf, listed


def _forget_glyph_picks() -> None:
    """fpdf2 (2.8.9) memoises `SubsetMap.pick` and `get_glyph` in process-wide caches keyed by the
    subset map, which holds its PDF's parsed fonts (about 40 MB for the two DejaVu faces): every PDF
    made stayed in memory for good. The dashboard lays out a handout per view to say how much of it
    fits, so the server grew about 6 MB per slider step (`bench.load`: 1.7 GB after 218 steps).
    Clearing the memo is safe at any time: a pick made again gives the same glyph its same id."""
    SubsetMap.pick.cache_clear()
    SubsetMap.get_glyph.cache_clear()


def handout_fit(
    data: MapData,
    rows: Sequence[int],
    *,
    naming: str = "en",
    page_format: str = "A4",
    areas_on: dt.date | None = None,
    lang: str = "en",
) -> int:
    """How many of `rows` (from the first) a handout can list within MAX_PAGES, measured as it would
    print in `lang` (the areas' legend under the map takes room too)."""
    rows = _check(data, rows, naming, page_format, lang)
    options = {"naming": naming, "page_format": page_format, "view_line": "", "attribution": None}
    options.update(areas_on=areas_on, lang=lang, title=TITLE, source_line=None)
    _, listed = _laid_out(data, rows, options, with_map=False)
    return listed


def budget_seconds() -> float:
    """The time one handout may take: `HANDOUT_SECONDS` from the environment, else 30 s."""
    return seconds_setting(BUDGET_ENV, os.environ.get(BUDGET_ENV), DEFAULT_BUDGET_SECONDS)


def build_handout_within(
    data: MapData,
    rows: Sequence[int],
    seconds: float | None = None,
    wanted: Callable[[], bool] | None = None,
    **options,
) -> bytes:
    """`build_handout` in a forked child, stopped after `seconds` (default `budget_seconds()`), at
    most MAX_BUILDS at once, and as soon as `wanted()` says no one waits for it (the visitor left).
    When it cannot finish, a one-page PDF that says why (never a hang)."""
    seconds = budget_seconds() if seconds is None else seconds
    language = texts(options.get("lang", "en"))
    try:
        return run_within(
            build_handout,
            (data, rows),
            seconds,
            kwargs=options,
            slots=_builds,
            busy=language(BUSY, seconds=f"{seconds:g}"),
            overrun=language(OVERRUN, seconds=f"{seconds:g}"),
            died=language(DIED),
            wanted=wanted,
        )
    except ExtractionStopped as stopped:
        return notice_pdf(str(stopped), options.get("page_format", PAGE_FORMATS[0]), language.lang)


def notice_pdf(message: str, page_format: str = "A4", lang: str = "en") -> bytes:
    """A one-page PDF in place of a handout that could not be made, saying why (in `lang`)."""
    language = texts(lang)
    page_format = page_format if page_format in PAGE_FORMATS else "A4"
    pdf = _new_pdf(page_format, language(TITLE), language(METHOD_NOTE), language(SOURCE_LINE), language)
    pdf.add_page()
    pdf.set_font(FONT_FAMILY, "B", size=14)
    pdf.multi_cell(pdf.epw, 7, language(NO_HANDOUT), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT_FAMILY, size=10)
    pdf.multi_cell(pdf.epw, 5, message, align="L", new_x="LMARGIN", new_y="NEXT")
    try:
        return bytes(pdf.output())
    finally:
        _forget_glyph_picks()
