"""a kept site figure names what it was worked out from (basis) and of which versions, so that parts no
longer reachable can be deleted

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Parts kept under the old keys can never be read again: they go, and are worked out anew when asked for.
    op.execute("DELETE FROM site_figure")
    with op.batch_alter_table("site_figure") as batch:
        batch.add_column(sa.Column("basis", sa.String(64), nullable=False, server_default=""))
        batch.add_column(sa.Column("versions", sa.Text(), nullable=False, server_default=""))
        batch.create_index("ix_site_figure_basis", ["basis"])


def downgrade() -> None:
    with op.batch_alter_table("site_figure") as batch:
        batch.drop_index("ix_site_figure_basis")
        batch.drop_column("versions")
        batch.drop_column("basis")
