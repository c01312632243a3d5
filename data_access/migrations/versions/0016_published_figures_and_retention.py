"""a published quarter's figures kept as figures, and each project's end date and retention

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("project") as batch:
        batch.add_column(sa.Column("end_date", sa.Date(), nullable=True))
        batch.add_column(sa.Column("retention_months", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("person_data_deleted_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "published_figure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("publication_id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=True),
        sa.Column("target_group", sa.String(20), nullable=False),
        sa.Column("topic", sa.String(40), nullable=False),
        sa.Column("figure", sa.String(80), nullable=False),
        sa.Column("label", sa.String(300), nullable=False),
        sa.Column("unit", sa.String(20), nullable=False),
        sa.Column("decimals", sa.Integer(), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("numerator", sa.Float(), nullable=True),
        sa.Column("denominator", sa.Float(), nullable=True),
        sa.Column("goal", sa.Float(), nullable=True),
        sa.Column("met", sa.Boolean(), nullable=True),
        sa.Column("hidden", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["publication_id"], ["publication.id"],
                                name=op.f("fk_published_figure_publication_id_publication")),
        sa.ForeignKeyConstraint(["site_id"], ["site.id"], name=op.f("fk_published_figure_site_id_site")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_published_figure")),
    )
    op.create_index("ix_published_figure_publication", "published_figure", ["publication_id", "topic"])


def downgrade() -> None:
    op.drop_index("ix_published_figure_publication", table_name="published_figure")
    op.drop_table("published_figure")
    with op.batch_alter_table("project") as batch:
        batch.drop_column("person_data_deleted_at")
        batch.drop_column("retention_months")
        batch.drop_column("end_date")
