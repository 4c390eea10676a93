"""The diary's values: nights, their context, episodes, the night-date rule and validation."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from core.vocab import FEELINGS, INTENSITIES, MUSCLES, RELIEF_METHODS, SIDES, WARNING_SIGNS

# A clock time before noon belongs to the night that began the evening before:
# a night runs from noon to noon.
NIGHT_BOUNDARY_HOUR = 12
NIGHT_BOUNDARY = time(NIGHT_BOUNDARY_HOUR, 0)
# "At night" (Patterns, the provider report): a cramp that began from the evening to the
# morning, 20:00 up to 08:00; the rest of the noon-to-noon night is afternoon or evening.
NIGHT_WINDOW_START_HOUR = 20
NIGHT_WINDOW_END_HOUR = 8
NIGHT_WINDOW = f"{NIGHT_WINDOW_START_HOUR:02d}:00–{NIGHT_WINDOW_END_HOUR:02d}:00"

# Limits of what can be logged. Validation here, the database's check
# constraints (db.models) and the form inputs (dashboard) all read them.
MAX_DURATION_S = 4 * 60 * 60
MAX_NOTE_CHARS = 10_000
MAX_WATER_L = 15.0
MAX_EXERCISE_MIN = 24 * 60
MAX_HOURS = 24.0
MAX_SCORE = 10  # pain and stress are scored 0 to 10

# The first night the diary accepts. An earlier date is a typo (0026 or 1926 for 2026):
# nobody logs cramps of the last century, and every accepted night then fits pandas'
# timestamps (1677-2262), so one bad year can never stop the pages from reading the diary.
EARLIEST_NIGHT = date(2000, 1, 1)


@dataclass(frozen=True)
class FieldError:
    """One problem with one field, in words a patient understands."""

    field: str
    message: str


class DiaryInputError(ValueError):
    """Input the diary refuses; carries every problem found, field by field."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors))

    @classmethod
    def refuse_any(cls, errors: list[FieldError]) -> None:
        """Raise one error listing every problem, when there is any."""
        if errors:
            raise cls(errors)


@dataclass(frozen=True)
class NightContext:
    """What the day before a night was like; every field is optional (None = not recorded)."""

    water_l: float | None = None
    exercise_min: int | None = None
    exercise_intensity: str | None = None
    hot: bool | None = None
    stretched: bool | None = None
    sitting_h: float | None = None
    hard_floor_h: float | None = None
    stress: int | None = None
    new_medication: bool | None = None

    def is_empty(self) -> bool:
        """True when nothing about the day was recorded."""
        return all(getattr(self, f.name) is None for f in dataclasses.fields(self))

    def merged_over(self, stored: NightContext) -> NightContext:
        """This context, with gaps filled from an already stored one."""
        values = {
            f.name: getattr(self, f.name)
            if getattr(self, f.name) is not None
            else getattr(stored, f.name)
            for f in dataclasses.fields(self)
        }
        return NightContext(**values)

    def conflicts_with(self, stored: NightContext) -> list[str]:
        """Names of fields known in both contexts that disagree."""
        return [
            f.name
            for f in dataclasses.fields(self)
            if getattr(self, f.name) is not None
            and getattr(stored, f.name) is not None
            and getattr(self, f.name) != getattr(stored, f.name)
        ]


CONTEXT_FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(NightContext))


@dataclass(frozen=True)
class Episode:
    """One cramp: when, where, how long, how bad and what happened."""

    night: date
    time: time
    muscle: str
    side: str | None = None
    duration_s: int | None = None
    pain: int | None = None
    woke: bool | None = None
    felt: tuple[str, ...] = ()
    relief: tuple[str, ...] = ()
    relief_helped: bool | None = None
    warning_signs: tuple[str, ...] = ()
    note: str = ""

    @property
    def onset(self) -> datetime:
        """The calendar date and time the cramp began."""
        return onset_of(self.night, self.time)

    def key(self) -> tuple[date, dt.time, str, str]:
        """What makes two records the same cramp: night, minute, muscle and side."""
        return (self.night, self.time, self.muscle, self.side or "")


@dataclass(frozen=True)
class Night:
    """A night with its context; a night with no episodes is a cramp-free night."""

    night: date
    context: NightContext = field(default_factory=NightContext)


def night_of(onset: datetime) -> date:
    """The night an onset belongs to: clock times before noon go to the previous date."""
    if onset.time() < NIGHT_BOUNDARY:
        return onset.date() - timedelta(days=1)
    return onset.date()


def onset_of(night: date, clock: time) -> datetime:
    """The calendar moment of a clock time within a night (morning hours are the next day)."""
    day = night + timedelta(days=1) if clock < NIGHT_BOUNDARY else night
    return datetime.combine(day, clock)


def last_night(today: date) -> date:
    """The night that ended this morning (or, in the evening, the one that ended today)."""
    return today - timedelta(days=1)


def _range_error(
    name: str, value: float | None, low: float, high: float, what: str
) -> FieldError | None:
    if value is None:
        return None
    if value != value or not low <= value <= high:  # value != value catches NaN
        return FieldError(name, f"{what} must be between {low:g} and {high:g} (got {value:g}).")
    return None


