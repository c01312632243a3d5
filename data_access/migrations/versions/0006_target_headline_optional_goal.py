"""project targets: target value and deadline optional, headline flag for Overblik

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('project_target', schema=None) as batch_op:
        batch_op.alter_column('target_value', existing_type=sa.Float(), nullable=True)
        batch_op.alter_column('deadline', existing_type=sa.Date(), nullable=True)
        batch_op.add_column(sa.Column('is_headline', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('project_target', schema=None) as batch_op:
        batch_op.drop_column('is_headline')
        batch_op.alter_column('deadline', existing_type=sa.Date(), nullable=False)
        batch_op.alter_column('target_value', existing_type=sa.Float(), nullable=False)
