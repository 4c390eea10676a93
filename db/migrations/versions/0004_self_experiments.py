"""Self-experiments: the plan, its pauses, and each night's answer to "did you follow it?".

The limits in the checks are core.experiments' MIN_BLOCK_NIGHTS (7),
MAX_BLOCK_NIGHTS (14) and MIN_PAIRS (3) as they were when this revision was
written; a revision stays as written even if those change later.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db.migrations.frozen import id_column, optional, parent_id, required

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    op.create_table(
        "experiment",
        id_column(),
        *required(sa.String(), "tip_id"),
        *required(sa.Date(), "started_on"),
        *required(sa.Integer(), "block_nights", "pairs", "seed"),
        *optional(sa.Date(), "stopped_on"),
        sa.CheckConstraint("block_nights >= 7 AND block_nights <= 14", name="block_range"),
        sa.CheckConstraint("pairs >= 3", name="pairs_minimum"),
        sa.CheckConstraint(
            "stopped_on IS NULL OR stopped_on >= started_on", name="experiment_stops_after_start"
        ),
    )
    op.create_index("ix_experiment_started_on", "experiment", ["started_on"])
    op.create_table(
        "experiment_pause",
        id_column(),
        parent_id("experiment_id", "experiment"),
        *required(sa.Date(), "paused_on"),
        *optional(sa.Date(), "resumed_on"),
        sa.CheckConstraint(
            "resumed_on IS NULL OR resumed_on > paused_on", name="pause_ends_after_start"
        ),
    )
    op.create_index("ix_experiment_pause_experiment_id", "experiment_pause", ["experiment_id"])
    op.create_table(
        "experiment_night",
        id_column(),
        parent_id("experiment_id", "experiment"),
        *required(sa.Date(), "night"),
        *optional(sa.Boolean(), "followed"),
        sa.UniqueConstraint("experiment_id", "night", name="uq_experiment_night"),
    )
    op.create_index("ix_experiment_night_experiment_id", "experiment_night", ["experiment_id"])


def downgrade() -> None:
    op.drop_index("ix_experiment_night_experiment_id", table_name="experiment_night")
    op.drop_table("experiment_night")
    op.drop_index("ix_experiment_pause_experiment_id", table_name="experiment_pause")
    op.drop_table("experiment_pause")
    op.drop_index("ix_experiment_started_on", table_name="experiment")
    op.drop_table("experiment")
