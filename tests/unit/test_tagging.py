"""Cause tagging: each rule around its threshold, missing context, and both ways agreeing."""

from __future__ import annotations

import math
from datetime import date, time, timedelta
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.article.causes import CAUSE_BY_ID, CAUSES
from core.article.tagging import (
    RULES,
    TAG_COLUMNS,
    CauseTag,
    possible_unmeasured_causes,
    rule_descriptions,
    tag_episode,
    tag_episodes,
    tags_by_episode,
)
from core.diary import CONTEXT_FIELDS, Episode, Night, NightContext
from core.frames import frames_from_records
from core.profile import Profile
from core.vocab import INTENSITIES, WARNING_SIGNS

NIGHT = date(2026, 3, 1)
CRAMP = Episode(NIGHT, time(2, 30), "calf")


def tags_for(
    profile: Profile | None = None, *, signs: tuple[str, ...] = (), **context: Any
) -> dict[str, CauseTag]:
    """Tags of one calf cramp, by cause, checked against the vectorised form as well."""
    profile = profile or Profile()
    episode = Episode(NIGHT, time(2, 30), "calf", warning_signs=signs)
    night_context = NightContext(**context)
    single = tag_episode(episode, night_context, profile)
    _, frame = frames_from_records([Night(NIGHT, night_context)], [episode])
    assert tags_by_episode(tag_episodes(frame, profile)).get(1, ()) == single
    return {tag.cause_id: tag for tag in single}


# --- each rule at, just below and just above its threshold ---------------------------

THRESHOLD_CASES = [
    # (context field, value, cause, tagged?)
    ("water_l", 1.9, "dehydration", True),
    ("water_l", 2.0, "dehydration", False),
    ("water_l", 2.1, "dehydration", False),
    ("stress", 6, "stress", False),
    ("stress", 7, "stress", True),
    ("stress", 8, "stress", True),
    ("sitting_h", 5.9, "long_sitting", False),
    ("sitting_h", 6.0, "long_sitting", True),
    ("sitting_h", 6.1, "long_sitting", True),
    ("hard_floor_h", 3.9, "hard_floors", False),
    ("hard_floor_h", 4.0, "hard_floors", True),
    ("hard_floor_h", 4.1, "hard_floors", True),
    ("hard_floor_h", 3.9, "muscle_overuse", False),
    ("hard_floor_h", 4.0, "muscle_overuse", True),
    ("hard_floor_h", 4.1, "muscle_overuse", True),
    ("exercise_min", 89, "muscle_fatigue", False),
    ("exercise_min", 90, "muscle_fatigue", True),
    ("exercise_min", 91, "muscle_fatigue", True),
    ("exercise_min", 89, "muscle_overuse", False),
    ("exercise_min", 90, "muscle_overuse", True),
    ("exercise_min", 91, "muscle_overuse", True),
    ("exercise_intensity", "moderate", "high_intensity_exercise", False),
    ("exercise_intensity", "vigorous", "high_intensity_exercise", True),
    ("stretched", True, "not_enough_stretching", False),
    ("stretched", False, "not_enough_stretching", True),
    ("new_medication", False, "medication_side_effect", False),
    ("new_medication", True, "medication_side_effect", True),
]


@pytest.mark.parametrize(("field", "value", "cause", "tagged"), THRESHOLD_CASES)
def test_each_rule_tags_exactly_from_its_default_threshold(
    field: str, value: Any, cause: str, tagged: bool
) -> None:
    assert (cause in tags_for(**{field: value})) is tagged


@pytest.mark.parametrize(
    ("context", "tagged"),
    [
        ({"hot": True, "exercise_min": 0}, False),
        ({"hot": True, "exercise_min": 1}, True),
        ({"hot": False, "exercise_min": 60}, False),
        ({"hot": True}, False),
        ({"hot": True, "exercise_intensity": "none"}, False),
        ({"hot": True, "exercise_intensity": "light"}, True),
        ({"hot": None, "exercise_min": 60, "exercise_intensity": "vigorous"}, False),
    ],
)
def test_exercise_in_heat_needs_both_a_hot_day_and_some_exercise(
    context: dict[str, Any], tagged: bool
) -> None:
    assert ("exercise_in_heat" in tags_for(**context)) is tagged


