"""The preview of an import: which blank fields of which nights it fills.

Imported values fill blanks only, and only on nights already in the diary: a
night the diary does not hold would read as a cramp-free night, which no phone
can know. Exercise minutes and intensity go together: they are filled only when
both are blank, so a phone's intensity is never attached to minutes the person
typed (or the other way round).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from core.context.values import IMPORTED_FIELDS
from core.diary import NightContext
from core.wording import day_text, plural

EXAMPLES: Final = 5
EXERCISE_PAIR: Final = ("exercise_min", "exercise_intensity")


@dataclass(frozen=True)
class Fill:
    """One blank field of one night, and the value an import puts there."""

    night: date
    field: str
    value: Any


@dataclass(frozen=True)
class ContextPlan:
    """What an import would do: the fills, per field, and the nights it cannot use."""

    source: str
    fills: tuple[Fill, ...]
    nights_in_file: int
    nights_not_in_diary: int
    fields_already_set: int

    def per_field(self) -> dict[str, int]:
        """How many nights get each field."""
        counts = Counter(f.field for f in self.fills)
        return {name: counts[name] for name in IMPORTED_FIELDS if counts[name]}

    def nights(self) -> list[date]:
        """The nights that get at least one value."""
        return sorted({f.night for f in self.fills})

    def examples(self) -> list[tuple[date, dict[str, Any]]]:
        """A few nights with what each would get, for the preview."""
        by_night: dict[date, dict[str, Any]] = {}
        for fill in self.fills:
            by_night.setdefault(fill.night, {})[fill.field] = fill.value
        return sorted(by_night.items())[-EXAMPLES:]


def plan_fills(
    source: str, imported: Mapping[date, NightContext], stored: Mapping[date, NightContext]
) -> ContextPlan:
    """The fills an import makes: each imported value whose field is blank in the diary."""
    fills: list[Fill] = []
    already = 0
    for night, context in sorted(imported.items()):
        current = stored.get(night)
        if current is None:
            continue
        exercise_typed = any(getattr(current, name) is not None for name in EXERCISE_PAIR)
        for name in IMPORTED_FIELDS:
            value = getattr(context, name)
            if value is None:
                continue
            if getattr(current, name) is None and not (name in EXERCISE_PAIR and exercise_typed):
                fills.append(Fill(night, name, value))
            else:
                already += 1
    return ContextPlan(
        source=source,
        fills=tuple(fills),
        nights_in_file=len(imported),
        nights_not_in_diary=sum(1 for n in imported if n not in stored),
        fields_already_set=already,
    )


FIELD_WORDS: Final = {
    "water_l": "water",
    "exercise_min": "exercise minutes",
    "exercise_intensity": "exercise intensity",
    "hot": "hot day",
}


def value_text(field: str, value: Any) -> str:
    """An imported value as the preview shows it: '0.55 L', '30 min', 'vigorous', 'hot'."""
    if field == "water_l":
        return f"water {value:g} L"
    if field == "exercise_min":
        return f"exercise {value} min"
    if field == "exercise_intensity":
        return f"intensity {value}"
    return "hot" if value else "not hot"


def describe_plan(plan: ContextPlan, source_name: str) -> list[str]:
    """The preview in sentences, for the page and the command line alike."""
    if not plan.fills:
        lines = [f"{source_name} has nothing to add: no blank field of a night in your diary."]
    else:
        counts = ", ".join(
            f"{FIELD_WORDS[name]} on {plural(count, 'night')}"
            for name, count in plan.per_field().items()
        )
        lines = [f"{source_name} fills {plural(len(plan.nights()), 'night')}: {counts}."]
    if plan.fields_already_set:
        lines.append(
            f"{plural(plan.fields_already_set, 'value')} you already have "
            "stay as they are (an import never overwrites)."
        )
    if plan.nights_not_in_diary:
        lines.append(
            f"{plural(plan.nights_not_in_diary, 'night')} in it are not in your diary and are "
            "left out (an import never adds nights: a night with no cramps logged would read "
            "as cramp-free)."
        )
    examples = plan.examples()
    if examples:
        lines.append("For example:")
    for night, values in examples:
        shown = ", ".join(value_text(name, value) for name, value in values.items())
        lines.append(f"{day_text(night)}: {shown}.")
    return lines
