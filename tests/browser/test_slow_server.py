"""A busy server (a class of 30 on one machine) answers seconds late: the slider's steps still
all show, in order, a late answer never takes back a step made meanwhile, and the slider keeps
the focus (issue 25). The server here holds each settled view and each page run for 2 s."""

import datetime as dt
import os
import re
import sys
from collections.abc import Iterator

import pytest
from conftest import BROWSER_TESTS_DIR
from helpers import choose_option, map_frame, wait_for_app_idle
from playwright.sync_api import Page, expect

from bench.measure import APP_ENTRY, free_loopback_port, running_streamlit
from geo.model.prepare import format_day

SLOW_LAUNCHER = BROWSER_TESTS_DIR / "apps" / "slow_views.py"
SERVER_DELAY_S = 2
KEY_GAP_MS = 400  # a pupil pressing the arrow key, much faster than the server answers
STEPS = 10
START = dt.date(2020, 10, 1)
SLIDER_HAS_FOCUS = "el => el === document.activeElement && document.hasFocus()"


@pytest.fixture(scope="module")
def slow_app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    env = {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false", "SLOW_VIEW_SECONDS": str(SERVER_DELAY_S)}
    launcher = [sys.executable, str(SLOW_LAUNCHER)]
    log_dir = tmp_path_factory.mktemp("slow-views")
    with running_streamlit(launcher, APP_ENTRY, free_loopback_port(), log_dir, env) as app:
        yield app.url


def open_at(page: Page, url: str, day: dt.date) -> None:
    page.goto(f"{url}/?date={day.isoformat()}")
    map_frame(page).locator(".leaflet-marker-icon").first.wait_for(timeout=30_000)
    wait_for_app_idle(page)


def url_has(**params: str):
    return re.compile("".join(rf"(?=.*[?&]{key}={value}(&|$))" for key, value in params.items()))


def test_every_step_shows_while_the_server_answers_late(page: Page, slow_app_url: str, page_errors: list[str]) -> None:
    open_at(page, slow_app_url, START)
    frame = map_frame(page)
    status, slider = frame.locator("#status"), frame.get_by_role("slider")
    slider.focus()
    for step in range(1, STEPS + 1):
        page.keyboard.press("ArrowRight")
        expect(status).to_contain_text(format_day(START + dt.timedelta(days=step)), timeout=SERVER_DELAY_S * 3000)
        page.wait_for_timeout(KEY_GAP_MS)  # the pupil's pace, not a wait for the app
    last = START + dt.timedelta(days=STEPS)
    # Once the server has applied every settled view, the page still shows the last step.
    expect(page).to_have_url(url_has(date=last.isoformat()), timeout=30_000)
    wait_for_app_idle(page)
    expect(status).to_contain_text(format_day(last))
    assert slider.evaluate(SLIDER_HAS_FOCUS), "the slider lost the focus during a server run"
    assert page_errors == []


def test_a_late_sidebar_answer_keeps_a_step_made_meanwhile(page: Page, slow_app_url: str) -> None:
    open_at(page, slow_app_url, START)
    frame = map_frame(page)
    status, slider = frame.locator("#status"), frame.get_by_role("slider")
    # The naming changes on the server (a page run, 2 s); meanwhile the pupil steps the slider.
    choose_option(page, "naming", "Armenian")
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "running")
    slider.focus()
    page.keyboard.press("ArrowRight")
    step = format_day(START + dt.timedelta(days=1))
    expect(status).to_contain_text(step)
    # The server's answer to the naming (made before it heard of the step) takes the naming only,
    # and the step's settled view (made before the engine heard of the naming) takes the date only.
    expect(frame.locator(".place-label", has_text="Շուշի")).to_be_visible(timeout=30_000)
    expect(page).to_have_url(url_has(date=(START + dt.timedelta(days=1)).isoformat(), names="hy"), timeout=30_000)
    wait_for_app_idle(page)
    expect(status).to_contain_text(step)
    expect(frame.locator(".place-label", has_text="Շուշի")).to_be_visible()
    assert slider.evaluate("el => el.value") == str((START + dt.timedelta(days=1) - dt.date(1970, 1, 1)).days)
