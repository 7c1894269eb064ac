"""Issue 20: countries and first-level units are areas, and a text's own geography chooses between namesakes."""

from __future__ import annotations

import pytest

from geo.model.loader import load_places
from geo.text.extract import extract_places
from geo.text.gazetteer import Gazetteer
from geo.text.resolve import km_between


@pytest.fixture(scope="module")
def gazetteer():
    return Gazetteer(load_places())


def _mapped(text: str, gazetteer: Gazetteer, **options) -> dict[str, object]:
    return {m.text: m for m in extract_places(text, gazetteer, **options) if m.place_id and not m.uncertain}


@pytest.mark.parametrize(
    ("text", "name", "lat", "lon"),
    [
        ("Protests spread across Mexico on Sunday.", "Mexico", 23.0, -102.0),  # not Mexico City
        ("Officials in Canada and Brazil disagreed.", "Brazil", -10.0, -55.0),  # not Brasília
        ("Storms hit Kentucky and Ohio overnight.", "Kentucky", 37.6, -85.2),  # a state, not a village
        ("Farmers in Queensland waited for rain.", "Queensland", -22.0, 144.0),
    ],
)
def test_countries_and_states_are_drawn_inside_the_area(gazetteer, text, name, lat, lon):
    mention = _mapped(text, gazetteer)[name]
    assert mention.kind in ("country", "region") and mention.kind != "capital"
    assert km_between(mention.lat, mention.lon, lat, lon) < 300, (mention.name, mention.lat, mention.lon)


@pytest.mark.parametrize(
    ("text", "name", "lat", "lon"),
    [
        ("The band played in Paris, Texas, last night.", "Paris", 33.66, -95.56),
        ("She grew up in Athens, Ga., and moved away.", "Athens", 33.96, -83.38),
        ("A fire in Charleston, W.Va. closed the road.", "Charleston", 38.35, -81.63),
        ("He lives in London, Ontario, with his family.", "London", 42.98, -81.23),
        ("The office in Alexandria, Va., was closed.", "Alexandria", 38.80, -77.05),
    ],
)
def test_a_state_or_country_after_the_comma_chooses_the_place(gazetteer, text, name, lat, lon):
    mentions = _mapped(text, gazetteer)
    place = mentions[name]
    assert km_between(place.lat, place.lon, lat, lon) < 50, (place.name, place.lat, place.lon)
    qualifier = next(m for m in mentions.values() if m.start > place.start)
    assert qualifier.kind == "region"  # "Ga.", "W.Va.", "Texas": the state is a mention too


def test_georgia_is_the_state_in_a_text_about_the_united_states(gazetteer):
    text = "Atlanta, Ga. — The governor of Georgia said Texas and Florida would send help to Savannah."
    georgia = _mapped(text, gazetteer)["Georgia"]
    assert georgia.kind == "region" and km_between(georgia.lat, georgia.lon, 32.7, -83.4) < 300


def test_georgia_is_the_country_in_a_text_about_the_caucasus(gazetteer):
    text = "Georgia and Armenia border Azerbaijan; Russia keeps troops in Georgia's breakaway regions."
    assert _mapped(text, gazetteer)["Georgia"].kind == "country"


@pytest.mark.parametrize("text", ["In its petition, the State said the Centre had failed to act in Delhi."])
def test_a_unit_named_with_a_common_word_needs_its_country(gazetteer, text):
    assert "Centre" not in _mapped(text, gazetteer)


def test_demonyms_name_their_country_only_when_asked(gazetteer):
    text = "Russian troops and Israeli officials met in Vienna."
    assert "Russian" not in _mapped(text, gazetteer)
    asked = _mapped(text, gazetteer, demonyms=True)
    assert asked["Russian"].name == "Russia" and asked["Israeli"].name == "Israel"


@pytest.mark.parametrize(
    ("text", "demonym", "country"),
    [
        ("A Sri Lankan minister arrived on Monday.", "Sri Lankan", "Sri Lanka"),
        ("Two South African diplomats spoke.", "South African", "South Africa"),
        ("New Zealanders voted on Saturday.", "New Zealanders", "New Zealand"),
        ("The North Korean delegation left early.", "North Korean", "North Korea"),
        ("Costa Rican coffee prices rose.", "Costa Rican", "Costa Rica"),
    ],
)
def test_a_demonym_of_several_words_names_its_country_whole(gazetteer, text, demonym, country):
    asked = _mapped(text, gazetteer, demonyms=True)
    assert asked[demonym].name == country, asked
    assert demonym not in _mapped(text, gazetteer)  # the app's maps leave demonyms out


@pytest.mark.parametrize(
    "text",
    [
        "The south african winds were calm.",  # not capitalised: not the demonym
        "New zealanders is a typo in this sentence.",  # every word must be capitalised
        "South Pole expeditions are rare.",  # no demonym starts here
    ],
)
def test_words_that_only_look_like_a_demonym_of_several_words(gazetteer, text):
    asked = _mapped(text, gazetteer, demonyms=True)
    assert not any(m.name in ("South Africa", "New Zealand") for m in asked.values()), asked


def test_an_organisation_named_after_a_state_names_the_state(gazetteer):
    mentions = _mapped("The Kentucky Department of Education published the figures.", gazetteer)
    assert mentions["Kentucky"].kind == "region"


