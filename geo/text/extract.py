"""Place names and dates in an article's text, each reported at its offsets in the raw text.

`normalise_text` undoes what PDF extraction does to a text (hyphenated line ends, paragraphs
split by page breaks, curly quotes, look-alike Cyrillic letters inside Latin words) and keeps
an `OffsetMap`, so whatever is found in the normalised text is reported at its characters in
the raw text. Paragraph numbers are the raw blocks separated by blank lines, counted from 1,
even where a block continues the paragraph before it.

Place finding is one regex pass over capitalised words plus dictionary look-ups, so it is
linear in the length of the text:

- Capitalised words next to each other (joined by a space, a hyphen, "of" or "of the") form a
  *run*: "Collective Security Treaty Organisation", "Azerbaijani President Ilham Aliyev".
- At each word the longest known name wins ("Nakhchivan Autonomous Republic" before
  "Nakhchivan"). Curated names are tried everywhere, also inside runs ("Berlin" in "Berlin
  Conference").
- GeoNames is asked only about a whole run (or each part of a run joined only by hyphens,
  "Armenia-Azerbaijan"), never about a word inside a longer run, so "Vladimir Putin" does not
  give the city of Vladimir; and not about function words, demonyms ("Armenian"), titles,
  compass words, acronyms (except for a country), surnames seen in a longer name elsewhere in
  the text ("Pompeo" after "Mike Pompeo"), or a sentence's first word that the text never
  capitalises anywhere else ("Currently").
- Runs that resolve to nothing are reported as unresolved names (people, organisations),
  without leading titles and demonyms.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from geo.text.gazetteer import (
    ADMIN_WORDS,
    CONFUSABLES,
    QUOTES,
    Gazetteer,
    Match,
    admin_units,
    normalise_key,
    written_abbreviations,
)
from geo.text.resolve import (
    CITY_POPULATION,
    CONFIDENT,
    DEMONYM_COUNTRIES,
    DROPPED,
    Choice,
    Geography,
    english_frequency,
    km_between,
    resolve,
)

# --- word lists ------------------------------------------------------------------------------


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# Capitalised only because they start a sentence (or a title); never a place on their own.
STOPWORDS = _word_set(
    """a about above according across after afterwards again against all along already also although
    always among an and another any anyway are around as at be because been before being below besides
    between both but by can could despite did do does during each either else even ever every finally
    first firstly following for from further furthermore had has have having he hence her here his how
    however i if in indeed instead into is it its just last lastly least less like many may meanwhile
    might more moreover most much must my namely neither nevertheless no nonetheless nor not now of often
    on once one only or other others otherwise our over overall per perhaps rather regarding second
    secondly several she should since so some still such than that the their them then there therefore
    these they third this those though through throughout thus till to too toward towards under unless
    unlike until upon very via was we were what whatever when whenever where whereas whether which while
    who whom whose why will with within without would yet you your yesterday today tomorrow later earlier soon"""
) | {m.lower() for m in MONTHS + WEEKDAYS}
COMPASS_WORDS = _word_set(
    "north south east west northern southern eastern western central middle upper lower "
    "northeast northwest southeast southwest northeastern northwestern southeastern southwestern"
)
TITLES = _word_set(
    """president presidents prime minister ministers secretary secretaries chancellor king queen prince
    princess emperor pope sultan shah colonel admiral marshal commander governor mayor senator
    ambassador foreign defence defense deputy vice chairman chairwoman chair leader speaker state mr mrs
    ms dr sir lord lady"""
)
PLACE_WORDS = _word_set(
    """republic autonomous region regions province district districts city town village sea ocean island
    islands gulf bay mount mountains river valley corridor federation kingdom territory territories"""
)
# Institutions: on their own ("the Kremlin" aside) they name no place and no one.
INSTITUTION_WORDS = _word_set(
    """agency agreement army assembly bank cabinet church commission committee conference congress
    constitution council court declaration embassy fund government group institute ministry mosque
    movement navy office organisation organization parliament party resolution resolutions senate treaty
    union university"""
)
# A town's public services and officers: "Fargo Mayor", "Cottonport Fire Station", "Tulsa Police" name the
# town (an organisation named after it), where "Dubai World Cup" or "Boston University" name something else.
LOCAL_BODY_WORDS = _word_set(
    """mayor mayors council councils councillor councilman councilwoman police fire sheriff sheriffs
    alderman aldermen selectman selectmen commissioner commissioners volunteer chamber"""
)
# Head nouns that end an organisation's name (as the institution words do): "Florida Highway Patrol",
# "Ontario Municipal Board" are named after the area at their start, however rare the words between.
ORGANISATION_HEADS = _word_set(
    """academy association authority board bureau center centre club college company corporation department
    division foundation hospital league olympics patrol school service services society utilities"""
)
# Titles a place follows with "of": "the Mayor of Fargo", "the Governor of Texas", "the State of Illinois".
TITLES_OF = _word_set(
    """mayor governor senator president premier chancellor king queen prince princess sultan emir state
    people citizens residents"""
)
# A state's or country's officers and bodies: "Ohio Governor", "Texas Gov.", "Iowa Legislature".
AREA_OFFICER_WORDS = _word_set("governor gov lieutenant legislature legislators lawmakers attorney treasurer")
DEMONYMS = _word_set(
    """afghan afghans african africans american americans arab arabs arabic armenian armenians asian asians
    azerbaijani azerbaijanis azeri azeris belarusian british cypriot cypriots dutch emirati english
    european europeans french georgian georgians german germans greek greeks iranian iranians iraqi
    iraqis islamic israeli israelis italian italians jewish jews jihadist jihadists kazakh kurd kurdish
    kurds kyrgyz libyan libyans muslim muslims pakistani pakistanis persian russian russians saudi
    scottish soviet spanish syrian syrians tajik turk turkic turkish turkmen turks ukrainian ukrainians
    uzbek welsh western"""
)
DEMONYM_ENDINGS = ("ian", "ians", "ean", "eans", "ese", "ish", "ist", "ists", "ic")
# Words a line-end hyphen after them belongs to ("self-determination").
HYPHEN_PREFIXES = frozenset({"self"})
# Abbreviations that start a place name, followed by a period: "St. Louis", "Mt. Pleasant", "Ft. Worth".
NAME_ABBREVIATIONS = _word_set("st ste mt ft pt")
ABBREVIATIONS = NAME_ABBREVIATIONS | _word_set("no nos p pp mr mrs ms dr vs cf jr sr gen col lt prof fig vol ch art")

# --- character classes -----------------------------------------------------------------------


def _char_class(chars: Iterable[str]) -> str:
    """A regex character class for a set of characters, written as ranges."""
    codes = sorted({ord(c) for c in chars})
    parts, i = [], 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        first, last = re.escape(chr(codes[i])), re.escape(chr(codes[j]))
        parts.append(first if i == j else f"{first}-{last}")
        i = j + 1
    return "[" + "".join(parts) + "]"


_UPPER = _char_class(c for c in map(chr, range(0x10000)) if c.isupper() or c.istitle())
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"  # soft hyphen and zero-width characters

# --- normalisation ---------------------------------------------------------------------------

_BLOCK_GAP = re.compile(r"\n(?:[^\S\n]*\n)+")
_SENTENCE_FINAL = re.compile(r"[.!?][\"'”’)\]]*$")
# Where the normalised text may differ from the raw: a hyphen at a line end, whitespace other
# than one space, any non-ASCII character.
_EVENTS = re.compile(r"-[^\S\n]*\n[^\S\n]*|\s*[^\S ]\s*| {2,}|[^\x00-\x7f]")
_ASCII_LETTER = re.compile(r"[A-Za-z]")
_WORD_BEFORE_HYPHEN = re.compile(r"(?:\w+-)*\w+$")
_WORD_AFTER = re.compile(r"\w+")
_UP_TO_NON_WORD = re.compile(r"(?s:.*)\W")
_WORD_FORMS = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def paragraph_spans(raw: str) -> list[tuple[int, int]]:
    """(start, end) in `raw` of each paragraph: blocks separated by blank lines, whitespace trimmed.

    Paragraph n (counted from 1) is item n - 1.
    """
    if not isinstance(raw, str):
        raise TypeError(f"the text must be a string, got {type(raw).__name__}: {raw!r:.80}")
    spans = []
    start = 0
    for gap in [*_BLOCK_GAP.finditer(raw), None]:
        end = gap.start() if gap else len(raw)
        block = raw[start:end]
        stripped = block.strip()
        if stripped:
            head = start + len(block) - len(block.lstrip())
            spans.append((head, head + len(stripped)))
        start = gap.end() if gap else end
    return spans


class OffsetMap:
    """Maps character positions in the normalised text back to the raw text.

    Stored as anchors where the difference between the two positions changes, so it stays
    small for a long text with few changes.
    """

    def __init__(self, text_starts: list[int], raw_starts: list[int], text_length: int):
        self._text_starts = text_starts
        self._raw_starts = raw_starts
        self.text_length = text_length

    def raw_index(self, index: int) -> int:
        """The raw position of the normalised character at `index`."""
        if not 0 <= index < self.text_length:
            raise IndexError(f"position {index!r} is outside the normalised text (length {self.text_length})")
        anchor = bisect.bisect_right(self._text_starts, index) - 1
        return self._raw_starts[anchor] + index - self._text_starts[anchor]

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """The raw (start, end) covering the normalised characters start..end (end exclusive)."""
        if end <= start:
            raise ValueError(f"empty span {start!r}..{end!r}")
        return self.raw_index(start), self.raw_index(end - 1) + 1


class _TextBuilder:
    """Collects the normalised text piece by piece with an anchor per change of offset."""

    def __init__(self, raw: str):
        self.raw = raw
        self.parts: list[str] = []
        self.length = 0
        self.text_starts: list[int] = []
        self.raw_starts: list[int] = []

    def _anchor(self, raw_index: int) -> None:
        if self.text_starts and raw_index - self.raw_starts[-1] == self.length - self.text_starts[-1]:
            return
        self.text_starts.append(self.length)
        self.raw_starts.append(raw_index)

    def copy(self, start: int, end: int) -> None:
        if start < end:
            self._anchor(start)
            self.parts.append(self.raw[start:end])
            self.length += end - start

    def put(self, text: str, raw_index: int) -> None:
        """Text standing for the raw character(s) starting at raw_index."""
        for ch in text:
            self._anchor(raw_index)
            self.parts.append(ch)
            self.length += 1

    def result(self) -> tuple[str, OffsetMap]:
        return "".join(self.parts), OffsetMap(self.text_starts, self.raw_starts, self.length)


def _keeps_hyphen(before: str, after: str, forms: set[str]) -> bool:
    """Whether a hyphen at a line end is part of the word ("Nagorno-Karabakh") or only splits it ("posi-tion").

    Kept before a capital or digit; otherwise the text itself decides (the joined or the
    hyphenated form appearing elsewhere); otherwise kept only after a prefix that always takes
    a hyphen ("self-"), and the parts are joined.
    """
    if after[:1].isupper() or after[:1].isdigit():
        return True
    joined, hyphenated = (before + after).casefold(), f"{before}-{after}".casefold()
    if joined in forms:
        return False
    if hyphenated in forms:
        return True
    return before.rsplit("-", 1)[-1].casefold() in HYPHEN_PREFIXES


def _hyphen_words(raw: str, hyphen: int, lower_bound: int, after_start: int, upper_bound: int) -> tuple[str, str]:
    before = _WORD_BEFORE_HYPHEN.search(raw, max(lower_bound, hyphen - 64), hyphen)
    after = _WORD_AFTER.match(raw, after_start, upper_bound)
    return (before.group() if before else ""), (after.group() if after else "")


def _continues(raw: str, previous: tuple[int, int], block: tuple[int, int]) -> bool:
    """A block that follows one ending mid-sentence and starts in lower case goes on the same paragraph."""
    tail = raw[max(previous[0], previous[1] - 8) : previous[1]]
    return not _SENTENCE_FINAL.search(tail) and raw[block[0]].islower()


def _normalise(raw: str) -> tuple[str, OffsetMap, list[tuple[int, int]]]:
    spans = paragraph_spans(raw)
    forms = set(map(str.casefold, _WORD_FORMS.findall(raw)))
    out = _TextBuilder(raw)
    drop_trailing_hyphen = [False] * len(spans)
    for index, (start, end) in enumerate(spans):
        if index:
            previous = spans[index - 1]
            if not _continues(raw, previous, (start, end)):
                out.put("\n\n", previous[1])
            elif raw[previous[1] - 1] == "-" and previous[1] - previous[0] > 1 and raw[previous[1] - 2].isalpha():
                before, after = _hyphen_words(raw, previous[1] - 1, previous[0], start, end)
                if not _keeps_hyphen(before, after, forms):
                    drop_trailing_hyphen[index - 1] = True
            else:
                out.put(" ", previous[1])
        # The hyphen a page break splits a word at is decided when the next block is seen.
        if index + 1 < len(spans):
            following = spans[index + 1]
            if _continues(raw, (start, end), following) and raw[end - 1] == "-" and end - start > 1:
                before, after = _hyphen_words(raw, end - 1, start, following[0], following[1])
                drop_trailing_hyphen[index] = raw[end - 2].isalpha() and not _keeps_hyphen(before, after, forms)
        stop = end - 1 if drop_trailing_hyphen[index] else end
        _normalise_block(raw, start, stop, forms, out)
    text, offsets = out.result()
    return text, offsets, spans


def _normalise_block(raw: str, start: int, end: int, forms: set[str], out: _TextBuilder) -> None:
    position = start
    latin_words = _LatinWords(raw, start, end)
    for event in _EVENTS.finditer(raw, start, end):
        at, first = event.start(), raw[event.start()]
        if first == "-":
            after = event.end()
            if raw[at - 1].isalpha() and raw[after].isalpha():  # a word split at the line end
                before_word, after_word = _hyphen_words(raw, at, start, after, end)
                out.copy(position, at + 1 if _keeps_hyphen(before_word, after_word, forms) else at)
            elif raw[at - 1].isspace():  # a dash ending the line
                out.copy(position, at + 1)
                out.put(" ", at + 1)
            else:  # "1990-" / "2000": a hyphen between other characters stays, without a space
                out.copy(position, at + 1)
            position = after
        elif first.isspace():
            out.copy(position, at)
            out.put(" ", at)
            position = event.end()
        else:
            replacement = _replacement(raw, at, latin_words)
            if replacement is not None:
                out.copy(position, at)
                out.put(replacement, at)
                position = at + 1
    out.copy(position, end)


class _LatinWords:
    """Whether the word at a position has Latin letters, asked for positions in text order.

    Each word is read once however many look-alike letters it holds, so a 200,000-letter word
    costs about as much as 200,000 letters of ordinary text.
    """

    def __init__(self, raw: str, start: int, end: int):
        self._raw, self._block_end = raw, end
        self._start = self._end = start  # the word last asked about
        self._latin = False

    def has_latin(self, at: int) -> bool:
        if at >= self._end:
            # The word starts after the last non-word character between the previous word and `at`.
            gap = _UP_TO_NON_WORD.match(self._raw, self._end, at)
            word = _WORD_AFTER.match(self._raw, gap.end() if gap else self._end, self._block_end)
            self._start, self._end = word.span() if word else (at, at + 1)
            self._latin = _ASCII_LETTER.search(self._raw, self._start, self._end) is not None
        return self._latin


def _replacement(raw: str, at: int, latin_words: _LatinWords) -> str | None:
    """What the non-ASCII character raw[at] becomes in the normalised text; None if it stays."""
    ch = raw[at]
    if ch in CONFUSABLES:
        # Read as Latin only inside a word that has Latin letters too ("Afriсan", not "Москва").
        return CONFUSABLES[ch] if latin_words.has_latin(at) else None
    folded = _fold_char(ch)
    return None if folded == ch else folded


def _fold_char(ch: str) -> str:
    if ch in QUOTES:
        return QUOTES[ch]
    if ch in _INVISIBLE:
        return ""
    return unicodedata.normalize("NFKC", ch)


def normalise_text(raw: str) -> tuple[str, OffsetMap]:
    """The text as one would read it, and the map from its positions back into `raw`.

    Paragraphs are separated by one blank line; a block that continues the previous one is
    joined to it with a space. Inside a paragraph every whitespace run is one space.
    """
    text, offsets, _ = _normalise(raw)
    return text, offsets


# --- results ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mention:
    """A place name (or an unresolved capitalised name, place_id None) at raw[start:end]."""

    text: str  # as in the raw text
    place_id: str | None
    name: str  # the place's name, or the unresolved name as normalised
    paragraph: int
    start: int
    end: int
    source: str | None  # curated / geonames / geonames-country / geonames-continent; None if unresolved
    kind: str | None = None
    lat: float | None = None
    lon: float | None = None
    confidence: float = 1.0  # how sure the choice of place is (geo.text.resolve)
    reason: str = ""  # why, in words
    uncertain: bool = False  # below geo.text.resolve.CONFIDENT: listed, not drawn as fact
    candidates: tuple[Match, ...] = ()  # every place of that name considered, best first


@dataclass(frozen=True)
class DateMention:
    text: str  # as in the raw text
    date: str  # ISO: YYYY-MM-DD, YYYY-MM or YYYY
    precision: str  # day / month / year
    paragraph: int
    start: int
    end: int
    sentence: str  # the sentence it is in, normalised
    year_from_context: bool  # the text gave no year; it comes from the nearest full date


@dataclass(frozen=True)
class PlaceSummary:
    place_id: str
    name: str
    source: str
    kind: str
    lat: float
    lon: float
    count: int
    paragraphs: tuple[int, ...]
    confidence: float = 1.0
    reason: str = ""
    uncertain: bool = False
    candidates: tuple[Match, ...] = ()
    text: str = ""  # the name as the text first writes it
    precision: str = "exact"


@dataclass(frozen=True)
class NameSummary:
    name: str
    count: int
    paragraphs: tuple[int, ...]


@dataclass(frozen=True)
class DatedSentence:
    text: str  # normalised
    paragraph: int
    start: int
    end: int
    dates: tuple[str, ...]
    place_ids: tuple[str, ...]


@dataclass(frozen=True)
class ExtractionResult:
    places: tuple[PlaceSummary, ...]  # confident places, in order of first mention
    mentions: tuple[Mention, ...]  # place mentions (also uncertain ones) and unresolved names, in text order
    dates: tuple[DateMention, ...]
    dated_sentences: tuple[DatedSentence, ...]
    unresolved: tuple[NameSummary, ...]  # in order of first mention
    uncertain: tuple[PlaceSummary, ...] = ()  # names that may be places, below the confidence threshold


# --- the document: normalised text, paragraphs, sentences -------------------------------------

_SENTENCE_BREAK = re.compile(rf"[.!?][\"')\]]*(?= +[\"'(\[]?(?:{_UPPER}|\d))|\n\n")
_ACRONYM_END = re.compile(r"(?:\b[^\W\d_]\.){2,}$")
_ABBREVIATION_END = re.compile(r"\b([A-Za-z]+)\.$")
_SENTENCE_OPENERS = " \"'([\n"


class _Document:
    def __init__(self, raw: str):
        self.raw = raw
        self.text, self.offsets, spans = _normalise(raw)
        self._paragraph_starts = [start for start, _ in spans]
        self.sentences = self._sentences()
        self.sentence_starts = [start for start, _ in self.sentences]

    def paragraph(self, raw_index: int) -> int:
        return max(1, bisect.bisect_right(self._paragraph_starts, raw_index))

    def _sentences(self) -> list[tuple[int, int]]:
        text, spans, start = self.text, [], 0
        for found in _SENTENCE_BREAK.finditer(text):
            if found.group() != "\n\n" and self._is_abbreviation(found.start()):
                continue
            spans.append((start, found.end()))
            start = found.end()
        spans.append((start, len(text)))
        trimmed = []
        for first, last in spans:
            while first < last and text[first].isspace():
                first += 1
            while last > first and text[last - 1].isspace():
                last -= 1
            if first < last:
                trimmed.append((first, last))
        return trimmed

    def _is_abbreviation(self, dot: int) -> bool:
        if self.text[dot] != ".":
            return False
        head = self.text[max(0, dot - 12) : dot + 1]
        if _ACRONYM_END.search(head):
            return True
        word = _ABBREVIATION_END.search(head)
        return bool(word and word.group(1).lower() in ABBREVIATIONS)

    def sentence_of(self, index: int) -> tuple[int, int]:
        return self.sentences[max(0, bisect.bisect_right(self.sentence_starts, index) - 1)]

    def first_words(self) -> set[int]:
        """Positions of the first word of every sentence (after opening quotes or brackets)."""
        positions = set()
        for start, end in self.sentences:
            while start < end and self.text[start] in _SENTENCE_OPENERS:
                start += 1
            positions.add(start)
        return positions

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        return self.offsets.raw_span(start, end)


# --- places ----------------------------------------------------------------------------------

_CAPITALISED = rf"(?<!\w)(?<!\w')(?:(?:{_UPPER}\.){{2,}}|{_UPPER}\w*(?:'(?!s\b)\w+)*)"
_WORD = re.compile(r"(?:[^\W\d_]\.){2,}|\w+(?:'(?!s\b)\w+)*")
# Arabic articles join a name's parts too: "Jisr al-Shughur", "Deir ez-Zor", "Ras al-Ain".
_ARABIC_ARTICLES = tuple(_word_set("al el ash as ad ar az at an ed es ez er et en ul ud"))
_RUN_JOINERS = frozenset(
    {" ", "-", " of ", " of the "} | {f" {a}-" for a in _ARABIC_ARTICLES} | {f"-{a}-" for a in _ARABIC_ARTICLES}
)
_MAX_NAME_WORDS = 10
# A sentence's first word is read as a name only if it is rarer than this in English (wordfreq zipf).
SENTENCE_START_MAX_FREQUENCY = 3.5
# A word after a country or state inside a longer name, at least this common (zipf), makes the name an
# organisation named after the area ("Kentucky Department", "Gainesville Public Utilities"), not a person.
ORGANISATION_WORD_FREQUENCY = 5.1
_ADMIN_WORD = "|".join(sorted(ADMIN_WORDS, key=len, reverse=True))
_NAME_GAP = rf"(?:[ -](?:(?:{'|'.join(_ARABIC_ARTICLES)})-)?)"
_ADMIN_NAME = re.compile(
    rf"(?<![\w'])({_UPPER}[\w'’]*(?:{_NAME_GAP}{_UPPER}[\w'’]*){{0,3}})[ -]((?i:{_ADMIN_WORD}))(?!\w)"
)
# What an acronym alone may name ("US", "USSR"): a country, present or former.
_COUNTRY_SOURCES = frozenset({"geonames-country", "historical"})


# A misspelling's guess stays below CONFIDENT: listed as uncertain, never drawn as fact.
MISSPELLING_CONFIDENCE = 0.4
# A capitalised word this frequent in English (zipf) is a word, not a misspelt place ("Russians").
MISSPELLING_MAX_FREQUENCY = 3.0
# Plural endings of words for a place's people ("Minnesotans", "Southerners", "Muscovites"): no misspelling.
_PEOPLE_ENDINGS = ("ans", "ers", "ites")


def _own_points(
    chosen: list[tuple[str, tuple[float, float]]], others: list[tuple[float, float]]
) -> dict[str, list[tuple[float, float]]]:
    """Name -> the points of the text's geography that only its own first-round choice put there: no
    evidence for that name ("Edmonton" placed in Canada is not "6 km from other places the text names")."""
    quarter = Geography.rounded
    owners: dict[tuple[float, float], set[str]] = {}
    for key, point in chosen:
        owners.setdefault(quarter(point), set()).add(key)
    for point in others:
        owners.setdefault(quarter(point), set()).add("")
    own: dict[str, list[tuple[float, float]]] = {}
    for point, keys in owners.items():
        if len(keys) == 1 and "" not in keys:
            own.setdefault(next(iter(keys)), []).append(point)
    return own


_WIDE_KINDS = frozenset({"country", "continent", "region", "sea"})  # too wide to tell neighbours apart
_AREA_KINDS = frozenset({"district", "region", "territory", "sea", "river", "lake", "mountain", "province"})
_AFTER_COMMA = re.compile(r", ?(?=[A-Z])")
_LIST_GOES_ON = re.compile(r",? (?:and|or) |, ")
# "Ga.", "W.Va.", "N.Y.", "Calif." and postal codes ("GA") after "Athens, ".
_UNIT_ABBREVIATION = re.compile(r"[A-Z][a-z]{0,4}\.(?: ?[A-Z][a-z]{0,4}\.){0,2}|[A-Z]{2}(?![\w.])")
# The same written with its dots, anywhere: "Mass.", "W. Va.", "S.C." (not before a capital, see `_dotted_units`).
_DOTTED_UNIT = re.compile(
    r"(?<![\w.])(?:(?:[A-Z]\. ?)?[A-Z][a-z]{1,4}\.(?: ?[A-Z][a-z]{1,3}\.)?|(?:[A-Z]\.){2,3})(?!\w|\s+[A-Z])"
)
QUALIFIED_STATE_KM, QUALIFIED_COUNTRY_KM = 1200, 2500
QUALIFIED_CORE_KM = 400  # within this of the area's point the most populous place wins, beyond it the nearest
_CUE_BEFORE = re.compile(r"(\w+)[ ,]+(?:the )?$")
_NEXT_WORD = re.compile(r"(?:-| )(\w+)")
# A news dateline: a place in capitals, maybe its state or country and an agency, then a dash
# ("TULSA —", "SOUTH BEND, Ind. --", "MOUNT HOPE (AP) -"): the place the story was filed from.
_DATELINE_PLACE = (
    rf"({_UPPER}(?:{_UPPER}|['.])+(?: {_UPPER}(?:{_UPPER}|['.])+){{0,3}})(?:, [A-Z][\w.]*(?: [A-Z][\w.]*)?)? ?"
)
_AGENCY = r"\([A-Z][\w.&]*(?: [A-Z][\w.&]*){0,2}\)"  # "(AP)", "(Reuters)", "(Bloomberg News)"
_DATELINE = re.compile(rf"(?<![\w'.]){_DATELINE_PLACE}(?:{_AGENCY} ?)?(?:—|–|-{{1,3}})(?= )")
# Without a dash, the agency marks the dateline where a line or a sentence starts: "BOSTON (Reuters) The".
_DATELINE_NO_DASH = re.compile(rf"(?:^|(?<=[.!?] )){_DATELINE_PLACE}{_AGENCY}(?=\s)", re.M)
# A word before a name that says a place follows.
CUE_WORDS = _word_set(
    """in near at from to into outside around towards toward across via between village town city settlement
    capital outskirts suburb suburbs districts region province oblast governorate occupied captured shelled
    liberated retook recaptured entered reached besieged bombed struck hit"""
)
# A word right after a name that says the name is used for something else: a weapon, an agreement.
NOT_PLACE_AFTER = _word_set(
    """rocket rockets missile missiles launcher launchers system systems drone drones howitzer howitzers tank
    tanks mlrs agreement agreements accord accords protocol protocols format process group talks declaration
    memorandum platform doctrine summit statement communique"""
)


@functools.lru_cache(maxsize=16)
def _candidate_pattern(lowercase_starts: frozenset[str]) -> re.Pattern:
    """Capitalised words, plus lower-case compass words that start curated names ("eastern Mediterranean")."""
    if not lowercase_starts:
        return re.compile(f"(?P<cap>{_CAPITALISED})")
    words = "|".join(sorted(map(re.escape, lowercase_starts), key=len, reverse=True))
    return re.compile(rf"(?P<cap>{_CAPITALISED})|(?<![\w'])(?P<lower>(?:{words}))(?!\w)")


@dataclass
class _Token:
    start: int
    end: int
    word: str
    key: str
    capitalised: bool
    in_run: bool = False
    run: int = -1
    matched: bool = False


# A name found: its first token, where it ends, its key, its candidates, whether a cue word precedes it.
_Found = tuple[_Token, int, str, list[Match], bool]


def _is_acronym(word: str) -> bool:
    return len(word) > 1 and (word.isupper() or "." in word)


def _is_demonym(key: str) -> bool:
    if key in DEMONYMS:
        return True
    return any(key.endswith(end) and len(key) > len(end) + 2 for end in DEMONYM_ENDINGS)


def _is_descriptive(key: str) -> bool:
    """Words that describe a name rather than being one: titles, compass words, demonyms, place words."""
    return key in TITLES or key in COMPASS_WORDS or key in PLACE_WORDS or _is_demonym(key)


def _is_stopword(word: str) -> bool:
    return word.lower() in STOPWORDS and (len(word) == 1 or not word.isupper())


class _PlaceFinder:
    def __init__(self, doc: _Document, gazetteer: Gazetteer, *, demonyms: bool = False):
        if not isinstance(gazetteer, Gazetteer):
            raise TypeError(f"gazetteer must be a Gazetteer, got {gazetteer!r:.80}")
        self.doc, self.text, self.gazetteer = doc, doc.text, gazetteer
        self.demonyms = demonyms
        self._word_keys: dict[str, str] = {}
        self._token_at: dict[int, _Token] | None = None
        pattern = _candidate_pattern(frozenset(gazetteer.curated_first_words() & COMPASS_WORDS))
        self.tokens = [
            _Token(m.start(), m.end(), m.group(), self._key(m.group()), m.lastgroup == "cap")
            for m in pattern.finditer(self.text)
        ]
        # Words of a dateline are a place's name in capitals, not an acronym ("TULSA", not "NATO").
        self.dateline_words = {
            word.start()
            for dateline in (_DATELINE, _DATELINE_NO_DASH)
            for hit in dateline.finditer(self.text)
            for word in _WORD.finditer(self.text, *hit.span(1))
        }
        self.runs: list[list[_Token]] = []
        self.run_starts: set[int] = set()
        self.run_ends: set[int] = set()
        self._build_runs()
        self.surnames = self._surnames()
        self.admin_at = self._admin_units()
        self.geography = Geography({}, [])
        self.own_points: dict[str, list[tuple[float, float]]] = {}  # see `_own_points`
        # Names placed by the area written after them ("Athens, Ga."), for the whole text.
        self.qualified: dict[str, Choice] = {}

    def _key(self, word: str) -> str:
        key = self._word_keys.get(word)
        if key is None:
            key = self._word_keys[word] = normalise_key(word)
        return key

    def _build_runs(self) -> None:
        """Groups capitalised words into runs.

        A sentence's first word counts only if it is an acronym, if the text capitalises it
        elsewhere too, or if a capitalised word follows it ("Mike Pompeo", but not "Currently,
        Baku" or "Evidently Baku").
        """
        first_words = self.doc.first_words()
        capitalised = [t for t in self.tokens if t.capitalised and not _is_stopword(t.word)]
        seen_inside = {t.word for t in capitalised if t.start not in first_words}
        joins_next = {a.start for a, b in pairwise(capitalised) if self.text[a.end : b.start] in _RUN_JOINERS}
        previous: _Token | None = None
        for token in capitalised:
            token.in_run = (
                token.start not in first_words
                or token.word in seen_inside
                or _is_acronym(token.word)
                or (token.start in joins_next and not token.word.endswith("ly"))
                or self._known_name(token.key)
            )
            if not token.in_run:
                previous = None
                continue
            joined = previous is not None and (
                self.text[previous.end : token.start] in _RUN_JOINERS or self._abbreviation_joins(previous, token)
            )
            if joined:
                self.runs[-1].append(token)
            else:
                self.runs.append([token])
            token.run = len(self.runs) - 1
            previous = token
        for run in self.runs:
            self.run_starts.add(run[0].start)
            self.run_ends.add(run[-1].end)
            self.run_starts.update(self._place_after_of(run))
            # "North Texas", "Northeast Nebraska": a part of the place after it, which is read on its own too.
            lead = next((i for i, t in enumerate(run) if t.key not in COMPASS_WORDS), len(run))
            if 0 < lead < len(run):
                self.run_starts.add(run[lead].start)
            # "Armenia-Azerbaijan" names two places; "Gilgit-Baltistan" one, whose parts are not all known.
            if (
                len(run) > 1
                and all(self.text[a.end : b.start] == "-" for a, b in pairwise(run))
                and all(self.gazetteer.curated(t.key) or self.gazetteer.geonames(t.key) for t in run)
            ):
                self.run_starts.update(t.start for t in run)
                self.run_ends.update(t.end for t in run)

    def _abbreviation_joins(self, previous: _Token, token: _Token) -> bool:
        """Whether "St." (or "Mt.", "Ft.") starting a run goes on with the name after it ("St. Louis"),
        not a street's "St." ending a sentence ("Main St. Paris was next")."""
        starts_run = previous.run >= 0 and self.runs[previous.run][0] is previous
        return starts_run and previous.key in NAME_ABBREVIATIONS and self.text[previous.end : token.start] == ". "

    def _place_after_of(self, run: list[_Token]) -> list[int]:
        """Where a place may start after "of" in a run: "Jane Doe of Springfield", "the Mayor of Fargo"
        (a person or a title, then the place they are from), not "Bank of America" or "University of Texas"."""
        starts = []
        for index in range(1, len(run)):
            if self.text[run[index - 1].end : run[index].start] not in (" of ", " of the "):
                continue
            head = run[:index]
            person = 2 <= len(head) <= 3 and all(
                t.word[0].isupper()
                and t.word[1:].islower()
                and not _is_descriptive(t.key)
                and t.key not in INSTITUTION_WORDS
                and t.key not in LOCAL_BODY_WORDS
                for t in head
            )
            if (person and not self._is_place(head)) or head[-1].key in TITLES_OF:
                starts.append(run[index].start)
        return starts

    def _known_name(self, key: str) -> bool:
        """A sentence's first word that is a curated name, a country, or a rare word GeoNames knows ("Odesa")."""
        if not key or _is_stopword(key) or _is_descriptive(key):
            return False
        if self.gazetteer.curated(key):
            return True
        candidates = self.gazetteer.geonames_candidates(key)
        return bool(candidates) and (
            candidates[0].kind == "country" or english_frequency(key) < SENTENCE_START_MAX_FREQUENCY
        )

    def _is_place(self, tokens: list[_Token]) -> bool:
        key = " ".join(t.key for t in tokens)
        return bool(self.gazetteer.curated(key) or self.gazetteer.geonames(key))

    def _surnames(self) -> set[str]:
        """Last words of names that look like people's: after a title, or 2-3 plain capitalised words."""
        surnames = set()
        for run in self.runs:
            if len(run) < 2 or self._is_place(run):
                continue
            titled = [i for i, t in enumerate(run) if t.key in TITLES]
            if titled and titled[-1] + 1 < len(run):
                person = run[titled[-1] + 1 :]
            elif len(run) <= 3 and all(
                t.word[0].isupper() and t.word[1:].islower() and not _is_descriptive(t.key) for t in run
            ):
                person = run
            else:
                continue
            if all(self.text[a.end : b.start] == " " for a, b in pairwise(person)) and not self._is_place(person):
                surnames.add(person[-1].key)
        return surnames

    def _words_from(self, start: int, limit: int) -> list[tuple[str, int, bool]]:
        """Up to `limit` folded words from `start` as (key, end, capitalised), across spaces and hyphens only.

        Reading stops where no known name goes on, so a long run of capitalised words ("A A A …")
        costs a word or two per word, not `limit`.
        """
        words: list[tuple[str, int, bool]] = []
        position = start
        joined = ""
        while len(words) < limit:
            found = _WORD.match(self.text, position)
            if not found:
                break
            key = self._key(found.group())
            if key:  # "the" folds to nothing: part of the span, not of the key
                words.append((key, found.end(), found.group()[0].isupper()))
                joined = f"{joined} {key}" if joined else key
                if not self.gazetteer.continues(joined):
                    break
            position = found.end()
            if key in NAME_ABBREVIATIONS and len(words) == 1 and self.text[position : position + 2] == ". ":
                position += 1  # "St. Louis": on past the abbreviation's period
            if self.text[position : position + 1] not in (" ", "-"):
                break
            position += 1
        return words

    def _geonames_allowed(self, start: int, end: int, words: list[tuple[str, int, bool]]) -> bool:
        if start not in self.run_starts or end not in self.run_ends:
            return False
        if len(words) > 1:
            return True
        key = words[0][0]
        return not (_is_descriptive(key) or key in INSTITUTION_WORDS or key in self.surnames)

    def _match_at(self, token: _Token) -> tuple[list[Match], int, str] | None:
        """The candidates for the longest name starting at this token, where it ends, and its folded key."""
        admin = self.admin_at.get(token.start)
        if admin is not None:
            return admin
        limit = min(_MAX_NAME_WORDS, self.gazetteer.longest_name(token.key))
        # When no longer name starts with this word, the token alone is the only candidate.
        words = [(token.key, token.end, token.capitalised)] if limit == 1 else self._words_from(token.start, limit)
        for count in range(len(words), 0, -1):
            span = words[:count]
            if not token.capitalised and not any(capitalised for _, _, capitalised in span):
                continue
            key = " ".join(k for k, _, _ in span)
            end = span[-1][1]
            match = self.gazetteer.curated(key)
            if match is not None:
                # Its GeoNames namesakes too, for a text about somewhere else (see `resolve`).
                whole = token.in_run and self._geonames_allowed(token.start, end, span)
                return [match, *(self.gazetteer.geonames_candidates(key) if whole else ())], end, key
            if token.in_run and len(key) > 2 and self._geonames_allowed(token.start, end, span):
                candidates = self.gazetteer.geonames_candidates(key)
                if count == 1 and _is_acronym(token.word) and token.start not in self.dateline_words:
                    candidates = [c for c in candidates if c.source in _COUNTRY_SOURCES]
                if candidates:
                    return candidates, end, key
            elif token.in_run and token.start in self.run_starts and (named_after := self._named_after(key, end)):
                return named_after, end, key
            elif token.in_run and _is_acronym(token.word) and count == 1:
                countries = [c for c in self.gazetteer.geonames_candidates(key) if c.source in _COUNTRY_SOURCES]
                if countries:
                    return countries, end, key
        return self._demonym_at(token)

    def _leads_a_name(self, key: str, end: int) -> bool:
        """Whether the run goes on after `end` with an institution word or a very common English word
        ("Department", "Public", "Police"), not a surname ("Smith", "Jones" are less common)."""
        after = _NEXT_WORD.match(self.text, end)
        if after is None or not after.group(1)[:1].isupper() or end in self.run_ends or _is_descriptive(key):
            return False
        word = after.group(1).lower()
        return (
            word in INSTITUTION_WORDS
            or word in AREA_OFFICER_WORDS
            or english_frequency(word) >= ORGANISATION_WORD_FREQUENCY
            or self._run_last_key(after.start(1)) in ORGANISATION_HEADS | INSTITUTION_WORDS
        )

    def _run_last_key(self, start: int) -> str:
        """The last word of the run holding the token that starts at `start` ("" if none)."""
        if self._token_at is None:
            self._token_at = {t.start: t for t in self.tokens}
        token = self._token_at.get(start)
        return self.runs[token.run][-1].key if token is not None and token.run >= 0 else ""

    def _named_after(self, key: str, end: int) -> list[Match]:
        """The area ("Kentucky Department of Education") or town ("Fargo Mayor Jane Doe", "Cottonport Fire
        Station") that the organisation or officer going on after `end` is named after, or []."""
        candidates = self.gazetteer.geonames_candidates(key)
        areas = [c for c in candidates if c.kind in ("country", "region")]
        if self._serves_a_town(key, end):  # a mayor, police or fire service is a town's, if a town has the name
            return [c for c in candidates if c not in areas] or areas
        return areas if self._leads_a_name(key, end) else []

    def _serves_a_town(self, key: str, end: int) -> bool:
        """Whether the run goes on after a town's name with a local body or officer ("Police", "Mayor")."""
        after = _NEXT_WORD.match(self.text, end)
        if after is None or not after.group(1)[:1].isupper() or after.group(1).lower() not in LOCAL_BODY_WORDS:
            return False
        return not (end in self.run_ends or _is_descriptive(key) or key in self.surnames)

    def _demonym_at(self, token: _Token) -> tuple[list[Match], int, str] | None:
        """The country a capitalised demonym or adjective of one or more words names ("Russian",
        "Israelis", "Sri Lankan", "New Zealanders"), where it ends and its key; or None."""
        if not self.demonyms or not token.capitalised:
            return None
        words = self._words_from(token.start, _MAX_NAME_WORDS)
        for count in range(len(words), 0, -1):
            span = words[:count]
            key = " ".join(k for k, _, _ in span)
            if len(key) < 4 or not all(capitalised for _, _, capitalised in span):
                continue
            country = self.gazetteer.demonym_country(key)
            if country is None and key.endswith("s"):
                country = self.gazetteer.demonym_country(key[:-1])
            if country is not None:
                return [country], span[-1][1], key
        return None

    def _admin_units(self) -> dict[int, tuple[list[Match], int, str]]:
        """Names followed by a unit word ("Fuzuli District", "Kherson oblast"), by the name's start.

        The unit comes from the subdivision list (geo.text.gazetteer.admin_units); failing that, a
        place of the same name stands for the unit's seat. Either way it is approximate.
        """
        found: dict[int, tuple[list[Match], int, str]] = {}
        units = admin_units()
        for hit in _ADMIN_NAME.finditer(self.text):
            starts = [m.start() for m in _WORD.finditer(self.text, hit.start(1), hit.end(1))]
            word = hit.group(2)
            # A plural unit word is shared by several names ("Douglas and Wyandotte counties"): it is
            # no part of the last one, which names one unit ("Wyandotte county").
            plural = word.lower() != "municipality" and word.lower().endswith("s")
            end = hit.end(1) if plural else hit.end(2)
            word = _singular(word) if plural else word
            for start in starts:  # "In Fuzuli District": try "In Fuzuli", then "Fuzuli"
                base = normalise_key(self.text[start : hit.end(1)])
                if not base or _is_stopword(base):
                    continue
                curated = self.gazetteer.curated(f"{base} {normalise_key(word)}") or self.gazetteer.curated(base)
                if curated is not None and curated.kind in _AREA_KINDS:
                    candidates = [curated]  # "Lachin District", "the Mediterranean region": the area itself
                else:
                    candidates = list(units.get(base, ()))
                if not candidates:
                    seats = [curated] if curated else self.gazetteer.geonames_candidates(base)
                    label = f"{self.text[start : hit.end(1)]} {word}"
                    candidates = [_as_unit(seat, label) for seat in seats if seat.kind not in ("country", "continent")]
                if candidates:
                    found[start] = (candidates, end, base)
                    break
        return found

    def _cue_before(self, start: int) -> bool:
        if start in self.dateline_words:  # a dateline says where the story was filed, as "in" does
            return True
        before = _CUE_BEFORE.search(self.text, max(0, start - 40), start)
        return bool(before and before.group(1).lower() in CUE_WORDS)

    def _not_a_place_after(self, end: int) -> bool:
        after = _NEXT_WORD.match(self.text, end)
        return bool(after and after.group(1).lower() in NOT_PLACE_AFTER)

    def _geography(self, found: list[_Found], choices: dict[tuple[str, bool], Choice] | None) -> Geography:
        """Countries the text names (and demonyms), and the points it names with certainty."""
        countries: list[str] = [DEMONYM_COUNTRIES[t.key] for t in self.tokens if t.key in DEMONYM_COUNTRIES]
        points: list[tuple[float, float]] = []
        chosen: list[tuple[str, tuple[float, float]]] = []  # (name, point) placed by the first round
        unit_points: list[tuple[float, float]] = []
        placed = [
            (choice.match.lat, choice.match.lon)
            for choice in (choices or {}).values()
            if choice is not None and choice.confidence >= CONFIDENT and choice.match.kind not in _WIDE_KINDS
        ]
        for _, _, key, candidates, cue in found:
            first = candidates[0]
            qualified = self.qualified.get(key)
            if qualified is not None:  # "Athens, Ga.": the Athens in Georgia, whatever else is called Athens
                if qualified.match.kind not in _WIDE_KINDS:
                    points.append((qualified.match.lat, qualified.match.lon))
                else:
                    countries.append(qualified.match.country)
                    if qualified.match.kind == "region":
                        unit_points.append((qualified.match.lat, qualified.match.lon))
                continue
            units = [c for c in candidates if c.kind == "region" and c.source == "geonames-admin"]
            curated = first.source == "curated"  # its GeoNames namesakes ("Washington" the state) are no evidence
            if curated and first.kind not in ("country", "continent"):
                points.extend(self._curated_point(first, choices.get((key, cue)) if choices is not None else None))
            elif first.kind in ("country", "continent"):
                if curated or not units:  # "Georgia" may be the US state: not evidence of a country
                    code = first.country or self._country_code(first)
                    countries.append(code)
            elif (
                len(units) == 1
                and normalise_key(units[0].name) == key
                and not any(c.population >= CITY_POPULATION for c in candidates)
            ):  # "Texas", "Kentucky" name their country; "Savannah" (also a region of Ghana) does not
                countries.append(units[0].country)
                unit_points.append((units[0].lat, units[0].lon))
            elif choices is not None:
                choice = choices.get((key, cue))
                # An area's point is no evidence of what lies near it; a state's is of what lies in it.
                if choice is not None and choice.confidence >= 0.8 and choice.match.kind not in _WIDE_KINDS:
                    chosen.append((key, (choice.match.lat, choice.match.lon)))
                elif choice is not None and choice.confidence >= CONFIDENT and choice.match.kind == "region":
                    unit_points.append((choice.match.lat, choice.match.lon))
        self.own_points = _own_points(chosen, points)
        return Geography.of(countries, points + [point for _, point in chosen], unit_points, placed)

    @staticmethod
    def _curated_point(curated: Match, choice: Choice | None) -> list[tuple[float, float]]:
        """The point one of the app's own places gives the text's geography: its own, unless the text
        placed the name at a GeoNames namesake instead (then that one's, if placed with confidence)."""
        if choice is None or choice.match.source == "curated":
            return [(curated.lat, curated.lon)]
        if choice.confidence >= 0.8 and choice.match.kind not in _WIDE_KINDS:
            return [(choice.match.lat, choice.match.lon)]
        return []

    def _country_code(self, match: Match) -> str:
        entry = self.gazetteer.geonames(normalise_key(match.name))
        return entry.country if entry is not None and entry.kind == "country" else ""

    def find(self) -> list[tuple[int, Mention]]:
        """(position in the normalised text, mention) for every place and unresolved name, in text order."""
        found = self._dotted_units(self._qualified(self._names_found()))
        choices = self._choose(found)
        paragraphs = [self.doc.paragraph(self.doc.raw_span(token.start, end)[0]) for token, end, *_ in found]
        mentions = self._place_mentions(found, choices, paragraphs)
        mentions += self._unresolved()
        return sorted(mentions, key=lambda located: located[0])

    def _names_found(self) -> list[_Found]:
        """Every name the gazetteer knows, in text order, with its candidates and whether a cue word precedes it."""
        found: list[_Found] = []
        consumed = 0
        for token in self.tokens:
            if token.start < consumed or not token.key:
                continue
            hit = self._match_at(token)
            if hit is None:
                continue
            candidates, end, key = hit
            if candidates[0].kind != "country" and self._not_a_place_after(end):
                continue  # "Grad rockets", "the Minsk agreements": a name used for something else
            consumed = end
            found.append((token, end, key, candidates, self._cue_before(token.start)))
        return found

    def _dotted_units(self, found: list[_Found]) -> list[_Found]:
        """A state's or province's written abbreviation (not a postal code: "Co." is no CO) with its dots,
        anywhere ("Mass. legislators", "Sen. Bob Casey, D-Pa., said"), is a mention of the unit; not
        before a capital, where the dot may end a sentence ("they attended Mass. Then")."""
        taken = [(token.start, end) for token, end, *_ in found]
        token_at = {t.start: t for t in self.tokens}
        added: list[_Found] = []
        for hit in _DOTTED_UNIT.finditer(self.text):
            token = token_at.get(hit.start())
            if token is None or any(start < hit.end() and hit.start() < end for start, end in taken):
                continue
            key = normalise_key(hit.group())
            written = hit.group().replace(" ", "") in written_abbreviations()
            area = self.gazetteer.unit_abbreviation(key) if written else None
            if area is not None:
                added.append((token, hit.end(), key, [area], False))
                self.qualified.setdefault(key, Choice(area, 0.9, "an abbreviation of a state or province", (area,)))
        return sorted([*found, *added], key=lambda item: item[0].start) if added else found

    def _qualified(self, found: list[_Found]) -> list[_Found]:
        """Reads "Athens, Ga.", "Paris, Texas", "London, Ontario": the state, province or country
        after the comma says which place the name before it is (kept in `self.qualified`, for the
        whole text). An abbreviation there ("Ga.", "W.Va.", "GA") is a mention of its unit too."""
        by_start = {item[0].start: item for item in found}
        token_at = {t.start: t for t in self.tokens}
        added: list[_Found] = []
        for _, end, key, candidates, _ in found:
            comma = _AFTER_COMMA.match(self.text, end)
            if comma is None or key in self.qualified:
                continue
            following = by_start.get(comma.end())
            if following is not None:
                area_key = following[2]
                area = next((c for c in following[3] if c.kind in ("region", "country")), None)
                listed = _LIST_GOES_ON.match(self.text, following[1])
                if listed is not None and listed.end() in by_start:  # "Izium, Balakliia and Kupiansk": a list
                    area = None
            else:
                written = _UNIT_ABBREVIATION.match(self.text, comma.end())
                area_key = normalise_key(written.group()) if written else ""
                area = self.gazetteer.unit_abbreviation(area_key) if area_key else None
                if area is not None and comma.end() in token_at:
                    added.append((token_at[comma.end()], written.end(), area_key, [area], False))
            choice = self._within(key, candidates, area) if area is not None else None
            if choice is not None:
                self.qualified[key] = choice
                self.qualified.setdefault(
                    area_key, Choice(area, 0.95, "names the area of the place before it", (area,))
                )
        return sorted([*found, *added], key=lambda item: item[0].start)

    def _within(self, key: str, candidates: list[Match], area: Match) -> Choice | None:
        """The place of this name in the area: the most populous near the area's point, else the nearest
        (a state's point within 1,200 km, a country's within 2,500)."""
        if candidates[0].kind in _WIDE_KINDS:  # "Benin, Mali": a list of areas, not a place and its area
            return None
        pool = (
            [*candidates, *self.gazetteer.geonames_candidates(key)] if candidates[0].source == "curated" else candidates
        )
        reach = QUALIFIED_STATE_KM if area.kind == "region" else QUALIFIED_COUNTRY_KM
        fits = [
            c
            for c in dict.fromkeys(pool)
            if c.kind not in _WIDE_KINDS
            and (not c.country or not area.country or c.country == area.country)
            and km_between(c.lat, c.lon, area.lat, area.lon) <= reach
        ]
        if not fits:
            return None
        if fits[0].source == "curated":  # the app's own place, where the text says it is
            return Choice(fits[0], 0.95, f"in the app's own gazetteer, in {area.name}", tuple(fits))
        distance = {c: km_between(c.lat, c.lon, area.lat, area.lon) for c in fits}
        core = [c for c in fits if distance[c] <= QUALIFIED_CORE_KM]
        # Its own name before an alternate one ("Charleston" is also an old name of Lorain, Ohio).
        best = (
            max(core, key=lambda c: (normalise_key(c.name) == key, c.population))
            if core
            else min(fits, key=distance.__getitem__)
        )
        return Choice(best, 0.9, f"named with {area.name} after it", tuple(fits))

    def _choose(self, found: list[_Found]) -> dict[tuple[str, bool], Choice]:
        """Each name's place by the whole text's geography (kept in `self.geography`)."""
        # Two rounds: the first places the names by the countries and curated places alone, the
        # second also by the places the first found with confidence.
        choices: dict[tuple[str, bool], Choice] = {}
        for geography in (self._geography(found, None), None):
            geography = geography or self._geography(found, choices)
            choices = {}
            for _, _, key, candidates, cue in found:
                if (key, cue) not in choices:
                    here = geography.without(self.own_points.get(key, ()))
                    choices[(key, cue)] = self.qualified.get(key) or resolve(key, candidates, here, cue=cue)
        self.geography = geography
        return choices

    def _place_mentions(
        self, found: list[_Found], choices: dict[tuple[str, bool], Choice], paragraphs: list[int]
    ) -> list[tuple[int, Mention]]:
        """The mentions of places kept (the tokens they cover marked matched); a name with several
        candidates is placed again by its own paragraph's confident places."""
        nearby = self._confident_by_paragraph(found, choices, paragraphs)
        geography = self.geography
        local_choices: dict[tuple[str, bool, int], Choice | None] = {}
        starts = [t.start for t in self.tokens]
        mentions: list[tuple[int, Mention]] = []
        for paragraph, (token, end, key, candidates, cue) in zip(paragraphs, found, strict=True):
            choice = choices[(key, cue)]
            local_evidence = len(candidates) > 1 and key not in self.qualified
            if local_evidence and choice is not None and choice.match.source != "curated":
                if (key, cue, paragraph) not in local_choices:
                    local = [point for other, point in nearby.get(paragraph, {}).items() if other != key]
                    here = geography.without(self.own_points.get(key, ()))
                    local_choices[(key, cue, paragraph)] = resolve(key, candidates, here, cue=cue, local=local)
                choice = local_choices[(key, cue, paragraph)]
            if choice is None or choice.confidence < DROPPED:
                continue
            for index in range(bisect.bisect_left(starts, token.start), bisect.bisect_left(starts, end)):
                self.tokens[index].matched = True
            mentions.append((token.start, self._mention(token.start, end, choice)))
        return mentions

    @staticmethod
    def _confident_by_paragraph(
        found: list[_Found], choices: dict[tuple[str, bool], Choice], paragraphs: list[int]
    ) -> dict[int, dict[str, tuple[float, float]]]:
        """Per paragraph, the points of the names placed with confidence (not wide areas)."""
        # Same-named places left close by the whole text are told apart by their own paragraph:
        # "Balakliia" beside "Izium" and "Kharkiv Oblast".
        nearby: dict[int, dict[str, tuple[float, float]]] = {}
        for paragraph, (_, _, key, _, cue) in zip(paragraphs, found, strict=True):
            choice = choices[(key, cue)]
            if choice is not None and choice.confidence >= CONFIDENT and choice.match.kind not in _WIDE_KINDS:
                nearby.setdefault(paragraph, {})[key] = (choice.match.lat, choice.match.lon)
        return nearby

    def _mention(self, start: int, end: int, choice: Choice | None) -> Mention:
        raw_start, raw_end = self.doc.raw_span(start, end)
        match = choice.match if choice else None
        return Mention(
            text=self.doc.raw[raw_start:raw_end],
            place_id=match.place_id if match else None,
            name=match.name if match else self.text[start:end],
            paragraph=self.doc.paragraph(raw_start),
            start=raw_start,
            end=raw_end,
            source=match.source if match else None,
            kind=match.kind if match else None,
            lat=match.lat if match else None,
            lon=match.lon if match else None,
            confidence=choice.confidence if choice else 1.0,
            reason=choice.reason if choice else "",
            uncertain=bool(choice and choice.confidence < CONFIDENT),
            candidates=choice.candidates if choice else (),
        )

    def _unresolved(self) -> list[tuple[int, Mention]]:
        names = []
        for run in self.runs:
            partly_matched = any(t.matched for t in run)
            fragment: list[_Token] = []
            for token in [*run, None]:
                if token is not None and not token.matched:
                    fragment.append(token)
                    continue
                name = self._name_of(fragment)
                if len(name) == 1 and (partly_matched or name[0].key in INSTITUTION_WORDS):
                    name = []
                if name:
                    titled = any(t.key in TITLES for t in fragment[: fragment.index(name[0])])
                    guess = None if titled else self._misspelling(name)  # "Mr. Parris" is a person
                    names.append((name[0].start, self._mention(name[0].start, name[-1].end, guess)))
                fragment = []
        return names

    def _misspelling(self, name: list[_Token]) -> Choice | None:
        """For a capitalised name nothing matched, the well-known place it is a small misspelling of
        ("Tblisi"), as an uncertain choice: listed for the reader to confirm, never drawn as fact.
        Not for demonyms ("Germans" is not Germany misspelled), surnames or common English words."""
        key = " ".join(token.key for token in name)
        if (
            _is_demonym(key)
            or key.endswith(_PEOPLE_ENDINGS)
            or self.gazetteer.demonym_country(key) is not None
            or self.gazetteer.demonym_country(key[:-1]) is not None
            or any(token.key in self.surnames for token in name)
            or english_frequency(key) >= MISSPELLING_MAX_FREQUENCY
        ):
            return None
        near = self.gazetteer.near_miss(key)
        if near is None:
            return None
        match, edits = near
        letters = "letter" if edits == 1 else "letters"
        reason = f"perhaps a misspelling of {match.name} ({edits} {letters} apart): check before mapping it"
        return Choice(match, MISSPELLING_CONFIDENCE, reason, (match,))

    @staticmethod
    def _name_of(fragment: list[_Token]) -> list[_Token]:
        """The fragment without a leading "Azerbaijani President"; empty if only descriptive words are left."""
        lead = 0
        while lead < len(fragment) and _is_descriptive(fragment[lead].key):
            lead += 1
        titled = [i for i in range(lead) if fragment[i].key in TITLES]
        name = fragment[titled[-1] + 1 :] if titled else fragment
        return name if any(not _is_descriptive(t.key) for t in name) else []


def _singular(word: str) -> str:
    """The singular of a plural unit word: "counties" -> "county", "provinces" -> "province"."""
    return word[:-3] + "y" if word.lower().endswith("ies") else word[:-1]


def _as_unit(seat: Match, label: str) -> Match:
    """A town standing for the administrative unit named after it: its point, marked approximate."""
    return Match(
        place_id=f"{seat.place_id}~unit",
        name=label,
        lat=seat.lat,
        lon=seat.lon,
        source=seat.source,
        geonames_id=seat.geonames_id,
        kind="district",
        precision="approximate",
        country=seat.country,
        population=seat.population,
    )


def extract_places(raw: str, gazetteer: Gazetteer, *, demonyms: bool = False) -> list[Mention]:
    """Every place mention (place_id set) and unresolved capitalised name (place_id None), in text order.

    With `demonyms`, a country's demonym or adjective ("Russian", "Israelis") is a mention of the
    country, as the LGL and GeoWebNews corpora annotate them; the app's maps leave them out.
    """
    return [mention for _, mention in _PlaceFinder(_Document(raw), gazetteer, demonyms=demonyms).find()]


def extract_unresolved(raw: str, gazetteer: Gazetteer) -> list[Mention]:
    """The capitalised names that resolve to no place (people, organisations, events)."""
    return [m for m in extract_places(raw, gazetteer) if m.place_id is None]


# --- dates -----------------------------------------------------------------------------------

_MONTH_NUMBERS = {name: number for number, name in enumerate(MONTHS, start=1)}
_MONTH = "(?:" + "|".join(MONTHS) + ")"
_DATE = re.compile(
    rf"\b(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)(?:,?\s+(?P<year>\d{{4}})(?!\d))?"
    rf"|\b(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month2>{_MONTH})(?:,?\s+(?P<year2>\d{{4}})(?!\d))?"
    rf"|\b(?P<month3>{_MONTH}),?\s+(?P<year3>\d{{4}})(?!\d)"
    r"|\b(?i:in|from|since|until|till|by|before|after|during|of|the|around|circa)\s+(?P<year4>1[5-9]\d\d|20\d\d)(?!\w)"
)


@dataclass
class _FoundDate:
    start: int  # in the normalised text
    end: int
    year: int | None
    month: int | None
    day: int | None


def _found_dates(text: str) -> list[_FoundDate]:
    found = []
    for m in _DATE.finditer(text):
        if m.group("year4"):
            found.append(_FoundDate(m.start("year4"), m.end(), int(m.group("year4")), None, None))
            continue
        month = m.group("month") or m.group("month2") or m.group("month3")
        day = m.group("day") or m.group("day2")
        year = m.group("year") or m.group("year2") or m.group("year3")
        found.append(
            _FoundDate(
                m.start(), m.end(), int(year) if year else None, _MONTH_NUMBERS[month], int(day) if day else None
            )
        )
    return found


def _valid(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _nearest(reference: dt.date, month: int, day: int) -> dt.date | None:
    """The date with this month and day closest to the reference (so December then January rolls over)."""
    options = [d for y in (reference.year - 1, reference.year, reference.year + 1) if (d := _valid(y, month, day))]
    return min(options, key=lambda d: abs(d - reference)) if options else None


def _dates(doc: _Document) -> list[tuple[int, DateMention]]:
    found = _found_dates(doc.text)
    full = [(f.start, d) for f in found if f.day and f.year and (d := _valid(f.year, f.month, f.day))]
    full_starts = [start for start, _ in full]
    sentence_texts: dict[tuple[int, int], str] = {}
    mentions = []
    for item in found:
        inferred = False
        if item.day is None:
            date, precision = None, "month" if item.month else "year"
            iso = f"{item.year:04d}-{item.month:02d}" if item.month else f"{item.year:04d}"
        else:
            precision = "day"
            if item.year is not None:
                date = _valid(item.year, item.month, item.day)
            else:
                # The most recent full date before it sets the context; failing that, the next one.
                before = bisect.bisect_left(full_starts, item.start)
                reference = full[before - 1][1] if before else (full[0][1] if full else None)
                date = _nearest(reference, item.month, item.day) if reference else None
                inferred = True
            if date is None:
                continue
            iso = date.isoformat()
        raw_start, raw_end = doc.raw_span(item.start, item.end)
        sentence = doc.sentence_of(item.start)
        if sentence not in sentence_texts:  # copied once, however many dates one long sentence holds
            sentence_texts[sentence] = doc.text[sentence[0] : sentence[1]].strip()
        mentions.append(
            (
                item.start,
                DateMention(
                    text=doc.raw[raw_start:raw_end],
                    date=iso,
                    precision=precision,
                    paragraph=doc.paragraph(raw_start),
                    start=raw_start,
                    end=raw_end,
                    sentence=sentence_texts[sentence],
                    year_from_context=inferred,
                ),
            )
        )
    return mentions


def extract_dates(raw: str) -> list[DateMention]:
    """Dates in the text: "October 28, 2020" (day), "April 2016" (month), "in 1885" (year).

    A day without a year ("On November 8") takes the year that puts it nearest the most recent
    full date before it (the first full date of the text if none comes before); with no full
    date in the text at all it is left out.
    """
    return [date for _, date in _dates(_Document(raw))]


# --- everything at once ----------------------------------------------------------------------


def _summaries(
    mentions: list[Mention],
) -> tuple[tuple[PlaceSummary, ...], tuple[PlaceSummary, ...], tuple[NameSummary, ...]]:
    """Confident places, uncertain ones and unresolved names, each in order of first mention.

    A place is as sure as its surest mention (a name after "in" may settle what a bare mention left open).
    """
    places: dict[str, list[Mention]] = {}
    names: dict[str, list[Mention]] = {}
    for mention in mentions:
        if mention.place_id:
            places.setdefault(mention.place_id, []).append(mention)
        else:
            names.setdefault(normalise_key(mention.name), []).append(mention)
    confident, uncertain = [], []
    for place_id, group in places.items():
        best = max(group, key=lambda m: m.confidence)
        first = group[0]
        summary = PlaceSummary(
            place_id=place_id,
            name=first.name,
            source=first.source or "",
            kind=first.kind or "",
            lat=first.lat if first.lat is not None else float("nan"),
            lon=first.lon if first.lon is not None else float("nan"),
            count=len(group),
            paragraphs=tuple(sorted({m.paragraph for m in group})),
            confidence=best.confidence,
            reason=best.reason,
            uncertain=best.uncertain,
            candidates=best.candidates,
            text=first.text,
            precision=next((c.precision for c in best.candidates if c.place_id == place_id), "exact"),
        )
        (uncertain if summary.uncertain else confident).append(summary)
    name_summaries = tuple(
        NameSummary(group[0].name, len(group), tuple(sorted({m.paragraph for m in group}))) for group in names.values()
    )
    return tuple(confident), tuple(uncertain), name_summaries


def extract(raw: str, gazetteer: Gazetteer) -> ExtractionResult:
    """Places, unresolved names, dates and the dated sentences (with the places they name) of a text."""
    doc = _Document(raw)
    located = _PlaceFinder(doc, gazetteer).find()
    dates = _dates(doc)
    mentions = [mention for _, mention in located]
    places, uncertain, unresolved = _summaries(mentions)
    shown = {place.place_id for place in places}
    # Place ids as dict keys: in order, each once, and found in constant time (a sentence may name thousands).
    by_sentence: dict[tuple[int, int], tuple[list[str], dict[str, None]]] = {}
    for position, date in dates:
        by_sentence.setdefault(doc.sentence_of(position), ([], {}))[0].append(date.date)
    for position, mention in located:
        held = by_sentence.get(doc.sentence_of(position))
        if held is not None and mention.place_id in shown:
            held[1].setdefault(mention.place_id)
    dated = []
    for (start, end), (iso_dates, place_ids) in by_sentence.items():
        raw_start, raw_end = doc.raw_span(start, end)
        dated.append(
            DatedSentence(
                doc.text[start:end], doc.paragraph(raw_start), raw_start, raw_end, tuple(iso_dates), tuple(place_ids)
            )
        )
    return ExtractionResult(places, tuple(mentions), tuple(d for _, d in dates), tuple(dated), unresolved, uncertain)
