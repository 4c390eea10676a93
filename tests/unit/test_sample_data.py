"""The sample diary generator: deterministic, valid, realistic, and carrying the planted truth."""

from __future__ import annotations

import dataclasses
import re
import time as clock
from datetime import date, time, timedelta
from pathlib import Path

import pandas as pd
import pytest

from core.diary import CONTEXT_FIELDS, Night, context_errors, episode_errors, night_of
from core.files.csv_format import parse_diary_csv, write_diary_csv
from core.frames import frames_from_records
from core.profile import Profile
from sample_data import generator
from sample_data.generator import (
    DEMO_CSV,
    FACTORS,
    DiaryParams,
    Effects,
    expected_cramp_night_share,
    expected_risk_ratios,
    generate_diary,
    generate_frames,
    nights_in_months,
    write_csv,
)

START = date(2020, 1, 1)
TEN_YEARS = 3650
# Large enough that a risk ratio is known to within a few percent, so a ±15% check
# fails only when the planted effect is wrong.
LARGE = 50_000
TOLERANCE = 0.15


def factor_masks(nights: pd.DataFrame) -> dict[str, pd.Series]:
    """Each factor per night, written from the definitions (NA where its field is blank)."""
    return {
        "low_water": nights["water_l"] < 2.0,
        "vigorous_exercise": nights["exercise_intensity"] == "vigorous",
        "heat": nights["hot"],
        "no_stretching": ~nights["stretched"],
        "long_sitting": nights["sitting_h"] >= 6,
        "hard_floor": nights["hard_floor_h"] >= 4,
        "high_stress": nights["stress"] >= 7,
        "new_medication": nights["new_medication"],
    }


def observed_risk_ratio(nights: pd.DataFrame, factor: str) -> float:
    """Share of cramp nights with the factor over the share without it, known nights only."""
    present = factor_masks(nights)[factor]
    known = present.notna()
    cramp = nights.loc[known, "episode_count"] > 0
    with_it = present[known].astype(bool)
    return float(cramp[with_it].mean() / cramp[~with_it].mean())


@pytest.fixture(scope="module")
def large_default() -> pd.DataFrame:
    nights, _ = generate_frames(start=START, nights=LARGE, seed=11)
    return nights


@pytest.fixture(scope="module")
def large_default_episodes() -> pd.DataFrame:
    _, episodes = generate_frames(start=START, nights=LARGE, seed=12)
    return episodes


# --- determinism -----------------------------------------------------------------


def test_same_seed_gives_the_same_diary() -> None:
    first = generate_diary(start=START, nights=400, seed=5)
    second = generate_diary(start=START, nights=400, seed=5)
    assert first == second
    assert len(first[1]) > 0


def test_different_seeds_give_different_diaries() -> None:
    first = generate_diary(start=START, nights=400, seed=5)
    second = generate_diary(start=START, nights=400, seed=6)
    assert first[0] != second[0]
    assert first[1] != second[1]


def test_frames_helper_matches_frames_built_from_the_records() -> None:
    nights, episodes = generate_diary(start=START, nights=TEN_YEARS, seed=3)
    expected_nights, expected_episodes = frames_from_records(nights, episodes)
    got_nights, got_episodes = generate_frames(start=START, nights=TEN_YEARS, seed=3)
    pd.testing.assert_frame_equal(got_nights, expected_nights)
    pd.testing.assert_frame_equal(got_episodes, expected_episodes)


def test_an_empty_span_gives_an_empty_diary() -> None:
    assert generate_diary(start=START, nights=0, seed=1) == ([], [])


# --- every record is valid ---------------------------------------------------------


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_generated_record_passes_the_diary_checks(seed: int) -> None:
    nights, episodes = generate_diary(start=START, nights=TEN_YEARS, seed=seed)
    assert nights and episodes
    assert [(n.night, context_errors(n.context)) for n in nights if context_errors(n.context)] == []
    assert [(e, episode_errors(e)) for e in episodes if episode_errors(e)] == []


