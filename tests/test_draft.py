"""geo.text.draft and geo.map.textmap: a text's places, its names marked up safely, drafts that upload again."""

import datetime as dt
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from geo.io.upload import parse_upload
from geo.map.textmap import found_places_map, highlighted_html
from geo.model.i18n import texts
from geo.model.loader import load_dataset
from geo.model.schema import check_event
from geo.text.draft import draft_bytes, draft_events, numbered, parse_point, place_labels
from geo.text.extract import extract, paragraph_spans
from geo.text.gazetteer import Gazetteer

ARTICLE = Path(__file__).resolve().parents[2] / "shared" / "source" / "karabakh-article.txt"
HOSTILE = "<img src=x onerror=alert(1)>"
# Our own test text (not from the article): places of the app, one left to GeoNames, a person, dates.
TEST_TEXT = f"""Notes for class, week 3

On 28 October 2020 rockets struck Barda, a town east of the front line. Ganja was hit on 11 October 2020,
the day after the first ceasefire.

Reporters travelled from Tbilisi to Baku by train. Maria Lopez, a teacher in Marseille, asked her students
to compare the two sides' accounts.

On 8 November 2020 Azerbaijani forces took Shusha (Shushi to Armenians). The tag {HOSTILE} is not a place.
"""


@pytest.fixture(scope="module")
def places():
    return load_dataset().places


@pytest.fixture(scope="module")
def gazetteer(places) -> Gazetteer:
    return Gazetteer(places)


@pytest.fixture(scope="module")
def result(gazetteer):
    return extract(TEST_TEXT, gazetteer)


@pytest.fixture(scope="module")
def labels(places) -> dict[str, str]:
    return place_labels(places)


def test_the_test_text_finds_its_places_and_leaves_the_person_unresolved(result) -> None:
    found = {p.place_id: p for p in result.places}
    assert [i for i in found if not i.startswith("geonames-")] == ["barda", "ganja", "baku", "marseille", "shusha"]
    (tbilisi,) = [p for p in result.places if p.place_id.startswith("geonames-")]
    assert (tbilisi.name, tbilisi.source) == ("Tbilisi", "geonames")
    assert found["shusha"].count == 2  # Shusha and Shushi
    assert [u.name for u in result.unresolved] == ["Maria Lopez"]


def test_highlighted_html_marks_every_place_mention_with_its_number(result, labels) -> None:
    html = highlighted_html(TEST_TEXT, result, labels)
    marks = re.findall(r'<mark class="place" title="([^"]*)">([^<]*)<sup>(\d+)</sup></mark>', html)
    numbers = numbered(result)
    place_mentions = [m for m in result.mentions if m.place_id]
    assert [(text, int(n)) for _, text, n in marks] == [(m.text, numbers[m.place_id]) for m in place_mentions]
    assert marks[-1][0] == "6. Shusha / Shushi: town, from the app&#x27;s own gazetteer"
    assert '<span class="unresolved" title="not found in the gazetteer">Maria Lopez</span>' in html


def test_highlighted_html_numbers_the_paragraphs_as_extraction_does(result) -> None:
    html = highlighted_html(TEST_TEXT, result)
    assert re.findall(r'<span class="para-no" title="paragraph (\d+)">', html) == ["1", "2", "3", "4"]
    assert len(paragraph_spans(TEST_TEXT)) == 4


def test_place_labels_follow_the_readers_naming(places) -> None:
    """Map a text names the places found as the reader's naming writes them, both names kept."""
    assert place_labels(places, "ru")["shusha"] == "Шуша / Шуши"
    assert place_labels(places, "az")["shusha"] == "Şuşa (Shusha) / Shushi"
    assert place_labels(places)["shusha"] == "Shusha / Shushi"


def test_highlighted_html_titles_are_in_the_readers_language(result, labels) -> None:
    """Hovering over the mapped text says what each mark is in the reader's language (it was English)."""
    html = highlighted_html(TEST_TEXT, result, labels, texts("ru"))
    marks = re.findall(r'<mark class="place" title="([^"]*)">', html)
    assert marks[-1] == "6. Shusha / Shushi: посёлок, источник: собственный справочник мест приложения"
    assert '<span class="unresolved" title="не найдено в справочнике мест">Maria Lopez</span>' in html
    assert re.findall(r'<span class="para-no" title="абзац (\d+)">', html) == ["1", "2", "3", "4"]


