"""The one-model trigger analysis on small diaries built night by night."""

import numpy as np
import pandas as pd
import pytest

from core.frames import typed_nights
from core.profile import Profile
from core.stats.trigger_model import (
    MODEL_FACTORS,
    analyse_triggers,
    holm_adjusted,
)
from sample_data.scenarios import scenario_nights
from tests.unit.trigger_helpers import by_id, diary, heat_finding, hot_and_vigorous


def planted_water(nights: int = 400, seed: int = 3) -> pd.DataFrame:
    """Cramps on 60% of days under 1.5 L and 8% otherwise; everything else random."""
    rng = np.random.default_rng(seed)
    water = np.round(rng.normal(1.9, 0.5, nights), 1)
    cramp = rng.random(nights) < np.where(water < 1.5, 0.6, 0.08)
    return diary(
        {
            "water_l": water.tolist(),
            "hot": (rng.random(nights) < 0.2).tolist(),
            "stress": rng.integers(0, 11, nights).tolist(),
        },
        cramp.astype(int).tolist(),
    )


def test_every_factor_and_the_combination_get_a_finding_even_on_an_empty_diary() -> None:
    findings = analyse_triggers(typed_nights(pd.DataFrame({"night": []})), Profile()).findings
    assert [f.factor for f in findings] == [m.id for m in MODEL_FACTORS]
    assert "exercise_in_heat" in [f.factor for f in findings]
    assert all(f.verdict == "not_enough_data" for f in findings)


def test_a_threshold_the_person_does_not_know_is_found_and_named() -> None:
    water = by_id(planted_water())["low_water"]
    assert water.verdict == "linked"
    assert water.direction == "raises"
    assert water.shape == "on days under 1.5 L of water"  # not the 2.0 L target
    assert water.low is not None and water.odds_ratio is not None and water.high is not None
    assert 1 < water.low < water.odds_ratio < water.high
    assert water.sentence.startswith("Linked: On days under 1.5 L of water the odds")
    assert "95% CI" in water.sentence


def test_factors_that_do_nothing_are_not_linked_beside_a_real_one() -> None:
    findings = by_id(planted_water())
    assert findings["heat"].verdict != "linked"
    assert findings["high_stress"].verdict != "linked"
    assert findings["heat"].direction is None


def test_the_same_diary_always_gets_the_same_answer() -> None:
    nights = scenario_nights("none", nights=365, seed=5)
    assert analyse_triggers(nights, Profile()) == analyse_triggers(nights, Profile())


def test_a_tiny_diary_says_how_many_more_nights_not_a_number() -> None:
    nights = diary({"hot": [True, False] * 10}, [1, 0, 0, 0] * 5)
    heat = by_id(nights)["heat"]
    assert heat.verdict == "not_enough_data"
    assert heat.odds_ratio is None
    assert heat.more_nights_needed is not None and heat.more_nights_needed > 0
    assert f"about {heat.more_nights_needed} more nights at your rate" in heat.sentence


def test_a_rare_factor_needs_many_more_nights_than_a_common_one() -> None:
    rng = np.random.default_rng(1)
    n = 200
    cramps = (rng.random(n) < 0.15).astype(int).tolist()
    rare = by_id(diary({"hot": (np.arange(n) % 33 == 0).tolist()}, cramps))["heat"]
    common = by_id(diary({"hot": (np.arange(n) % 3 == 0).tolist()}, cramps))["heat"]
    assert rare.verdict == common.verdict == "not_enough_data" or common.verdict != "linked"
    assert rare.more_nights_needed is not None
    needed_common = common.more_nights_needed or 0
    # Share 3% against 33%: the nights needed scale with 1/share(1-share), about sevenfold.
    assert rare.more_nights_needed > 5 * max(needed_common, 1)
    assert rare.more_nights_needed > 1000


def test_a_factor_never_present_says_there_is_nothing_to_compare() -> None:
    nights = diary({"hot": [False] * 60}, [1, 0, 0] * 20)
    heat = by_id(nights)["heat"]
    assert heat.verdict == "not_enough_data"
    assert "nothing to compare" in heat.sentence


def test_nights_with_some_context_blank_still_count() -> None:
    nights = planted_water()
    blanked = nights.copy()
    blanked.loc[blanked.index % 4 == 0, "hot"] = pd.NA  # a quarter of the heat answers missing
    water = by_id(blanked)["low_water"]
    assert water.nights_known == len(nights)  # water still judged on every night
    assert water.verdict == "linked"
    assert by_id(blanked)["heat"].nights_known == len(nights) - len(nights[nights.index % 4 == 0])


def test_a_habit_that_only_goes_with_the_real_cause_is_not_blamed() -> None:
    nights = scenario_nights("innocent", nights=3 * 365, seed=7)
    findings = by_id(nights)
    assert findings["no_stretching"].verdict == "linked"
    assert findings["long_sitting"].verdict != "linked"


def test_the_article_combination_is_judged_beyond_its_two_parts() -> None:
    nights = hot_and_vigorous(11)
    combo = by_id(nights)["exercise_in_heat"]
    assert combo.verdict == "linked"
    assert combo.cause_ids == ("exercise_in_heat",)
    assert combo.shape is not None and "hot days" in combo.shape


def test_the_persons_own_threshold_is_one_of_the_shapes_tried() -> None:
    water = next(f for f in MODEL_FACTORS if f.id == "low_water")
    words = [s.words for s in water.shapes(Profile(water_target_l=2.2))]
    assert words[0] == "on days under 2.2 L of water"
    assert "per litre less water" in words


@pytest.mark.parametrize("verdict", ["linked", "no_clear_link", "not_enough_data"])
def test_only_a_linked_finding_has_a_direction(verdict: str) -> None:
    finding = heat_finding(verdict=verdict, more_nights_needed=10)
    assert finding.direction == ("lowers" if verdict == "linked" else None)


@pytest.mark.parametrize(
    "p_values",
    [[0.01], [0.04, 0.01, 0.03], [0.5, 0.001, 0.02, 0.02, 0.9], [0.3, 0.3, 0.3], []],
)
def test_holm_adjustment_matches_statsmodels(p_values: list[float]) -> None:
    from statsmodels.stats.multitest import multipletests

    expected = multipletests(p_values, method="holm")[1].tolist() if p_values else []
    assert holm_adjusted(p_values) == pytest.approx(expected)


def test_odd_diaries_never_raise() -> None:
    rng = np.random.default_rng(2)
    n = 120
    cramps = (rng.random(n) < 0.3).astype(int).tolist()
    odd = [
        diary({"hot": [True] * n}, cramps),  # no variation at all
        diary({"water_l": [None] * n}, cramps),  # never recorded
        diary({"stress": [5] * (n - 1) + [9]}, cramps),  # one night apart
        diary({"hot": (rng.random(n) < 0.5).tolist()}, [3] * n),  # a cramp every night
        diary(
            {"hot": [True, False] * (n // 2), "stretched": [False, True] * (n // 2)}, cramps
        ),  # two factors that are the same nights
    ]
    for nights in odd:
        findings = analyse_triggers(nights, Profile()).findings
        assert len(findings) == len(MODEL_FACTORS)
        assert all(f.sentence for f in findings)
