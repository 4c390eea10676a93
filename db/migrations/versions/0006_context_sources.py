"""Context from the phone and the weather: value sources, imports, the weather cache and
the profile's hot threshold and weather place.

The tokens in the checks are core.context.values' sources and imported fields
as they were when this revision was written.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db.migrations.frozen import id_column, optional, parent_id, required

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
        id_column(),
        *required(sa.String(), "source"),
        *required(sa.Text(), "label"),
        *required(sa.DateTime(timezone=True), "imported_at"),
        sa.CheckConstraint(f"source IS NULL OR source IN ({SOURCES})", name="import_source"),
    )
    op.create_table(
        "context_source",
        id_column(),
        parent_id("night_id", "night"),
        *required(sa.String(), "field", "source"),
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
        id_column(),
        *required(sa.Integer(), "lat_tenths", "lon_tenths"),
        *required(sa.Date(), "day"),
        *optional(sa.Float(), "apparent_max_c"),
        *required(sa.DateTime(timezone=True), "fetched_at"),
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
