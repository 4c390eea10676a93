"""What makes a recorded change (an intervention) acceptable, and a whole diary storable."""

from dataclasses import replace
from datetime import date, time

import pytest

from core.diary import Episode, Night, NightContext
from core.files.whole_diary import diary_problems
from core.interventions import MAX_INTERVENTION_NAME_CHARS, Intervention, intervention_errors
from core.profile import Profile

TODAY = date(2026, 11, 1)
STRETCH = Intervention(
    name="Calf stretch at bedtime", kind="stretching", started_on=date(2026, 3, 1)
)


def test_a_named_change_with_a_known_kind_is_fine() -> None:
    assert intervention_errors(STRETCH, TODAY) == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (replace(STRETCH, name="   "), "name"),
        (replace(STRETCH, name="x" * (MAX_INTERVENTION_NAME_CHARS + 1)), "name"),
        (replace(STRETCH, kind="astrology"), "kind"),
        (replace(STRETCH, started_on=date(2026, 11, 2)), "started_on"),
        (replace(STRETCH, ended_on=date(2026, 2, 28)), "ended_on"),
    ],
    ids=["blank name", "long name", "unknown kind", "future start", "ends before it starts"],
)
def test_a_bad_change_is_refused_field_by_field(change: Intervention, field: str) -> None:
    assert [e.field for e in intervention_errors(change, TODAY)] == [field]


def test_without_today_a_future_start_is_allowed() -> None:
    assert intervention_errors(replace(STRETCH, started_on=date(2030, 1, 1))) == []


def test_a_whole_diary_lists_every_problem_in_order() -> None:
    night = date(2026, 3, 13)
    cramp = Episode(night=night, time=time(2, 0), muscle="calf")
    problems = diary_problems(
        nights=[Night(night), Night(night, NightContext(stress=40))],
        episodes=[cramp, replace(cramp, pain=11)],
        profile=Profile(water_target_l=-1),
        interventions=[replace(STRETCH, kind="astrology")],
    )
    assert [p.field for p in problems] == [
        "night",
        "stress",
        "time",
        "pain",
        "water_target_l",
        "kind",
    ]
    assert problems[-1].message.startswith("Change 'Calf stretch at bedtime': ")


def test_a_sound_whole_diary_has_no_problems() -> None:
    night = date(2026, 3, 13)
    assert (
        diary_problems(
            nights=[Night(night)],
            episodes=[Episode(night=night, time=time(2, 0), muscle="calf")],
            profile=Profile(),
            interventions=[STRETCH],
        )
        == []
    )


def test_a_misspelt_part_of_a_diary_is_refused_not_left_out() -> None:
    with pytest.raises(TypeError, match="medicine"):
        diary_problems(nights=[], episodes=[], medicine=[])  # type: ignore[call-arg]
