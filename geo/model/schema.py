"""The data model: field names, allowed values and the checks every feature must pass.

Places and events are GeoJSON FeatureCollections. Each check returns a list of
`Problem`s instead of raising, so one run reports every bad field at once; the
loader turns a non-empty list into a `DataError`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
import reprlib
from dataclasses import dataclass

import shapely.geometry

from geo.model.i18n import M_, N_, Texts

PLACE_KINDS = (
    "capital",
    "city",
    "town",
    "district",
    "region",
    "territory",
    "country",
    "continent",
    "sea",
    "corridor",
)
PRECISIONS = ("exact", "approximate", "schematic")
NAME_LANGUAGES = ("en", "az", "hy", "ru")
# Our own wording of an event (and the article's claim) may come translated, as optional fields
# beside the English: `title_az`, `summary_hy`, `source_claim_ru` …
TRANSLATED_EVENT_FIELDS = ("title", "summary", "source_claim")
TRANSLATION_LANGUAGES = ("az", "hy", "ru")
TRANSLATION_FIELDS = tuple(f"{field}_{lang}" for field in TRANSLATED_EVENT_FIELDS for lang in TRANSLATION_LANGUAGES)
# A place's note, translated the same way (`note_az` …).
PLACE_TRANSLATION_FIELDS = tuple(f"note_{lang}" for lang in TRANSLATION_LANGUAGES)
# Inside `casualties`, who reported the figures and how, translated the same way (`reported_by_hy` …).
TRANSLATED_CASUALTY_FIELDS = ("reported_by", "qualifier")

CATEGORIES = (
    "armed-clash",
    "strike",
    "ceasefire",
    "diplomacy",
    "agreement",
    "territorial-change",
    "peacekeeping",
    "infrastructure",
    "context",
)
# What the cards, legends and tables call each category.
CATEGORY_LABELS = {
    "armed-clash": N_("Armed clash"),
    "strike": N_("Strike on a town"),
    "ceasefire": N_("Ceasefire"),
    "diplomacy": N_("Diplomacy"),
    "agreement": N_("Agreement"),
    "territorial-change": N_("Territorial change"),
    "peacekeeping": N_("Peacekeeping"),
    "infrastructure": N_("Transport and infrastructure"),
    "context": N_("Background"),
}
DATE_PRECISIONS = ("day", "month", "year")
# Uploaded events' ids start with this, so they never collide with the article's.
UPLOAD_ID_PREFIX = "yours-"

# The source article has 35 blank-line-separated blocks; other texts may have more.
ARTICLE_PARAGRAPHS = 35

# Matched with fullmatch and ASCII digits: `$` would accept a trailing newline and `\d`
# other scripts' digits, which later date parsing rejects.
SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
DATE_PATTERNS = {
    "day": re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}"),
    "month": re.compile(r"[0-9]{4}-[0-9]{2}"),
    "year": re.compile(r"[0-9]{4}"),
}
MAX_TEXT = 4000
# Characters no XML (so no KML) file may hold: C0 controls other than tab and line breaks, and
# two noncharacters. Lone surrogates (half of a character pair, from a JSON escape such as
# "\ud83d") are no character at all: no file, table or browser can take them.
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def unusable_character(text: str) -> str | None:
    """Why `text` cannot be kept as it is, naming the first bad character; None when it can."""
    if match := LONE_SURROGATE.search(text) or XML_FORBIDDEN.search(text):
        code, position = f"U+{ord(match[0]):04X}", str(match.start() + 1)
        if match.re is LONE_SURROGATE:
            return M_(
                "contains {code} at character {position}, half of a character pair (a lone surrogate), which "
                "no file can hold: retype the character or remove it",
                code=code,
                position=position,
            )
        return M_(
            "contains {code} at character {position}, a control character that KML and XML files cannot "
            "hold: remove it",
            code=code,
            position=position,
        )
    return None


class DataError(ValueError):
    """Bad input data; the message names the file, feature, field and value."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    def text(self, language: Texts) -> str:
        """The problems in `language`: the frame and each reason that is a `Message` translated."""
        return "\n".join(problem.text(language) for problem in self.problems)


