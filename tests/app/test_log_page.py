from collections.abc import Callable
from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from core.diary import Episode, NightContext, last_night, night_of
from db.repository import add_episode, get_night_context, load_frames
from tests.app.conftest import by_label
from tests.entries import calf_cramp


def save_cramp(at: AppTest) -> AppTest:
    return by_label(at.button, "Save cramp").click().run()  # type: ignore[attr-defined, no-any-return]


def open_day_before(at: AppTest, form: str = "log_cramp") -> AppTest:
    """Open a form's "The day before", as a tap does: its inputs are made only then."""
    at.session_state[f"{form}_day_before"] = True
    return at.run()


def tonights_cramp(diary: Engine, context: NightContext) -> date:
    """A cramp stored earlier in the night the Log page opens on, with this day before."""
    night = night_of(datetime.now())
    clock = time(22, 0) if night < date.today() else time(12, 0)
    add_episode(
        engine=diary, episode=Episode(night=night, time=clock, muscle="calf"), context=context
    )
    return night


def set_when(at: AppTest, day: date, clock: time) -> None:
    """Pick the cramp's date and start time (each pick reruns the page, as in a browser)."""
    by_label(at.date_input, "Date").set_value(day).run()  # type: ignore[attr-defined]
    by_label(at.time_input, "Time it started").set_value(clock).run()  # type: ignore[attr-defined]


