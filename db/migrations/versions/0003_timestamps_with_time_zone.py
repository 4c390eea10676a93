"""Timestamps with a time zone, as the models declare them.

The models store aware UTC datetimes (SQLModel's UTCDateTime, a
`DateTime(timezone=True)`), but 0001 created `updated_at` and `created_at` as
plain timestamps. SQLite keeps both kinds alike; PostgreSQL turned the UTC
values into the server's local time and handed them back without a zone, so
they read wrong whenever the server's time zone was not UTC. The conversion
reads the stored values in the session's time zone, the one they were
written in.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"

TIMESTAMPS = (("night", "updated_at"), ("episode", "created_at"))


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite (and the others we run on) store both kinds the same way
    for table, column in TIMESTAMPS:
        op.alter_column(
            table,
            column,
            type_=sa.DateTime(timezone=True),
            existing_type=sa.DateTime(),
            existing_nullable=False,
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, column in TIMESTAMPS:
        op.alter_column(
            table,
            column,
            type_=sa.DateTime(),
            existing_type=sa.DateTime(timezone=True),
            existing_nullable=False,
        )
