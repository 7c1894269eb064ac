"""The pages' geo/ parts: timeline rows and chart, the places table, a place's map view, links to the dashboard."""

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest
from shapely.geometry import LineString, Point, box

from geo.map.place_table import TABLE_COLUMNS, article_mentions, place_rows, search
from geo.map.style import SELECTED_ZOOM
from geo.map.textmap import place_highlight, place_view
from geo.map.timeline_chart import KEY_LANE, event_table, key_dates, timeline_chart, timeline_rows
from geo.model.i18n import texts
from geo.model.loader import load_dataset
from geo.model.prepare import prepare
from geo.model.schema import CATEGORIES
from geo.model.viewstate import ViewState, event_view, parse_view, view_query
from geo.text.article_facts import load_facts, mapping_result

ARTICLE = Path(__file__).resolve().parents[2] / "shared" / "source" / "karabakh-article.txt"
BOUNDS = (dt.date(2020, 9, 27), dt.date(2021, 1, 11))


@pytest.fixture(scope="module")
def data():
    return prepare(load_dataset())


# --- timeline --------------------------------------------------------------------------------


def test_war_period_rows_are_the_war_eras_events(data) -> None:
    rows = timeline_rows(data, "war")
    assert list(rows["id"]) == list(data.events.loc[data.era_is_war, "id"])
    assert len(timeline_rows(data, "all")) == len(data.events)


@pytest.mark.parametrize(("event_id", "kind", "casualties", "end"), [
    ("missile-strike-on-barda", "point", 91, "2020-10-29"),
    ("armenian-withdrawal-from-three-districts", "span", 0, "2020-12-02"),
    ("france-calls-for-ceasefire", "span", 0, "2020-10-01"),  # a month: the whole of September
    ("azerbaijani-forces-take-shusha", "point", 0, "2020-11-09"),
])  # fmt: skip
def test_rows_say_bar_or_dot_and_casualties(data, event_id: str, kind: str, casualties: int, end: str) -> None:
    row = timeline_rows(data, "all").set_index("id").loc[event_id]
    assert (row["kind"], row["casualties"], row["end"].date().isoformat()) == (kind, casualties, end)


def test_the_ceasefires_and_the_10_november_statement_are_key_dates(data) -> None:
    rows = timeline_rows(data, "war")
    keys = key_dates(rows, (rows["start"].min(), rows["end"].max()))
    assert list(keys["key_label"]) == [
        "Ceasefire 10 Oct",
        "Ceasefire 18 Oct",
        "Ceasefire 26 Oct",
        "Agreement 10 Nov",
        "Agreement 11 Jan",
    ]
    assert set(keys["lane"]) == {KEY_LANE}
    assert keys.iloc[-1]["align"] == "right", "a label at the end of the axis runs leftwards"
    # Labels closer than their width go to different text rows.
    assert keys.iloc[0]["label_row"] != keys.iloc[1]["label_row"]


@pytest.mark.parametrize(
    ("lang", "first", "last"),
    [("az", "Atəşkəs 10 okt", "Saziş 11 yan"), ("hy", "Հրադադար 10 հոկ", "Համաձայնագիր 11 հնվ"),
     ("ru", "Прекращение огня 10 окт.", "Соглашение 11 янв.")],
)  # fmt: skip
def test_key_date_labels_are_in_the_language(data, lang: str, first: str, last: str) -> None:
    rows = timeline_rows(data, "war")
    keys = key_dates(rows, (rows["start"].min(), rows["end"].max()), texts(lang))
    assert (keys.iloc[0]["key_label"], keys.iloc[-1]["key_label"]) == (first, last)


def test_key_date_labels_carry_the_year_on_a_long_axis(data) -> None:
    rows = timeline_rows(data, "all")
    keys = key_dates(rows, (rows["start"].min(), rows["end"].max()))
    assert "Ceasefire 1 May 1994" in set(keys["key_label"])


def test_the_chart_selects_by_event_id_and_draws_in_svg(data) -> None:
    spec = timeline_chart(timeline_rows(data, "war"), data.war_bounds).to_dict()
    (param,) = spec["params"]
    assert param["name"] == "pick"
    assert param["select"]["fields"] == ["id"]
    assert spec["usermeta"]["embedOptions"]["renderer"] == "svg"
    lanes = spec["layer"][-1]["encoding"]["y"]["sort"]
    assert lanes[0] == KEY_LANE and "Strike on a town" in lanes


def test_the_chart_of_no_rows_still_builds(data) -> None:
    empty = timeline_rows(data, "war").iloc[0:0]
    assert timeline_chart(empty, None).to_dict()["layer"]


