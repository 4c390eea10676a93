"""Profile, interventions and the diary version counter."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db.migrations.frozen import id_column, optional, required

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    op.create_table(
        "profile",
        id_column(),
        *required(sa.Boolean(), "age_65_plus", "pregnant", "athlete", "obesity"),
        *required(sa.Float(), "water_target_l"),
        *required(sa.String(), "volume_unit"),
        *required(sa.Float(), "long_sitting_h", "long_standing_h"),
        *required(sa.Integer(), "high_stress", "long_exercise_min"),
    )
    op.create_table(
        "intervention",
        id_column(),
        *required(sa.String(), "name", "kind"),
        *required(sa.Date(), "started_on"),
        *optional(sa.Date(), "ended_on"),
        *required(sa.Text(), "note"),
        sa.CheckConstraint("ended_on IS NULL OR ended_on >= started_on", name="ends_after_start"),
    )
    op.create_index("ix_intervention_started_on", "intervention", ["started_on"])
    op.create_table(
        "diary_state",
        id_column(),
        *required(sa.Integer(), "version"),
    )
    # Diaries from revision 0001 already hold data: start the counter above zero.
    op.execute("INSERT INTO diary_state (id, version) VALUES (1, 1)")


def downgrade() -> None:
    op.drop_table("diary_state")
    op.drop_index("ix_intervention_started_on", table_name="intervention")
    op.drop_table("intervention")
    op.drop_table("profile")
