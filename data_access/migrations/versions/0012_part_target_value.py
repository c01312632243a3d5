"""a delmål's "heraf" part may have a target value of its own

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('project_target') as batch_op:
        batch_op.add_column(sa.Column('part_target_value', sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('project_target') as batch_op:
        batch_op.drop_column('part_target_value')
