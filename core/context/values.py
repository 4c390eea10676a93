"""What an import brings: per-night amounts by source, the rules that turn them into a
night's context, and the limits that refuse an export before anything is written.

The day before a night: the diary names a night after the evening it begins
(core.diary's night rule), so the day before the night of 14 March is 14 March,
midnight to midnight, on the clock of the record's own UTC offset (a workout
logged while travelling counts on the local day it happened).

Double counting: the phone and the watch may both record the same glass of
water (and a workout app may copy the watch's workout), so sources are never
added together. For each night the total of one source is taken: the one the
person chose when it has a value that night, else the source with the larger
total (ties go to the name first in alphabetical order, so the choice is fixed).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Final

from core.diary import MAX_EXERCISE_MIN, MAX_WATER_L, NightContext, latest_night
from core.vocab import INTENSITIES

# Where a stored value came from; "typed" is everything the person entered.
TYPED: Final = "typed"
APPLE_HEALTH: Final = "apple_health"
HEALTH_CONNECT: Final = "health_connect"
WEATHER: Final = "weather"
SOURCES: Final = (TYPED, APPLE_HEALTH, HEALTH_CONNECT, WEATHER)
SOURCE_NAMES: Final = {
    TYPED: "typed",
    APPLE_HEALTH: "Apple Health",
    HEALTH_CONNECT: "Health Connect",
    WEATHER: "weather",
}
# The fields an import may fill.
IMPORTED_FIELDS: Final = ("water_l", "exercise_min", "exercise_intensity", "hot")

# The largest phone export the Data page takes (the command line reads any size from disk).
# .streamlit/config.toml's server.maxUploadSize must equal this (a test checks).
MAX_PHONE_EXPORT_MB: Final = 1024

_INTENSITY_RANK: Final = {name: rank for rank, name in enumerate(INTENSITIES)}


class ContextImportError(ValueError):
    """A file or answer the import refuses; the message says why in a patient's words."""


@dataclass
class Collected:
    """Amounts read from an export, by night and by the app or device that recorded them."""

    water_l: dict[date, dict[str, float]] = field(default_factory=lambda: defaultdict(dict))
    exercise_min: dict[date, dict[str, float]] = field(default_factory=lambda: defaultdict(dict))
    intensity: dict[date, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))
    # Apple's Exercise ring minutes, used for a night without any workout.
    ring_min: dict[date, int] = field(default_factory=dict)
    records: int = 0

    def add_water(self, night: date, source: str, litres: float) -> None:
        """Count one drink toward its night and source."""
        by_source = self.water_l[night]
        by_source[source] = by_source.get(source, 0.0) + litres
        self.records += 1

    def add_workout(self, night: date, source: str, minutes: float, intensity: str) -> None:
        """Count one workout toward its night and source; the night keeps its hardest."""
        self.exercise_min[night][source] = self.exercise_min[night].get(source, 0.0) + minutes
        known = self.intensity[night].get(source)
        if known is None or _INTENSITY_RANK[intensity] > _INTENSITY_RANK[known]:
            self.intensity[night][source] = intensity
        self.records += 1

    def sources(self) -> list[str]:
        """Every app or device that recorded water or a workout, alphabetically."""
        names = {s for by in self.water_l.values() for s in by}
        names |= {s for by in self.exercise_min.values() for s in by}
        return sorted(names)


@dataclass(frozen=True)
class ContextImport:
    """An export read and checked: what each night would get, and from which kind of file."""

    kind: str  # APPLE_HEALTH or HEALTH_CONNECT
    nights: dict[date, NightContext]
    sources: tuple[str, ...] = ()
    records: int = 0
    collected: Collected | None = None  # to choose another source without reading again


def local_day(moment: datetime) -> date:
    """The night whose day before holds `moment` (a time on its own clock): its date."""
    return moment.date()


def chosen_total(by_source: dict[str, float], preferred: str | None) -> tuple[str, float]:
    """The source whose total counts for a night, and that total (see the module docstring)."""
    if preferred is not None and preferred in by_source:
        return preferred, by_source[preferred]
    name = min(by_source, key=lambda s: (-by_source[s], s))
    return name, by_source[name]


def nightly_context(
    collected: Collected, *, now: datetime, preferred: str | None = None
) -> dict[date, NightContext]:
    """Each night's water and exercise; raises ContextImportError for a night in the future
    or an amount the diary cannot hold (a night over MAX_WATER_L, a day over 24 hours)."""
    nights: dict[date, NightContext] = {}
    for night, by_source in collected.water_l.items():
        _, litres = chosen_total(by_source, preferred)
        if litres > MAX_WATER_L:
            raise ContextImportError(
                f"The export says {litres:.1f} litres of water on {night.isoformat()}, more "
                f"than the {MAX_WATER_L:g} litres the diary takes for a day. The export is "
                "damaged or holds a typo: nothing was imported."
            )
        nights[night] = NightContext(water_l=round(litres, 2))
    exercise_nights = set(collected.exercise_min) | set(collected.ring_min)
    for night in exercise_nights:
        minutes, intensity = _exercise_of(collected, night, preferred)
        if minutes > MAX_EXERCISE_MIN:
            raise ContextImportError(
                f"The export says {minutes / 60:.1f} hours of exercise on {night.isoformat()}, "
                "more than a day holds. The export is damaged: nothing was imported."
            )
        water = nights.get(night, NightContext()).water_l
        nights[night] = NightContext(
            water_l=water, exercise_min=round(minutes), exercise_intensity=intensity
        )
    refuse_future(nights, now)
    return dict(sorted(nights.items()))


def _exercise_of(collected: Collected, night: date, preferred: str | None) -> tuple[float, str]:
    by_source = collected.exercise_min.get(night)
    if by_source:
        source, minutes = chosen_total(by_source, preferred)
        return minutes, collected.intensity[night][source]
    # Apple counts Exercise-ring minutes from a brisk walk upwards: moderate at least.
    return float(collected.ring_min[night]), "moderate"


def refuse_future(nights: dict[date, NightContext] | set[date], now: datetime) -> None:
    """Refuse values for a night that has not begun: the clock of the phone was wrong."""
    latest = latest_night(now)
    future = sorted(n for n in nights if n > latest)
    if future:
        raise ContextImportError(
            f"The export holds values for {future[0].isoformat()}, a day that has not come "
            "yet (check the phone's date and time). Nothing was imported."
        )


def check_amount(value: float, what: str, when: date, limit: float, unit: str) -> None:
    """Refuse a single record that is negative or larger than a whole day can hold."""
    if value != value or value < 0:  # value != value: NaN
        raise ContextImportError(
            f"A record of {what} on {when.isoformat()} is negative or not a number ({value}). "
            "The export is damaged: nothing was imported."
        )
    if value > limit:
        raise ContextImportError(
            f"A record of {what} on {when.isoformat()} is {value:g} {unit}, more than a day "
            "can hold. The export is damaged: nothing was imported."
        )


@dataclass(frozen=True)
class ValueSource:
    """A night's value that came from an import (backups carry these)."""

    night: date
    field: str
    source: str