@dataclass(frozen=True)
class Problem:
    source: str
    index: int | None
    feature_id: object
    field: str
    value: object
    reason: str

    def __str__(self) -> str:
        where = self.source
        if self.index is not None:
            where += f": feature {self.index}"
            if self.feature_id not in (None, ""):
                where += f" (id {short_repr(self.feature_id, 60)})"
        return f"{where}: field {self.field!r} = {short_repr(self.value)}: {self.reason}"

    def text(self, language: Texts) -> str:
        """This problem in `language`; the file, feature, field and bad value stay as given."""
        where = self.source
        if self.index is not None:
            where = language(N_("{source}: feature {number}"), source=self.source, number=self.index)
            if self.feature_id not in (None, ""):
                where += f" (id {short_repr(self.feature_id, 60)})"
        return language(
            N_("{where}: field {field} = {value}: {reason}"),
            where=where,
            field=repr(self.field),
            value=short_repr(self.value),
            reason=language.message(self.reason),
        )


_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxstring, _REPR.maxother, _REPR.maxlist, _REPR.maxdict = 3, 200, 200, 8, 8


def short_repr(value: object, limit: int = 80) -> str:
    """`value` as Python writes it, shortened: bounded in depth and length, however the value is nested."""
    text = _REPR.repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parse_date(value: object, precision: str = "day") -> dt.date:
    """The first day a date string of the given precision covers.

    Raises ValueError naming the value when it does not match the precision.
    """
    if not isinstance(value, str) or precision not in DATE_PATTERNS:
        raise ValueError(M_("{value} is not a {precision} date", value=short_repr(value), precision=repr(precision)))
    if not DATE_PATTERNS[precision].fullmatch(value):
        raise ValueError(M_(_DATE_FORMS[precision], value=short_repr(value)))
    parts = [int(p) for p in value.split("-")] + [1, 1]
    try:
        return dt.date(parts[0], parts[1], parts[2])
    except ValueError as err:
        raise ValueError(
            M_("{value} is not a calendar date ({error})", value=short_repr(value), error=str(err))
        ) from None


def last_day(value: str, precision: str) -> dt.date:
    """The last day a date string of the given precision covers."""
    first = parse_date(value, precision)
    if precision == "year":
        return dt.date(first.year, 12, 31)
    if precision == "month":  # counted within the month: December 9999 has no following month
        return dt.date(first.year, first.month, calendar.monthrange(first.year, first.month)[1])
    return first


# Why a date does not fit its precision, one message per precision (the precision's name is a word of each language).
_DATE_FORMS = {
    "day": N_("{value} does not match the day form YYYY-MM-DD"),
    "month": N_("{value} does not match the month form YYYY-MM"),
    "year": N_("{value} does not match the year form YYYY"),
}


