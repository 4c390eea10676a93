"""The Changes page says plainly, from measured figures, when before/after cannot tell."""

from collections.abc import Callable
from datetime import date

from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from core.interventions import Intervention
from core.stats import change_power
from core.stats.rates import REAL_CHANCE
from core.stats.triggers import before_after_cannot_tell, compare_intervention
from dashboard.ui.widgets import literal_markdown
from db.repository import load_frames, save_intervention
from tests.entries import load_demo


def test_the_changes_page_says_before_after_cannot_tell_and_points_to_experiments(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    load_demo(diary)
    started = date(2026, 8, 1)
    save_intervention(
        engine=diary,
        intervention=Intervention(
            name="Bedtime calf stretch", kind="stretching", started_on=started
        ),
        today=date.today(),
    )
    at = open_page("app_pages/changes_page.py")
    power = change_power.REALISTIC["change_power"]
    assert power < REAL_CHANCE  # measured on realistic one-year diaries
    statement = before_after_cannot_tell()
    assert statement is not None and f"only {power:.0%}" in statement
    assert [w.value for w in at.warning] == [statement]
    assert "Experiments page" in statement
    nights, _ = load_frames(engine=diary)
    effect = compare_intervention(
        nights, name="Bedtime calf stretch", started_on=started, ended_on=None
    )
    assert any(literal_markdown(effect.sentence) == m.value for m in at.markdown)
