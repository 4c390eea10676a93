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
from core.stats.trigger_model import TriggerFinding, analyse_triggers


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


def trigger_findings(
    nights: pd.DataFrame, profile: Profile, medicines: Iterable[Medicine]
) -> tuple[TriggerFinding, ...]:
    """The trigger model's findings (`analyse_triggers`), the medication factor taken from the
    list and titled by its medicines, so its own sentence names them (the provider report)."""
    medication = medication_nights(nights, medicines)
    findings = analyse_triggers(medication.nights, profile).findings
    if medication.label is None:
        return findings
    return tuple(
        dataclasses.replace(
            f,
            title=medication.label,
            shape=named_summary(f.shape, medication.label) if f.shape else None,
        )
        if f.factor == MEDICATION_FACTOR
        else f
        for f in findings
    )