class _Checker:
    """Collects problems for one feature."""

    def __init__(self, source: str, index: int, feature_id: object):
        self.source, self.index, self.feature_id = source, index, feature_id
        self.problems: list[Problem] = []

    def add(self, field: str, value: object, reason: str) -> None:
        self.problems.append(Problem(self.source, self.index, self.feature_id, field, value, reason))

    def text(self, props: dict, field: str, required: bool = True, field_name: str | None = None) -> str | None:
        value = props.get(field)
        field = field_name or field
        if value is None:
            if required:
                self.add(field, value, M_("is required"))
            return None
        if not isinstance(value, str) or not value.strip():
            self.add(field, value, M_("must be a non-empty string"))
            return None
        if len(value) > MAX_TEXT:
            self.add(field, value, M_("is {length} characters, more than the {limit} a field may have",
                                      length=len(value), limit=MAX_TEXT))  # fmt: skip
        elif why := unusable_character(value):
            self.add(field, value, why)
        return value

    def choice(self, props: dict, field: str, allowed: tuple[str, ...]) -> str | None:
        value = props.get(field)
        if value not in allowed:
            self.add(field, value, M_("must be one of {allowed}", allowed=", ".join(allowed)))
            return None
        return value

    def string_list(self, props: dict, field: str, required: bool = True) -> list[str]:
        value = props.get(field)
        if value is None and not required:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.add(field, value, M_("must be a list of non-empty strings"))
            return []
        for item in value:
            if len(item) > MAX_TEXT:
                self.add(field, item, M_("has a name of {length} characters, more than the {limit} it may have",
                                         length=len(item), limit=MAX_TEXT))  # fmt: skip
                return []
            if why := unusable_character(item):
                self.add(field, item, why)
                return []
        return value

    def date(self, props: dict, field: str, precision: str, required: bool = False) -> dt.date | None:
        """The first day the date `field` covers at `precision`; None when it is absent or bad (reported)."""
        value = props.get(field)
        if value is None and not required:
            return None
        try:
            return parse_date(value, precision)
        except ValueError as err:
            self.add(field, value, err.args[0] if err.args and isinstance(err.args[0], str) else str(err))
            return None

    def paragraphs(self, props: dict, max_paragraph: int, required: bool) -> list[int]:
        value = props.get("source_paragraphs")
        if value is None and not required:
            return []
        ok = isinstance(value, list) and all(
            isinstance(p, int) and not isinstance(p, bool) and 1 <= p <= max_paragraph for p in value
        )
        if not ok or (required and not value):
            reason = (
                M_("must be a non-empty list of paragraph numbers 1..{last}", last=str(max_paragraph))
                if required
                else M_("must be a list of paragraph numbers 1..{last}", last=str(max_paragraph))
            )
            self.add("source_paragraphs", value, reason)
            return []
        return value


def _check_geometry(check: _Checker, geometry: object, allowed: tuple[str, ...]) -> None:
    if not isinstance(geometry, dict) or geometry.get("type") not in allowed:
        kind = geometry.get("type") if isinstance(geometry, dict) else geometry
        check.add("geometry", kind, M_("must be a GeoJSON {kinds}", kinds=" / ".join(allowed)))
        return
    for lon, lat in _positions(geometry):
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            check.add("geometry", [lon, lat], M_("longitude must be in -180..180 and latitude in -90..90"))
            return
    # shapely is the judge of structure: whatever it cannot build, the loader could not either.
    try:
        shapely.geometry.shape(geometry)
    except Exception as err:  # noqa: BLE001 - malformed input raises many kinds of error
        check.add("geometry", geometry["type"], M_("is not a valid GeoJSON {kind}: {error}",
                                                   kind=str(geometry["type"]), error=str(err)))  # fmt: skip


def _positions(geometry: dict):
    """Every (lon, lat) pair in a GeoJSON geometry; malformed nesting or numbers yield a NaN pair."""
    if geometry.get("type") == "GeometryCollection":
        parts = geometry.get("geometries")
        for part in parts if isinstance(parts, list) else [None]:
            yield from _positions(part) if isinstance(part, dict) else [(math.nan, math.nan)]
        return
    stack = [geometry.get("coordinates")]
    while stack:
        item = stack.pop()
        if (
            isinstance(item, list)
            and len(item) in (2, 3)
            and all(isinstance(c, (int, float)) and not isinstance(c, bool) for c in item)
        ):
            try:
                yield float(item[0]), float(item[1])
            except OverflowError:  # an integer too large for a float
                yield math.nan, math.nan
        elif isinstance(item, list) and item:
            stack.extend(item)
        else:
            yield math.nan, math.nan