def test_highlighted_html_shows_markup_in_the_text_as_text(result) -> None:
    html = highlighted_html(TEST_TEXT, result)
    assert HOSTILE not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    tags = set(re.findall(r"</?([a-z]+)", html))
    assert tags <= {"div", "p", "span", "mark", "sup"}, tags


def test_text_outside_the_marks_is_kept_whole(result) -> None:
    html = highlighted_html(TEST_TEXT, result)
    plain = re.sub(r"<sup>\d+</sup>|<span class=\"para-no\"[^>]*>\d+</span>|<[^>]+>", "", html)
    expected = "".join(TEST_TEXT[start:end] for start, end in paragraph_spans(TEST_TEXT))
    assert plain.replace("\n", "").replace("&lt;", "<").replace("&gt;", ">").replace("&#x27;", "'") == (
        expected.replace("\n", "")
    )


def test_draft_events_one_per_dated_sentence_with_a_place(result, labels) -> None:
    drafts = draft_events(result, "class notes", labels)
    rows = [
        (f["properties"]["date"], f["properties"]["places"], f["properties"]["source_paragraphs"])
        for f in drafts["features"]
    ]
    assert rows == [
        ("2020-10-28", ["Barda"], [2]),
        ("2020-10-11", ["Ganja"], [2]),
        ("2020-11-08", ["Shusha / Shushi"], [4]),
    ]
    shusha = drafts["features"][2]
    assert shusha["properties"]["title"] == "Shusha / Shushi: 8 November 2020"
    assert shusha["geometry"] == {"type": "Point", "coordinates": [46.74989, 39.76006]}
    assert drafts["name"] == "Draft events from class notes"


def test_every_draft_passes_the_upload_checks_and_uploads_again(result, labels) -> None:
    drafts = draft_events(result, "class notes", labels)
    for index, feature in enumerate(drafts["features"]):
        assert check_event("draft", index, feature, None, 100_000, require_source=False) == []
    uploaded = parse_upload(draft_bytes(result, "class notes", labels), "draft-events.geojson")
    assert uploaded.problems == ()
    assert list(uploaded.events["id"]) == ["draft-2", "draft-1", "draft-3"]  # sorted by date


def test_a_sentence_naming_several_places_gives_one_multipoint_draft(gazetteer) -> None:
    text = "On 11 October 2020 missiles hit Ganja, Barda, Terter and Goranboy."
    (feature,) = draft_events(extract(text, gazetteer), "x")["features"]
    assert feature["geometry"]["type"] == "MultiPoint"
    assert len(feature["geometry"]["coordinates"]) == 4
    assert feature["properties"]["title"] == "Ganja, Barda, Terter and 1 more: 11 October 2020"


def test_the_most_precise_date_of_a_sentence_is_taken(gazetteer) -> None:
    text = "Fighting near Barda in 2016 flared up again in April 2016 and on 5 April 2016."
    (feature,) = draft_events(extract(text, gazetteer), "x")["features"]
    assert (feature["properties"]["date"], feature["properties"]["date_precision"]) == ("2016-04-05", "day")


def test_a_text_without_dates_gives_no_drafts(gazetteer) -> None:
    assert draft_events(extract("Barda and Ganja are towns.", gazetteer), "x")["features"] == []


def test_the_found_places_map_carries_names_as_json_only(result, labels) -> None:
    html = found_places_map(result.places, labels).get_root().render()
    assert '"name":"Shusha / Shushi"' in html
    assert "/app/static/vendor/leaflet/leaflet.js" in html, "Leaflet comes from the app, not a CDN"
    assert not re.search(r"https://[^\"']*(cdn|unpkg)", html), "nothing from a CDN"


def test_the_found_places_map_escapes_hostile_names() -> None:
    from geo.text.extract import PlaceSummary

    hostile = PlaceSummary("x", "</script><script>alert(1)</script>", "geonames", "city", 40.0, 47.0, 1, (1,))
    html = found_places_map([hostile]).get_root().render()
    assert "</script><script>alert(1)" not in html
    assert "\\u003c/script\\u003e" in html


# --- the article itself ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def article_result(gazetteer):
    if not ARTICLE.exists():
        pytest.skip(f"the source article is not at {ARTICLE}")
    return extract(ARTICLE.read_text(encoding="utf-8"), gazetteer)


