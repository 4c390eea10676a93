"""A bad stored row never takes a page down; the Data page lists it and fixes or deletes it."""

from collections.abc import Callable
from datetime import date, datetime, time

import pytest
from sqlalchemy import Engine, text
from streamlit.testing.v1 import AppTest

from core.diary import Episode, NightContext
from db.repair import stored_problems
from db.repository import add_episode, list_records
from tests.app.conftest import DIARY_PAGES, by_label

PAGES = ["app_pages/log_page.py", *DIARY_PAGES]


@pytest.fixture(autouse=True)
def seed_with_a_typo(diary: Engine) -> None:
    """Every test here starts from three nights, one stored (by an older version) as 0026."""
    for day in (1, 2, 3):
        add_episode(
            engine=diary,
            episode=Episode(night=date(2026, 5, day), time=time(2, 0), muscle="calf", pain=6),
            context=NightContext(water_l=1.0),
            now=datetime(2026, 6, 1),
        )
    with diary.begin() as connection:
        connection.execute(text("UPDATE night SET night = '0026-05-01' WHERE night = '2026-05-01'"))


@pytest.mark.parametrize("page", [*PAGES, "app_pages/data_page.py"])
def test_every_page_opens_with_a_night_dated_in_the_year_26(
    open_page: Callable[[str], AppTest], diary: Engine, page: str
) -> None:
    at = open_page(page)
    assert not at.exception


def test_the_data_page_moves_the_bad_night_to_the_right_date(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    at = open_page("app_pages/data_page.py")
    assert "1 entry in your diary cannot be used" in at.warning[0].value
    assert any("0026-05-01" in t.value for t in at.text)
    by_label(at.date_input, "Correct date").set_value(date(2026, 5, 1))  # type: ignore[attr-defined]
    at = by_label(at.run().button, "Move the night").click().run()  # type: ignore[attr-defined]
    assert not at.exception and not at.error
    assert stored_problems(engine=diary) == []
    assert date(2026, 5, 1) in {e.night for e in list_records(engine=diary)[1]}
    assert not at.warning


def test_the_data_page_refuses_a_date_in_the_future_for_the_bad_night(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    at = open_page("app_pages/data_page.py")
    next_year = date.today().replace(month=5, day=1, year=date.today().year + 1)
    by_label(at.date_input, "Correct date").set_value(next_year)  # type: ignore[attr-defined]
    at = by_label(at.run().button, "Move the night").click().run()  # type: ignore[attr-defined]
    assert not at.exception
    assert f"the year {next_year.year}" in at.error[0].value
    assert len(stored_problems(engine=diary)) == 1


def test_the_data_page_deletes_the_bad_night(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    at = open_page("app_pages/data_page.py")
    button = by_label(at.button, "Delete this night and its cramps")
    at = button.click().run()  # type: ignore[attr-defined]
    assert not at.exception
    assert stored_problems(engine=diary) == []
    assert len(list_records(engine=diary)[1]) == 2


def test_a_cramp_with_text_in_its_pain_is_listed_and_deleted(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    with diary.begin() as connection:
        connection.exec_driver_sql("PRAGMA ignore_check_constraints = ON")
        connection.execute(text("UPDATE episode SET pain = '<b>seven</b>' WHERE id = 2"))
    at = open_page("app_pages/diary_page.py")
    at.switch_page("app_pages/data_page.py").run()
    assert not at.exception
    assert any("pain holds '<b>seven</b>'" in t.value for t in at.text)
    at = by_label(at.button, "Delete this cramp").click().run()  # type: ignore[attr-defined]
    assert not at.exception
    assert len(stored_problems(engine=diary)) == 1  # the night dated 0026 is still to fix