def test_only_the_workout_makes_muscle_fatigue_but_either_load_makes_overuse() -> None:
    standing = tags_for(hard_floor_h=8.0, exercise_min=10)
    assert "muscle_overuse" in standing and "muscle_fatigue" not in standing
    assert "hard_floors" in standing


@pytest.mark.parametrize(
    ("profile", "context", "cause"),
    [
        (Profile(water_target_l=1.5), {"water_l": 1.8}, "dehydration"),
        (Profile(high_stress=9), {"stress": 8}, "stress"),
        (Profile(long_sitting_h=8.0), {"sitting_h": 7.0}, "long_sitting"),
        (Profile(long_standing_h=6.0), {"hard_floor_h": 5.0}, "hard_floors"),
        (Profile(long_exercise_min=120), {"exercise_min": 100}, "muscle_fatigue"),
    ],
)
def test_changing_a_threshold_re_tags_the_same_history(
    profile: Profile, context: dict[str, Any], cause: str
) -> None:
    assert (cause in tags_for(**context)) != (cause in tags_for(profile, **context))


# --- evidence ------------------------------------------------------------------------


def test_water_evidence_shows_litres_with_one_decimal() -> None:
    tag = tags_for(water_l=1.0)["dehydration"]
    assert tag == CauseTag(
        "dehydration", "likely-context", "1.0 L of water, below your 2.0 L target"
    )


def test_water_evidence_gets_more_decimals_only_when_one_would_look_equal() -> None:
    assert tags_for(water_l=1.96)["dehydration"].evidence == (
        "1.96 L of water, below your 2.00 L target"
    )
    assert tags_for(water_l=1.5)["dehydration"].evidence.startswith("1.5 L")


@pytest.mark.parametrize(
    ("context", "cause", "evidence"),
    [
        ({"stress": 8}, "stress", "Stress 8/10, at or above your high-stress level of 7"),
        (
            {"sitting_h": 7.0},
            "long_sitting",
            "7.0 h sitting, at or above your 6.0 h mark for long sitting",
        ),
        (
            {"hard_floor_h": 4.0},
            "hard_floors",
            "4.0 h standing on hard floors, at or above your 4.0 h mark for long standing",
        ),
        (
            {"exercise_min": 120},
            "muscle_fatigue",
            "120 min of exercise, at or above your 90 min mark for a long session",
        ),
        (
            {"hot": True, "exercise_min": 45, "exercise_intensity": "moderate"},
            "exercise_in_heat",
            "A hot day with 45 min of moderate exercise",
        ),
        ({"stretched": False}, "not_enough_stretching", "You did not stretch before bed"),
    ],
)
def test_each_tag_says_its_evidence_in_plain_words(
    context: dict[str, Any], cause: str, evidence: str
) -> None:
    assert tags_for(**context)[cause].evidence == evidence


def test_overuse_evidence_names_each_load_that_crossed_its_mark() -> None:
    evidence = tags_for(exercise_min=120, hard_floor_h=2.0)["muscle_overuse"].evidence
    assert "120 min of exercise" in evidence and "hard floors" not in evidence
    both = tags_for(exercise_min=120, hard_floor_h=5.0)["muscle_overuse"].evidence
    assert "120 min of exercise" in both and "5.0 h standing on hard floors" in both


# --- causes the diary cannot measure ---------------------------------------------------


def test_cramps_all_over_the_body_tag_electrolyte_imbalance_only_as_possible() -> None:
    tag = tags_for(signs=("all_over_body",))["electrolyte_imbalance"]
    assert tag.certainty == "possible"
    assert "provider" in tag.evidence and "emergency" in tag.evidence


