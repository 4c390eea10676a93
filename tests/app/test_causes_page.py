from collections.abc import Callable
from datetime import date, time, timedelta

from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from core.diary import Episode, NightContext
from core.profile import Profile
from db.repository import add_episode, save_profile
from tests.app.conftest import by_label

YESTERDAY = date.today() - timedelta(days=2)


def test_an_empty_diary_says_what_to_log_and_states_it_is_not_advice(
    open_page: Callable[[str], AppTest],
) -> None:
    at = open_page("app_pages/causes_page.py")
    assert "not medical advice" in at.caption[0].value
    assert "No warning signs found" in at.success[0].value
    assert any("Log some cramps" in i.value for i in at.info)
    general = [m.value for m in at.markdown if "always worth trying" in m.value]
    assert len(general) == 3  # stretch before sleep, loose bedding, foot position


def test_warning_signs_are_split_into_emergency_and_provider(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    add_episode(
        engine=diary,
        episode=Episode(
            night=YESTERDAY, time=time(2, 0), muscle="calf", warning_signs=("toxic_contact",)
        ),
        context=None,
    )
    add_episode(
        engine=diary,
        episode=Episode(
            night=YESTERDAY, time=time(3, 0), muscle="calf", warning_signs=("swelling",)
        ),
        context=None,
    )
    at = open_page("app_pages/causes_page.py")
    assert any("poison" in e.value.lower() or "substance" in e.value.lower() for e in at.error)
    assert any("swelling" in w.value.lower() for w in at.warning)
    assert not at.success


def test_the_top_cause_and_its_suggestion_come_from_the_diary(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    for hour in (1, 2, 3):
        add_episode(
            engine=diary,
            episode=Episode(
                night=YESTERDAY - timedelta(days=hour), time=time(hour, 0), muscle="calf"
            ),
            context=NightContext(water_l=0.8),
        )
    at = open_page("app_pages/causes_page.py")
    table = at.dataframe[0].value
    assert table["Cause"].tolist()[0] == "Not drinking enough"
    assert table["Cramps"].tolist()[0] == 3
    first_tip = next(m.value for m in at.markdown if "which fit" in m.value)
    assert "3 of your 3 cramps (100%)" in first_tip


def test_a_new_threshold_retags_history(open_page: Callable[[str], AppTest], diary: Engine) -> None:
    add_episode(
        engine=diary,
        episode=Episode(night=YESTERDAY, time=time(2, 0), muscle="calf"),
        context=NightContext(water_l=1.8),
    )
    save_profile(engine=diary, profile=Profile(water_target_l=1.5))
    at = open_page("app_pages/causes_page.py")
    assert not at.dataframe  # 1.8 L is above a 1.5 L target: no cause fits
    save_profile(engine=diary, profile=Profile(water_target_l=2.0))
    at.run()
    assert at.dataframe[0].value["Cause"].tolist() == ["Not drinking enough"]


def test_a_diary_entry_shows_its_tags_and_evidence(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    add_episode(
        engine=diary,
        episode=Episode(night=YESTERDAY, time=time(2, 0), muscle="calf"),
        context=NightContext(water_l=1.0, stretched=False),
    )
    at = open_page("app_pages/diary_page.py")
    by_label(at.selectbox, "Entry").set_value(0).run()  # type: ignore[attr-defined]
    text = "\n".join(m.value for m in at.markdown)
    assert "1.0 L of water, below your 2.0 L target" in text
    assert "Not enough stretching" in text
