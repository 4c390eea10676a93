"""Phone mode's lock through the real app (AppTest): no key, no diary."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path

import pytest
import streamlit as st
from icalendar import Calendar
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from core.files.csv_format import parse_diary_csv
from dashboard.phone.links import reminder_calendar
from dashboard.phone.pairing import PAIRING_FOLDER_ENV, PHONE_ADDRESS_ENV, replace_key
from db.engine import create_diary_engine
from db.repository import import_diary, load_frames
from sample_data.generator import DEMO_CSV
from tests.app.conftest import DIARY_PAGES, ENTRY, by_label

ADDRESS = "https://192.168.1.20:8501"
LOCKED = "This diary is locked"
# Every page but Settings, the one place the pairing address is meant to be shown.
PAGES_WITHOUT_THE_KEY = [*DIARY_PAGES, "app_pages/data_page.py"]


@pytest.fixture
def paired(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, Path]]:
    """Phone mode as `make phone` sets it up: an address, a pairing folder, a key."""
    folder = tmp_path / "phone"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'diary.sqlite'}")
    monkeypatch.setenv(PHONE_ADDRESS_ENV, ADDRESS)
    monkeypatch.setenv(PAIRING_FOLDER_ENV, str(folder))
    folder.mkdir()
    yield replace_key(folder=folder), folder
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def demo_diary(paired: tuple[str, Path], tmp_path: Path) -> Iterator[Engine]:
    engine = create_diary_engine(f"sqlite:///{tmp_path / 'diary.sqlite'}")
    import_diary(engine=engine, parsed=parse_diary_csv(DEMO_CSV.read_bytes()))
    yield engine
    engine.dispose()


def visit(key: str | None = None, **params: str) -> AppTest:
    at = AppTest.from_file(ENTRY, default_timeout=60)
    if key is not None:
        at.query_params["key"] = key
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def is_locked(at: AppTest) -> bool:
    assert not at.exception, at.exception
    return [t.value for t in at.title] == [LOCKED]


def everything_sent(at: AppTest) -> str:
    """Every element the script sent to the browser, as text."""
    parts: list[str] = []

    def walk(node: object) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(str(proto))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return "\n".join(parts)


def test_without_the_key_every_page_is_locked_and_sends_nothing_else(
    paired: tuple[str, Path], demo_diary: Engine
) -> None:
    at = visit()
    assert is_locked(at)
    sent = everything_sent(at)
    assert "Log" not in [t.value for t in at.title]
    assert "Calf" not in sent and "cramp-free" not in sent
    assert len(at.main.children) == 2  # the title and one sentence


@pytest.mark.parametrize("key", ["wrong", "", "x" * 43])
def test_a_wrong_key_is_locked(paired: tuple[str, Path], key: str) -> None:
    assert is_locked(visit(key))


def test_the_printed_key_opens_every_page_and_the_session_remembers_it(
    paired: tuple[str, Path],
) -> None:
    key, _ = paired
    at = visit(key)
    assert not is_locked(at)
    assert [t.value for t in at.title] == ["Log"]
    # The address loses its query when moving between pages; the session still knows the key.
    at.query_params.clear()
    at.switch_page("app_pages/diary_page.py").run()
    assert not is_locked(at)
    assert [t.value for t in at.title] == ["Diary"]
    assert at.query_params["key"] == key  # put back, so a reload stays paired


def test_a_replaced_key_locks_a_session_already_open(paired: tuple[str, Path]) -> None:
    key, folder = paired
    at = visit(key)
    assert not is_locked(at)
    replace_key(folder=folder)
    at.run()
    assert is_locked(at)
    at.query_params.clear()
    at.run()
    assert is_locked(at)  # the session forgot the old key


def test_make_run_has_no_lock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PHONE_ADDRESS_ENV, raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'diary.sqlite'}")
    at = visit()
    assert [t.value for t in at.title] == ["Log"]
    at.switch_page("app_pages/settings_page.py").run()
    assert not at.exception
    assert "make phone" in everything_sent(at)
    assert not at.get("image")


def test_the_key_is_sent_on_settings_only(paired: tuple[str, Path], demo_diary: Engine) -> None:
    key, _ = paired
    at = visit(key)
    assert key not in everything_sent(at)
    for page in PAGES_WITHOUT_THE_KEY:
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
        assert key not in everything_sent(at), page
    at.switch_page("app_pages/settings_page.py").run()
    assert not at.exception
    assert f"{ADDRESS}/?key={key}" in everything_sent(at)
    assert len(at.get("image")) == 1  # the pairing code


def test_settings_makes_a_new_key_only_when_asked_twice(paired: tuple[str, Path]) -> None:
    key, folder = paired
    at = visit(key)
    at.switch_page("app_pages/settings_page.py").run()
    at = by_label(at.button, "Make a new key").click().run()  # type: ignore[attr-defined]
    assert "nothing was changed" in at.error[0].value
    assert key in everything_sent(at)
    by_label(at.checkbox, "Unpair every phone").check()  # type: ignore[attr-defined]
    at = by_label(at.button, "Make a new key").click().run()  # type: ignore[attr-defined]
    assert not at.exception
    assert "every other phone is unpaired" in at.success[0].value
    new_key = at.query_params["key"]
    assert new_key != key
    assert f"{ADDRESS}/?key={new_key}" in everything_sent(at)
    assert is_locked(visit(key))
    assert not is_locked(visit(new_key))


def test_settings_lists_quick_log_links_for_the_usual_muscles(
    paired: tuple[str, Path], demo_diary: Engine
) -> None:
    key, _ = paired
    at = visit(key)
    at.switch_page("app_pages/settings_page.py").run()
    links = [m.value for m in at.markdown if "&log=" in m.value]
    assert links
    assert links[0].startswith("- [Calf")
    assert f"({ADDRESS}/?key={key}&log=calf" in links[0]
    assert by_label(at.time_input, "Remind me at")  # the reminder's time
    assert [b.proto.label for b in at.get("download_button")] == ["Download the reminder (.ics)"]


def test_a_quick_log_link_fills_the_form_and_one_tap_saves(paired: tuple[str, Path]) -> None:
    key, _ = paired
    at = visit(key, log="foot", side="right")
    assert not at.exception and not at.error
    assert "log" not in at.query_params  # used once
    assert by_label(at.get("button_group"), "Muscle").value == "foot"  # type: ignore[attr-defined]
    assert by_label(at.get("button_group"), "Side").value == "right"  # type: ignore[attr-defined]
    at = by_label(at.button, "Save cramp").click().run()  # type: ignore[attr-defined]
    assert not at.exception and not at.error
    engine = create_diary_engine(os.environ["DATABASE_URL"])
    try:
        _, episodes = load_frames(engine=engine)
    finally:
        engine.dispose()
    assert episodes[["muscle", "side"]].values.tolist() == [["foot", "right"]]


@pytest.mark.parametrize("params", [{"log": "calff"}, {"log": "calf", "side": "up"}])
def test_an_unknown_word_in_a_quick_log_link_is_explained_not_a_crash(
    paired: tuple[str, Path], params: dict[str, str]
) -> None:
    key, _ = paired
    at = visit(key, **params)
    assert not at.exception
    assert "quick-log link names" in at.error[0].value
    assert [t.value for t in at.title] == ["Log"]


def test_the_reminder_is_a_daily_event_that_says_nothing_about_health() -> None:
    data = reminder_calendar(at=time(7, 30), today=date(2026, 12, 1))
    calendar = Calendar.from_ical(data)
    (event,) = calendar.walk("VEVENT")
    assert str(event["summary"]) == "How was last night?"
    assert event.decoded("dtstart") == datetime(2026, 12, 1, 7, 30)
    assert event["rrule"]["FREQ"] == ["DAILY"]
    assert [str(a["action"]) for a in event.walk("VALARM")] == ["DISPLAY"]
    words = data.decode().lower()
    for private in ("cramp", "muscle", "pain", "health", "medical", "diary"):
        assert private not in words, private
    # A synced or shared calendar must not learn the key, nor any address that carries one.
    assert "url" not in event
    for leak in ("key=", "http", "192.168.", "127.0.0.1"):
        assert leak not in words, leak


def test_the_pairing_code_is_drawn_in_the_page_not_stored_as_a_media_file(
    paired: tuple[str, Path],
) -> None:
    key, _ = paired
    at = visit(key)
    at.switch_page("app_pages/settings_page.py").run()
    (image,) = at.get("image")
    urls = [i.url for i in image.proto.imgs]
    assert len(urls) == 1 and urls[0].startswith("data:image/svg+xml;base64,"), urls[0][:40]
