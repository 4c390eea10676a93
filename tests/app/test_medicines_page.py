"""The Medicines page: add, stop, edit and delete, every refusal shown, nothing saved."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from core.medicines.medicine import Medicine
from db.repository import list_medicines, save_medicine
from tests.app.conftest import by_label
from tests.app.test_patterns_page import figures, show
from tests.entries import load_demo

PAGE = "app_pages/medicines_page.py"
FORM = "medicines_new"
TODAY = date.today()


def add(at: AppTest, name: str, started: date, stopped: date | None = None) -> AppTest:
    by_label(at.text_input, "Medicine", FORM).set_value(name)  # type: ignore[attr-defined]
    by_label(at.text_input, "Dose", FORM).set_value("25 mg")  # type: ignore[attr-defined]
    by_label(at.date_input, "Started on", FORM).set_value(started)  # type: ignore[attr-defined]
    by_label(  # type: ignore[attr-defined]
        at.date_input, "Stopped on (leave empty if still taking it)", FORM
    ).set_value(stopped)
    return at.button(key=f"FormSubmitter:{FORM}-Add medicine").click().run()


def test_an_empty_list_says_what_to_do(open_page: Callable[[str], AppTest]) -> None:
    at = open_page(PAGE)
    assert "No medicines on your list yet" in at.info[0].value


def test_adding_a_thiazide_shows_its_class_figure_and_source(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    at = add(open_page(PAGE), "Hydrochlorothiazide", TODAY - timedelta(days=30))
    assert not at.exception and not at.error
    [stored] = list_medicines(engine=diary)
    assert (stored.name, stored.dose, stored.stopped_on) == ("Hydrochlorothiazide", "25 mg", None)
    text = " ".join(m.value for m in at.markdown)
    assert "Thiazide\\-like diuretics" in text and "ratio 1.48" in text
    assert "Garrison et al." in text
    assert "never stop or change a medicine on your own" in text


@pytest.mark.parametrize(
    ("name", "started", "stopped", "words"),
    [
        ("", TODAY, None, "Give the medicine's name"),
        ("Lipitor", TODAY + timedelta(days=2), None, "in the future"),
        ("Lipitor", TODAY, TODAY - timedelta(days=3), "before the start date"),
        ("losartan", TODAY - timedelta(days=5), None, "overlaps"),
    ],
    ids=["empty name", "future start", "stop before start", "overlap"],
)
def test_each_bad_entry_is_refused_and_nothing_is_saved(
    open_page: Callable[[str], AppTest],
    diary: Engine,
    name: str,
    started: date,
    stopped: date | None,
    words: str,
) -> None:
    save_medicine(
        engine=diary,
        medicine=Medicine(name="Losartan", started_on=TODAY - timedelta(days=10)),
        today=TODAY,
    )
    before = list_medicines(engine=diary)
    at = add(open_page(PAGE), name, started, stopped)
    assert not at.exception
    assert at.error and words in at.error[0].value
    assert list_medicines(engine=diary) == before


def test_stop_and_delete_a_medicine(open_page: Callable[[str], AppTest], diary: Engine) -> None:
    item_id = save_medicine(
        engine=diary,
        medicine=Medicine(name="Lipitor", started_on=TODAY - timedelta(days=10)),
        today=TODAY,
    )
    at = open_page(PAGE)
    at.button(key=f"medicines_stop_{item_id}").click().run()
    assert not at.exception
    assert list_medicines(engine=diary)[0].stopped_on == TODAY
    at.button(key=f"medicines_delete_{item_id}").click().run()
    at.button(key=f"medicines_yes_{item_id}").click().run()
    assert not at.exception
    assert list_medicines(engine=diary) == []


def test_editing_a_medicine_changes_its_dose(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    item_id = save_medicine(
        engine=diary,
        medicine=Medicine(name="Lipitor", started_on=TODAY - timedelta(days=10), dose="10 mg"),
        today=TODAY,
    )
    at = open_page(PAGE)
    form = f"medicines_edit_{item_id}"
    by_label(at.text_input, "Dose", form).set_value("20 mg")  # type: ignore[attr-defined]
    at.button(key=f"FormSubmitter:{form}-Save changes").click().run()
    assert not at.exception
    assert list_medicines(engine=diary)[0].dose == "20 mg"


def _thiazide(diary: Engine) -> None:
    load_demo(diary)  # May to October 2026
    save_medicine(
        engine=diary,
        medicine=Medicine(
            name="Hydrochlorothiazide",
            started_on=date(2026, 8, 1),
            stopped_on=date(2026, 8, 21),
            dose="25 mg",
        ),
        today=TODAY,
    )
    save_medicine(
        engine=diary,
        medicine=Medicine(name="Atorvastatin", started_on=date(2026, 9, 1)),
        today=TODAY,
    )


def test_patterns_marks_starts_and_stops_and_names_the_medicine_under_why(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    _thiazide(diary)
    at = open_page("app_pages/patterns_page.py")
    weekly = next(s for s in figures(at) if s["layout"]["title"]["text"] == "Cramps per week")
    labels = {a.get("text") for a in weekly["layout"]["annotations"]}
    assert {"Hydrochlorothiazide started", "Hydrochlorothiazide stopped"} <= labels
    assert "Atorvastatin started" in labels
    at = show(at, "Why")
    assert not at.exception
    assert any(
        "Hydrochlorothiazide (thiazide-like diuretics) or Atorvastatin (statins)" in m.value
        for m in at.markdown
    )
    at = show(at, "Changes")
    assert any("“Hydrochlorothiazide”" in m.value for m in at.markdown)


def test_causes_names_a_current_medicine_of_a_linked_class(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    _thiazide(diary)
    at = open_page("app_pages/causes_page.py")
    texts = [m.value for m in at.markdown]
    assert any("Atorvastatin" in t and "Statins" in t and "Garrison" in t for t in texts)
    assert not any("Hydrochlorothiazide" in t for t in texts)  # stopped: not current
    assert any("never stop or change a medicine" in c.value for c in at.caption)


def test_a_hostile_name_is_shown_as_plain_text(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    hostile = "<img src=x onerror=alert(1)> **bold** :red[red] [link](http://x)"
    save_medicine(
        engine=diary,
        medicine=Medicine(name=hostile, started_on=TODAY - timedelta(days=3)),
        today=TODAY,
    )
    at = open_page(PAGE)
    labels = [e.label for e in at.expander]
    assert any("\\*\\*bold\\*\\*" in label and "\\<img" in label for label in labels)
    assert not any("**bold**" in label for label in labels)
