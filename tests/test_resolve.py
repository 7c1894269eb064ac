"""Place finding weighs evidence: common words, weapons, agreements and one-letter tokens are not
towns; same-named places are told apart by the text's own geography; every place carries a
confidence and a reason, and the unsure ones are kept off the map."""

from __future__ import annotations

import pytest

from geo.model.loader import load_places
from geo.text.extract import extract, extract_places
from geo.text.gazetteer import Gazetteer, Match, transliteration_variant
from geo.text.resolve import CONFIDENT, Geography, is_common_word, km_between, resolve


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer(load_places())


def found(text: str, gazetteer: Gazetteer) -> dict[str, tuple[float, float]]:
    """Mention text -> point of every place put on the map."""
    result = extract(text, gazetteer)
    shown = {p.place_id for p in result.places}
    return {m.text: (m.lat, m.lon) for m in result.mentions if m.place_id in shown}


@pytest.mark.parametrize(
    ("text", "not_places"),
    [
        ("War broke out in the autumn. Battle followed battle.", ["War", "Battle"]),
        ("The Second Karabakh War ended in November. The war was short.", ["War"]),
        ("Armenian forces fired Grad rockets and Iskander missiles at Azerbaijan.", ["Grad", "Iskander"]),
        ("The OSCE Minsk Group and the Minsk agreements failed.", ["Minsk"]),
        ("Section A of the report. Plan B. Armenia said no.", ["A", "B"]),
        ("Russian peacekeepers used Bayraktar drones and HIMARS launchers.", ["Bayraktar", "HIMARS"]),
    ],
)
def test_words_used_for_something_else_are_not_places(gazetteer, text, not_places):
    places = found(text, gazetteer)
    for word in not_places:
        assert word not in places, (word, places)


@pytest.mark.parametrize(
    ("text", "name", "point"),
    [
        # Goris is also an alternate name of Gori (Georgia, larger): Armenia named -> the Armenian town
        ("Armenia said the road to Goris was closed.", "Goris", (39.51, 46.34)),
        # two Balakliias in Ukraine: the one beside Izium and Kupiansk
        ("Ukraine retook Izium, Balakliia and Kupiansk in the Kharkiv Oblast.", "Balakliia", (49.46, 36.84)),
        # Arabic articles spelled differently from GeoNames ("Jisr ash Shughur", "Ar Raqqah")
        ("Syrian forces shelled Jisr al-Shughur and Raqqa.", "Jisr al-Shughur", (35.81, 36.32)),
        # a sentence's first word that is a rare name
        ("Odesa was hit by missiles. Ukraine said so.", "Odesa", (46.48, 30.73)),
    ],
)
def test_same_named_places_are_chosen_by_the_texts_geography(gazetteer, text, name, point):
    places = found(text, gazetteer)
    assert name in places, places
    assert km_between(*places[name], *point) < 30


@pytest.mark.parametrize(
    ("text", "name", "point"),
    [
        ("Azerbaijan took the Fuzuli District in October.", "Fuzuli District", (39.6, 47.15)),
        ("Russia annexed four regions, among them Kherson Oblast.", "Kherson Oblast", (46.64, 32.61)),
        ("Air strikes hit the Idlib Governorate in Syria.", "Idlib Governorate", (35.93, 36.63)),
    ],
)
def test_administrative_units_are_drawn_at_their_seat_and_marked_approximate(gazetteer, text, name, point):
    result = extract(text, gazetteer)
    unit = next(p for p in result.places if p.text == name or p.text.endswith(name))
    assert unit.kind == "district" and unit.precision == "approximate"
    assert km_between(unit.lat, unit.lon, *point) < 60


def test_contested_village_missing_from_geonames_is_found_with_both_names(gazetteer):
    result = extract("Azerbaijan said it took Madagiz and Hadrut; Armenia denied it.", gazetteer)
    names = {p.name for p in result.places}
    assert {"Sugovushan / Madagiz", "Hadrut"} <= names


def test_every_place_has_a_confidence_and_a_reason(gazetteer):
    result = extract("Armenia and Azerbaijan fought near Goris and Shusha in 2020.", gazetteer)
    assert result.places
    for place in result.places:
        assert CONFIDENT <= place.confidence <= 1 and place.reason, place


def test_a_small_town_far_from_everything_the_text_names_is_uncertain_not_mapped(gazetteer):
    # "Sumy" is fine in a Ukrainian text; in a text about Karabakh a lone foreign village stays off the map
    result = extract("Armenia and Azerbaijan fought near Shusha. Later, in Talas, people talked.", gazetteer)
    shown = {p.name for p in result.places}
    assert "Shusha" in shown
    for place in result.uncertain:
        assert place.confidence < CONFIDENT and place.place_id not in {p.place_id for p in result.places}


