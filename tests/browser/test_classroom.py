"""A class room in real browsers: a student's page follows the teacher's slides, stops, catches up,
and keeps its last slide when the room ends or its store (Redis) goes away."""

from __future__ import annotations

import json
import re
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import NOT_LOOPBACK_URL, running_app
from helpers import wait_for_app_idle
from playwright.sync_api import Browser, BrowserContext, FrameLocator, Page, expect

from bench.measure import APP_ENTRY
from bench.redis_server import running_redis
from classroom import CLIENT_COOKIE

EVENTS = json.loads((Path(__file__).resolve().parents[2] / "data" / "events.geojson").read_text(encoding="utf-8"))
TOTAL = len(EVENTS["features"])
PROGRESS = ".st-key-present_progress"
CARD = ".st-key-present_card"
FOLLOW_BAR = ".st-key-follow_bar"
FOLLOW_LOST = ".st-key-follow_lost"
ROOM_TEXT = ".st-key-room_panel"
ROOM_CODE = ".st-key-room_code"
# Generous: this checks that the student follows, on a machine shared with other work; how fast is
# measured by bench/classroom_load.py.
FOLLOW_MS = 15_000


@pytest.fixture
def student_context(browser: Browser) -> Iterator[BrowserContext]:
    """The student's own browser (own cookies, own Streamlit session), offline like the teacher's."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    context.route(NOT_LOOPBACK_URL, lambda route: route.abort("blockedbyclient"))
    yield context
    context.close()


def open_room(teacher: Page, url: str, step: int = 1) -> str:
    """The teacher opens presentation mode and a class room; returns the room code shown on the slide."""
    teacher.goto(f"{url}/?mode=present&step={step}")
    teacher.get_by_role("button", name="Open a class room").click()
    return room_code(teacher)


def room_code(teacher: Page) -> str:
    """The code on the room panel's one line (which never wraps)."""
    expect(teacher.locator(ROOM_CODE)).to_contain_text("Join the class", timeout=30_000)
    code = re.search(r"\b([A-Z2-9]{4}-[A-Z2-9]{4})\b", teacher.locator(ROOM_CODE).inner_text()).group(1)
    expect(teacher.locator(f"{ROOM_CODE} strong")).to_have_css("white-space", "nowrap")
    return code


def join_link(teacher: Page, code: str) -> str:
    """The link under the QR code (opened after a room is opened): its text is its address, a clean URL."""
    link = teacher.locator(".st-key-room_link a")
    expect(link).to_be_visible()
    text, href = link.inner_text(), link.get_attribute("href")
    assert text == href and href.endswith(f"?room={code}")
    assert href.isascii() and "\u2060" not in text  # no invisible characters (a word joiner broke it)
    qr = teacher.locator(".st-key-room_share img").first
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.naturalWidth") >= 300  # a large QR code
    return href


def join(student: Page, url: str, code: str) -> None:
    student.goto(f"{url}/?room={code}")
    expect(student.locator(FOLLOW_BAR)).to_contain_text("Following the teacher", timeout=30_000)
    # The follower's map: one page for the whole presentation, shared by the class (an iframe from
    # its own HTML), presenting the teacher's slide.
    student_map(student).locator(".event-icon.selected").first.wait_for(timeout=30_000)


def student_map(student: Page) -> FrameLocator:
    return student.frame_locator("iframe[srcdoc]").first


def next_slide(teacher: Page, expected: int) -> None:
    teacher.get_by_role("button", name="Next ▶").click()
    expect(teacher.locator(PROGRESS)).to_have_text(f"{expected} / {TOTAL}")


def title(step: int) -> str:
    return EVENTS["features"][step - 1]["properties"]["title"]


def event_id(step: int) -> str:
    return EVENTS["features"][step - 1]["properties"]["id"]


