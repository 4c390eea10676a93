"""The medicine list: name, dose, purpose, start and stop dates, note.

The length limits in the checks are core.medicines.medicine's
MAX_MEDICINE_NAME_CHARS (200), MAX_DOSE_CHARS (100) and MAX_PURPOSE_CHARS (200)
as they were when this revision was written; a revision stays as written.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db.migrations.frozen import id_column, optional, required

revision = "0005"
down_revision = "0004"


def upgrade() -> None:
    op.create_table(
        "medicine",
        id_column(),
        *required(sa.String(), "name", "dose", "purpose"),
        *required(sa.Date(), "started_on"),
        *optional(sa.Date(), "stopped_on"),
        *required(sa.Text(), "note"),
        sa.CheckConstraint("length(name) >= 1 AND length(name) <= 200", name="medicine_name"),
        sa.CheckConstraint("length(dose) >= 0 AND length(dose) <= 100", name="medicine_dose"),
        sa.CheckConstraint(
            "length(purpose) >= 0 AND length(purpose) <= 200", name="medicine_purpose"
        ),
        sa.CheckConstraint(
            "stopped_on IS NULL OR stopped_on >= started_on", name="medicine_stops_after_start"
        ),
    )
    op.create_index("ix_medicine_started_on", "medicine", ["started_on"])


def downgrade() -> None:
    op.drop_index("ix_medicine_started_on", table_name="medicine")
    op.drop_table("medicine")
