"""The Data page's undo: it offers the newest safety copy that can be read, and says which."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time
from pathlib import Path

from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from core.diary import Episode
from db.repository import add_episode, list_records
from tests.app.conftest import by_label
from tests.entries import restore_twice_and_damage_newest


def test_a_damaged_newest_copy_is_named_and_undo_uses_the_next_one(
    open_page: Callable[[str], AppTest], diary: Engine, tmp_path: Path
) -> None:
    add_episode(
        engine=diary,
        episode=Episode(night=date(2026, 3, 1), time=time(2, 0), muscle="calf"),
        context=None,
    )
    before = list_records(engine=diary)
    good, damaged = restore_twice_and_damage_newest(diary, tmp_path)

    at = open_page("app_pages/data_page.py")
    assert any(f"Undo puts back {good.described()}" in c.value for c in at.caption)
    assert "1 newer safety copy cannot be read" in at.warning[0].value
    assert damaged.made_label in at.warning[0].value

    at = by_label(at.button, "Undo the last restore").click().run()  # type: ignore[attr-defined]
    assert not at.exception and not at.error
    assert list_records(engine=diary) == before
    assert f"{good.described()} is back" in at.success[0].value