def test_the_table_has_the_charts_text(data) -> None:
    rows = timeline_rows(data, "war")
    table = event_table(rows)
    assert list(table.columns) == [
        "Starts",
        "When",
        "Category",
        "Event",
        "Places",
        "Casualties (as reported)",
        "Paragraphs",
        "Period",
    ]
    barda = table[table["Event"] == "Missile strike on Barda"].iloc[0]
    assert barda["Starts"] == dt.date(2020, 10, 28)
    assert barda["Casualties (as reported)"].startswith("21 killed, 70 injured")
    assert barda["Paragraphs"] == "17, 18"


def test_an_unknown_period_is_refused(data) -> None:
    with pytest.raises(ValueError, match="'decade'"):
        timeline_rows(data, "decade")


# --- places table ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def table(data):
    mentions, _ = article_mentions(data.places, load_facts())
    return place_rows(data.places, mentions)


@pytest.mark.parametrize(
    ("naming", "shusha", "lachin"),
    [("ru", "Шуша / Шуши", "Лачин / Бердзор"), ("hy", "Շուշի (Shushi) / Shusha", "Բերձոր (Berdzor) / Lachin")],
)
def test_the_tables_names_follow_the_readers_naming(data, naming: str, shusha: str, lachin: str) -> None:
    """The Places page's Name column (and its place picker) in the reader's naming, both names of a
    contested place kept (it was English in every language)."""
    mentions, _ = article_mentions(data.places, load_facts())
    names = place_rows(data.places, mentions, naming)["Name"]
    assert (names["shusha"], names["lachin"]) == (shusha, lachin)


def test_the_table_lists_every_place_with_four_names(data, table) -> None:
    assert list(table.index) == list(data.places["id"])
    assert set(TABLE_COLUMNS) <= set(table.columns)
    shusha = table.loc["shusha"]
    assert (shusha["Name"], shusha["Azerbaijani"], shusha["Armenian"], shusha["Russian"]) == (
        "Shusha / Shushi",
        "Şuşa",
        "Շուշի",
        "Шуша",
    )
    assert shusha["GeoNames"] == "https://www.geonames.org/147105"
    assert pd.isna(table.loc["nakhchivan-ar", "GeoNames"])


def test_article_mentions_come_from_the_shipped_facts_or_fall_back_to_the_recorded_paragraphs(data) -> None:
    # No article text needed: the counts were stored in data/article_facts.json when the data was built.
    counted, from_article = article_mentions(data.places, load_facts())
    assert from_article
    assert counted["barda"] == (2, (14, 17))
    assert counted["washington"] == (0, ())
    assert counted["moscow"][1][-1] == 33
    recorded, from_article = article_mentions(data.places, None)
    assert not from_article
    assert recorded["barda"] == (None, (14, 17))


def test_the_shipped_facts_match_the_article_text(data) -> None:
    if not ARTICLE.exists():
        pytest.skip(f"needs the article's raw text to recompute the facts: not at {ARTICLE}")
    from geo.text.article_facts import build_facts
    from geo.text.gazetteer import Gazetteer

    rebuilt = build_facts(ARTICLE.read_text(encoding="utf-8"), data.places, Gazetteer(data.places))
    assert json.loads(json.dumps(rebuilt)) == load_facts(), "run scripts/build_article_facts.py"


def strings_from_the_text(value: object, key: str = "") -> list[str]:
    """Every string in the facts that came from the article: all but `about` and the resolver's
    `reason`s, which are the app's own words."""
    if isinstance(value, dict):
        return [text for name, item in value.items() for text in strings_from_the_text(item, name)]
    if isinstance(value, list):
        return [text for item in value for text in strings_from_the_text(item, key)]
    return [value] if isinstance(value, str) and key not in {"about", "reason"} else []


def test_the_shipped_facts_hold_no_passage_of_the_text() -> None:
    # Names only: no string from the article in the facts is longer than a name.
    assert max(len(value.split()) for value in strings_from_the_text(load_facts())) <= 5


def test_the_article_mapping_works_without_the_text() -> None:
    result = mapping_result(load_facts())
    assert {"barda", "shusha", "nagorno-karabakh", "moscow"} <= {p.place_id for p in result.places}
    assert "Nikol Pashinyan" in {n.name for n in result.unresolved}


@pytest.mark.parametrize(("query", "expected"), [
    ("shushi", "shusha"),
    ("ŞUŞA", "shusha"),
    ("Шуша", "shusha"),
    ("Berdzor", "lachin"),
    ("Kirovabad", "ganja"),  # an alias
    ("bisau", "guinea-bissau"),
])  # fmt: skip
def test_search_finds_a_place_by_any_of_its_names(table, query: str, expected: str) -> None:
    assert expected in search(table, query).index


@pytest.mark.parametrize("query", ["", "   "])
def test_an_empty_search_lists_every_place(table, query: str) -> None:
    assert len(search(table, query)) == len(table)


def test_a_search_without_match_is_empty(table) -> None:
    assert search(table, "Atlantis").empty


