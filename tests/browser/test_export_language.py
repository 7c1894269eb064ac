"""The static export made with `--lang hy`, opened from file:// in a real browser: what a class in
Yerevan reads is Armenian (the page, the engine's status line, controls and cards, the events' own
texts), place names come Armenian first with both names of contested places, and the address keeps
no `names` (the language's own naming is the default)."""

import datetime as dt
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

from geo.__main__ import main
from geo.map.framing import TITLE
from geo.map.mapview import engine_strings
from geo.model.i18n import texts
from geo.model.loader import load_dataset
from geo.model.prepare import in_language, prepare

SHUSHA = "azerbaijani-forces-take-shusha"
ARMENIAN = texts("hy")
LAST_DAY = dt.date(2021, 1, 11)


@pytest.fixture(scope="module")
def armenian_site(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("export-hy")
    assert main(["export", "--out", str(out), "--lang", "hy"]) == 0
    return (out / "index.html").as_uri()


def test_an_armenian_export_reads_in_armenian(page: Page, armenian_site: str, page_errors: list[str]) -> None:
    page.goto(armenian_site)
    page.locator(".leaflet-marker-icon").first.wait_for(timeout=15_000)

    expect(page.locator("html")).to_have_attribute("lang", "hy")
    expect(page.get_by_role("heading", level=1)).to_have_text(ARMENIAN(TITLE))
    # The status line: CLDR's Armenian date and the count's plural form, from the strings table.
    shown = engine_strings("hy")["plurals"]["{count} event shown"]["other"].format(count=17)
    date = ARMENIAN.date(LAST_DAY)
    assert date == "2021 թ. հունվարի 11" and shown != "17 events shown"
    expect(page.locator("#status")).to_have_text(f"{date} · {shown}")
    expect(page.locator("label[for=date-slider]")).to_have_text(ARMENIAN("Date"))
    expect(page.locator("#era option:checked")).to_have_text(ARMENIAN("The war and after ({years})", years="2020–2021"))
    expect(page.locator("#cards .show-on-map").first).to_have_text(ARMENIAN("Show on map"))
    expect(page.locator("#cards .card-sources").first).to_contain_text("Աղբյուր՝ պարբերություն")
    # The events' own texts in Armenian, and Shusha / Shushi with both names, the Armenian first.
    title = in_language(prepare(load_dataset()), "hy").events.set_index("id").loc[SHUSHA, "title"]
    assert re.search("[Ա-Ֆա-ֆ]", title)
    expect(page.locator("#cards .card", has_text=title)).to_be_visible()
    expect(page.locator(".place-label", has_text="Շուշի (Shushi) / Shusha")).to_be_visible()
    expect(page.locator(".page-footer")).not_to_contain_text("Every view is a link")

    # A step keeps the language's naming out of the address: a shared link opens the same way.
    page.get_by_role("slider", name=ARMENIAN("Date")).focus()
    page.keyboard.press("ArrowLeft")
    expect(page.locator("#status")).to_contain_text("2021 թ. հունվարի 10")
    hash_params = parse_qs(urlsplit(page.url).fragment)
    assert hash_params["date"] == ["2021-01-10"] and "names" not in hash_params
    assert page_errors == []


def test_a_bad_link_is_explained_in_armenian(page: Page, armenian_site: str) -> None:
    """A shared link with a bad value: the notice is the language's, the bad value quoted as given."""
    page.goto(f"{armenian_site}#era=middle-ages&date=2020-10-28")
    page.locator(".leaflet-marker-icon").first.wait_for(timeout=15_000)
    notice = ARMENIAN("Unknown era {value}; showing the war.", value="'middle-ages'")
    assert notice != "Unknown era 'middle-ages'; showing the war."
    expect(page.locator("#notice-text")).to_have_text(notice)
    expect(page.locator("#status")).to_contain_text("2020 թ. հոկտեմբերի 28")
