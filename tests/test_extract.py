"""Text extraction: normalisation with offsets into the raw text, places, unresolved names, dates."""

import json
import time
import unicodedata
from pathlib import Path

import geopandas as gpd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import LineString, Point

from geo.text.extract import (
    extract,
    extract_dates,
    extract_places,
    extract_unresolved,
    normalise_text,
    paragraph_spans,
)
from geo.text.gazetteer import CONFUSABLES, Gazetteer

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = Path(__file__).resolve().parent / "fixtures" / "sample_article.txt"
ARTICLE = ROOT.parent / "shared" / "source" / "karabakh-article.txt"
PLACES = ROOT / "data" / "places.geojson"


def sample_places() -> gpd.GeoDataFrame:
    """Curated places for the sample text; Tbilisi and Gyumri are left to GeoNames."""
    rows = [
        ("south-caucasus", "South Caucasus", [], Point(45, 41)),
        ("nagorno-karabakh", "Nagorno-Karabakh", ["Karabakh", "Artsakh"], Point(46.7, 39.8)),
        ("azerbaijan", "Azerbaijan", [], Point(47.5, 40.3)),
        ("armenia", "Armenia", [], Point(44.9, 40.2)),
        ("united-states", "United States", ["USA", "U.S."], Point(-98, 39)),
        ("moscow", "Moscow", [], Point(37.62, 55.75)),
        ("baku", "Baku", [], Point(49.87, 40.38)),
        ("marseille", "Marseille", [], Point(5.37, 43.3)),
        ("terter", "Terter", [], Point(46.93, 40.34)),
        ("barda", "Barda", [], Point(47.13, 40.37)),
        ("shusha", "Shusha", ["Shushi"], Point(46.75, 39.76)),
        ("nakhchivan-ar", "Nakhchivan Autonomous Republic", [], Point(45.4, 39.2)),
        ("nakhchivan-corridor", "Nakhchivan corridor", [], LineString([(45.4, 39.2), (46.5, 39.3)])),
        ("eastern-mediterranean", "Eastern Mediterranean", ["East Mediterranean"], Point(32, 34)),
        ("greece", "Greece", [], Point(22, 39)),
        ("northern-cyprus", "Turkish Republic of Northern Cyprus", ["Northern Cyprus", "TRNC"], Point(33.5, 35.3)),
        ("dr-congo", "Democratic Republic of Congo", [], Point(23.6, -2.9)),
        ("dominican-republic", "Dominican Republic", [], Point(-70.2, 18.7)),
        ("central-african-republic", "Central African Republic", [], Point(20.9, 6.6)),
        ("saint-vincent", "Saint Vincent and the Grenadines", [], Point(-61.2, 13.25)),
        ("middle-east", "Middle East", [], Point(44, 29)),
    ]
    records = [{"id": i, "name": n, "names": {"en": n}, "aliases": a, "geometry": g} for i, n, a, g in rows]
    return gpd.GeoDataFrame(records, crs="EPSG:4326")


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer(sample_places())


@pytest.fixture(scope="module")
def sample() -> str:
    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def result(sample, gazetteer):
    return extract(sample, gazetteer)


def flat(text: str) -> str:
    """A raw surface as it reads ("Nagorno-\\nKarabakh" -> "Nagorno-Karabakh")."""
    return normalise_text(text)[0]


# --- normalisation -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        # end-of-line hyphenation: joined, unless the word needs its hyphen
        ("the posi-\ntion of", "the position of"),
        ("posi-\r\ntion", "position"),
        ("the Nagorno-\nKarabakh conflict", "the Nagorno-Karabakh conflict"),
        ("a pro-\nArmenian stance", "a pro-Armenian stance"),
        ("Non-\nAligned", "Non-Aligned"),
        ("anti-West-\nern", "anti-Western"),
        ("co-chair-\ning", "co-chairing"),
        ("self-\n determination", "self-determination"),
        ("a well-known fact, a well-\nknown one", "a well-known fact, a well-known one"),  # the text says so
        ("co-\noperation and cooperation", "cooperation and cooperation"),
        ("from 1990-\n2000", "from 1990-2000"),
        ("a dash -\nthen", "a dash - then"),
        # paragraphs split by a page break
        ("talks were long and\n\nslow.", "talks were long and slow."),
        ("24 hours bare-\n\nly passed", "24 hours barely passed"),
        ("It ended.\n\nthen more", "It ended.\n\nthen more"),  # sentence-final punctuation
        ("It ended (4).\n\nthen more", "It ended (4).\n\nthen more"),
        ("A heading\n\nThe text", "A heading\n\nThe text"),  # next block starts with a capital
        ("one\n\ntwo\n\nthree.", "one two three."),
        # whitespace
        ("  lead \n line  two \t end  ", "lead line two end"),
        ("a\n \n\n  \nb.", "a b."),
        ("Baku\u00a0city", "Baku city"),
        # quotes, look-alike letters, invisible and compatibility characters
        ("“Great Game” ‘x’ «y» France’s", '"Great Game" \'x\' "y" France\'s'),
        ("Afriсan countries", "African countries"),
        ("Москва and Αthens", "Москва and Athens"),
        ("Ba\u00adku", "Baku"),
        ("a ﬁnal deal", "a final deal"),
        ("", ""),
    ],
)
def test_normalise_text(raw, text):
    assert normalise_text(raw)[0] == text


