"""What the trigger analysis tells a person, factor by factor, as plain values.

The Patterns page and the command line (`cramp-diary analyse`) both state the
analysis through these findings, so the page's sentences and the
`analyse --json` contract (README, "Command line") cannot drift apart.
`findings_from_comparisons` is the one adapter from the trigger model
(`core.triggers`) to findings: a new model needs only a new adapter.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from core.profile import Profile
from core.triggers import FACTORS, FactorComparison, compare_factors

RAISES = "raises"
LOWERS = "lowers"

# The article cause each factor tests (the first of its cause ids: each names one today).
CAUSE_OF_FACTOR = {factor.id: factor.cause_ids[0] for factor in FACTORS}


@dataclass(frozen=True)
class FactorFinding:
    """One factor of the analysis as the person is told it.

    `linked` is true exactly when the page calls the factor linked beyond
    chance; `direction` says which way a linked factor goes ("raises" or
    "lowers" the chance of a cramp night) and is None when it is not linked;
    `tested` is false while there is too little data for a number.
    """

    factor: str
    cause: str
    linked: bool
    direction: str | None
    tested: bool
    summary: str
    risk_ratio: float | None = None
    risk_low: float | None = None
    risk_high: float | None = None
    p_adjusted: float | None = None
    nights_with: int = 0
    nights_without: int = 0
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
            "risk_ratio": _finite(self.risk_ratio),
            "ci_low": _finite(self.risk_low),
            "ci_high": _finite(self.risk_high),
            "p_adjusted": _finite(self.p_adjusted),
            "nights_with": self.nights_with,
            "nights_without": self.nights_without,
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


def findings_from_comparisons(comparisons: Sequence[FactorComparison]) -> list[FactorFinding]:
    """The findings of `core.triggers.compare_factors`, in its order (the adapter)."""
    findings = []
    for result in comparisons:
        direction = None
        if result.flagged and result.risk_ratio is not None:
            direction = RAISES if result.risk_ratio >= 1 else LOWERS
        findings.append(
            FactorFinding(
                factor=result.factor,
                cause=CAUSE_OF_FACTOR[result.factor],
                linked=result.flagged,
                direction=direction,
                tested=result.enough_data,
                summary=result.sentence,
                risk_ratio=result.risk_ratio,
                risk_low=result.risk_low,
                risk_high=result.risk_high,
                p_adjusted=result.p_adjusted,
                nights_with=result.nights_with,
                nights_without=result.nights_without,
                nights_unknown=result.nights_unknown,
            )
        )
    return findings


def analyse_nights(nights: pd.DataFrame, profile: Profile) -> DiaryAnalysis:
    """The trigger analysis of a nights frame (`core.frames`) with the person's thresholds."""
    return DiaryAnalysis(
        nights=len(nights),
        cramps=int(nights["episode_count"].sum()),
        factors=tuple(findings_from_comparisons(compare_factors(nights, profile))),
    )