def test_every_cramp_belongs_to_the_night_its_onset_falls_in() -> None:
    nights, episodes = generate_diary(start=START, nights=TEN_YEARS, seed=4)
    logged = {n.night for n in nights}
    assert all(night_of(e.onset) == e.night for e in episodes)
    assert all(e.night in logged for e in episodes)
    assert any(e.time < time(12) for e in episodes)
    assert all(
        e.onset - timedelta(minutes=5) >= prev.onset
        for prev, e in zip(episodes, episodes[1:], strict=False)
        if e.night == prev.night
    )


def test_exercise_minutes_agree_with_the_intensity() -> None:
    nights, _ = generate_diary(start=START, nights=TEN_YEARS, seed=4)
    both_known = [
        n.context
        for n in nights
        if n.context.exercise_min is not None and n.context.exercise_intensity is not None
    ]
    assert both_known
    assert all((c.exercise_min == 0) == (c.exercise_intensity == "none") for c in both_known)


def test_measurements_are_written_as_a_person_would_type_them() -> None:
    nights, _ = generate_diary(start=START, nights=TEN_YEARS, seed=4)
    decimals = [
        getattr(n.context, name)
        for n in nights
        for name in ("water_l", "sitting_h", "hard_floor_h")
        if getattr(n.context, name) is not None
    ]
    assert decimals
    assert [v for v in decimals if not re.fullmatch(r"\d{1,2}\.\d", repr(v))] == []
    assert all(n.context.water_l is None or 0.8 <= n.context.water_l <= 3.5 for n in nights)


def test_nights_are_days_in_the_span_and_some_are_forgotten() -> None:
    nights, _ = generate_diary(start=START, nights=TEN_YEARS, seed=4)
    dates = [n.night for n in nights]
    assert dates == sorted(set(dates))
    assert dates[0] >= START and dates[-1] <= START + timedelta(days=TEN_YEARS - 1)
    assert 0.85 * TEN_YEARS < len(dates) < 0.97 * TEN_YEARS


# --- CSV -------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [7, 8])
def test_generated_diary_survives_a_csv_round_trip(seed: int) -> None:
    nights, episodes = generate_diary(start=START, nights=TEN_YEARS, seed=seed)
    text = write_diary_csv(nights, episodes)
    parsed = parse_diary_csv(text.encode("utf-8"))
    assert parsed.nights == {n.night: n.context for n in nights}
    assert parsed.episodes == episodes
    again = write_diary_csv([Night(d, c) for d, c in parsed.nights.items()], parsed.episodes)
    assert again == text


def test_committed_demo_diary_is_what_the_generator_writes(tmp_path: Path) -> None:
    out = tmp_path / "demo.csv"
    args = ["--months", "6", "--seed", "2026", "--end", "2026-10-31", "--out", str(out)]
    assert generator.main(args) == 0
    assert out.read_bytes() == DEMO_CSV.read_bytes()


def test_committed_demo_diary_reads_back_and_writes_out_byte_identical() -> None:
    data = DEMO_CSV.read_bytes()
    parsed = parse_diary_csv(data)
    assert max(parsed.nights) == date(2026, 10, 31)
    assert min(parsed.nights) >= date(2026, 10, 31) - timedelta(days=182)
    assert parsed.episodes and parsed.cramp_free_nights
    nights = [Night(d, c) for d, c in parsed.nights.items()]
    assert write_diary_csv(nights, parsed.episodes).encode("utf-8") == data