def _feature_parts(source: str, index: int, feature: object) -> tuple[_Checker, dict] | None:
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        check = _Checker(source, index, None)
        check.add("type", feature.get("type") if isinstance(feature, dict) else feature, M_("must be 'Feature'"))
        return check, {}
    props = feature.get("properties")
    fid = props.get("id") if isinstance(props, dict) else None
    check = _Checker(source, index, fid)
    if not isinstance(props, dict):
        check.add("properties", props, M_("must be an object"))
        return check, {}
    if not isinstance(fid, str) or not SLUG_RE.fullmatch(fid):
        check.add("id", fid, M_("must be a slug of lower-case letters, digits and single hyphens"))
    if "id" in feature and feature["id"] != fid:
        check.add("id", feature["id"], M_("feature id differs from properties.id {id}", id=short_repr(fid, 60)))
    return check, props


def check_place(source: str, index: int, feature: object, max_paragraph: int = ARTICLE_PARAGRAPHS) -> list[Problem]:
    check, props = _feature_parts(source, index, feature)
    if not props:
        return check.problems
    check.text(props, "name")
    names = props.get("names")
    if not isinstance(names, dict) or not isinstance(names.get("en"), str) or not names["en"].strip():
        check.add("names", names, M_("must be an object with at least a non-empty 'en' name"))
    else:
        for lang, name in names.items():
            if lang not in NAME_LANGUAGES or not isinstance(name, str) or not name.strip():
                check.add(
                    f"names.{lang}",
                    name,
                    M_("language must be one of {languages}, name non-empty", languages=", ".join(NAME_LANGUAGES)),
                )
    check.string_list(props, "aliases")
    kind = check.choice(props, "kind", PLACE_KINDS)
    precision = check.choice(props, "precision", PRECISIONS)
    if kind == "corridor" and precision not in (None, "schematic"):
        check.add("precision", precision, M_("a corridor is drawn schematically: precision must be 'schematic'"))
    gid = props.get("geonames_id")
    if gid is not None and (not isinstance(gid, int) or isinstance(gid, bool) or gid <= 0):
        check.add("geonames_id", gid, M_("must be a positive integer or null"))
    contested = props.get("contested_names")
    if contested is not None and not (
        isinstance(contested, dict)
        and set(contested) in ({"az", "hy"}, {"az", "hy", "hy_ru"})
        and all(isinstance(v, str) and v.strip() for v in contested.values())
    ):
        check.add(
            "contested_names",
            contested,
            M_(
                "must be an object with non-empty 'az' and 'hy' names (and optionally 'hy_ru', the Armenian name "
                "in Cyrillic)"
            ),
        )
    exonyms = props.get("exonyms")
    if exonyms is not None and not (
        isinstance(exonyms, dict)
        and all(lang in NAME_LANGUAGES and isinstance(v, str) and v.strip() for lang, v in exonyms.items())
    ):
        check.add(
            "exonyms",
            exonyms,
            M_("must map namings ({namings}) to official local names", namings=", ".join(NAME_LANGUAGES)),
        )
    check.paragraphs(props, max_paragraph, required=False)
    check.text(props, "note", required=False)
    for field in PLACE_TRANSLATION_FIELDS:
        check.text(props, field, required=False)
    allowed = ("LineString", "MultiLineString") if kind == "corridor" else ("Point", "Polygon", "MultiPolygon")
    _check_geometry(check, feature.get("geometry"), allowed)
    return check.problems


def check_event(
    source: str,
    index: int,
    feature: object,
    place_ids: set[str] | None = None,
    max_paragraph: int = ARTICLE_PARAGRAPHS,
    require_source: bool = True,
) -> list[Problem]:
    """Checks one event. `place_ids` None skips the place cross-check (uploaded events
    carry their own geometry); `require_source` is off for uploads, which cite no article."""
    check, props = _feature_parts(source, index, feature)
    if not props:
        return check.problems
    precision = check.choice(props, "date_precision", DATE_PRECISIONS)
    start = check.date(props, "date", precision, required=True) if precision else None
    end = check.date(props, "end_date", "day")
    if start and end and end < start:
        check.add("end_date", props["end_date"], M_("is before date {date}", date=repr(props.get("date"))))
    _check_placement(check, props, precision, start)
    check.text(props, "title")
    check.text(props, "summary")
    check.choice(props, "category", CATEGORIES)
    places = check.string_list(props, "places", required=place_ids is not None)
    if place_ids is not None:
        for place in places:
            if place not in place_ids:
                check.add("places", place, M_("is not the id of a place in the places file"))
    check.paragraphs(props, max_paragraph, required=require_source)
    check.text(props, "source_claim", required=require_source)
    for field in TRANSLATION_FIELDS:
        check.text(props, field, required=False)
    casualties = props.get("casualties")
    if casualties is not None:
        _check_casualties(check, casualties)
    _check_geometry(check, feature.get("geometry"), ("Point", "MultiPoint", "GeometryCollection"))
    return check.problems


