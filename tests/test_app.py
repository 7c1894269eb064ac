"""AppTest smoke tests: the dashboard (and every page) runs, and its controls change what is shown.

st_folium is opaque to AppTest; the map itself is covered by tests/browser.
"""

import datetime as dt
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import classroom
from geo.model.loader import load_dataset
from geo.model.rooms import Client, RoomView, display_code, new_token

REPO = Path(__file__).resolve().parents[1]
DASHBOARD = REPO / "dashboard.py"
# The dashboard and every page, so a new page is covered as soon as it exists.
SCRIPTS = [DASHBOARD, *sorted((REPO / "pages").glob("*.py"))]
TIMEOUT_S = 60
BARDA = "missile-strike-on-barda"
BARDA_DAY = dt.date(2020, 10, 28)


@pytest.fixture(scope="module")
def events():
    return load_dataset().events


def run(params: dict | None = None) -> AppTest:
    app = AppTest.from_file(str(DASHBOARD), default_timeout=TIMEOUT_S)
    app.query_params.update(params or {})
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def block_text(block) -> str:
    return " ".join(str(element.value) for element in block if hasattr(element, "value"))


def unescaped(text: str) -> str:
    """Markdown text without its backslash escapes."""
    return re.sub(r"\\(.)", r"\1", text)


def query(app: AppTest) -> dict[str, str]:
    """The URL the server wrote: what a shared link and the other pages see."""
    return {key: values[-1] if isinstance(values, list) else values for key, values in app.query_params.items()}


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: str(path.relative_to(REPO)))
def test_script_runs_without_exception(script: Path) -> None:
    app = AppTest.from_file(str(script), default_timeout=TIMEOUT_S)
    app.run()
    assert not app.exception, [e.value for e in app.exception]


def test_the_engine_gets_the_view_the_link_names() -> None:
    """The map, its slider and the cards are the browser's (tests/browser); the server hands the
    engine the view and keeps the URL."""
    app = run({"date": BARDA_DAY.isoformat(), "event": BARDA})
    assert app.session_state["date"] == BARDA_DAY
    assert app.session_state["selected"] == BARDA
    assert not app.warning
    assert query(app) == {"date": "2020-10-28", "event": BARDA}


@pytest.mark.parametrize(("params", "echoes"), [
    ({"date": "2020-13-01"}, ["'2020-13-01'"]),
    ({"date": "2020-W44-3"}, ["'2020-W44-3'"]),
    ({"date": "yesterday", "window": "abc", "mode": "sideways"}, ["'yesterday'", "'abc'", "'sideways'"]),
    ({"event": "<img src=x onerror=alert(1)>", "names": "xx", "era": "future"},
     ["'<img src=x onerror=alert(1)>'", "'xx'", "'future'"]),
    ({"layers": "strike,bombs", "window": "999"}, ["'bombs'", "'999'"]),
    ({"date": "9" * 10_000}, ["Ignored date"]),
    ({"window": "²"}, ["'²'"]),  # a digit to str.isdigit, not to int()
])  # fmt: skip
def test_a_bad_link_warns_and_falls_back(params: dict, echoes: list[str]) -> None:
    app = run(params)
    warnings = " ".join(unescaped(w.value) for w in app.warning)
    assert all(echo in warnings for echo in echoes), warnings
    assert len(app.warning) == len(echoes)
    assert app.get_by_key("map_panel")  # the map is still there


def test_switching_off_the_strike_layer_reaches_the_url() -> None:
    app = run()
    assert "layers" not in query(app)
    app.checkbox(key="layer-strike").uncheck().run()
    assert not app.exception
    layers = query(app)["layers"].split(",")
    assert "strike" not in layers and "ceasefire" in layers


def test_background_era_is_named_with_the_years_of_its_events(events) -> None:
    background = events[events["end"] < dt.date(2020, 9, 27)]
    years = f"{min(background['start']).year}–{max(background['end']).year}"
    app = run()
    era = app.radio(key="era")
    assert years in era.format_func("background")
    era.set_value("background").run()
    assert not app.exception
    assert query(app)["era"] == "background"


# --- framing, and a clone without the article's text ----------------------------------------


