"""Nights and their episodes."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "night",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("night", sa.Date(), nullable=False),
        sa.Column("water_l", sa.Float(), nullable=True),
        sa.Column("exercise_min", sa.Integer(), nullable=True),
        sa.Column("exercise_intensity", sa.String(), nullable=True),
        sa.Column("hot", sa.Boolean(), nullable=True),
        sa.Column("stretched", sa.Boolean(), nullable=True),
        sa.Column("sitting_h", sa.Float(), nullable=True),
        sa.Column("hard_floor_h", sa.Float(), nullable=True),
        sa.Column("stress", sa.Integer(), nullable=True),
        sa.Column("new_medication", sa.Boolean(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
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
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "night_id",
            sa.Integer(),
            sa.ForeignKey("night.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("onset_time", sa.Time(), nullable=False),
        sa.Column("muscle", sa.String(), nullable=False),
        sa.Column("side", sa.String(), nullable=False),
        sa.Column("duration_s", sa.Integer(), nullable=True),
        sa.Column("pain", sa.Integer(), nullable=True),
        sa.Column("woke", sa.Boolean(), nullable=True),
        sa.Column("felt", sa.String(), nullable=False),
        sa.Column("relief", sa.String(), nullable=False),
        sa.Column("relief_helped", sa.Boolean(), nullable=True),
        sa.Column("warning_signs", sa.String(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
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