def assert_offsets_consistent(raw: str) -> None:
    text, offsets = normalise_text(raw)
    previous = -1
    for index, ch in enumerate(text):
        at = offsets.raw_index(index)
        assert at >= previous, (index, ch)  # in order
        previous = at
        if ch.isascii() and ch.isalnum():
            assert ch in (CONFUSABLES.get(raw[at]) or unicodedata.normalize("NFKC", raw[at])), (index, ch, raw[at])


@pytest.mark.parametrize(
    "raw",
    [
        "the posi-\ntion of “Nagorno-\nKarabakh” and Afriсan\u00a0states",
        " lead\n\nbare-\n\nly\r\nend.\n\nNext  one.\n ",
        "ﬁne ﬂow\u00ad and …",
    ],
)
def test_offsets_point_into_the_raw_text(raw):
    assert_offsets_consistent(raw)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=list("ab Bc-\n\t.“”’сА\u00adﬁ\u00a0"), max_size=60))
def test_offsets_hold_for_any_text(raw):
    assert_offsets_consistent(raw)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=list("aB Shus-\n.’сА“”Nagorno Karabakh Mike Pompeo On May 5, 2020"), max_size=80))
def test_extraction_reports_raw_offsets_for_any_text(raw):
    gazetteer = Gazetteer(sample_places(), geonames=False)
    result = extract(raw, gazetteer)
    for item in [*result.mentions, *result.dates]:
        assert raw[item.start : item.end] == item.text
        assert 1 <= item.paragraph <= max(1, len(paragraph_spans(raw)))


def test_offset_map_rejects_positions_outside_the_text():
    text, offsets = normalise_text("posi-\ntion")
    assert offsets.raw_span(0, len(text)) == (0, 10)
    with pytest.raises(IndexError, match="position 8"):
        offsets.raw_index(len(text))
    with pytest.raises(ValueError, match="empty span 3..3"):
        offsets.raw_span(3, 3)


@pytest.mark.parametrize(
    ("raw", "count"),
    [
        ("", 0),
        ("   \n \n", 0),
        ("one", 1),
        ("one\ntwo", 1),
        ("one\n\ntwo", 2),
        ("\n\n  one\n \t\ntwo\n\n\n\nthree\n ", 3),
        ("one\r\n\r\ntwo", 2),
        ("ends without stop\n\ncontinues here.", 2),  # a continuation still has its own number
    ],
)
def test_paragraph_spans_count_blocks(raw, count):
    spans = paragraph_spans(raw)
    assert len(spans) == count
    assert all(raw[s:e] == raw[s:e].strip() and raw[s:e] for s, e in spans)


@pytest.mark.parametrize("raw", [None, b"bytes", 42])
def test_text_must_be_a_string(raw, gazetteer):
    with pytest.raises(TypeError, match="must be a string"):
        normalise_text(raw)
    with pytest.raises(TypeError, match="must be a string"):
        extract_places(raw, gazetteer)


@pytest.mark.parametrize("gazetteer_value", [None, {}, "gazetteer"])
def test_places_need_a_gazetteer(gazetteer_value):
    with pytest.raises(TypeError, match="must be a Gazetteer"):
        extract_places("Baku", gazetteer_value)


# --- places in the sample text -------------------------------------------------------------


def test_sample_has_eight_paragraphs(sample):
    assert len(paragraph_spans(sample)) == 8


def test_every_mention_is_at_its_raw_offsets(sample, result):
    assert result.mentions
    for mention in result.mentions:
        assert sample[mention.start : mention.end] == mention.text
    for date in result.dates:
        assert sample[date.start : date.end] == date.text


