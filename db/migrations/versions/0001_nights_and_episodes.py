"""Nights and their episodes."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db.migrations.frozen import id_column, optional, parent_id, required

revision = "0001"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "night",
        id_column(),
        *required(sa.Date(), "night"),
        *optional(sa.Float(), "water_l"),
        *optional(sa.Integer(), "exercise_min"),
        *optional(sa.String(), "exercise_intensity"),
        *optional(sa.Boolean(), "hot", "stretched"),
        *optional(sa.Float(), "sitting_h", "hard_floor_h"),
        *optional(sa.Integer(), "stress"),
        *optional(sa.Boolean(), "new_medication"),
        *required(sa.DateTime(), "updated_at"),
        sa.CheckConstraint(
            "water_l IS NULL OR (water_l >= 0 AND water_l <= 15)", name="water_range"
        ),
        sa.CheckConstraint(
            "exercise_min IS NULL OR (exercise_min >= 0 AND exercise_min <= 1440)",
            name="exercise_range",
        ),
        sa.CheckConstraint(
            "exercise_intensity IS NULL OR exercise_intensity IN "
            "('none', 'light', 'moderate', 'vigorous')",
            name="intensity_token",
        ),
        sa.CheckConstraint(
            "sitting_h IS NULL OR (sitting_h >= 0 AND sitting_h <= 24)", name="sitting_range"
        ),
        sa.CheckConstraint(
            "hard_floor_h IS NULL OR (hard_floor_h >= 0 AND hard_floor_h <= 24)",
            name="hard_floor_range",
        ),
        sa.CheckConstraint("stress IS NULL OR (stress >= 0 AND stress <= 10)", name="stress_range"),
    )
    op.create_index("ix_night_night", "night", ["night"], unique=True)
    op.create_table(
        "episode",
        id_column(),
        parent_id("night_id", "night"),
        *required(sa.Time(), "onset_time"),
        *required(sa.String(), "muscle", "side"),
        *optional(sa.Integer(), "duration_s", "pain"),
        *optional(sa.Boolean(), "woke"),
        *required(sa.String(), "felt", "relief"),
        *optional(sa.Boolean(), "relief_helped"),
        *required(sa.String(), "warning_signs"),
        *required(sa.Text(), "note"),
        *required(sa.DateTime(), "created_at"),
        sa.UniqueConstraint("night_id", "onset_time", "muscle", "side", name="uq_episode_key"),
        sa.CheckConstraint(
            "duration_s IS NULL OR (duration_s > 0 AND duration_s <= 14400)",
            name="duration_range",
        ),
        sa.CheckConstraint("pain IS NULL OR (pain >= 0 AND pain <= 10)", name="pain_range"),
        sa.CheckConstraint("side IN ('', 'left', 'right', 'both')", name="side_token"),
    )
    op.create_index("ix_episode_night_id", "episode", ["night_id"])
    op.create_index("ix_episode_muscle", "episode", ["muscle"])


def downgrade() -> None:
    op.drop_table("episode")
    op.drop_table("night")