def test_submitting_the_log_form_stores_the_episode(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    at = open_page("app_pages/log_page.py")
    day = date.today() - timedelta(days=2)
    set_when(at, day, time(3, 10))
    at.session_state["log_cramp_details"] = True  # the details' inputs, too, once opened
    at = open_day_before(at)  # a browser keeps what is picked in a form when it is opened
    by_label(at.pills, "Muscle").set_value("foot")  # type: ignore[attr-defined]
    by_label(at.segmented_control, "Side").set_value("right")  # type: ignore[attr-defined]
    by_label(at.pills, "How long").set_value(120)  # type: ignore[attr-defined]
    by_label(at.slider, "Pain (0 = none, 10 = worst imaginable)").set_value(8)  # type: ignore[attr-defined]
    by_label(at.text_area, "Note").set_value("<b>not bold</b> =1+1")  # type: ignore[attr-defined]
    by_label(at.number_input, "Water drunk (L)", form="log_cramp").set_value(1.25)  # type: ignore[attr-defined]
    at = save_cramp(at)

    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    assert "Saved to the night of" in at.success[0].value
    _, episodes = load_frames(engine=diary)
    assert len(episodes) == 1
    stored = episodes.iloc[0]
    assert stored["night"].date() == day - timedelta(days=1)  # 03:10 belongs to the night before
    assert (stored["muscle"], stored["side"], stored["duration_s"], stored["pain"]) == (
        "foot",
        "right",
        120,
        8,
    )
    assert bool(stored["woke"]) is True
    assert stored["note"] == "<b>not bold</b> =1+1"
    assert stored["water_l"] == 1.25


def test_the_log_form_defaults_to_the_last_muscle_used(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    add_episode(engine=diary, episode=calf_cramp(muscle="thigh_back", side="left"), context=None)
    at = open_page("app_pages/log_page.py")
    assert by_label(at.pills, "Muscle").value == "thigh_back"  # type: ignore[attr-defined]
    assert by_label(at.segmented_control, "Side").value == "left"  # type: ignore[attr-defined]


def test_the_context_is_prefilled_when_the_night_already_exists(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    tonights_cramp(diary, NightContext(water_l=0.75, stress=6))
    at = open_day_before(open_page("app_pages/log_page.py"))
    assert by_label(at.number_input, "Water drunk (L)", form="log_cramp").value == 0.75  # type: ignore[attr-defined]
    assert by_label(at.number_input, "Stress (0–10)", form="log_cramp").value == 6  # type: ignore[attr-defined]


def _zero_duration(at: AppTest) -> None:
    by_label(at.number_input, "…or the exact duration in seconds").set_value(0)  # type: ignore[attr-defined]


def _no_duration(at: AppTest) -> None:
    by_label(at.pills, "How long").set_value(None)  # type: ignore[attr-defined]


def _later_today(at: AppTest) -> None:
    now = datetime.now()
    later = (now + timedelta(minutes=5)).time().replace(second=0, microsecond=0)
    if later < now.time():  # five minutes from now is tomorrow: nothing later today exists
        later = time(23, 59)
    set_when(at, now.date(), later)


def _over_a_day_of_sitting_and_standing(at: AppTest) -> None:
    open_day_before(at)
    by_label(at.number_input, "Hours sitting", form="log_cramp").set_value(20.0)  # type: ignore[attr-defined]
    by_label(at.number_input, "Hours standing on hard floors", form="log_cramp").set_value(10.0)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("enter", "message"),
    [
        pytest.param(_zero_duration, "Duration must be longer than 0 seconds", id="zero-duration"),
        pytest.param(_no_duration, "Choose how long it lasted", id="no-duration-chosen"),
        pytest.param(_later_today, "in the future", id="a-time-later-today"),
        pytest.param(
            _over_a_day_of_sitting_and_standing, "add up to more than 24", id="bad-context"
        ),
    ],
)
def test_a_refused_cramp_shows_the_message_and_stores_nothing(
    open_page: Callable[[str], AppTest],
    diary: Engine,
    enter: Callable[[AppTest], None],
    message: str,
) -> None:
    at = open_page("app_pages/log_page.py")
    enter(at)
    at = save_cramp(at)
    assert not at.exception
    assert message in at.error[0].value
    nights, episodes = load_frames(engine=diary)
    assert nights.empty and episodes.empty


def test_the_check_in_stores_a_cramp_free_night(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    at = open_day_before(open_page("app_pages/log_page.py"), "log_checkin")
    by_label(at.segmented_control, "Stretched before bed", form="log_checkin").set_value(True)  # type: ignore[attr-defined]
    at = by_label(at.button, "No cramps last night").click().run()  # type: ignore[attr-defined]
    assert not at.exception
    assert "no cramps" in at.success[0].value
    nights, episodes = load_frames(engine=diary)
    assert episodes.empty
    assert nights["night"].dt.date.tolist() == [last_night(date.today())]
    assert get_night_context(engine=diary, night=last_night(date.today())) == NightContext(
        stretched=True
    )


def test_the_day_before_is_made_once_opened_and_then_kept(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    at = open_page("app_pages/log_page.py")
    assert not [w for w in at.number_input if w.label == "Water drunk (L)"]
    at = open_day_before(at)
    assert len([w for w in at.number_input if w.label == "Water drunk (L)"]) == 1
    by_label(at.number_input, "Water drunk (L)", form="log_cramp").set_value(2.0)  # type: ignore[attr-defined]
    at.session_state["log_cramp_day_before"] = False  # closed again before the form is sent
    at = save_cramp(at)
    assert not at.exception
    assert get_night_context(engine=diary, night=night_of(datetime.now())).water_l == 2.0


def test_a_cramp_saved_without_opening_the_day_before_keeps_what_is_stored(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    night = tonights_cramp(diary, NightContext(water_l=0.75, hot=True))
    at = save_cramp(open_page("app_pages/log_page.py"))
    assert not at.exception
    assert get_night_context(engine=diary, night=night) == NightContext(water_l=0.75, hot=True)


def test_an_untouched_time_moves_on_with_the_clock(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    at = open_page("app_pages/log_page.py")
    # As if the page had been opened long ago and left alone since.
    at.session_state["log_time"] = time(1, 0)
    at.session_state["log_time_auto"] = time(1, 0)
    before = datetime.now().replace(second=0, microsecond=0).time()
    at.run()
    after = datetime.now().replace(second=0, microsecond=0).time()
    shown = by_label(at.time_input, "Time it started").value  # type: ignore[attr-defined]
    assert shown in {before, after}


def test_a_time_picked_by_hand_stays_until_the_cramp_is_saved(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    at = open_page("app_pages/log_page.py")
    set_when(at, date.today() - timedelta(days=3), time(4, 40))
    at.run()
    assert by_label(at.time_input, "Time it started").value == time(4, 40)  # type: ignore[attr-defined]
    at = save_cramp(at)
    assert not at.error
    at.run()
    assert by_label(at.date_input, "Date").value == date.today()  # type: ignore[attr-defined]
    assert by_label(at.time_input, "Time it started").value != time(4, 40)  # type: ignore[attr-defined]