@pytest.mark.parametrize("text", ["The White House said on Monday that talks would go on.", "Mary Smith won."])
def test_buildings_and_people_are_not_mapped(gazetteer, text):
    assert _mapped(text, gazetteer) == {}


@pytest.mark.parametrize(
    ("text", "name", "lat", "lon"),
    [
        ("Roswell is known for its museum. New Mexico officials met there.", "Roswell", 33.39, -104.52),
        ("Police in Springfield asked for help, a Missouri sheriff said.", "Springfield", 37.21, -93.29),
        ("A storm hit Parkland on Tuesday and crossed Florida by night.", "Parkland", 26.31, -80.24),
    ],
)
def test_a_state_the_text_names_chooses_between_namesake_towns(gazetteer, text, name, lat, lon):
    mention = _mapped(text, gazetteer)[name]
    assert km_between(mention.lat, mention.lon, lat, lon) < 100, (mention.name, mention.lat, mention.lon)


@pytest.mark.parametrize(
    ("text", "name", "lat", "lon"),
    [
        ("The storm shocked Florida on Tuesday.", "Florida", 27.8, -81.5),  # not Uruguay's or Puerto Rico's
        ("Rain fell across Punjab for a week.", "Punjab", 30.0, 73.0),  # Pakistan's or India's, not elsewhere
    ],
)
def test_a_first_level_unit_of_a_populous_country_wins_over_namesakes(gazetteer, text, name, lat, lon):
    mention = _mapped(text, gazetteer)[name]
    assert mention.kind == "region"
    assert km_between(mention.lat, mention.lon, lat, lon) < 700, (mention.name, mention.lat, mention.lon)


@pytest.mark.parametrize(
    ("text", "name", "lat", "lon"),
    [
        # A second-level unit is drawn inside its area, not at a town of the same name elsewhere.
        ("Residents of Cooke County in Texas hope for a new road.", "Cooke County", 33.6, -97.2),
        ("Fires burned in Volusia County, Florida, on Friday.", "Volusia County", 29.0, -81.2),
        # Its unit word makes a common word a name: "Kanawha", "Douglas" are mapped beside their state.
        ("Kanawha County responders closed the road in West Virginia.", "Kanawha County", 38.3, -81.5),
        ("Roads in Douglas County, Nebraska, were closed.", "Douglas County", 41.3, -96.2),
    ],
)
def test_a_county_is_mapped_inside_its_area(gazetteer, text, name, lat, lon):
    mention = _mapped(text, gazetteer)[name]
    assert mention.kind == "district"
    assert km_between(mention.lat, mention.lon, lat, lon) < 60, (mention.name, mention.lat, mention.lon)


@pytest.mark.parametrize(
    ("text", "name", "lat", "lon"),
    [
        ("The family moved to North Texas in 1973.", "Texas", 31.0, -99.0),
        ("Scout units from Northeast Nebraska will help.", "Nebraska", 41.5, -99.8),
    ],
)
def test_a_compass_word_before_a_state_leaves_the_state_mapped(gazetteer, text, name, lat, lon):
    mention = _mapped(text, gazetteer)[name]
    assert mention.kind == "region"
    assert km_between(mention.lat, mention.lon, lat, lon) < 300, (mention.name, mention.lat, mention.lon)


@pytest.mark.parametrize(
    ("text", "name", "lat", "lon"),
    [
        # The app's own Athens and Paris (named by the shipped article) give way to the namesakes in the
        # country the text is about, and stay where they are in a text about their own country.
        (
            "The United States Weather Service said storms hit Athens, Macon and Atlanta, and Kentucky too.",
            "Athens",
            33.96,
            -83.38,
        ),
        ("Students in Paris and Lexington, towns in Kentucky in the United States, marched.", "Paris", 38.21, -84.25),
        ("Ministers met in Athens and Rome to discuss Greece and Italy.", "Athens", 37.98, 23.73),
    ],
)
def test_the_apps_own_places_give_way_to_namesakes_where_the_text_is(gazetteer, text, name, lat, lon):
    mention = _mapped(text, gazetteer)[name]
    assert km_between(mention.lat, mention.lon, lat, lon) < 50, (mention.name, mention.lat, mention.lon)


@pytest.mark.parametrize(
    ("text", "name", "unit"),
    [
        ("Mass. legislators put off debate on the gas tax.", "Mass.", "Massachusetts"),
        ("Sen. Bob Casey, D-Pa., called the findings troubling.", "Pa.", "Pennsylvania"),
        ("Rep. James Clyburn, D-S.C., added the language.", "S.C.", "South Carolina"),
        ("Both senators, D-W. Va., praised him.", "W. Va.", "West Virginia"),
    ],
)
def test_a_written_state_abbreviation_names_its_state(gazetteer, text, name, unit):
    assert _mapped(text, gazetteer)[name].name == unit


@pytest.mark.parametrize(
    "text",
    [
        "They attended Mass. Then they went home.",  # a dot that ends a sentence
        "The L.A. police said the P.A. system failed.",  # other letters than "La." and "Pa."
        "Smith & Co. said profits rose.",  # a postal code (CO) is not a written abbreviation
    ],
)
def test_dotted_words_that_are_not_state_abbreviations_map_nothing(gazetteer, text):
    assert not any(m.kind == "region" for m in _mapped(text, gazetteer).values())
