"""Sources and method, Map a text and the page menu in Armenian and Russian, in a real browser: the
headings, tabs, buttons and menu names a reader sees are in their language (issue 22)."""

from pathlib import Path

import pytest
from helpers import wait_for_app_idle
from playwright.sync_api import Page, expect

# What a reader of each language sees: the page menu's names, the Sources page's headings, the
# Map a text tab and its buttons, the metrics once the source article is mapped.
SEEN = {
    "hy": {
        "menu": ["Քարտեզ", "Ժամանակագրություն", "Վայրեր", "Աղբյուրներ և մեթոդ", "Ձեր տվյալները"],
        "sources": ["Աղբյուրը", "Վիճելի վայրերի անունները", "Տվյալներ և հղումներ"],
        "tab": "Քարտեզագրել տեքստ",
        "buttons": ["Գտնել վայրերը", "Փորձել աղբյուր հոդվածով"],
        "metric": "Գտնված վայրեր",
    },
    "ru": {
        "menu": ["Карта", "Хронология", "Места", "Источники и метод", "Ваши данные"],
        "sources": ["Источник", "Названия спорных мест", "Данные и указание авторства"],
        "tab": "Разметить текст",
        "buttons": ["Найти места", "Попробовать на исходной статье"],
        "metric": "Найденные места",
    },
}
ENGLISH_MENU = ["Map", "Timeline", "Places", "Sources and method", "Your data"]


@pytest.mark.parametrize("lang", list(SEEN))
def test_sources_page_and_its_menu_in_the_readers_language(
    page: Page, app_url: str, page_errors: list[str], lang: str
) -> None:
    seen = SEEN[lang]
    page.goto(f"{app_url}/Sources_and_method?lang={lang}")
    expect(page.get_by_role("heading", level=1)).to_have_text(seen["menu"][3], timeout=30_000)
    wait_for_app_idle(page)
    for heading in seen["sources"]:
        expect(page.get_by_role("heading", level=2, name=heading, exact=True)).to_be_visible()
    menu = page.locator(".st-key-page_menu")
    for name in seen["menu"]:
        expect(menu.get_by_role("link", name=name, exact=True)).to_be_visible()
    for name in ENGLISH_MENU:
        expect(page.get_by_role("link", name=name, exact=True)).to_have_count(0)
    # The menu keeps the language: the Timeline opens in it.
    menu.get_by_role("link", name=seen["menu"][1], exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(seen["menu"][1], timeout=30_000)
    assert f"lang={lang}" in page.url
    assert page_errors == []


@pytest.mark.parametrize("lang", list(SEEN))
def test_map_a_text_in_the_readers_language(page: Page, app_url: str, page_errors: list[str], lang: str) -> None:
    seen = SEEN[lang]
    page.goto(f"{app_url}/Your_data?lang={lang}")
    expect(page.get_by_role("heading", level=1)).to_have_text(seen["menu"][4], timeout=30_000)
    wait_for_app_idle(page)
    page.get_by_role("tab", name=seen["tab"]).click()
    for name in seen["buttons"]:
        expect(page.get_by_role("button", name=name)).to_be_visible()
    page.get_by_role("button", name=seen["buttons"][1]).click()
    expect(page.locator(".st-key-text_summary").get_by_text(seen["metric"])).to_be_visible(timeout=60_000)
    assert page_errors == []


def test_a_bad_upload_is_reported_in_russian_with_the_row_field_and_value(
    page: Page, app_url: str, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("date,latitude,longitude,title\n2020-10-28,40.38,47.12,Fine\n2020-10-30,forty,47.12,Word\n")
    page.goto(f"{app_url}/Your_data?lang=ru")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ваши данные", timeout=30_000)
    wait_for_app_idle(page)
    page.get_by_role("tab", name="Загрузить свои события").click()
    page.locator(".st-key-events_upload input[type=file]").set_input_files(str(bad))
    report = page.locator(".st-key-upload_report")
    expect(report).to_contain_text("прочитано строк: 2; можно нанести на карту: 1; не включено: 1", timeout=30_000)
    row = report.locator("tr", has_text="'forty'")
    expect(row).to_contain_text("3")
    expect(row).to_contain_text("latitude")
    expect(row).to_contain_text("не является числом")