@pytest.mark.parametrize(("place_id", "paragraphs"), [
    ("barda", (14, 17)),
    ("ganja", (14,)),
    ("shusha", (22,)),
    ("lachin", (22,)),
    ("kalbajar", (22,)),
    ("aghdam", (22,)),
    ("nakhchivan-ar", (24,)),
    ("nakhchivan-corridor", (32,)),
    ("krasnodar", (19,)),
    ("berlin", (8,)),
])  # fmt: skip
def test_text_mapping_of_the_article_finds_the_expected_places(article_result, place_id: str, paragraphs) -> None:
    found = {p.place_id: p for p in article_result.places}
    assert set(paragraphs) <= set(found[place_id].paragraphs)


def test_article_drafts_are_valid_and_name_contested_places_both_ways(article_result, labels) -> None:
    drafts = draft_events(article_result, "the source article", labels)["features"]
    assert len(drafts) >= 10
    for index, feature in enumerate(drafts):
        assert check_event("draft", index, feature, None, 35, require_source=False) == []
    titles = [f["properties"]["title"] for f in drafts]
    assert "Barda: 28 October 2020" in titles
    assert "Shusha / Shushi: 8 November 2020" in titles
    assert json.loads(draft_bytes(article_result, "the source article", labels))["features"] == drafts


def test_article_highlighting_marks_every_place_mention(article_result) -> None:
    raw = ARTICLE.read_text(encoding="utf-8")
    html = highlighted_html(raw, article_result)
    assert html.count('<mark class="place"') == sum(1 for m in article_result.mentions if m.place_id)
    assert html.count('class="para-no"') == 35


# --- review ----------------------------------------------------------------------------------

REVIEW_TEXT = (
    "On 4 October 2020 Azerbaijan said its forces took Jabrayil. "
    "On 9 October 2020 shelling reached Hadrut and the road to Goris in Armenia. "
    "On 10 October 2020 the village of Zorgul was shelled."
)


@pytest.fixture(scope="module")
def review_result():
    from geo.model.loader import load_places
    from geo.text.extract import extract
    from geo.text.gazetteer import Gazetteer

    return extract(REVIEW_TEXT, Gazetteer(load_places()))


@pytest.mark.parametrize(("text", "point"), [("39.76, 46.75", (39.76, 46.75)), ("-33.9;151.2", (-33.9, 151.2)),
                                             (" 40 45 ", (40.0, 45.0)), ("40 ;  45", (40.0, 45.0)),
                                             ("４０．５，４５", (40.5, 45.0))])  # fmt: skip
def test_parse_point_reads_latitude_then_longitude(text, point):
    from geo.text.draft import parse_point

    assert parse_point(text) == point


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "''"),
        ("Shusha", "'Shusha'"),
        ("95, 40", "latitude 95.0"),
        ("40, 200", "longitude 200.0"),
        ("40,,45", "'40,,45'"),
        ("40, 45, 46", "'40, 45, 46'"),
        # Quadratic under the old pattern (30,000 spaces froze the server for 26 s): now refused by length,
        # and within the length the parser splits instead of backtracking.
        ("1" + " " * 30_000 + "x", "longer than 64 characters"),
        ("1" + " " * 62 + "x", "is not 'latitude, longitude'"),
        ("1" + " " * 1_000_000, "longer than 64 characters"),
    ],
)
def test_parse_point_names_the_bad_value(text, message):
    from geo.text.draft import parse_point

    with pytest.raises(ValueError, match=re.escape(message)):
        parse_point(text)


@pytest.mark.parametrize(
    ("click", "text"),
    [
        ({"lat": 40.1, "lng": 46.5}, "40.10000, 46.50000"),
        ({"lat": 40.1, "lng": 200.0}, "40.10000, -160.00000"),  # a copy of the world east of 180°
        ({"lat": -10, "lng": -190.5}, "-10.00000, 169.50000"),
        ({"lat": 40.1, "lng": 180.0}, "40.10000, -180.00000"),
        ({"lat": "x", "lng": 1}, None),
        ({"lat": 1}, None),
        ({"lat": float("nan"), "lng": 1}, None),
        ("40, 45", None),
    ],
)
def test_a_map_click_fills_the_box_with_a_point_parse_point_takes(click, text):
    from geo.text.draft import clicked_point_text, parse_point

    assert clicked_point_text(click) == text
    if text:
        parse_point(text)