@pytest.mark.parametrize("sign", sorted(set(WARNING_SIGNS) - {"all_over_body"}))
def test_other_warning_signs_tag_no_cause(sign: str) -> None:
    assert tags_for(signs=(sign,)) == {}


def test_deficiencies_are_never_tagged_per_episode_only_listed_as_possible() -> None:
    everything = tags_for(
        signs=tuple(WARNING_SIGNS),
        water_l=0.0,
        exercise_min=600,
        exercise_intensity="vigorous",
        hot=True,
        stretched=False,
        sitting_h=12.0,
        hard_floor_h=12.0,
        stress=10,
        new_medication=True,
    )
    assert not any(CAUSE_BY_ID[c].group == "deficiency" for c in everything)
    listed = possible_unmeasured_causes()
    assert {t.cause_id for t in listed} == {c.id for c in CAUSES if not c.measurable}
    assert all(t.certainty == "possible" for t in listed)
    deficiency_advice = [
        t.evidence for t in listed if CAUSE_BY_ID[t.cause_id].group == "deficiency"
    ]
    assert len(deficiency_advice) == 4
    assert all("provider" in a and "supplement" in a for a in deficiency_advice)


# --- missing context -------------------------------------------------------------------


def test_an_empty_context_gives_no_tags() -> None:
    assert tags_for() == {}


@pytest.mark.parametrize("field", CONTEXT_FIELDS)
@pytest.mark.parametrize("missing", [None, math.nan, pd.NA])
def test_a_missing_value_gives_no_tag_and_no_error(field: str, missing: object) -> None:
    context = NightContext(**{field: missing})  # type: ignore[arg-type]
    assert tag_episode(CRAMP, context, Profile()) == ()


def test_a_frame_without_context_columns_is_tagged_without_error() -> None:
    frame = pd.DataFrame({"episode_id": [1, 2], "warning_signs": ["all_over_body", None]})
    tags = tag_episodes(frame, Profile())
    assert list(tags["cause_id"]) == ["electrolyte_imbalance"]


def test_an_empty_frame_gives_an_empty_tags_frame_with_every_column() -> None:
    _, frame = frames_from_records([], [])
    tags = tag_episodes(frame, Profile())
    assert list(tags.columns) == list(TAG_COLUMNS) and len(tags) == 0


# --- the vectorised form ---------------------------------------------------------------


def test_rules_follow_the_order_of_causes() -> None:
    order = [c.id for c in CAUSES]
    assert [order.index(r.cause_id) for r in RULES] == sorted(
        order.index(r.cause_id) for r in RULES
    )


def test_tag_episodes_returns_a_long_frame_in_episode_then_cause_order() -> None:
    context = NightContext(water_l=1.0, stress=9, stretched=False)
    episodes = [Episode(NIGHT, time(3, 0), "foot"), Episode(NIGHT, time(2, 0), "calf")]
    _, frame = frames_from_records([Night(NIGHT, context)], episodes)
    tags = tag_episodes(frame, Profile())
    assert list(tags.columns) == list(TAG_COLUMNS)
    assert str(tags["episode_id"].dtype) == "Int64"
    assert list(zip(tags["episode_id"], tags["cause_id"], strict=True)) == [
        (1, "not_enough_stretching"),
        (1, "dehydration"),
        (1, "stress"),
        (2, "not_enough_stretching"),
        (2, "dehydration"),
        (2, "stress"),
    ]


TIES = [0.0, 0.05, 0.25, 0.35, 1.05, 1.15, 1.95, 1.96, 1.995, 1.9995, 2.0, 2.005, 2.675]


@pytest.mark.parametrize("water", TIES)
def test_rounding_ties_print_the_same_either_way(water: float) -> None:
    tags_for(water_l=water)
    tags_for(Profile(water_target_l=1.995), water_l=water)


