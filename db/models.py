"""The tables. Every schema change also needs an Alembic revision in db/migrations."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from sqlalchemy import CheckConstraint, Column, ForeignKey, Integer, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from core.experiments import MAX_BLOCK_NIGHTS, MIN_BLOCK_NIGHTS, MIN_PAIRS


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _in(column: str, tokens: tuple[str, ...]) -> str:
    quoted = ", ".join(f"'{t}'" for t in tokens)
    return f"{column} IS NULL OR {column} IN ({quoted})"


class NightRow(SQLModel, table=True):
    """One night (keyed by the date of its evening) and the day before it."""

    __tablename__ = "night"
    __table_args__ = (
        CheckConstraint("water_l IS NULL OR (water_l >= 0 AND water_l <= 15)", name="water_range"),
        CheckConstraint(
            "exercise_min IS NULL OR (exercise_min >= 0 AND exercise_min <= 1440)",
            name="exercise_range",
        ),
        CheckConstraint(
            _in("exercise_intensity", ("none", "light", "moderate", "vigorous")),
            name="intensity_token",
        ),
        CheckConstraint(
            "sitting_h IS NULL OR (sitting_h >= 0 AND sitting_h <= 24)", name="sitting_range"
        ),
        CheckConstraint(
            "hard_floor_h IS NULL OR (hard_floor_h >= 0 AND hard_floor_h <= 24)",
            name="hard_floor_range",
        ),
        CheckConstraint("stress IS NULL OR (stress >= 0 AND stress <= 10)", name="stress_range"),
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
        CheckConstraint(
            "duration_s IS NULL OR (duration_s > 0 AND duration_s <= 14400)",
            name="duration_range",
        ),
        CheckConstraint("pain IS NULL OR (pain >= 0 AND pain <= 10)", name="pain_range"),
        CheckConstraint("side IN ('', 'left', 'right', 'both')", name="side_token"),
    )

    id: int | None = Field(default=None, primary_key=True)
    night_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("night.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
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
    note: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    created_at: datetime = Field(default_factory=_utc_now)


class ProfileRow(SQLModel, table=True):
    """The single profile row (id 1): risk factors and thresholds."""

    __tablename__ = "profile"

    id: int | None = Field(default=None, primary_key=True)
    age_65_plus: bool = False
    pregnant: bool = False
    athlete: bool = False
    obesity: bool = False
    water_target_l: float = 2.0
    volume_unit: str = "litres"
    long_sitting_h: float = 6.0
    long_standing_h: float = 4.0
    high_stress: int = 7
    long_exercise_min: int = 90


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
    note: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))


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
    experiment_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("experiment.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    paused_on: date
    resumed_on: date | None = None


class ExperimentNightRow(SQLModel, table=True):
    """The check-in's answer: did the night follow the experiment's plan (None: not said)."""

    __tablename__ = "experiment_night"
    __table_args__ = (UniqueConstraint("experiment_id", "night", name="uq_experiment_night"),)

    id: int | None = Field(default=None, primary_key=True)
    experiment_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("experiment.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    night: date
    followed: bool | None = None
