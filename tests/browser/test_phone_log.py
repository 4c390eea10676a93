"""Logging a cramp on a phone, the way a person woken by one at 3 a.m. would."""

from __future__ import annotations

import pandas as pd
from playwright.sync_api import Locator, Page, expect

from db.engine import create_diary_engine
from db.repository import load_frames
from tests.browser import conftest as ui
from tests.browser.conftest import MIN_TOUCH_PX, ON_A_PHONE, RunningApp

pytestmark = ON_A_PHONE


def cramp_form(page: Page) -> Locator:
    return page.get_by_test_id("stForm").filter(has=page.get_by_role("button", name="Save cramp"))


def option(form: Locator, group: str, name: str) -> Locator:
    """One pill or segment (both are radio buttons) of the control labelled `group`."""
    return form.get_by_role("radiogroup", name=group).get_by_role("radio", name=name, exact=True)


def save_cramp(page: Page, app: RunningApp) -> tuple[Locator, pd.DataFrame]:
    """Tap "Save cramp": the message shown, and the cramps then stored."""
    page.get_by_role("button", name="Save cramp").tap()
    ui.settle(page)
    ui.no_exception_box(page, app)
    engine = create_diary_engine(app.database_url)
    try:
        _, episodes = load_frames(engine=engine)
    finally:
        engine.dispose()
    return page.get_by_test_id("stAlertContentSuccess"), episodes


def test_a_cramp_logged_with_a_few_taps_shows_up_in_the_diary(
    page: Page, empty_app: RunningApp
) -> None:
    ui.open_page(page, empty_app)
    form = cramp_form(page)
    # The common case is already chosen: calf (no earlier cramp yet), now, one minute.
    expect(option(form, "Muscle", "Calf")).to_have_attribute("aria-checked", "true")
    expect(option(form, "How long", "1 min")).to_have_attribute("aria-checked", "true")
    ui.save_screenshot(page, "phone-log")

    option(form, "Side", "Left").tap()
    option(form, "How long", "2 min").tap()
    expect(option(form, "How long", "2 min")).to_have_attribute("aria-checked", "true")
    saved, episodes = save_cramp(page, empty_app)
    expect(saved).to_contain_text("Saved to the night of")
    expect(saved).to_contain_text("Calf left, 2 min, pain 5/10")
    ui.save_screenshot(page, "phone-log-saved")
    assert episodes[["muscle", "side", "duration_s"]].values.tolist() == [["calf", "left", 120]]

    # To the Diary the way a phone user gets there: open the menu, tap the page.
    page.get_by_test_id("stExpandSidebarButton").tap()
    page.get_by_test_id("stSidebarNavLink").filter(has_text="Diary").tap()
    ui.settle(page)
    expect(page.get_by_test_id("stSidebar")).not_to_be_in_viewport()  # the menu folded away
    expect(page.get_by_role("heading", name="Diary", level=1)).to_be_visible()
    ui.no_exception_box(page, empty_app)
    row = ui.table_rows(page).filter(has_text="Calf")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Left")
    expect(row).to_contain_text("2 min")
    ui.save_screenshot(page, "phone-diary")


def test_opening_optional_parts_keeps_what_was_already_picked(
    page: Page, empty_app: RunningApp
) -> None:
    # Its inputs are made only once it is opened (a rerun): the picks made before must stay.
    ui.open_page(page, empty_app)
    form = cramp_form(page)
    option(form, "Muscle", "Foot").tap()
    option(form, "How long", "5 min").tap()
    expect(form.get_by_role("spinbutton", name="Water drunk (L)")).to_have_count(0)
    form.get_by_text("The day before").tap()
    water = form.get_by_role("spinbutton", name="Water drunk (L)")
    water.fill("1.5")
    ui.save_screenshot(page, "phone-log-day-before")
    form.get_by_text("The day before").tap()  # closed again: what was typed is still sent
    form.get_by_text("What it felt like, what helped").tap()
    form.get_by_role("textbox", name="Note").fill("woke twice")
    saved, episodes = save_cramp(page, empty_app)
    expect(saved).to_contain_text("Foot")
    expect(saved).to_contain_text("5 min")
    foot = episodes[episodes["muscle"] == "foot"]  # the app may hold other tests' cramps
    assert foot[["duration_s", "water_l", "note"]].values.tolist() == [[300, 1.5, "woke twice"]]


def test_the_log_controls_are_big_enough_for_a_fingertip(page: Page, empty_app: RunningApp) -> None:
    ui.open_page(page, empty_app)
    form = cramp_form(page)
    targets = {
        "Save cramp": [page.get_by_role("button", name="Save cramp")],
        "No cramps last night": [page.get_by_role("button", name="No cramps last night")],
        "Muscle": form.get_by_role("radiogroup", name="Muscle").get_by_role("radio").all(),
        "Side": form.get_by_role("radiogroup", name="Side").get_by_role("radio").all(),
        "How long": form.get_by_role("radiogroup", name="How long").get_by_role("radio").all(),
    }
    assert len(targets["Muscle"]) == 14 and len(targets["How long"]) == 6
    too_small = []
    for name, locators in targets.items():
        for locator in locators:
            box = locator.bounding_box()
            assert box is not None, f"{name}: not on screen"
            if min(box["width"], box["height"]) < MIN_TOUCH_PX:
                too_small.append(f"{name} {locator.inner_text()!r}: {box}")
    assert not too_small, f"smaller than {MIN_TOUCH_PX:.0f} px: {too_small}"


def test_the_save_button_keeps_readable_contrast_in_the_dark_theme(
    page: Page, empty_app: RunningApp
) -> None:
    ui.open_page(page, empty_app)
    colours = page.get_by_role("button", name="Save cramp").evaluate(
        """button => {
            const style = getComputedStyle(button);
            return [style.color, style.backgroundColor];
        }"""
    )
    text, background = (_luminance(c) for c in colours)
    ratio = (max(text, background) + 0.05) / (min(text, background) + 0.05)
    assert ratio >= 4.5, f"contrast {ratio:.1f}:1 between {colours[0]} and {colours[1]}"


def _luminance(css_colour: str) -> float:
    """WCAG relative luminance of an `rgb(r, g, b)` / `rgba(...)` colour."""
    numbers = css_colour[css_colour.index("(") + 1 : css_colour.index(")")].split(",")
    channels = [int(float(n)) / 255 for n in numbers[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
