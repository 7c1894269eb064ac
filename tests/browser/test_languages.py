"""The dashboard in another language, in a real browser: Streamlit's controls and the map engine's
own words (status line, time control, legend, cards) and the events' texts speak it, and the
address keeps it."""

import re
from urllib.parse import parse_qs, urlsplit

from helpers import map_frame, wait_for_app_idle
from playwright.sync_api import Page, expect

# The engine's status line in Russian: a date with CLDR's genitive month, and the count's plural form.
MONTHS = "января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
RUSSIAN_STATUS = re.compile(rf"^\d{{1,2}} ({MONTHS}) \d{{4}}\s+г\. · показано \d+ событи(е|я|й)$")


def test_the_dashboard_in_russian(page: Page, app_url: str, page_errors: list[str]) -> None:
    page.goto(f"{app_url}/?lang=ru&date=2020-11-10")
    frame = map_frame(page)
    frame.locator(".leaflet-marker-icon").first.wait_for(timeout=30_000)
    wait_for_app_idle(page)

    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar.get_by_role("button", name="Показать классу")).to_be_visible()
    expect(sidebar.get_by_text("Слои событий")).to_be_visible()
    language = sidebar.get_by_role("combobox", name="Language · Dil · Լեզու · Язык")
    expect(language).to_have_value("Русский")  # each language named in itself
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Карабахская война 2020 года в изложении одной статьи, на карте"
    )

    expect(frame.locator("#status")).to_have_text(RUSSIAN_STATUS)
    expect(frame.locator("#status")).to_contain_text("10 ноября 2020")
    expect(frame.locator("#play")).to_have_text("▶ Пуск")
    expect(frame.locator("label[for=date-slider]")).to_have_text("Дата")
    expect(frame.locator(".map-legend:not(.area-legend) summary")).to_have_text("Легенда")
    expect(frame.locator(".area-legend summary")).to_have_text("Зоны: что значат заливки")
    expect(frame.locator("#cards .show-on-map").first).to_have_text("Показать на карте")
    expect(frame.locator("#cards .card-meta").first).to_contain_text(re.compile(rf"({MONTHS}) \d{{4}}"))
    expect(frame.locator("#cards .card-sources").first).to_contain_text("Источник: абзац")
    # The events' own texts too: the title, and the article's claim with its translation marker.
    shusha = frame.locator("#cards .card", has_text="Азербайджанские силы берут под контроль город Шуша / Шуши")
    expect(shusha.locator(".card-claim")).to_contain_text("[Перевод нашего английского пересказа]")
    # Contested places keep both names, in Russian's forms (place names follow the language).
    expect(frame.locator(".place-label", has_text="Шуша / Шуши")).to_be_visible()

    params = {key: values[-1] for key, values in parse_qs(urlsplit(page.url).query).items()}
    assert params["lang"] == "ru" and params["date"] == "2020-11-10"
    assert page_errors == []


def test_a_cards_casualty_line_in_russian(page: Page, app_url: str) -> None:
    """The figures counted by Russian's plural rules (21 погибший, 70 раненых) and who reported
    them: the line was English ("21 killed, 70 injured. Reported by: …") on a Russian card."""
    page.goto(f"{app_url}/?lang=ru&date=2020-10-28&event=missile-strike-on-barda")
    line = map_frame(page).locator("#cards .card.selected .card-casualties")
    expect(line).to_have_text(
        re.compile(r"^Потери: 21 погибший, 70 раненых \(более 70, .+\)\. По данным: власти Азербайджана"),
        timeout=30_000,
    )


def test_the_offline_maps_country_names_are_in_the_language(page: Page, app_url: str) -> None:
    """Without tiles (none load here) the outlines name the countries: CLDR's names in Armenian, never
    the outlines' own English ones."""
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_url}/?lang=hy&mode=present&step=7")
    frame = page.frame_locator(".st-key-present_map_box iframe")
    expect(frame.locator(".country-label", has_text="Վրաստան")).to_be_visible(timeout=30_000)  # Georgia
    labels = frame.locator(".country-label").all_inner_texts()
    english = [label for label in labels if re.fullmatch(r"[A-Za-z .'-]+", label.strip())]
    assert not english, english
