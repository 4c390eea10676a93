"""Context from the phone and the weather: value sources, imports, the weather cache and
the profile's hot threshold and weather place.

The tokens in the checks are core.context.values' sources and imported fields
as they were when this revision was written.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"

SOURCES = "'apple_health', 'health_connect', 'weather'"
FIELDS = "'water_l', 'exercise_min', 'exercise_intensity', 'hot'"


def upgrade() -> None:
    with op.batch_alter_table("profile") as batch:
        batch.add_column(
            sa.Column("hot_apparent_c", sa.Float(), nullable=False, server_default="27.0")
        )
        batch.add_column(sa.Column("weather_latitude", sa.Float(), nullable=True))
        batch.add_column(sa.Column("weather_longitude", sa.Float(), nullable=True))
    op.create_table(
        "context_import",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(f"source IS NULL OR source IN ({SOURCES})", name="import_source"),
    )
    op.create_table(
        "context_source",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "night_id", sa.Integer(), sa.ForeignKey("night.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("field", sa.String(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column(
            "import_id",
            sa.Integer(),
            sa.ForeignKey("context_import.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.UniqueConstraint("night_id", "field", name="uq_context_source"),
        sa.CheckConstraint(f"source IS NULL OR source IN ({SOURCES})", name="source_token"),
        sa.CheckConstraint(f"field IS NULL OR field IN ({FIELDS})", name="source_field"),
    )
    op.create_index("ix_context_source_night_id", "context_source", ["night_id"])
    op.create_index("ix_context_source_import_id", "context_source", ["import_id"])
    op.create_table(
        "weather_day",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("lat_tenths", sa.Integer(), nullable=False),
        sa.Column("lon_tenths", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("apparent_max_c", sa.Float(), nullable=True),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("lat_tenths", "lon_tenths", "day", name="uq_weather_day"),
    )


def downgrade() -> None:
    op.drop_table("weather_day")
    op.drop_index("ix_context_source_import_id", table_name="context_source")
    op.drop_index("ix_context_source_night_id", table_name="context_source")
    op.drop_table("context_source")
    op.drop_table("context_import")
    with op.batch_alter_table("profile") as batch:
        batch.drop_column("weather_longitude")
        batch.drop_column("weather_latitude")
        batch.drop_column("hot_apparent_c")
