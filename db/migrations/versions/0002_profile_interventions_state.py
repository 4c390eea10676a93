"""Profile, interventions and the diary version counter."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    op.create_table(
        "profile",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("age_65_plus", sa.Boolean(), nullable=False),
        sa.Column("pregnant", sa.Boolean(), nullable=False),
        sa.Column("athlete", sa.Boolean(), nullable=False),
        sa.Column("obesity", sa.Boolean(), nullable=False),
        sa.Column("water_target_l", sa.Float(), nullable=False),
        sa.Column("volume_unit", sa.String(), nullable=False),
        sa.Column("long_sitting_h", sa.Float(), nullable=False),
        sa.Column("long_standing_h", sa.Float(), nullable=False),
        sa.Column("high_stress", sa.Integer(), nullable=False),
        sa.Column("long_exercise_min", sa.Integer(), nullable=False),
    )
    op.create_table(
        "intervention",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.CheckConstraint("ended_on IS NULL OR ended_on >= started_on", name="ends_after_start"),
    )
    op.create_index("ix_intervention_started_on", "intervention", ["started_on"])
    op.create_table(
        "diary_state",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("version", sa.Integer(), nullable=False),
    )
    # Diaries from revision 0001 already hold data: start the counter above zero.
    op.execute("INSERT INTO diary_state (id, version) VALUES (1, 1)")


def downgrade() -> None:
    op.drop_table("diary_state")
    op.drop_index("ix_intervention_started_on", table_name="intervention")
    op.drop_table("intervention")
    op.drop_table("profile")