def test_a_student_follows_five_steps_stops_catches_up_and_survives_the_room_ending(
    page: Page, app_url: str, student_context: BrowserContext, page_errors: list[str]
) -> None:
    teacher = page
    code = open_room(teacher, app_url, step=10)
    student = student_context.new_page()
    student_errors: list[str] = []
    student.on("pageerror", lambda error: student_errors.append(str(error)))
    join(student, app_url, code)
    expect(student.locator(PROGRESS)).to_have_text(f"10 / {TOTAL}")
    expect(teacher.locator(ROOM_TEXT)).to_contain_text("1 student following", timeout=15_000)

    selected = student_map(student).locator(".event-icon.selected")
    expect(selected.first).to_have_attribute("data-event-id", event_id(10))
    # A mark on the map's page: it survives only if the map is not reloaded by the steps.
    student_map(student).locator("body").evaluate("body => { body.ownerDocument.defaultView.followMark = 'kept'; }")

    # Five steps: the student's slide, card and map (the teacher's event selected) follow each one.
    for step in range(11, 16):
        next_slide(teacher, step)
        expect(student.locator(PROGRESS)).to_have_text(f"{step} / {TOTAL}", timeout=FOLLOW_MS)
        expect(student.locator(CARD)).to_contain_text(title(step), timeout=FOLLOW_MS)
        expect(selected.first).to_have_attribute("data-event-id", event_id(step), timeout=FOLLOW_MS)
    expect(student.locator("iframe[srcdoc]")).to_have_count(1)
    assert student_map(student).locator("body").evaluate("body => body.ownerDocument.defaultView.followMark") == "kept"
    expect(student.get_by_role("button", name="Next ▶")).to_have_count(0)  # only the teacher drives

    # Stop following: the teacher moves on, the student explores on their own.
    student.get_by_role("button", name="Stop following").click()
    expect(student.locator(FOLLOW_BAR)).to_contain_text("Exploring on your own")
    next_slide(teacher, 16)
    next_slide(teacher, 17)
    student.get_by_role("button", name="◀ Previous").click()
    expect(student.locator(PROGRESS)).to_have_text(f"14 / {TOTAL}")

    # One click catches up with the teacher.
    student.get_by_role("button", name="Catch up with the teacher").click()
    expect(student.locator(PROGRESS)).to_have_text(f"17 / {TOTAL}", timeout=FOLLOW_MS)
    expect(student.locator(FOLLOW_BAR)).to_contain_text("Following the teacher")
    next_slide(teacher, 18)
    expect(student.locator(PROGRESS)).to_have_text(f"18 / {TOTAL}", timeout=FOLLOW_MS)

    # The room ends mid-lesson: the student keeps the last slide and is told.
    teacher.get_by_role("button", name="End the room").click()
    expect(student.locator(FOLLOW_BAR)).to_contain_text("the room has ended", timeout=FOLLOW_MS)
    wait_for_app_idle(student)
    expect(student.locator(FOLLOW_LOST)).to_contain_text("room has ended")
    expect(student.locator(PROGRESS)).to_have_text(f"18 / {TOTAL}")
    expect(student.locator(CARD)).to_contain_text(title(18))
    expect(student.get_by_role("button", name="Catch up with the teacher")).to_have_count(0)
    student.get_by_role("button", name="Next ▶").click()  # and explores on from there
    expect(student.locator(PROGRESS)).to_have_text(f"19 / {TOTAL}")
    assert page_errors == [] and student_errors == []


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("nope", "'nope' is not a room code"),
        ("ABCD-EFGH", "There is no room 'ABCD-EFGH'"),
        ("<b>x</b>", "'<b>x</b>' is not a room code"),
    ],
)
def test_a_bad_code_says_why_and_offers_the_join_form(page: Page, app_url: str, code: str, message: str) -> None:
    page.goto(f"{app_url}/?room={code}")
    expect(page.get_by_role("heading", name="Follow your teacher")).to_be_visible(timeout=30_000)
    expect(page.get_by_test_id("stAlertContentError")).to_contain_text(message)
    expect(page.get_by_label("Room code")).to_be_visible()