def _check_placement(check: _Checker, props: dict, precision: str | None, start: dt.date | None) -> None:
    """The optional fields that place an event in sequence: `not_before` (the earliest day the
    source allows, for an event known only to the month or year), `day_order` (1, 2, … among
    events of the same day) and `date_approximate` (a day that is inferred, not stated)."""
    earliest = check.date(props, "not_before", "day")
    if earliest is not None:
        not_before = props["not_before"]
        if precision == "day":
            check.add("not_before", not_before, M_("is only for events known to the month or year"))
        elif start and not (start <= earliest <= last_day(props["date"], precision)):
            check.add("not_before", not_before, M_("must fall within date {date}", date=repr(props.get("date"))))
    order = props.get("day_order")
    if order is not None and (not isinstance(order, int) or isinstance(order, bool) or order < 1):
        check.add("day_order", order, M_("must be a whole number ≥ 1"))
    approximate = props.get("date_approximate")
    if approximate is not None and not isinstance(approximate, bool):
        check.add("date_approximate", approximate, M_("must be true or false"))


def _check_casualties(check: _Checker, casualties: object) -> None:
    if not isinstance(casualties, dict):
        check.add("casualties", casualties, M_("must be an object with killed / injured / reported_by"))
        return
    for field in ("killed", "injured"):
        value = casualties.get(field)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            check.add(f"casualties.{field}", value, M_("must be a whole number ≥ 0 or absent"))
    if casualties.get("killed") is None and casualties.get("injured") is None:
        check.add("casualties", casualties, M_("needs 'killed' or 'injured'"))
    reporter = casualties.get("reported_by")
    if not isinstance(reporter, str) or not reporter.strip():
        check.add("casualties.reported_by", reporter, M_("must say who reported the figures"))
    else:
        check.text(casualties, "reported_by", field_name="casualties.reported_by")
    qualifier = casualties.get("qualifier")
    if qualifier is not None and not isinstance(qualifier, str):
        check.add("casualties.qualifier", qualifier, M_("must be a string"))
    elif qualifier:
        check.text(casualties, "qualifier", field_name="casualties.qualifier")
    for field in TRANSLATED_CASUALTY_FIELDS:
        for lang in TRANSLATION_LANGUAGES:
            key = f"{field}_{lang}"
            check.text(casualties, key, required=False, field_name=f"casualties.{key}")


def check_collection(source: str, data: object) -> tuple[list, list[Problem]]:
    """The features of a FeatureCollection, or a problem naming what is wrong with it."""
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        kind = data.get("type") if isinstance(data, dict) else type(data).__name__
        return [], [Problem(source, None, None, "type", kind, M_("must be a GeoJSON FeatureCollection"))]
    features = data.get("features")
    if not isinstance(features, list):
        return [], [Problem(source, None, None, "features", features, M_("must be a list"))]
    return features, []


def duplicate_ids(source: str, features: list) -> list[Problem]:
    seen: dict[str, int] = {}
    problems = []
    for index, feature in enumerate(features):
        props = feature.get("properties") if isinstance(feature, dict) else None
        fid = props.get("id") if isinstance(props, dict) else None
        if isinstance(fid, str):
            if fid in seen:
                problems.append(
                    Problem(
                        source, index, fid, "id", fid, M_("repeats the id of feature {number}", number=str(seen[fid]))
                    )
                )
            seen.setdefault(fid, index)
    return problems