def test_write_csv_and_the_nights_option_write_a_diary_of_that_length(tmp_path: Path) -> None:
    out = tmp_path / "short.csv"
    assert generator.main(["--nights", "30", "--no-effects", "--out", str(out)]) == 0
    parsed = parse_diary_csv(out.read_bytes())
    assert 20 <= len(parsed.nights) <= 30
    assert max(parsed.nights) <= date(2026, 10, 31)
    assert min(parsed.nights) >= date(2026, 10, 2)
    nights, episodes = generate_diary(start=START, nights=50, seed=1)
    write_csv(out, nights, episodes)
    assert out.read_bytes() == write_diary_csv(nights, episodes).encode("utf-8")


def test_six_months_is_183_nights() -> None:
    assert nights_in_months(6) == 183
    assert nights_in_months(12) == 365


# --- the planted truth -----------------------------------------------------------


def test_low_water_doubles_the_risk_of_a_cramp_night(large_default: pd.DataFrame) -> None:
    assert observed_risk_ratio(large_default, "low_water") == pytest.approx(2.0, rel=TOLERANCE)


def test_stress_has_no_effect_on_cramp_nights(large_default: pd.DataFrame) -> None:
    assert observed_risk_ratio(large_default, "high_stress") == pytest.approx(1.0, rel=TOLERANCE)


@pytest.mark.parametrize("factor", FACTORS)
def test_each_factor_shows_its_expected_risk_ratio(
    large_default: pd.DataFrame, factor: str
) -> None:
    expected = expected_risk_ratios()[factor]
    assert observed_risk_ratio(large_default, factor) == pytest.approx(expected, rel=TOLERANCE)


@pytest.mark.parametrize("factor", FACTORS)
def test_a_single_planted_factor_shows_up_in_the_diary(factor: str) -> None:
    nights, _ = generate_frames(
        start=START, nights=LARGE, seed=21, effects=Effects.only(**{factor: 2.5})
    )
    assert observed_risk_ratio(nights, factor) == pytest.approx(2.5, rel=TOLERANCE)
    others = [f for f in FACTORS if f != factor]
    assert observed_risk_ratio(nights, others[0]) == pytest.approx(1.0, rel=TOLERANCE)


def test_without_effects_no_factor_changes_the_risk() -> None:
    nights, _ = generate_frames(start=START, nights=LARGE, seed=22, effects=Effects.none())
    for factor in FACTORS:
        assert observed_risk_ratio(nights, factor) == pytest.approx(1.0, rel=TOLERANCE), factor


def test_vigorous_exercise_in_heat_is_an_interaction() -> None:
    ratios = expected_risk_ratios()
    assert ratios["low_water"] == pytest.approx(2.0)
    assert ratios["high_stress"] == pytest.approx(1.0)
    vigorous_share = DiaryParams().vigorous_share
    assert ratios["heat"] == pytest.approx(1 + vigorous_share)
    assert ratios["vigorous_exercise"] == pytest.approx(1 + DiaryParams().hot_share)
    assert expected_risk_ratios(Effects.none()) == pytest.approx(dict.fromkeys(FACTORS, 1.0))


def test_the_chance_of_a_cramp_night_is_capped_below_one() -> None:
    nights, _ = generate_frames(
        start=START, nights=20_000, seed=23, effects=Effects.only(low_water=50.0)
    )
    low = factor_masks(nights)["low_water"].fillna(False).astype(bool)
    share = (nights.loc[low, "episode_count"] > 0).mean()
    assert 0.9 < share < 1.0


# --- realistic shape -------------------------------------------------------------


def test_share_of_cramp_nights_in_a_default_diary_is_realistic(
    large_default: pd.DataFrame,
) -> None:
    share = (large_default["episode_count"] > 0).mean()
    assert 0.10 <= share <= 0.25
    assert share == pytest.approx(expected_cramp_night_share(), rel=0.05)


@pytest.mark.parametrize("factor", FACTORS)
def test_every_factor_is_present_on_a_realistic_share_of_nights(
    large_default: pd.DataFrame, factor: str
) -> None:
    present = factor_masks(large_default)[factor].dropna().astype(bool)
    assert 0.15 <= present.mean() <= 0.30


