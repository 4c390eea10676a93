"""The trigger analysis with the medicine list standing in for the medication flag.

Kept apart from the list's rules so a command about medicines never loads the
statistics: only the analysis imports this module.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

import pandas as pd

from core.medicines.classes import PRESCRIBER_WORDING
from core.medicines.factor import MEDICATION_FACTOR, medication_nights, named_summary
from core.medicines.medicine import Medicine
from core.profile import Profile
from core.stats.findings import DiaryAnalysis, FactorFinding, analyse_nights


def name_medication(finding: FactorFinding, label: str | None) -> FactorFinding:
    """The finding, its sentence naming the medicines when it is the list's medication factor."""
    if label is None or finding.factor != MEDICATION_FACTOR:
        return finding
    summary = named_summary(finding.summary, label)
    if finding.linked and finding.direction == "raises":
        summary = f"{summary} {PRESCRIBER_WORDING}"
    return dataclasses.replace(finding, summary=summary)


def analyse_with_medicines(
    nights: pd.DataFrame, profile: Profile, medicines: Iterable[Medicine]
) -> DiaryAnalysis:
    """`core.stats.findings.analyse_nights`, the medication factor taken from the list."""
    medication = medication_nights(nights, medicines)
    analysis = analyse_nights(medication.nights, profile)
    return dataclasses.replace(
        analysis,
        factors=tuple(name_medication(f, medication.label) for f in analysis.factors),
    )
