"""An ACLED export of 100,000 events uploaded in a real browser: a progress bar while it is read, then its
count, and that the map cannot show that many at once yet."""

from pathlib import Path

from helpers import wait_for_app_idle
from playwright.sync_api import Page, expect

from bench.synthetic import write_acled_csv


def test_an_export_of_100000_events_shows_progress_then_its_count(
    page: Page, app_url: str, page_errors: list[str], tmp_path: Path
) -> None:
    export = write_acled_csv(tmp_path / "acled-100000.csv", 100_000)
    page.goto(f"{app_url}/Your_data")
    page.get_by_role("tab", name="Upload your events").click()
    page.locator(".st-key-events_upload input[type=file]").set_input_files(str(export))

    # Reading and checking 21 MB takes seconds: the bar is up while they run.
    expect(page.locator("[data-testid='stProgress']")).to_be_visible(timeout=60_000)
    report = page.locator(".st-key-upload_report")
    expect(report).to_contain_text(
        "ACLED export: 100,000 row(s) read, 100,000 can be mapped, 0 left out.", timeout=120_000
    )
    expect(page.locator("[data-testid='stProgress']")).to_have_count(0)
    # More than the map takes at once: said, and no button that would leave the dashboard loading for ever.
    expect(page.locator(".st-key-upload_too_many")).to_contain_text("more than the 10,000 the map can show")
    expect(page.get_by_role("button", name="Show on the map")).to_have_count(0)
    wait_for_app_idle(page)
    assert page_errors == []
