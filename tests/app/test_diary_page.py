from collections.abc import Callable
from datetime import date, time, timedelta

from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from core.diary import Episode, NightContext
from db.repository import add_episode, check_in_cramp_free, get_episode, load_frames
from tests.app.conftest import by_label
from tests.entries import calf_cramp


def seed(diary: Engine) -> list[int]:
    ids = [
        add_episode(
            engine=diary,
            episode=calf_cramp(
                woke=None, felt=(), relief=(), relief_helped=None, note="<script>alert(1)</script>"
            ),
            context=NightContext(water_l=1.0),
        ),
        add_episode(
            engine=diary,
            episode=Episode(
                night=date(2026, 3, 15), time=time(23, 5), muscle="foot", duration_s=30, pain=3
            ),
            context=None,
        ),
    ]
    check_in_cramp_free(engine=diary, night=date(2026, 3, 14), context=NightContext(stress=2))
    return ids


def test_the_diary_lists_entries_newest_first(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    seed(diary)
    at = open_page("app_pages/diary_page.py")
    table = at.dataframe[0].value
    assert table["Muscle"].tolist() == ["Foot", "No cramps", "Calf"]
    assert table["Note"].tolist()[-1] == "<script>alert(1)</script>"  # shown as text, in a grid
    assert [m.value for m in at.metric] == ["3", "2", "1", "2"]


def test_a_duration_over_an_hour_reads_as_hours_and_minutes_as_in_the_report(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    add_episode(
        engine=diary,
        episode=Episode(night=date(2026, 3, 20), time=time(1, 0), muscle="calf", duration_s=3_700),
        context=None,
    )
    at = open_page("app_pages/diary_page.py")
    assert at.dataframe[0].value["Duration"].tolist() == ["1 h 1 min"]


def test_the_muscle_filter_narrows_the_list(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    seed(diary)
    at = open_page("app_pages/diary_page.py")
    by_label(at.multiselect, "Muscles").set_value(["calf"]).run()  # type: ignore[attr-defined]
    assert at.dataframe[0].value["Muscle"].tolist() == ["Calf"]


def test_deleting_asks_first_then_deletes(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    first, second = seed(diary)
    at = open_page("app_pages/diary_page.py")
    by_label(at.selectbox, "Entry").set_value(0).run()  # type: ignore[attr-defined]  # newest: the foot cramp
    at = by_label(at.button, "Delete…").click().run()  # type: ignore[attr-defined]
    assert "cannot be undone" in at.warning[0].value
    assert get_episode(engine=diary, episode_id=second) is not None  # not yet
    at = by_label(at.button, "Yes, delete").click().run()  # type: ignore[attr-defined]
    assert not at.exception
    assert get_episode(engine=diary, episode_id=second) is None
    assert get_episode(engine=diary, episode_id=first) is not None
    assert at.dataframe[0].value["Muscle"].tolist() == ["No cramps", "Calf"]


def test_cancel_keeps_the_entry(open_page: Callable[[str], AppTest], diary: Engine) -> None:
    seed(diary)
    at = open_page("app_pages/diary_page.py")
    by_label(at.selectbox, "Entry").set_value(1).run()  # type: ignore[attr-defined]  # the cramp-free night
    at = by_label(at.button, "Delete…").click().run()  # type: ignore[attr-defined]
    at = by_label(at.button, "Cancel").click().run()  # type: ignore[attr-defined]
    assert len(load_frames(engine=diary)[0]) == 3


def test_an_episode_can_be_corrected(open_page: Callable[[str], AppTest], diary: Engine) -> None:
    first, _ = seed(diary)
    at = open_page("app_pages/diary_page.py")
    by_label(at.selectbox, "Entry").set_value(2).run()  # type: ignore[attr-defined]  # the calf cramp
    form = f"diary_episode_{first}"
    by_label(at.slider, "Pain (0 = none, 10 = worst imaginable)", form=form).set_value(9)  # type: ignore[attr-defined]
    at = by_label(at.button, "Save changes").click().run()  # type: ignore[attr-defined]
    assert not at.exception and not at.error
    stored = get_episode(engine=diary, episode_id=first)
    assert stored is not None and stored.pain == 9 and stored.note == "<script>alert(1)</script>"


def test_a_correction_keeps_the_details_it_did_not_open(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    # The details' inputs are made only once opened; a correction of the pain alone must
    # keep every detail as stored.
    detailed = calf_cramp(
        felt=("hard_knot",),
        relief=("stretch", "walk"),
        relief_helped=True,
        warning_signs=("swelling",),
        note="kept",
    )
    first = add_episode(engine=diary, episode=detailed, context=None)
    at = open_page("app_pages/diary_page.py")
    by_label(at.selectbox, "Entry").set_value(0).run()  # type: ignore[attr-defined]
    form = f"diary_episode_{first}"
    assert not [area for area in at.text_area if area.label == "Note"]
    by_label(at.slider, "Pain (0 = none, 10 = worst imaginable)", form=form).set_value(2)  # type: ignore[attr-defined]
    at = by_label(at.button, "Save changes").click().run()  # type: ignore[attr-defined]
    assert not at.exception and not at.error
    stored = get_episode(engine=diary, episode_id=first)
    assert stored is not None and stored.pain == 2
    kept = (stored.felt, stored.relief, stored.relief_helped, stored.warning_signs, stored.note)
    assert kept == (("hard_knot",), ("stretch", "walk"), True, ("swelling",), "kept")


def test_a_bad_correction_is_refused_and_the_entry_kept(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    first, _ = seed(diary)
    at = open_page("app_pages/diary_page.py")
    by_label(at.selectbox, "Entry").set_value(2).run()  # type: ignore[attr-defined]
    form = f"diary_episode_{first}"
    by_label(at.number_input, "…or the exact duration in seconds", form=form).set_value(0)  # type: ignore[attr-defined]
    at = by_label(at.button, "Save changes").click().run()  # type: ignore[attr-defined]
    assert "longer than 0 seconds" in at.error[0].value
    stored = get_episode(engine=diary, episode_id=first)
    assert stored is not None and stored.duration_s == 90


def test_a_long_diary_is_shown_fifty_entries_a_page(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    for day in range(60):
        check_in_cramp_free(
            engine=diary, night=date(2026, 1, 1) + timedelta(days=day), context=NightContext()
        )
    at = open_page("app_pages/diary_page.py")
    assert len(at.dataframe[0].value) == 50
    assert at.dataframe[0].value["Night"].tolist()[0] == date(2026, 3, 1)  # newest first
    assert "60 entries" in at.caption[0].value
    at.number_input(key="diary_page").set_value(2).run()
    assert len(at.dataframe[0].value) == 10
    assert at.dataframe[0].value["Night"].tolist()[-1] == date(2026, 1, 1)