# --- a place's map view ----------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "geometry", "zoom"), [
    ("town", Point(46.75, 39.76), SELECTED_ZOOM),
    ("continent", Point(20, 5), 3),
    ("region", Point(46.7, 39.8), 6),
])  # fmt: skip
def test_a_point_is_shown_at_a_zoom_for_its_kind(kind: str, geometry, zoom: int) -> None:
    assert place_view(kind, geometry) == {"center": (geometry.y, geometry.x), "zoom": zoom}


@pytest.mark.parametrize("geometry", [box(44, 38, 47, 41), LineString([(45.4, 39.2), (46.5, 39.3)])])
def test_a_shape_is_shown_whole(geometry) -> None:
    view = place_view("country", geometry)
    min_x, min_y, max_x, max_y = geometry.bounds
    assert view["center"] == ((min_y + max_y) / 2, (min_x + max_x) / 2)
    assert 2 <= view["zoom"] <= 10


def test_the_highlight_carries_only_the_geometry() -> None:
    html = place_highlight(Point(46.75, 39.76)).add_to(__import__("folium").Map()).get_root().render()
    assert '"coordinates":[46.75,39.76]' in html


# --- links to the dashboard ------------------------------------------------------------------


def parse(params: dict, place_ids=("shusha", "barda")) -> ViewState:
    return parse_view(
        params, bounds=BOUNDS, default_date=BOUNDS[1], event_ids=("e1",), categories=CATEGORIES, place_ids=place_ids
    )


def test_a_place_link_is_read() -> None:
    view = parse({"place": "shusha"})
    assert (view.place, view.notices) == ("shusha", ())


@pytest.mark.parametrize("bad", ["atlantis", "<img src=x>", "x" * 300])
def test_an_unknown_place_falls_back_with_a_notice(bad: str) -> None:
    view = parse({"place": bad})
    assert view.place is None
    assert len(view.notices) == 1


def test_without_place_ids_no_place_is_known() -> None:
    view = parse_view({"place": "shusha"}, bounds=BOUNDS, default_date=BOUNDS[1], event_ids=(), categories=CATEGORIES)
    assert view.place is None and "No place 'shusha'" in view.notices[0]


def test_a_place_round_trips_through_the_query() -> None:
    view = ViewState(date=dt.date(2020, 10, 28), layers=CATEGORIES, place="barda")
    assert view_query(view, CATEGORIES) == {"date": "2020-10-28", "place": "barda"}
    assert parse(view_query(view, CATEGORIES)) == view


@pytest.mark.parametrize(("start", "era", "expected_date"), [
    (dt.date(2020, 10, 28), "war", dt.date(2020, 10, 28)),
    (dt.date(2020, 9, 1), "war", BOUNDS[0]),  # a month starting before the slider
    (dt.date(1885, 1, 1), "background", dt.date(2020, 11, 1)),  # the background keeps the date it had
])  # fmt: skip
def test_event_view_selects_the_event_at_its_date(start: dt.date, era: str, expected_date: dt.date) -> None:
    base = ViewState(
        date=dt.date(2020, 11, 1), layers=("strike",), naming="hy", mode="window", window=5, place="shusha"
    )
    view = event_view(base, "e1", start, era, "ceasefire", BOUNDS, CATEGORIES)
    assert (view.event, view.era, view.date) == ("e1", era, expected_date)
    assert view.layers == ("strike", "ceasefire"), "the event's own layer is switched on, in category order"
    assert (view.naming, view.mode, view.window, view.place) == ("hy", "window", 5, None)


def test_uploaded_events_beside_the_articles_are_told_apart(data) -> None:
    from geo.io.upload import parse_upload
    from geo.model.loader import load_dataset
    from geo.model.session import session_map_data

    text = "date,latitude,longitude,title,category\n2020-11-10,40.4,49.9,Statement read in Baku,agreement\n"
    uploaded = parse_upload(text.encode(), "mine.csv")
    beside = session_map_data(load_dataset(), uploaded.events, "beside")
    rows = timeline_rows(beside, "war")
    assert rows.set_index("title").loc["Statement read in Baku", "source"] == "Your upload"
    assert rows.set_index("title").loc["Missile strike on Barda", "source"] == "The article"
    assert "From" in event_table(rows).columns
    keys = key_dates(rows, (rows["start"].min(), rows["end"].max()))
    assert list(keys["key_label"]).count("Agreement 10 Nov") == 1, "two agreements on one day: one label"
    assert "From" not in event_table(timeline_rows(data, "war")).columns


def test_the_casualty_legend_says_the_figures_are_reported_and_where_by_whom(data) -> None:
    spec = json.dumps(
        timeline_chart(timeline_rows(data, "war"), data.war_bounds).to_dict(), ensure_ascii=False, default=str
    )
    assert "Killed + injured, as reported" in spec
    assert "who reported each figure" in spec
    assert "Casualties (who reported them)" in spec