@pytest.mark.parametrize("field", CONTEXT_FIELDS)
def test_each_context_field_is_sometimes_unknown(large_default: pd.DataFrame, field: str) -> None:
    assert 0.10 <= large_default[field].isna().mean() <= 0.20


def test_some_nights_have_no_context_at_all(large_default: pd.DataFrame) -> None:
    all_blank = large_default[list(CONTEXT_FIELDS)].isna().all(axis=1).mean()
    assert 0.02 <= all_blank <= 0.08


def test_cramps_per_cramp_night_are_one_plus_a_few(large_default: pd.DataFrame) -> None:
    counts = large_default.loc[large_default["episode_count"] > 0, "episode_count"]
    assert counts.min() == 1
    assert 1.2 <= counts.mean() <= 1.4


def test_cramps_mostly_come_in_the_small_hours(large_default_episodes: pd.DataFrame) -> None:
    hours = large_default_episodes["onset"].dt.hour
    assert hours.isin([22, 23, 0, 1, 2, 3, 4, 5]).mean() >= 0.85
    assert hours.value_counts().idxmax() in (2, 3)


def test_episode_details_have_plausible_frequencies(
    large_default_episodes: pd.DataFrame,
) -> None:
    episodes = large_default_episodes
    muscles = episodes["muscle"].value_counts(normalize=True)
    assert 0.60 <= muscles["calf"] <= 0.70
    assert list(muscles.index[:5]) == ["calf", "foot", "toes", "thigh_back", "thigh_front"]
    assert set(episodes["side"].dropna()) == {"left", "right", "both"}
    assert 60 <= episodes["duration_s"].median() <= 180
    assert episodes["duration_s"].min() >= 5 and episodes["duration_s"].max() <= 30 * 60
    assert episodes["pain"].median() == 6 and episodes["pain"].min() >= 2
    assert episodes["woke"].mean() >= 0.75
    given = episodes["relief"] != ""
    assert 0.60 <= episodes.loc[given, "relief_helped"].mean() <= 0.70
    assert episodes.loc[~given, "relief_helped"].isna().all()
    assert 0.002 <= (episodes["warning_signs"] != "").mean() <= 0.03
    assert 0.01 <= (episodes["note"] != "").mean() <= 0.10


def test_generating_ten_years_takes_well_under_a_second() -> None:
    began = clock.perf_counter()
    generate_diary(start=START, nights=TEN_YEARS, seed=9)
    assert clock.perf_counter() - began < 1.0


# --- parameters ------------------------------------------------------------------


def test_factor_thresholds_match_the_profile_defaults() -> None:
    assert generator.PROFILE == Profile()


def test_effects_only_plants_just_the_named_factor() -> None:
    effects = Effects.only(low_water=2.5)
    assert effects.low_water == 2.5
    others = {f.name: getattr(effects, f.name) for f in dataclasses.fields(effects)}
    del others["low_water"]
    assert set(others.values()) == {1.0}
    with pytest.raises(TypeError):
        Effects.only(sunshine=2.0)


@pytest.mark.parametrize("ratio", [0.0, -1.0, float("nan"), float("inf")])
def test_an_effect_must_be_a_positive_ratio(ratio: float) -> None:
    with pytest.raises(ValueError, match="low_water"):
        Effects(low_water=ratio)


@pytest.mark.parametrize(
    "change",
    [
        {"base_risk": 0.0},
        {"base_risk": 0.99},
        {"hot_share": 0.0},
        {"unlogged_share": 1.5},
        {"new_medication_share": 0.95},
    ],
)
def test_unrealisable_parameters_are_refused(change: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        DiaryParams(**change)


def test_a_misspelt_ingredient_is_refused_not_left_at_its_default() -> None:
    with pytest.raises(TypeError, match="efects"):
        generate_diary(start=date(2025, 1, 1), nights=3, seed=1, efects={})  # type: ignore[call-arg]