@pytest.mark.parametrize(
    ("surface", "place_id", "paragraph"),
    [
        ("South Caucasus", "south-caucasus", 1),
        ("Nagorno-\nKarabakh", "nagorno-karabakh", 1),  # hyphen at a line end kept
        ("Marseille", "marseille", 1),
        ("Azerbaijan", "azerbaijan", 2),  # from "Azerbaijan’s"
        ("United \nStates", "united-states", 2),  # from "United States’"
        ("Terter", "terter", 2),
        ("Barda", "barda", 3),  # block 3 continues paragraph 2 but keeps its own number
        ("Shusha", "shusha", 4),
        ("Shushi", "shusha", 4),
        ("Nakhchivan Autonomous Republic", "nakhchivan-ar", 6),
        ("Nakhchivan corridor", "nakhchivan-corridor", 6),
        ("eastern Mediterranean", "eastern-mediterranean", 6),
        ("East Mediterranean", "eastern-mediterranean", 6),
        ("Turkish Republic of Northern \nCyprus", "northern-cyprus", 6),
        ("Democratic Republic of Congo", "dr-congo", 6),
        ("Dominican \nRepublic", "dominican-republic", 6),
        ("Central African Republic", "central-african-republic", 6),
        ("Saint Vincent and the \nGrenadines", "saint-vincent", 6),
        ("Middle East", "middle-east", 6),
        ("Tbilisi", "geonames-611717", 7),  # not curated: GeoNames
        ("Gyumri", "geonames-616635", 7),
    ],
)
def test_sample_places(result, surface, place_id, paragraph):
    found = [(m.place_id, m.paragraph) for m in result.mentions if m.text == surface]
    assert (place_id, paragraph) in found, found


def test_longest_name_wins(result):
    ids = [m.place_id for m in result.mentions if m.place_id]
    # "Nakhchivan Autonomous Republic" is not also Nakhchivan, "Northern Cyprus" not also Cyprus.
    assert ids.count("nakhchivan-ar") == 1 and ids.count("nakhchivan-corridor") == 1
    assert not {"congo", "cyprus", "dominica"} & set(ids)
    assert {p.place_id: p.count for p in result.places}["moscow"] == 3


def test_every_place_mention_in_the_sample_is_expected(result):
    places = {flat(m.text) for m in result.mentions if m.place_id}
    assert places == {
        "South Caucasus",
        "Nagorno-Karabakh",
        "Marseille",
        "Baku",
        "Azerbaijan",
        "United States",
        "Moscow",
        "Terter",
        "Barda",
        "Shusha",
        "Shushi",
        "Nakhchivan Autonomous Republic",
        "Nakhchivan corridor",
        "eastern Mediterranean",
        "East Mediterranean",
        "Greece",
        "Turkish Republic of Northern Cyprus",
        "Democratic Republic of Congo",
        "Dominican Republic",
        "Central African Republic",
        "Saint Vincent and the Grenadines",
        "Middle East",
        "Tbilisi",
        "Gyumri",
    }


@pytest.mark.parametrize(
    "word",
    [
        "Vladimir", "Putin", "Minsk", "Chirac", "Pompeo", "Aliyev", "Pashinyan", "Smerch", "Soros", "Iron",
        "Fist", "Great", "Game", "World", "War", "Security", "Council", "Europe", "Treaty", "Organisation",
        "Kremlin", "Union", "UN", "OSCE",
    ],
)  # fmt: skip
def test_people_and_organisations_are_not_places(result, word):
    places = {flat(m.text) for m in result.mentions if m.place_id}
    assert not any(word in place.split() for place in places), places


@pytest.mark.parametrize(
    "word",
    [
        "Armenian", "Armenians", "Azerbaijani", "Turkish", "Turkic", "French", "Russian", "Syrian", "Libyan",
        "African", "Jihadist", "Currently", "Evidently", "Politics", "Fighting", "Writers", "Borders",
    ],
)  # fmt: skip
def test_demonyms_and_common_words_are_neither_places_nor_names(result, word):
    # "Turkish" and "African" do appear inside longer place names, never on their own.
    assert word not in {flat(m.text) for m in result.mentions}


def test_unresolved_names(sample, gazetteer, result):
    expected = [
        "Great Game", "African Union", "Smerch", "Vladimir Putin", "Ilham Aliyev", "Nikol Pashinyan",
        "Mike Pompeo", "Pompeo", "OSCE Minsk Group", "UN Security Council",
        "Collective Security Treaty Organisation", "Council of Europe", "Jacques Chirac", "Soros", "Iron Fist",
        "World War II", "UN", "Kremlin",
    ]  # fmt: skip
    assert [n.name for n in result.unresolved] == expected
    assert [flat(m.name) for m in extract_unresolved(sample, gazetteer)] == expected
    african_union = next(m for m in result.mentions if m.name == "African Union")
    assert african_union.text == "Afriсan Union" and african_union.place_id is None  # as in the raw text


