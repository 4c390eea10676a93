"""The tables. Every schema change also needs an Alembic revision in db/migrations.

The check constraints are built from core's limits (core.diary, core.vocab), so
a limit changed there changes validation, widgets and tables together; the
changed constraint then needs its own revision (a test compares the two).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import CheckConstraint, Column, ForeignKey, Integer, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from core.context.values import APPLE_HEALTH, HEALTH_CONNECT, IMPORTED_FIELDS, WEATHER
from core.diary import MAX_DURATION_S, MAX_EXERCISE_MIN, MAX_HOURS, MAX_SCORE, MAX_WATER_L
from core.experiments.plan import MAX_BLOCK_NIGHTS, MIN_BLOCK_NIGHTS, MIN_PAIRS
from core.medicines.medicine import MAX_DOSE_CHARS, MAX_MEDICINE_NAME_CHARS, MAX_PURPOSE_CHARS
from core.profile import DEFAULT_PROFILE
from core.vocab import INTENSITIES, SIDES

# Imported values' sources (a typed value has no source row).
IMPORT_SOURCES = (APPLE_HEALTH, HEALTH_CONNECT, WEATHER)


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _parent_id(parent: str) -> Any:
    """The indexed id of the row this one belongs to; deleting the parent deletes the row."""
    return Field(
        sa_column=Column(
            Integer, ForeignKey(f"{parent}.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )


def _text_field() -> Any:
    """Free text of any length (a note, a label), empty when not given."""
    return Field(default="", sa_column=Column(Text, nullable=False, default=""))


def _quoted(tokens: tuple[str, ...]) -> str:
    return ", ".join(f"'{t}'" for t in tokens)


def _in(column: str, tokens: tuple[str, ...]) -> str:
    return f"{column} IS NULL OR {column} IN ({_quoted(tokens)})"


def _range(column: str, high: float, *, low: float = 0, low_op: str = ">=") -> str:
    """A check that a value, when known, lies within core's limits (`low_op` ">" excludes low)."""
    return f"{column} IS NULL OR ({column} {low_op} {low:g} AND {column} <= {high:g})"


class NightRow(SQLModel, table=True):
    """One night (keyed by the date of its evening) and the day before it."""

    __tablename__ = "night"
    __table_args__ = (
        CheckConstraint(_range("water_l", MAX_WATER_L), name="water_range"),
        CheckConstraint(_range("exercise_min", MAX_EXERCISE_MIN), name="exercise_range"),
        CheckConstraint(_in("exercise_intensity", tuple(INTENSITIES)), name="intensity_token"),
        CheckConstraint(_range("sitting_h", MAX_HOURS), name="sitting_range"),
        CheckConstraint(_range("hard_floor_h", MAX_HOURS), name="hard_floor_range"),
        CheckConstraint(_range("stress", MAX_SCORE), name="stress_range"),
    )

    id: int | None = Field(default=None, primary_key=True)
    night: date = Field(unique=True, index=True)
    water_l: float | None = None
    exercise_min: int | None = None
    exercise_intensity: str | None = None
    hot: bool | None = None
    stretched: bool | None = None
    sitting_h: float | None = None
    hard_floor_h: float | None = None
    stress: int | None = None
    new_medication: bool | None = None
    updated_at: datetime = Field(default_factory=_utc_now)


class EpisodeRow(SQLModel, table=True):
    """One cramp. List fields hold `;`-joined vocabulary tokens; side '' means unknown."""

    __tablename__ = "episode"
    __table_args__ = (
        UniqueConstraint("night_id", "onset_time", "muscle", "side", name="uq_episode_key"),
        CheckConstraint(_range("duration_s", MAX_DURATION_S, low_op=">"), name="duration_range"),
        CheckConstraint(_range("pain", MAX_SCORE), name="pain_range"),
        # '' is how an unknown side is stored.
        CheckConstraint(f"side IN ({_quoted(('', *SIDES))})", name="side_token"),
    )

    id: int | None = Field(default=None, primary_key=True)
    night_id: int = _parent_id("night")
    onset_time: time
    muscle: str = Field(index=True)
    side: str = ""
    duration_s: int | None = None
    pain: int | None = None
    woke: bool | None = None
    felt: str = ""
    relief: str = ""
    relief_helped: bool | None = None
    warning_signs: str = ""
    note: str = _text_field()
    created_at: datetime = Field(default_factory=_utc_now)


class ProfileRow(SQLModel, table=True):
    """The single profile row (id 1): risk factors and thresholds."""

    __tablename__ = "profile"

    id: int | None = Field(default=None, primary_key=True)
    age_65_plus: bool = DEFAULT_PROFILE.age_65_plus
    pregnant: bool = DEFAULT_PROFILE.pregnant
    athlete: bool = DEFAULT_PROFILE.athlete
    obesity: bool = DEFAULT_PROFILE.obesity
    water_target_l: float = DEFAULT_PROFILE.water_target_l
    volume_unit: str = DEFAULT_PROFILE.volume_unit
    long_sitting_h: float = DEFAULT_PROFILE.long_sitting_h
    long_standing_h: float = DEFAULT_PROFILE.long_standing_h
    high_stress: int = DEFAULT_PROFILE.high_stress
    long_exercise_min: int = DEFAULT_PROFILE.long_exercise_min
    hot_apparent_c: float = DEFAULT_PROFILE.hot_apparent_c
    weather_latitude: float | None = None
    weather_longitude: float | None = None


