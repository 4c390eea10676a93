"""Findings: the trigger analysis as the Patterns page states it and `analyse --json` prints it."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from datetime import date

import pytest

from core.causes import CAUSE_BY_ID
from core.findings import (
    CAUSE_OF_FACTOR,
    LOWERS,
    RAISES,
    analyse_nights,
    findings_from_comparisons,
)
from core.frames import empty_nights
from core.profile import Profile
from core.triggers import FACTORS, FactorComparison, compare_factors
from sample_data.generator import Effects, generate_frames

CONTRACT = ["cause", "linked", "direction", "summary"]


@pytest.fixture(scope="module")
def comparisons() -> list[FactorComparison]:
    nights, _ = generate_frames(
        start=date(2024, 1, 1), nights=730, seed=7, effects=Effects.only(low_water=4.0)
    )
    return compare_factors(nights, Profile())


def test_every_factor_maps_to_one_cause_of_the_article() -> None:
    assert set(CAUSE_OF_FACTOR) == {f.id for f in FACTORS}
    assert all(cause in CAUSE_BY_ID for cause in CAUSE_OF_FACTOR.values())


def test_a_finding_is_linked_exactly_when_the_comparison_is_flagged(
    comparisons: list[FactorComparison],
) -> None:
    findings = findings_from_comparisons(comparisons)
    assert [f.factor for f in findings] == [c.factor for c in comparisons]
    assert [f.linked for f in findings] == [c.flagged for c in comparisons]
    assert [f.summary for f in findings] == [c.sentence for c in comparisons]
    assert [f.tested for f in findings] == [c.enough_data for c in comparisons]
    water = findings[0]
    assert water.cause == "dehydration" and water.linked and water.direction == RAISES
    assert all(f.direction is None for f in findings if not f.linked)


def test_a_linked_factor_with_fewer_cramp_nights_lowers_the_chance(
    comparisons: list[FactorComparison],
) -> None:
    lowering = replace(comparisons[0], risk_ratio=0.4, risk_low=0.2, risk_high=0.7)
    assert findings_from_comparisons([lowering])[0].direction == LOWERS


def test_a_record_puts_the_contract_first_and_is_valid_json(
    comparisons: list[FactorComparison],
) -> None:
    endless = replace(comparisons[0], risk_ratio=math.inf, risk_high=math.inf)
    record = findings_from_comparisons([endless])[0].as_record()
    assert list(record)[:4] == CONTRACT
    assert record["risk_ratio"] is None and record["ci_high"] is None
    json.dumps(record, allow_nan=False)


def test_an_empty_diary_has_a_not_yet_finding_for_every_factor() -> None:
    analysis = analyse_nights(empty_nights(), Profile())
    assert (analysis.nights, analysis.cramps) == (0, 0)
    assert len(analysis.factors) == len(FACTORS)
    assert not any(f.tested or f.linked for f in analysis.factors)
    assert all(f.summary.startswith("Not enough data yet") for f in analysis.factors)
