"""Findings: the trigger analysis as the Patterns page states it and `analyse --json` prints it."""

from __future__ import annotations

import json
import math
from dataclasses import replace

import pytest

from core.article.causes import CAUSE_BY_ID
from core.frames import empty_nights
from core.profile import Profile
from core.stats.findings import (
    CAUSE_OF_FACTOR,
    LOWERS,
    RAISES,
    analyse_nights,
    finding_from_model,
    findings_from_model,
)
from core.stats.trigger_model import MODEL_FACTORS, TriggerAnalysis, analyse_triggers
from sample_data.scenarios import scenario_nights

CONTRACT = ["cause", "linked", "direction", "summary"]


@pytest.fixture(scope="module")
def analysis() -> TriggerAnalysis:
    return analyse_triggers(scenario_nights("threshold", nights=730, seed=7), Profile())


def test_every_factor_maps_to_one_cause_of_the_article() -> None:
    assert set(CAUSE_OF_FACTOR) == {f.id for f in MODEL_FACTORS}
    assert all(cause in CAUSE_BY_ID for cause in CAUSE_OF_FACTOR.values())


def test_a_finding_is_linked_exactly_when_the_model_says_linked(
    analysis: TriggerAnalysis,
) -> None:
    findings = findings_from_model(analysis)
    assert [f.factor for f in findings] == [r.factor for r in analysis.findings]
    assert [f.linked for f in findings] == [r.linked for r in analysis.findings]
    assert [f.summary for f in findings] == [r.sentence for r in analysis.findings]
    assert [f.tested for f in findings] == [
        r.verdict != "not_enough_data" for r in analysis.findings
    ]
    water = findings[0]
    assert water.cause == "dehydration" and water.linked and water.direction == RAISES
    assert all(f.direction is None for f in findings if not f.linked)


def test_a_linked_factor_with_fewer_cramp_nights_lowers_the_chance(
    analysis: TriggerAnalysis,
) -> None:
    lowering = replace(analysis.findings[0], odds_ratio=0.4, low=0.2, high=0.7)
    assert finding_from_model(lowering, analysis.nights).direction == LOWERS


def test_a_record_puts_the_contract_first_and_is_valid_json(analysis: TriggerAnalysis) -> None:
    endless = replace(analysis.findings[0], odds_ratio=math.inf, high=math.inf)
    record = finding_from_model(endless, analysis.nights).as_record()
    assert list(record)[:4] == CONTRACT
    assert record["odds_ratio"] is None and record["ci_high"] is None
    json.dumps(record, allow_nan=False)


def test_an_empty_diary_has_a_not_yet_finding_for_every_factor() -> None:
    analysis = analyse_nights(empty_nights(), Profile())
    assert (analysis.nights, analysis.cramps) == (0, 0)
    assert len(analysis.factors) == len(MODEL_FACTORS)
    assert not any(f.tested or f.linked for f in analysis.factors)
    assert all(f.summary.startswith("Not enough data yet") for f in analysis.factors)