def context_errors(context: NightContext) -> list[FieldError]:
    """Every problem with a night's context; an empty list means it can be stored."""
    checks = [
        _range_error("water_l", context.water_l, 0, MAX_WATER_L, "Water drunk (litres)"),
        _range_error("exercise_min", context.exercise_min, 0, MAX_EXERCISE_MIN, "Exercise minutes"),
        _range_error("sitting_h", context.sitting_h, 0, MAX_HOURS, "Hours sitting"),
        _range_error(
            "hard_floor_h", context.hard_floor_h, 0, MAX_HOURS, "Hours standing on hard floors"
        ),
        _range_error("stress", context.stress, 0, MAX_SCORE, "Stress"),
    ]
    errors = [e for e in checks if e is not None]
    if context.exercise_intensity is not None and context.exercise_intensity not in INTENSITIES:
        errors.append(
            FieldError(
                "exercise_intensity",
                f"Exercise intensity '{context.exercise_intensity}' is not one of "
                f"{', '.join(INTENSITIES)}.",
            )
        )
    if (
        context.sitting_h is not None
        and context.hard_floor_h is not None
        and context.sitting_h + context.hard_floor_h > MAX_HOURS
    ):
        errors.append(
            FieldError("hard_floor_h", "Hours sitting and standing add up to more than 24.")
        )
    return errors


def _unknown_tokens(
    name: str, tokens: tuple[str, ...], allowed: Mapping[str, str], what: str
) -> list[FieldError]:
    bad = [t for t in tokens if t not in allowed]
    if not bad:
        return []
    return [FieldError(name, f"Unknown {what}: {', '.join(repr(t) for t in bad)}.")]


def _duration_errors(duration_s: int | None) -> list[FieldError]:
    if duration_s is None:
        return []
    if duration_s <= 0:
        return [FieldError("duration_s", "Duration must be longer than 0 seconds.")]
    if duration_s > MAX_DURATION_S:
        return [
            FieldError(
                "duration_s",
                f"Duration must be at most {MAX_DURATION_S // 3600} hours "
                f"(got {duration_s / 3600:.1f} h). A cramp this long needs a "
                "provider, not a diary entry.",
            )
        ]
    return []


def episode_errors(episode: Episode, now: datetime | None = None) -> list[FieldError]:
    """Every problem with an episode; `now` (when given) refuses onsets in the future."""
    errors: list[FieldError] = []
    if not episode.muscle:
        errors.append(FieldError("muscle", "Choose the muscle that cramped."))
    elif episode.muscle not in MUSCLES:
        errors.append(FieldError("muscle", f"Unknown muscle '{episode.muscle}'."))
    if episode.side is not None and episode.side not in SIDES:
        errors.append(
            FieldError("side", f"Side must be left, right or both (got '{episode.side}').")
        )
    errors += _duration_errors(episode.duration_s)
    pain_error = _range_error("pain", episode.pain, 0, MAX_SCORE, "Pain")
    if pain_error:
        errors.append(pain_error)
    errors += _unknown_tokens("felt", episode.felt, FEELINGS, "feeling")
    errors += _unknown_tokens("relief", episode.relief, RELIEF_METHODS, "relief method")
    errors += _unknown_tokens("warning_signs", episode.warning_signs, WARNING_SIGNS, "warning sign")
    for name in ("felt", "relief", "warning_signs"):
        tokens: tuple[str, ...] = getattr(episode, name)
        if len(set(tokens)) != len(tokens):
            errors.append(FieldError(name, "The same choice is listed twice."))
    if episode.relief_helped is not None and not episode.relief:
        errors.append(
            FieldError("relief_helped", "Say what you tried before saying whether it helped.")
        )
    if len(episode.note) > MAX_NOTE_CHARS:
        errors.append(
            FieldError(
                "note",
                f"The note is {len(episode.note):,} characters; the limit is {MAX_NOTE_CHARS:,}.",
            )
        )
    night_problems = night_errors(episode.night, now)
    errors += night_problems
    if now is not None and not night_problems and episode.onset > now:
        errors.append(
            FieldError(
                "time",
                f"{episode.onset:%a %d %b %Y %H:%M} is in the future; a cramp can only be logged "
                "after it happened.",
            )
        )
    return errors


def validate_episode(episode: Episode, now: datetime | None = None) -> Episode:
    """Return the episode unchanged, or raise DiaryInputError listing every problem."""
    DiaryInputError.refuse_any(episode_errors(episode, now))
    return episode


def validate_context(context: NightContext) -> NightContext:
    """Return the context unchanged, or raise DiaryInputError listing every problem."""
    DiaryInputError.refuse_any(context_errors(context))
    return context


def latest_night(now: datetime) -> date:
    """The latest night that has begun by `now` (by the night rule: tonight once it is noon)."""
    return night_of(now)


def night_errors(night: date, now: datetime | None = None) -> list[FieldError]:
    """Problems with a night's date: before EARLIEST_NIGHT, or (when `now` is given) a night
    that has not begun yet. Messages name the year, since a wrong year is the usual typo."""
    if night < EARLIEST_NIGHT:
        return [
            FieldError(
                "night",
                f"The night {night.isoformat()} is before {EARLIEST_NIGHT.year}: check the year "
                f"in the night date (is {night.year} a typo?).",
            )
        ]
    if now is not None and night > latest_night(now):
        return [
            FieldError(
                "night",
                f"The night {night.isoformat()} is in the future (the year {night.year}; the "
                f"latest night now is {latest_night(now).isoformat()}): check the night date.",
            )
        ]
    return []


def validate_night(night: date, now: datetime | None = None) -> date:
    """Return the night unchanged, or raise DiaryInputError saying what is wrong with its date."""
    DiaryInputError.refuse_any(night_errors(night, now))
    return night


def validate_night_date(night: date, today: date) -> date:
    """For a caller with only a date: `validate_night` as at the end of `today`."""
    return validate_night(night, datetime.combine(today, time(23, 59)))


def sorted_episodes(episodes: list[Episode]) -> list[Episode]:
    """Episodes in the order they happened: by night, then by onset within the night."""
    return sorted(episodes, key=lambda e: (e.night, e.onset, e.muscle, e.side or ""))