def test_population_only_breaks_ties():
    from geo.text.gazetteer import Match

    big = Match("a", "Town", 10.0, 10.0, "geonames", 1, "city", "exact", country="XX", population=90_000)
    small = Match("b", "Town", 40.0, 45.0, "geonames", 2, "city", "exact", country="AM", population=3_000)
    choice = resolve("town", [big, small], Geography.of(["AM"], [(40.1, 45.1)]))
    assert choice is not None and choice.match is small and "AM" in choice.reason


@pytest.mark.parametrize(
    ("word", "population", "common"),
    [("war", 775, True), ("battle", 6800, True), ("reading", 230_000, True), ("detroit", 645_705, False),
     ("minsk", 2_000_000, False), ("hadrut", 4_000, False)],
)  # fmt: skip
def test_common_words_by_english_frequency(word, population, common):
    assert is_common_word(word, population) is common


@pytest.mark.parametrize(
    ("key", "variant"),
    [("ar raqqah", "raqqa"), ("jisr ash shughur", "jisr al shughur"), ("deir ez zor", "deir al zor"), ("baku", "baku")],
)
def test_transliteration_variant(key, variant):
    assert transliteration_variant(key) == variant


def _town(name: str, lat: float, lon: float, population: int) -> Match:
    return Match(f"geonames-{name}-{lat}", name, lat, lon, "geonames", None, "city", "exact", "US", population)


def test_a_town_no_other_place_shares_its_name_with_is_mapped_without_other_evidence():
    alone = resolve("schaumburg", [_town("Schaumburg", 42.03, -88.08, 74_000)], Geography({}, []))
    assert alone.confidence >= CONFIDENT and "the only place of this name" in alone.reason
    shared = resolve(
        "pineville",
        [_town("Pineville", 31.32, -92.43, 14_000), _town("Pineville", 35.08, -80.89, 8_000)],
        Geography({}, []),
    )
    assert shared.confidence < CONFIDENT and "the only place" not in shared.reason


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # the US state: the text's other places are in the US
        ("The storm hit Atlanta and Savannah overnight. Georgia officials closed schools in Macon.", "region"),
        ("Flooding closed roads from Columbus to Augusta, and Georgia asked Alabama for help.", "region"),
        # the country: the text names its people or places, even beside a passing "US"
        ("Georgian troops left Tbilisi. Georgia and Armenia met, with US envoys present.", "country"),
        ("Georgian and Azerbaijani officials met; the US embassy said Georgia would host the talks.", "country"),
        ("Batumi and Kutaisi lie in Georgia.", "country"),
        ("Talks in Geneva: Georgia and Armenia sent envoys.", "country"),
        # nothing else to go by: the country
        ("Georgia lawmakers met on Tuesday.", "country"),
    ],
)
def test_georgia_the_state_or_the_country_by_the_texts_geography(gazetteer, text, kind):
    mentions = [m for m in extract(text, gazetteer).mentions if m.text == "Georgia" and m.place_id]
    assert mentions, text
    assert {m.kind for m in mentions} == {kind}


@pytest.mark.parametrize(
    ("text", "name", "point"),
    [
        # the big namesake's own first guess is no evidence for it: the text is about Ontario
        ("Police in London, Ontario, and Kitchener said roads near Toronto were closed.", "London", (42.98, -81.23)),
        # a London borough beside another, not the Canadian city
        ("Residents of Edmonton and Enfield in north London protested.", "Edmonton", (51.62, -0.06)),
    ],
)
def test_a_names_own_first_guess_does_not_count_as_the_texts_geography(gazetteer, text, name, point):
    places = found(text, gazetteer)
    assert name in places, places
    assert km_between(*places[name], *point) < 30


def test_a_namesake_far_from_everything_else_the_text_names_is_not_mapped(gazetteer):
    # Edmonton, Queensland (a suburb GeoNames knows as a small place) or Alberta's capital: never Canada here
    text = "Floods cut the road between Gordonvale and Edmonton, south of Cairns in Queensland, Australia."
    places = found(text, gazetteer)
    assert "Edmonton" not in places or km_between(*places["Edmonton"], -17.02, 145.74) < 30, places


@pytest.mark.parametrize(
    ("text", "lat"),
    [
        ("Organizers of a London rally for the people of Aleppo thanked Canada for its help.", 42.98),  # Ontario's
        ("A London rally thanked Canada.", 42.98),
        ("A fire broke out in London on Tuesday.", 51.51),  # nothing else named: the capital
    ],
)
def test_a_famous_name_is_no_common_word_for_its_smaller_namesakes(text, lat):
    # "london" is a frequent English word only because of London: London, Ontario is not marked
    # down as a common word, so a text about Canada keeps its London.
    mention = next(m for m in extract_places(text, Gazetteer([])) if m.text == "London")
    assert round(mention.lat, 2) == lat and not mention.uncertain