def test_two_app_processes_share_rooms_through_redis_and_followers_survive_losing_it_and_its_restart(
    page: Page, student_context: BrowserContext, tmp_path: Path
) -> None:
    with running_redis() as redis_server:
        env = {"REDIS_URL": redis_server.url}
        with (
            running_app(APP_ENTRY, tmp_path, env) as teacher_url,
            running_app(APP_ENTRY, tmp_path, env) as student_url,
        ):
            assert teacher_url != student_url
            code = open_room(page, teacher_url, step=12)
            student = student_context.new_page()
            join(student, student_url, code)
            expect(student.locator(PROGRESS)).to_have_text(f"12 / {TOTAL}")
            for step in (13, 14):
                next_slide(page, step)
                expect(student.locator(PROGRESS)).to_have_text(f"{step} / {TOTAL}", timeout=FOLLOW_MS)
            expect(page.locator(ROOM_TEXT)).to_contain_text("1 student following", timeout=15_000)

            redis_server.stop()
            expect(student.locator(FOLLOW_LOST)).to_contain_text("Lost the teacher", timeout=15_000)
            expect(student.locator(PROGRESS)).to_have_count(1)  # the page's run has ended
            expect(student.locator(PROGRESS)).to_have_text(f"14 / {TOTAL}")
            expect(student.locator(CARD)).to_contain_text(title(14))
            page.get_by_role("button", name="Next ▶").click()
            # Said by the move and by the count beside the code: either will do.
            expect(page.get_by_text("cannot be reached just now").first).to_be_visible(timeout=15_000)

            # Redis comes back empty (a restart without persistence): the room has ended, for the
            # student (who keeps the slide, with no error box) and for the teacher.
            redis_server.start()
            expect(student.locator(FOLLOW_BAR)).to_contain_text("the room has ended", timeout=30_000)
            expect(student.locator(FOLLOW_LOST)).to_contain_text("room has ended")
            expect(student.locator(PROGRESS)).to_have_text(f"14 / {TOTAL}")
            expect(student.get_by_test_id("stException")).to_have_count(0)
            expect(page.get_by_text("This class room has ended").first).to_be_visible(timeout=30_000)
        logs = "".join(log.read_text(errors="replace") for log in tmp_path.glob("server-*.log"))
        assert "Traceback" not in logs
        assert logs.count("room store unreachable") <= 2  # once per app process, not per follower per try


SLOW_REDIS_S = 1.5  # each command waits this long: under the store's 2 s socket timeout


def test_a_slow_redis_keeps_pages_answering_and_the_class_following(
    page: Page, student_context: BrowserContext, tmp_path: Path
) -> None:
    """Redis stalls (DEBUG SLEEP blocks every command) just as the teacher moves on: the server still
    answers its health check at once, the teacher's slide moves, and the student catches up with no
    error once Redis answers again."""
    import redis

    with (
        running_redis(debug_command=True) as redis_server,
        running_app(APP_ENTRY, tmp_path, {"REDIS_URL": redis_server.url}) as url,
    ):
        code = open_room(page, url, step=3)
        student = student_context.new_page()
        join(student, url, code)
        expect(student.locator(PROGRESS)).to_have_text(f"3 / {TOTAL}")
        for step in (4, 5):
            stall = threading.Thread(
                target=redis.Redis.from_url(redis_server.url).execute_command, args=("DEBUG", "SLEEP", SLOW_REDIS_S)
            )
            stall.start()
            page.get_by_role("button", name="Next ▶").click()
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as health:  # not held by Redis
                assert health.status == 200
            stall.join()
            expect(page.locator(PROGRESS)).to_have_text(f"{step} / {TOTAL}", timeout=FOLLOW_MS)
            expect(student.locator(PROGRESS)).to_have_text(f"{step} / {TOTAL}", timeout=FOLLOW_MS)
            expect(student.locator(CARD)).to_contain_text(title(step))
        expect(student.locator(FOLLOW_BAR)).to_contain_text("Following the teacher")
        expect(student.get_by_test_id("stException")).to_have_count(0)
        expect(page.get_by_test_id("stException")).to_have_count(0)
    logs = "".join(log.read_text(errors="replace") for log in tmp_path.glob("server-*.log"))
    assert "Traceback" not in logs