@pytest.mark.parametrize(
    ("raw", "found"),
    [
        # a name alone is a place; as part of a longer name it is not
        ("They drove to Vladimir. Then Vladimir Putin spoke.", ["Vladimir", None]),
        ("Talks in Minsk went on; the Minsk Group met.", ["Minsk", None]),
        # a title or an earlier full name marks a surname
        ("He met President Macron in Paris. Macron left.", [None, "Paris", None]),
        ("Mike Pompeo spoke. Pompeo left for Pompeo.", [None, None, None]),
        # parts joined only by hyphens are looked up one by one
        ("The Georgia-Armenia border is long.", ["Georgia", "Armenia"]),
        ("A Four-Day War followed.", [None]),
        # possessives fold to the name; demonyms and compass words are not places
        ("The ports of Georgia’s coast and of Turkey's; the Georgians’ view.", ["Georgia", "Turkey"]),
        ("the West and Western and Armenian and Turkic voices", []),
        # acronyms only as country names
        ("NATO, the UN and the USA met in the U.K.", [None, None, "United States", "United Kingdom"]),
        # a sentence's first word counts if the text capitalises it elsewhere, or if it is a name
        # GeoNames knows that is rare as an English word ("Yerevan", not "Gas" or "Currently")
        ("Gas prices rose. Yerevan agreed.", ["Yerevan"]),
        ("Currently prices rose. Battle lines formed.", []),
        ("Yerevan agreed. Talks in Yerevan went on.", ["Yerevan", "Yerevan"]),
        ("Nearly Paris agreed.", ["Paris"]),
        # capitalised institutions are neither places nor names
        ("the Parliament and the Congress", []),
    ],
)
def test_geonames_only_for_whole_names(gazetteer, raw, found):
    mentions = extract_places(raw, gazetteer)
    assert [m.name if m.place_id else None for m in mentions] == found
    assert all(raw[m.start : m.end] == m.text for m in mentions)


def test_lowercase_words_are_never_places(gazetteer):
    assert extract_places("the baku road and a moscow mule", gazetteer) == []


# --- dates ---------------------------------------------------------------------------------


def test_sample_dates(sample):
    dates = [(d.date, d.precision, d.paragraph, flat(d.text), d.year_from_context) for d in extract_dates(sample)]
    assert dates == [
        ("2020-09-27", "day", 2, "September 27", True),  # no full date before it: the next one
        ("2020-10-10", "day", 2, "October 10, 2020", False),
        ("2020-10-28", "day", 3, "October 28, 2020", False),
        ("2020-11-08", "day", 4, "November 8", True),
        ("2021-01-11", "day", 5, "January 11, 2021", False),
        ("1885", "year", 7, "1885", False),
        ("1961", "year", 7, "1961", False),
        ("1957", "year", 7, "1957", False),
        ("2016-04", "month", 7, "April 2016", False),
    ]


@pytest.mark.parametrize(
    ("raw", "dates"),
    [
        ("On October 28, 2020, it began.", ["2020-10-28"]),
        ("On 8 November 2020 it fell.", ["2020-11-08"]),
        ("On the 8th November, 2020 it fell.", ["2020-11-08"]),
        ("On December 30, 2020 talks began. On January 2 they ended.", ["2020-12-30", "2021-01-02"]),  # rolls over
        ("On January 11, 2021 they met; the November 10, 2020 text stood. The January 11 meeting ended.",
         ["2021-01-11", "2020-11-10", "2021-01-11"]),  # nearest to the most recent full date
        ("In April 2016 and in May, 2016.", ["2016-04", "2016-05"]),
        ("in 1885, From 1961, since 1994, the 2016 war, until 2020-2021", ["1885", "1961", "1994", "2016", "2020"]),
        ("On May 5 nothing happened.", []),  # no full date anywhere to take a year from
        ("February 30, 2021 is no date.", []),
        ("On March 1, 2021 they met; on February 29 they did not.", ["2021-03-01", "2020-02-29"]),  # a leap year
        ("the 1990s, $1500, 1500 troops, No.822, a 26-year-long truce, 44-day war", []),
        ("may 5, 2020 and october 1, 2020", []),
    ],
)  # fmt: skip
def test_dates(raw, dates):
    assert [d.date for d in extract_dates(raw)] == dates


