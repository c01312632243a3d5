"""where jobindsats.dk has a benchmark's value (table, measure, area) and when it was fetched

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("benchmark") as batch:
        batch.add_column(sa.Column("jobindsats_table", sa.String(40), nullable=True))
        batch.add_column(sa.Column("jobindsats_measure", sa.String(300), nullable=True))
        batch.add_column(sa.Column("jobindsats_area", sa.String(100), nullable=True))
        batch.add_column(sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("benchmark") as batch:
        for name in ("fetched_at", "jobindsats_area", "jobindsats_measure", "jobindsats_table"):
            batch.drop_column(name)