class InterventionRow(SQLModel, table=True):
    """A dated change the person made, for before/after comparison."""

    __tablename__ = "intervention"
    __table_args__ = (
        CheckConstraint("ended_on IS NULL OR ended_on >= started_on", name="ends_after_start"),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str
    kind: str = "other"
    started_on: date = Field(index=True)
    ended_on: date | None = None
    note: str = _text_field()


class DiaryStateRow(SQLModel, table=True):
    """A counter bumped by every write, so caches know when the diary changed."""

    __tablename__ = "diary_state"

    id: int | None = Field(default=None, primary_key=True)
    version: int = 0


class ExperimentRow(SQLModel, table=True):
    """A self-experiment: a tip switched on and off in randomised blocks (core.experiments)."""

    __tablename__ = "experiment"
    __table_args__ = (
        CheckConstraint(
            f"block_nights >= {MIN_BLOCK_NIGHTS} AND block_nights <= {MAX_BLOCK_NIGHTS}",
            name="block_range",
        ),
        CheckConstraint(f"pairs >= {MIN_PAIRS}", name="pairs_minimum"),
        CheckConstraint(
            "stopped_on IS NULL OR stopped_on >= started_on", name="experiment_stops_after_start"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    tip_id: str
    started_on: date = Field(index=True)
    block_nights: int
    pairs: int
    seed: int
    stopped_on: date | None = None


class ExperimentPauseRow(SQLModel, table=True):
    """Nights left out of an experiment, from `paused_on` to before `resumed_on`."""

    __tablename__ = "experiment_pause"
    __table_args__ = (
        CheckConstraint(
            "resumed_on IS NULL OR resumed_on > paused_on", name="pause_ends_after_start"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    experiment_id: int = _parent_id("experiment")
    paused_on: date
    resumed_on: date | None = None


class ExperimentNightRow(SQLModel, table=True):
    """The check-in's answer: did the night follow the experiment's plan (None: not said)."""

    __tablename__ = "experiment_night"
    __table_args__ = (UniqueConstraint("experiment_id", "night", name="uq_experiment_night"),)

    id: int | None = Field(default=None, primary_key=True)
    experiment_id: int = _parent_id("experiment")
    night: date
    followed: bool | None = None


class ContextImportRow(SQLModel, table=True):
    """One import of context (a phone export or a weather fetch), undone as one step."""

    __tablename__ = "context_import"
    __table_args__ = (CheckConstraint(_in("source", IMPORT_SOURCES), name="import_source"),)

    id: int | None = Field(default=None, primary_key=True)
    source: str
    label: str = _text_field()
    imported_at: datetime = Field(default_factory=_utc_now)


class ContextSourceRow(SQLModel, table=True):
    """Where a night's value came from, when not typed (no row: the person typed it)."""

    __tablename__ = "context_source"
    __table_args__ = (
        UniqueConstraint("night_id", "field", name="uq_context_source"),
        CheckConstraint(_in("source", IMPORT_SOURCES), name="source_token"),
        CheckConstraint(_in("field", IMPORTED_FIELDS), name="source_field"),
    )

    id: int | None = Field(default=None, primary_key=True)
    night_id: int = _parent_id("night")
    field: str
    source: str
    # None for a value whose import is gone (restored from a backup): it can still be cleared.
    import_id: int | None = Field(
        default=None,
        sa_column=Column(
            Integer, ForeignKey("context_import.id", ondelete="SET NULL"), nullable=True, index=True
        ),
    )


class WeatherDayRow(SQLModel, table=True):
    """A day's maximum apparent temperature at a rounded place, so nothing is fetched twice."""

    __tablename__ = "weather_day"
    __table_args__ = (UniqueConstraint("lat_tenths", "lon_tenths", "day", name="uq_weather_day"),)

    id: int | None = Field(default=None, primary_key=True)
    lat_tenths: int
    lon_tenths: int
    day: date
    apparent_max_c: float | None = None
    fetched_at: datetime = Field(default_factory=_utc_now)


def _length(column: str, high: int, *, low: int = 0) -> str:
    return f"length({column}) >= {low} AND length({column}) <= {high}"


class MedicineRow(SQLModel, table=True):
    """A medicine on the person's list (core.medicines): taken from `started_on` to
    `stopped_on` (None: still taking it)."""

    __tablename__ = "medicine"
    __table_args__ = (
        CheckConstraint(_length("name", MAX_MEDICINE_NAME_CHARS, low=1), name="medicine_name"),
        CheckConstraint(_length("dose", MAX_DOSE_CHARS), name="medicine_dose"),
        CheckConstraint(_length("purpose", MAX_PURPOSE_CHARS), name="medicine_purpose"),
        CheckConstraint(
            "stopped_on IS NULL OR stopped_on >= started_on", name="medicine_stops_after_start"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str
    dose: str = ""
    purpose: str = ""
    started_on: date = Field(index=True)
    stopped_on: date | None = None
    note: str = _text_field()