def test_dated_sentences_name_their_places(result):
    by_date = {s.dates: s for s in result.dated_sentences}
    assert by_date[("2020-09-27", "2020-10-10")].place_ids == ("terter", "moscow")
    assert by_date[("2020-10-28",)].place_ids == ("barda",)
    assert by_date[("2020-10-28",)].paragraph == 3
    assert by_date[("1961", "1957")].place_ids == ()
    sentence = by_date[("2020-11-08",)]
    assert sentence.text == "On November 8 the town of Shusha (Shushi) changed hands."
    assert "barely lasted" in by_date[("2020-10-28",)].text  # joined across the page break
    date = next(d for d in result.dates if d.date == "2020-11-08")
    assert date.sentence == sentence.text


def test_place_summaries(result):
    summaries = {p.place_id: p for p in result.places}
    assert summaries["shusha"].count == 2 and summaries["shusha"].paragraphs == (4,)
    assert summaries["moscow"].paragraphs == (2, 5)
    assert summaries["geonames-616635"].source == "geonames"
    assert [p.place_id for p in result.places][:3] == ["south-caucasus", "nagorno-karabakh", "marseille"]


def test_extraction_is_linear(gazetteer, sample):
    text = "\n\n".join([sample] * 400)  # about 1 MB
    started = time.perf_counter()
    result = extract(text, gazetteer)
    assert time.perf_counter() - started < 15
    assert len(result.dates) == 400 * 9


# --- the article ---------------------------------------------------------------------------

# Capitalised names in the article that are not places (checked by eye): none may become one.
# ("Kremlin" is not among them: it stands for Moscow, where paragraph 33 names it.)
ARTICLE_NON_PLACES = [
    "Vladimir Putin", "OSCE Minsk Group", "Minsk Group", "Jacques Chirac", "Mike Pompeo", "Pompeo",
    "Ilham Aliyev", "Nikol Pashinyan", "Pashinyan", "Francois Mitterrand", "Smerch", "Soros",
    "Iron Fist", "Great Game", "World War II", "UN Security Council", "Council of Europe",
    "Collective Security Treaty Organisation", "European Union", "Non-Aligned Movement", "Four-Day War",
    "NATO", "CSTO", "UNSC", "NAM",
]  # fmt: skip


@pytest.fixture(scope="module")
def article():
    if not ARTICLE.exists():
        pytest.skip(f"the source article is not at {ARTICLE}")
    if not PLACES.exists():
        pytest.skip(f"the curated places are not at {PLACES}")
    raw = ARTICLE.read_text(encoding="utf-8")
    places = json.loads(PLACES.read_text(encoding="utf-8"))["features"]
    from geo.model.loader import load_places

    return raw, places, extract(raw, Gazetteer(load_places(PLACES)))


def test_article_paragraphs_and_offsets(article):
    raw, _, result = article
    assert len(paragraph_spans(raw)) == 35
    assert len(normalise_text(raw)[0].split("\n\n")) == 29  # six blocks continue the one before
    for mention in result.mentions:
        assert raw[mention.start : mention.end] == mention.text


def test_article_recall_of_curated_places(article):
    _, places, result = article
    found = {(m.place_id, m.paragraph) for m in result.mentions if m.place_id}
    missing = {
        f["properties"]["id"]: [
            p for p in f["properties"]["source_paragraphs"] if (f["properties"]["id"], p) not in found
        ]
        for f in places
    }
    assert {k: v for k, v in missing.items() if v} == {}


def test_article_reports_only_places(article):
    _, places, result = article
    curated = {f["properties"]["id"] for f in places}
    # Every place the article names is curated, so nothing falls back to GeoNames.
    assert {(m.text, m.place_id) for m in result.mentions if m.place_id and m.place_id not in curated} == set()
    unresolved = {n.name for n in result.unresolved}
    assert set(ARTICLE_NON_PLACES) <= unresolved
    places_found = {flat(m.text) for m in result.mentions if m.place_id}
    assert not places_found & {"Vladimir", "Minsk", "Europe", "Council", "Union", "West", "Soviet"}


def test_article_dates(article):
    _, _, result = article
    assert [(d.date, d.paragraph) for d in result.dates] == [
        ("1885", 8),
        ("1961", 9),
        ("1957", 9),
        ("2016", 12),
        ("2016-04", 12),
        ("2020-09-27", 13),
        ("2020-10-10", 13),
        ("2020-10-18", 15),
        ("2020-10-23", 16),
        ("2020-10-26", 16),
        ("2020-10-28", 17),
        ("2020-10-19", 19),
        ("2020-11-10", 22),
        ("2020-11-08", 22),
        ("2020-11-09", 22),
        ("2020-11-10", 22),
        ("2020-12-01", 22),
        ("2021-01-11", 23),
        ("2020-11-10", 23),
        ("2021-01-11", 25),
    ]
