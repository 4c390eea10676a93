"""What the trigger analysis tells a person, factor by factor, as plain values.

The Patterns page and the command line (`cramp-diary analyse`) both state the
analysis through these findings, so the page's sentences and the
`analyse --json` contract (README, "Command line") cannot drift apart.
`findings_from_model` is the one adapter from the trigger model
(`core.stats.trigger_model`) to findings: a new model needs only a new adapter.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from core.profile import Profile
from core.stats.trigger_model import (
    MODEL_FACTORS,
    TriggerAnalysis,
    TriggerFinding,
    analyse_triggers,
)

RAISES = "raises"
LOWERS = "lowers"

# The article cause each factor tests (the first of its cause ids: each names one today).
CAUSE_OF_FACTOR = {factor.id: factor.cause_ids[0] for factor in MODEL_FACTORS}


@dataclass(frozen=True)
class FactorFinding:
    """One factor of the analysis as the person is told it.

    `linked` is true exactly when the page calls the factor linked beyond
    chance; `direction` says which way a linked factor goes ("raises" or
    "lowers" the chance of a cramp night) and is None when it is not linked;
    `tested` is false while the answer is "not enough data yet".
    """

    factor: str
    cause: str
    linked: bool
    direction: str | None
    tested: bool
    summary: str
    shape: str | None = None
    odds_ratio: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    p_adjusted: float | None = None
    nights_known: int = 0
    nights_unknown: int = 0

    def as_record(self) -> dict[str, object]:
        """The finding as a JSON-ready record: the contract's fields first, then the figures.

        A number that is not finite (an open-ended interval) is None, so the
        record is valid JSON.
        """
        return {
            "cause": self.cause,
            "linked": self.linked,
            "direction": self.direction,
            "summary": self.summary,
            "factor": self.factor,
            "tested": self.tested,
            "shape": self.shape,
            "odds_ratio": _finite(self.odds_ratio),
            "ci_low": _finite(self.ci_low),
            "ci_high": _finite(self.ci_high),
            "p_adjusted": _finite(self.p_adjusted),
            "nights_known": self.nights_known,
            "nights_unknown": self.nights_unknown,
        }


@dataclass(frozen=True)
class DiaryAnalysis:
    """The trigger analysis of one diary: how much it holds, and a finding per factor."""

    nights: int
    cramps: int
    factors: tuple[FactorFinding, ...]


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def finding_from_model(result: TriggerFinding, nights: int) -> FactorFinding:
    """One factor of `core.stats.trigger_model.analyse_triggers` as a finding (the adapter)."""
    return FactorFinding(
        factor=result.factor,
        cause=CAUSE_OF_FACTOR[result.factor],
        linked=result.linked,
        direction=result.direction,
        tested=result.verdict != "not_enough_data",
        summary=result.sentence,
        shape=result.shape,
        odds_ratio=result.odds_ratio,
        ci_low=result.low,
        ci_high=result.high,
        p_adjusted=result.p_adjusted,
        nights_known=result.nights_known,
        nights_unknown=nights - result.nights_known,
    )


def findings_from_model(analysis: TriggerAnalysis) -> list[FactorFinding]:
    """Every factor of the model's analysis, in its order."""
    return [finding_from_model(r, analysis.nights) for r in analysis.findings]


def analyse_nights(nights: pd.DataFrame, profile: Profile) -> DiaryAnalysis:
    """The trigger analysis of a nights frame (`core.frames`) with the person's thresholds."""
    return DiaryAnalysis(
        nights=len(nights),
        cramps=int(nights["episode_count"].sum()),
        factors=tuple(findings_from_model(analyse_triggers(nights, profile))),
    )
