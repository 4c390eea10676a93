"""The provider report's Medicines block: current and recent medicines with their dates and
dose, the class and its cited figure with the source, and cramps a week before and after
each start when the diary has enough nights (with the interval and the caution)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import pandas as pd

from core.medicines.classes import GARRISON_2012, PRESCRIBER_WORDING, RATIO_MEANING
from core.medicines.medicine import Medicine
from core.stats.triggers import BEFORE_AFTER_CAUTION, compare_intervention
from core.wording import clip

RECENT_DAYS = 365  # a medicine stopped within a year before the report's end still shows
SHOWN_NAME_CHARS = 60


def shown_medicines(medicines: Sequence[Medicine], start: date, end: date) -> list[Medicine]:
    """The medicines the report lists: taken at some point from a year before `start` to
    `end`; those of a linked class first, each group latest start first."""
    since = start - timedelta(days=RECENT_DAYS)
    shown = [
        m
        for m in medicines
        if m.started_on <= end and (m.stopped_on is None or m.stopped_on >= since)
    ]
    # Latest start first, but a medicine of a linked class before any other: when the PDF
    # must shorten the block it drops lines from the end.
    shown.sort(key=lambda m: (m.started_on, m.name), reverse=True)
    return sorted(shown, key=lambda m: not (m.drug_class is not None and m.drug_class.linked))


def _line(item: Medicine, nights: pd.DataFrame) -> str:
    name = clip(item.name, SHOWN_NAME_CHARS)
    dose = f", {clip(item.dose, SHOWN_NAME_CHARS)}" if item.dose else ""
    purpose = f" (for {clip(item.purpose, SHOWN_NAME_CHARS)})" if item.purpose else ""
    line = f"{name}{dose}{purpose}: {item.period}."
    drug_class = item.drug_class
    if drug_class is not None:
        line += f" {drug_class.brief}."
    effect = compare_intervention(
        nights, name=name, started_on=item.started_on, ended_on=item.stopped_on
    )
    if effect.enough_data:
        line += f" {effect.sentence}"
    return line


def medicine_lines(
    medicines: Sequence[Medicine], nights: pd.DataFrame, start: date, end: date
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The block's lines (one per medicine) and its footer (the source and the cautions);
    both empty when no medicine is listed for the report's range."""
    shown = shown_medicines(medicines, start, end)
    if not shown:
        return (), ()
    lines = tuple(_line(item, nights) for item in shown)
    footer = [PRESCRIBER_WORDING]
    if any(m.drug_class is not None and m.drug_class.ratio is not None for m in shown):
        footer.append(f"{RATIO_MEANING} ({GARRISON_2012}).")
    if any("a week after" in line for line in lines):
        footer.append(BEFORE_AFTER_CAUTION)
    return lines, tuple(footer)