def test_review_rejects_repicks_and_places_and_the_drafts_follow(review_result):
    from geo.text.draft import Review, candidate_rows, draft_events, reviewed, text_focus

    by_text = {p.text: p for p in review_result.places}
    goris, hadrut = by_text["Goris"], by_text["Hadrut"]
    rows = candidate_rows(goris, text_focus(review_result))
    assert rows[0]["chosen"] and rows[0]["country"] == "AM"
    gori = next(c for c in goris.candidates if c.country == "GE")
    review = Review(
        rejected=frozenset({hadrut.place_id}), chosen={goris.place_id: gori}, placed={"Zorgul": (39.5, 47.0)}
    )
    result = reviewed(review_result, review)
    names = {p.name for p in result.places}
    assert "Hadrut" not in names and "Gori" in names and "Zorgul" in names
    assert not any(u.name == "Zorgul" for u in result.unresolved)
    drafts = draft_events(result, "test")["features"]
    places = [f["properties"]["places"] for f in drafts]
    assert ["Zorgul"] in places  # the hand-placed name joins its dated sentence
    assert not any("Hadrut" in p for p in places)


@pytest.mark.parametrize("change", [1, -1])
def test_an_edited_table_with_rows_added_or_removed_is_refused(review_result, change):
    from geo.text.draft import draft_events, drafts_table, same_rows

    drafts = draft_events(review_result, "review.txt")
    table = drafts_table(drafts)
    assert same_rows(drafts, table) is table
    changed = pd.concat([table, table.iloc[:1]]) if change > 0 else table.iloc[:-1]
    with pytest.raises(ValueError, match=f"has {len(table) + change:,} rows where there are {len(table):,}"):
        same_rows(drafts, changed)


def test_edited_drafts_keep_good_edits_and_name_bad_places(review_result):
    from geo.text.draft import draft_events, drafts_table, edited_drafts

    drafts = draft_events(review_result, "test")
    table = drafts_table(drafts)
    table.loc[0, "title"] = "Jabrayil taken"
    table.loc[1, "places"] = "Atlantis"
    points = {p.name: (p.lat, p.lon) for p in review_result.places}
    edited, problems = edited_drafts(drafts, table, points)
    assert edited["features"][0]["properties"]["title"] == "Jabrayil taken"
    assert problems == [
        "Row 2: unknown place(s) 'Atlantis'; use names from the list of places found, separated by ';'."
    ]
    assert edited["features"][1]["properties"]["places"] == drafts["features"][1]["properties"]["places"]


@pytest.mark.parametrize(("detailed", "extra"), [(True, ["Confidence", "Why", "From"]), (False, [])])
def test_the_found_places_table_numbers_places_as_the_map_does(result, labels, detailed, extra) -> None:
    from geo.text.draft import found_places_table

    table = found_places_table(result.places, labels, detailed=detailed)
    assert list(table.columns) == ["No.", "Place", *extra, "Latitude", "Longitude", "Mentions", "Paragraphs"]
    assert list(table["No."]) == list(range(1, len(result.places) + 1))
    numbers = numbered(result)
    assert [numbers[p.place_id] for p in result.places] == list(table["No."])


@pytest.mark.parametrize("lang", ["az", "hy", "ru"])
def test_draft_events_and_review_messages_are_in_the_readers_language(lang: str, gazetteer) -> None:
    """A draft's title dates the event in the reader's language, "and N more" counts by its plural
    rules, and the review's refusals are translated with the bad value echoed (all were English)."""
    language = texts(lang)
    text = "On 28 October 2020 Barda, Ganja, Tartar, Aghdam and Fuzuli were shelled."
    (feature,) = draft_events(extract(text, gazetteer), "notes", language=language)["features"]
    english = draft_events(extract(text, gazetteer), "notes")["features"][0]
    assert feature["properties"]["title"].endswith(language.date(dt.date(2020, 10, 28)))
    assert (
        language.plural("{places} and {count} more", "{places} and {count} more", 2, places="")[1:]
        in (feature["properties"]["title"])
    )
    assert english["properties"]["title"].endswith("and 2 more: 28 October 2020")
    for bad, echoed in [("x" * 70, repr("x" * 20)), ("forty, fifty", "'forty, fifty'"), ("95, 46", "95.0"),
                        ("40, 190", "190.0")]:  # fmt: skip
        with pytest.raises(ValueError) as err:
            parse_point(bad)
        shown = language.message(err.value.args[0])
        assert shown != str(err.value) and echoed in shown
