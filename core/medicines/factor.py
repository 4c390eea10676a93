"""The medicine list as the analysis's medication factor.

Without a list, the factor is the per-night flag "new or changed medication".
Once the list holds a medicine of a class linked to cramps (core.medicines.classes),
the factor is instead "on such a medicine that night" (from its start to its
stop, both included), and the factor's sentence names the medicines. A list of
medicines none of whose classes is linked leaves the flag as it is: replacing it
by "never" would only throw away what the person recorded.

Pure functions over the nights frame (core.frames): the statistics never learn
where the column came from.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from core.medicines.medicine import Medicine

MEDICATION_COLUMN = "new_medication"  # the nights frame's column the list replaces
MEDICATION_FACTOR = "new_medication"  # the analysis's factor id for it


@dataclass(frozen=True)
class MedicationNights:
    """The nights frame with its medication column taken from the list (when it is used).

    `label` names what the factor now means ("nights on Hydrochlorothiazide
    (thiazide-like diuretics)"); None when the per-night flag stays.
    """

    nights: pd.DataFrame
    label: str | None
    medicines: tuple[Medicine, ...] = ()


def linked_medicines(medicines: Iterable[Medicine]) -> tuple[Medicine, ...]:
    """The medicines on the list whose class is linked to cramps, oldest start first."""
    found = [m for m in medicines if m.drug_class is not None and m.drug_class.linked]
    return tuple(sorted(found, key=lambda m: (m.started_on, m.name)))


def on_medicine(days: pd.Series, medicines: Iterable[Medicine]) -> pd.Series:
    """For each night of `days` (dates), whether any of `medicines` was taken that night."""
    values = days.to_numpy(dtype="datetime64[D]")
    on = np.zeros(len(values), dtype=bool)
    for item in medicines:
        taken = values >= np.datetime64(item.started_on, "D")
        if item.stopped_on is not None:
            taken &= values <= np.datetime64(item.stopped_on, "D")
        on |= taken
    return pd.Series(on, index=days.index, dtype="boolean")


def medication_label(medicines: Iterable[Medicine]) -> str:
    """'nights on Hydrochlorothiazide (thiazide-like diuretics) or Lipitor (statins)'."""
    named: list[str] = []
    for item in medicines:
        assert item.drug_class is not None
        text = f"{' '.join(item.name.split())} ({item.drug_class.title.lower()})"
        if text not in named:
            named.append(text)
    return "nights on " + " or ".join(named)


def medication_nights(nights: pd.DataFrame, medicines: Iterable[Medicine]) -> MedicationNights:
    """The nights frame whose medication column is "on a medicine of a linked class", when
    the list holds one; otherwise the frame unchanged (the per-night flag stays)."""
    linked = linked_medicines(medicines)
    if not linked:
        return MedicationNights(nights, None)
    changed = nights.copy()
    changed[MEDICATION_COLUMN] = on_medicine(changed["night"], linked)
    return MedicationNights(changed, medication_label(linked), linked)


_FLAG_WORDS = re.compile(r"(days|nights) with a new or changed medication", re.IGNORECASE)
_TITLE_WORDS = re.compile(r"new or changed medication", re.IGNORECASE)


def named_summary(summary: str, label: str) -> str:
    """The medication factor's sentence, saying the medicines it is about instead of the flag."""
    named = _FLAG_WORDS.sub(label, summary, count=1)
    named = _TITLE_WORDS.sub(label, named)
    if label not in named:  # the model's wording changed: still say what the factor is
        named = f"From your medicine list, {label}: {summary}"
    return named


def list_label(medicines: Iterable[Medicine]) -> str | None:
    """What the medication factor means with this list ('nights on …'); None when the list
    holds no medicine of a linked class (the per-night flag stays)."""
    linked = linked_medicines(medicines)
    return medication_label(linked) if linked else None


def medicine_marks(medicines: Iterable[Medicine], start: date, end: date) -> list[tuple[date, str]]:
    """Each start and stop inside the range, as (day, 'Name started' / 'Name stopped')."""
    marks = [(m.started_on, f"{m.name} started") for m in medicines]
    marks += [(m.stopped_on, f"{m.name} stopped") for m in medicines if m.stopped_on is not None]
    return sorted((day, label) for day, label in marks if start <= day <= end)
