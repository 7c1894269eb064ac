"""geo.text.budget: extraction in a child process with a time budget, and the page's message when it overruns."""

import multiprocessing
import os
import signal
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.model.loader import load_dataset
from geo.text.budget import (
    BUDGET_ENV,
    DEFAULT_BUDGET_SECONDS,
    ExtractionStopped,
    budget_seconds,
    extract_within,
    run_within,
)
from geo.text.extract import extract
from geo.text.gazetteer import Gazetteer

REPO = Path(__file__).resolve().parents[1]
TEXT = "On 28 October 2020 rockets struck Barda. Ganja was hit on 11 October 2020.\n\nShusha is in Karabakh."


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer(load_dataset().places, geonames=False)


def spin_forever() -> None:
    while True:
        pass


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def test_the_child_finds_what_extraction_finds(gazetteer: Gazetteer) -> None:
    result = extract_within(TEXT, gazetteer, 30)

    assert result == extract(TEXT, gazetteer)
    assert {p.place_id for p in result.places} >= {"barda", "ganja"}


def test_a_text_over_its_budget_is_stopped_and_its_child_killed() -> None:
    with pytest.raises(ExtractionStopped, match=r"^This text took too long to map: it was stopped after 0\.5 s"):
        run_within(spin_forever, (), 0.5)

    assert multiprocessing.active_children() == []


def test_an_error_in_the_child_is_raised_in_the_caller(gazetteer: Gazetteer) -> None:
    with pytest.raises(TypeError, match="the text must be a string, got int: 3"):
        extract_within(3, gazetteer, 30)


def test_a_child_that_dies_gives_a_message() -> None:
    with pytest.raises(ExtractionStopped, match=r"stopped unexpectedly \(exit code -9\)"):
        run_within(die, (), 30)


@pytest.mark.parametrize(("value", "seconds"), [(None, DEFAULT_BUDGET_SECONDS), ("", DEFAULT_BUDGET_SECONDS),
                                                ("5", 5.0), (" 0.25 ", 0.25)])  # fmt: skip
def test_the_budget_comes_from_the_environment(monkeypatch, value, seconds) -> None:
    if value is None:
        monkeypatch.delenv(BUDGET_ENV, raising=False)
    else:
        monkeypatch.setenv(BUDGET_ENV, value)
    assert budget_seconds() == seconds


@pytest.mark.parametrize("value", ["0", "-1", "abc", "inf", "nan", "1e999"])
def test_a_bad_budget_is_named(monkeypatch, value) -> None:
    monkeypatch.setenv(BUDGET_ENV, value)
    with pytest.raises(ValueError, match=f"^{BUDGET_ENV}={value!r}: needs a positive number of seconds$"):
        budget_seconds()


@pytest.mark.parametrize("seconds", [0, -1, float("inf"), float("nan")])
def test_a_bad_budget_argument_is_named(seconds) -> None:
    with pytest.raises(ValueError, match="needs a positive number"):
        run_within(spin_forever, (), seconds)


def test_the_page_says_a_text_took_too_long_instead_of_a_traceback(monkeypatch) -> None:
    monkeypatch.setenv(BUDGET_ENV, "0.001")  # nothing maps this fast: the page's stop path
    app = AppTest.from_file(str(REPO / "pages" / "4_Your_data.py"), default_timeout=120)
    app.run()
    app.text_area(key="text_input").input("Bakı" + "x" * 5000)
    app.button(key="text_go").click().run()

    assert not app.exception, [e.value for e in app.exception]
    errors = [e.value for e in app.error]
    assert any(e.startswith("This text took too long to map") for e in errors), errors


def test_a_build_no_one_waits_for_is_stopped_and_its_child_killed() -> None:
    """The visitor closed the page: the child stops at once, not after its budget (600 s here)."""
    asked = []

    def visitor_still_there() -> bool:
        asked.append(True)
        return len(asked) < 3

    with pytest.raises(ExtractionStopped, match=r"the page was closed"):
        run_within(spin_forever, (), 600, wanted=visitor_still_there)

    assert len(asked) == 3
    assert multiprocessing.active_children() == []