def test_the_join_link_is_clean_opens_when_clicked_or_copied_and_the_panel_folds(
    page: Page, app_url: str, student_context: BrowserContext
) -> None:
    teacher = page
    code = open_room(teacher, app_url, step=4)
    link = join_link(teacher, code)
    # The app here listens on loopback only: no phone can reach it, and the open panel says so.
    no_phones = "phones and other computers cannot open the link"
    expect(teacher.locator(ROOM_TEXT)).to_contain_text(no_phones, timeout=15_000)
    with teacher.context.expect_page() as opened:
        teacher.locator(".st-key-room_link a").click()
    clicked = opened.value
    expect(clicked.locator(FOLLOW_BAR)).to_contain_text("Following the teacher", timeout=30_000)
    copied = student_context.new_page()
    copied.goto(link)  # the text as copied from the screen
    expect(copied.locator(FOLLOW_BAR)).to_contain_text("Following the teacher", timeout=30_000)
    expect(teacher.locator(ROOM_TEXT)).to_contain_text("2 students following", timeout=30_000)
    # Folded: one line with the code and the count; the QR code opens again on demand.
    wait_for_app_idle(teacher)  # mid-run, the panel's old and new toggles are both on the page
    teacher.locator(".st-key-room_qr label").first.click()
    expect(teacher.locator(".st-key-room_share")).to_have_count(0, timeout=15_000)
    wait_for_app_idle(teacher)
    line = teacher.locator(".st-key-room_line").bounding_box()
    code_box = teacher.locator(f"{ROOM_CODE} strong").bounding_box()
    assert code_box["height"] < 60 and line["height"] < 90  # the code on one line, the panel one row
    teacher.locator(".st-key-room_qr label").first.click()
    expect(teacher.locator(".st-key-room_share img").first).to_be_visible(timeout=15_000)


def test_a_teachers_reload_and_second_tab_take_the_open_room_back(
    page: Page, app_url: str, student_context: BrowserContext
) -> None:
    teacher = page
    code = open_room(teacher, app_url, step=6)
    student = student_context.new_page()
    join(student, app_url, code)
    teacher.reload()  # F5: a new session, the same browser
    assert room_code(teacher) == code
    expect(teacher.locator(".st-key-room_share")).to_have_count(0)  # folded after a reload
    next_slide(teacher, 7)
    expect(student.locator(PROGRESS)).to_have_text(f"7 / {TOTAL}", timeout=FOLLOW_MS)
    second = teacher.context.new_page()
    second.goto(f"{app_url}/?mode=present&step=8")
    assert room_code(second) == code
    expect(student.locator(PROGRESS)).to_have_text(f"8 / {TOTAL}", timeout=FOLLOW_MS)
    assert "classroom_room" not in teacher.url and code not in teacher.url  # the secret is no link's


HAS_CLIENT_COOKIE = f"() => document.cookie.split('; ').some((c) => c.startsWith('{CLIENT_COOKIE}='))"


def test_wrong_codes_are_limited_across_reloads_but_the_right_code_always_joins(
    page: Page, app_url: str, student_context: BrowserContext
) -> None:
    """Issue 18: the limit restarted with every page load, and a lock on everyone refused right codes."""
    code = open_room(page, app_url, step=2)
    guesser = student_context.new_page()
    for _ in range(5):  # each a new page load, so a new session
        guesser.goto(f"{app_url}/?room=ABCD-EFGH")
        expect(guesser.get_by_test_id("stAlertContentError")).to_contain_text("There is no room", timeout=30_000)
        # The page has stored the browser's token (its script may run after the message shows): the
        # next load is the same browser to the limit, as it is for a person who reads the message.
        guesser.wait_for_function(HAS_CLIENT_COOKIE, timeout=30_000)
    guesser.goto(f"{app_url}/?room=ABCD-EFGH")
    expect(guesser.get_by_test_id("stAlertContentError")).to_contain_text("wait 10 minutes", timeout=30_000)
    guesser.goto(f"{app_url}/?room={code.lower().replace('-', ' ')}")
    expect(guesser.locator(FOLLOW_BAR)).to_contain_text("Following the teacher", timeout=30_000)
    expect(guesser.locator(PROGRESS)).to_have_text(f"2 / {TOTAL}")
