"""The preview of an import: which blank fields of which nights it fills.

Imported values fill blanks only, and only on nights already in the diary: a
night the diary does not hold would read as a cramp-free night, which no phone
can know.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from core.context.values import IMPORTED_FIELDS
from core.diary import NightContext

EXAMPLES: Final = 5


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
        for name in IMPORTED_FIELDS:
            value = getattr(context, name)
            if value is None:
                continue
            if getattr(current, name) is None:
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
