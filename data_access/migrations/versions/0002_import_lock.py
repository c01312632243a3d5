"""import lock: one row that serialises imports

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    lock = op.create_table(
        "import_lock",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("counter", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_lock")),
    )
    op.bulk_insert(lock, [{"id": 1, "counter": 0}])


def downgrade() -> None:
    op.drop_table("import_lock")