def test_every_slide_starts_with_the_source_line() -> None:
    from geo.map.framing import ARTICLE_SAYS_MEANING, SOURCE_LINE

    app = run({"mode": "present", "step": "3"})
    shown = unescaped(block_text(app.get_by_key("present_source").markdown))
    assert SOURCE_LINE in shown and ARTICLE_SAYS_MEANING in shown


def test_your_data_says_whose_account_its_files_are() -> None:
    from geo.map.framing import SOURCE_LINE

    app = AppTest.from_file(str(REPO / "pages" / "4_Your_data.py"), default_timeout=TIMEOUT_S)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    captions = [unescaped(caption.value) for caption in app.caption]
    assert any(SOURCE_LINE in caption and "their downloads say that instead" in caption for caption in captions)


def test_the_article_can_be_mapped_without_its_text(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import geo.model.loader

    monkeypatch.setattr(geo.model.loader, "ARTICLE_PATH", tmp_path / "no-article.txt")
    app = AppTest.from_file(str(REPO / "pages" / "4_Your_data.py"), default_timeout=TIMEOUT_S)
    app.run()
    app.button(key="text_article").click().run()
    assert not app.exception, [e.value for e in app.exception]
    found = {metric.label: int(metric.value) for metric in app.metric}
    assert found["Places found"] >= 60 and found["Names not resolved"] >= 20
    assert any("not part of this copy" in info.value for info in app.info)


def test_the_places_page_counts_mentions_without_the_article(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import geo.model.loader

    monkeypatch.setattr(geo.model.loader, "ARTICLE_PATH", tmp_path / "no-article.txt")
    app = AppTest.from_file(str(REPO / "pages" / "2_Places.py"), default_timeout=TIMEOUT_S)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert any("counted in the article" in caption.value for caption in app.caption)
    assert any("The article names it" in unescaped(str(m.value)) for m in app.markdown)


@pytest.mark.parametrize("params", [{}, {"mode": "present", "step": "3"}])
def test_dashboard_and_presentation_offer_the_handout(params: dict) -> None:
    app = run(params)
    labels = [button.proto.label for button in app.get("download_button")]
    assert labels == ["Handout (PDF)"]


@pytest.mark.parametrize(
    ("code", "echo"),
    [("nope", "'nope' is not a room code"), ("ABCD-EFGH", "There is no room 'ABCD\\-EFGH'"), ("", None)],
)
def test_a_join_link_with_a_bad_code_says_why_and_offers_the_form(code: str, echo: str | None) -> None:
    app = run({"room": code})
    assert [title.value for title in app.title] == ["Follow your teacher"]
    errors = [error.value for error in app.error]
    assert (echo in errors[0]) if echo else errors == []
    assert [box.label for box in app.text_input] == ["Room code"]


def test_a_follower_sees_the_teachers_slide_and_gets_the_handout_once_exploring(events) -> None:
    teacher = Client(new_token(), "10.9.9.9")
    room = classroom.room_store().create(RoomView(step=5, date=None, event=events.iloc[4]["id"]), teacher)
    app = run({"room": display_code(room.code)})
    texts = [str(m.value) for m in app.markdown]
    assert f"5 / {len(events)}" in texts
    assert any(events.iloc[4]["title"].split()[0] in text for text in texts)
    assert "Stop following to explore on your own and to get the handout (PDF)." in [c.value for c in app.caption]
    assert [b.proto.label for b in app.get("download_button")] == []  # no widgets in the waiting card
    assert "Next ▶" not in [b.label for b in app.button]  # only the teacher drives
    app.button(key="follow_stop").click().run()
    assert [b.proto.label for b in app.get("download_button")] == ["Handout (PDF)"]
    assert f"5 / {len(events)}" in [str(m.value) for m in app.markdown]  # explores on from the teacher's slide


def test_a_follower_is_told_when_the_teacher_presents_data_of_their_own(events) -> None:
    """Issue 18: students silently saw the article's event with the teacher's slide number."""
    teacher = Client(new_token(), "10.9.9.10")
    view = RoomView(step=13, date=None, event="an-uploaded-event")
    room = classroom.room_store().create(view, teacher, dataset="the-teachers-upload")
    app = run({"room": display_code(room.code)})
    assert [title.value for title in app.title] == ["Follow your teacher"]
    assert "presents data of their own" in app.error[0].value
    assert f"13 / {len(events)}" not in [str(m.value) for m in app.markdown]


def test_a_follower_sees_that_the_teacher_is_away_and_keeps_the_slide(events) -> None:
    teacher = Client(new_token(), "10.9.9.11")
    store = classroom.room_store()
    room = store.create(RoomView(step=7, date=None, event=events.iloc[6]["id"]), teacher)
    store._rooms[room.code]["active"] -= 90  # the teacher's page last checked in 90 s ago
    app = run({"room": display_code(room.code)})
    assert any("The teacher is away" in info.value for info in app.info)
    assert f"7 / {len(events)}" in [str(m.value) for m in app.markdown]
    store.touch(room.code, room.secret)  # back
    app.run()
    assert not any("The teacher is away" in info.value for info in app.info)


def test_a_slide_handout_that_cannot_hold_its_slides_says_so_before_printing(events) -> None:
    total = len(events)
    app = run({"mode": "present", "step": str(total)})
    warnings = [warning.value for warning in app.warning]
    assert any(f"Slides 1–{total} do not all fit in 4 pages" in text for text in warnings), warnings
    app.segmented_control(key="present_handout_range").set_value("From this slide").run()
    assert not app.exception
    assert not [w.value for w in app.warning if "do not all fit" in w.value]
    assert [b.proto.label for b in app.get("download_button")] == ["Handout (PDF)"]


# --- naming and first use (issue 19) --------------------------------------------------------


def test_presentation_opens_at_the_wars_first_slide_with_the_background_one_step_back(events) -> None:
    from geo.model.prepare import prepare

    first_war = int(prepare(load_dataset()).era_is_war.argmax()) + 1
    assert first_war > 1  # the article's background comes first
    app = run()
    app.button(key="start_presentation").click().run()
    assert query(app)["step"] == str(first_war)
    assert f"{first_war} / {len(events)}" in [str(m.value) for m in app.markdown]
    app.button(key="present_previous").click().run()
    assert query(app)["step"] == str(first_war - 1)


def test_the_naming_is_kept_into_presentation_mode_and_out_of_it() -> None:
    app = run({"names": "hy", "date": "2020-10-28", "event": BARDA})
    app.button(key="start_presentation").click().run()
    assert query(app)["mode"] == "present" and query(app)["names"] == "hy"
    card = unescaped(block_text(app.get_by_key("present_card").markdown))
    assert "Barda" in card or "Պարտավ" in card
    app.button(key="present_exit").click().run()
    assert query(app)["names"] == "hy" and query(app)["event"] == BARDA


def test_a_slide_names_contested_places_as_the_naming_does(events) -> None:
    shusha = events.index[events["id"] == "azerbaijani-forces-take-shusha"][0] + 1
    app = run({"mode": "present", "step": str(shusha), "names": "ru"})
    card = unescaped(block_text(app.get_by_key("present_card").markdown))
    assert "Шуша / Шуши" in card


def test_a_follower_takes_the_teachers_naming_unless_they_pick_one(events) -> None:
    shusha = int(events.index[events["id"] == "azerbaijani-forces-take-shusha"][0]) + 1
    room = classroom.room_store().create(RoomView(step=shusha, names="hy"), Client(new_token(), "10.9.9.12"))
    app = run({"room": display_code(room.code)})
    assert 'data-follow-names="hy"' in " ".join(str(h.proto.body) for h in app.get("html"))
    assert "Շուշի (Shushi) / Shusha" in unescaped(" ".join(str(m.value) for m in app.markdown))
    app.selectbox(key="follow_names").select("en").run()
    assert "Shusha / Shushi" in unescaped(" ".join(str(m.value) for m in app.markdown))
    assert 'data-follow-names="en"' in " ".join(str(h.proto.body) for h in app.get("html"))


def test_the_home_page_has_a_join_a_class_box_that_opens_the_room() -> None:
    app = run()
    app.text_input(key="join_code").input("abcd-efgh")
    app.button(key="FormSubmitter:join_class-Join a class").click().run()
    assert query(app)["room"] == "abcd-efgh"
    assert [title.value for title in app.title] == ["Follow your teacher"]  # the code is checked there


def test_the_sources_page_states_the_rule_that_orders_the_two_names() -> None:
    from geo.model.naming import ORDER_RULE

    app = AppTest.from_file(str(REPO / "pages" / "3_Sources_and_method.py"), default_timeout=TIMEOUT_S)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert any(ORDER_RULE in str(m.value) for m in app.markdown)