def test_a_large_frame_is_tagged_like_each_of_its_episodes() -> None:
    rng = np.random.default_rng(7)
    contexts = [
        NightContext(
            water_l=float(rng.choice([*TIES, float(rng.uniform(0, 4))])),
            sitting_h=float(rng.uniform(0, 12)),
            hard_floor_h=float(rng.choice([3.995, 4.0, 4.005, float(rng.uniform(0, 8))])),
            exercise_min=int(rng.integers(0, 200)),
            stress=int(rng.integers(0, 11)),
        )
        for _ in range(400)
    ]
    nights = [Night(NIGHT - timedelta(days=i), c) for i, c in enumerate(contexts)]
    episodes = [Episode(n.night, time(2, 0), "calf") for n in nights]
    _, frame = frames_from_records(nights, episodes)
    vectorised = tags_by_episode(tag_episodes(frame, Profile()))
    for i, (night, episode) in enumerate(zip(nights, episodes, strict=True), start=1):
        assert vectorised.get(i, ()) == tag_episode(episode, night.context, Profile())


def test_rule_descriptions_use_the_profiles_numbers() -> None:
    described = rule_descriptions(Profile(water_target_l=2.5, high_stress=6))
    assert described["dehydration"] == "less than 2.5 L of water"
    assert "6/10" in described["stress"]
    assert set(described) == {r.cause_id for r in RULES}


optional_number = st.one_of(
    st.none(),
    st.floats(min_value=0, max_value=15, allow_nan=False),
    st.sampled_from(TIES + [3.95, 4.0, 4.05, 5.995, 6.0, 6.0001]),
)
contexts = st.builds(
    NightContext,
    water_l=optional_number,
    exercise_min=st.none() | st.integers(min_value=0, max_value=1440),
    exercise_intensity=st.none() | st.sampled_from(list(INTENSITIES)),
    hot=st.none() | st.booleans(),
    stretched=st.none() | st.booleans(),
    sitting_h=optional_number,
    hard_floor_h=optional_number,
    stress=st.none() | st.integers(min_value=0, max_value=10),
    new_medication=st.none() | st.booleans(),
)
profiles = st.builds(
    Profile,
    water_target_l=st.floats(min_value=0.5, max_value=6) | st.sampled_from([1.95, 2.0, 2.005]),
    long_sitting_h=st.floats(min_value=1, max_value=16),
    long_standing_h=st.floats(min_value=1, max_value=16) | st.just(4.0),
    high_stress=st.integers(min_value=1, max_value=10),
    long_exercise_min=st.integers(min_value=10, max_value=600),
)
signs = st.lists(st.sampled_from(list(WARNING_SIGNS)), unique=True).map(tuple)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    night_contexts=st.lists(contexts, min_size=1, max_size=6),
    episode_specs=st.lists(
        st.tuples(st.integers(min_value=0, max_value=5), signs), min_size=0, max_size=12
    ),
    profile=profiles,
)
def test_tag_episode_equals_tag_episodes_on_one_row_and_on_the_whole_frame(
    night_contexts: list[NightContext],
    episode_specs: list[tuple[int, tuple[str, ...]]],
    profile: Profile,
) -> None:
    nights = [Night(NIGHT - timedelta(days=i), c) for i, c in enumerate(night_contexts)]
    episodes = [
        Episode(nights[i % len(nights)].night, time(1, minute), "calf", warning_signs=s)
        for minute, (i, s) in enumerate(episode_specs)
    ]
    _, frame = frames_from_records(nights, episodes)
    vectorised = tags_by_episode(tag_episodes(frame, profile))
    context_of = {n.night: n.context for n in nights}
    for episode_id, episode in enumerate(episodes, start=1):
        expected = tag_episode(episode, context_of[episode.night], profile)
        assert vectorised.get(episode_id, ()) == expected
        if episode_id == 1:  # one standard one-row frame per example keeps the test quick
            one_night = Night(episode.night, context_of[episode.night])
            _, one_row = frames_from_records([one_night], [episode])
            assert tags_by_episode(tag_episodes(one_row, profile)).get(1, ()) == expected
        for tag in expected:
            assert (tag.certainty == "possible") == (not CAUSE_BY_ID[tag.cause_id].measurable)
    assert set(vectorised) <= set(range(1, len(episodes) + 1))
