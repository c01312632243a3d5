"""project targets as counting rules: categories, counting, target groups and a heraf part

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('project_target', schema=None) as batch_op:
        batch_op.alter_column('indicator_key', existing_type=sa.String(length=40), nullable=True)
        batch_op.add_column(sa.Column('rule_categories', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('rule_counting', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('rule_target_groups', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('part_label', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('part_categories', sa.String(length=500), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('project_target', schema=None) as batch_op:
        batch_op.drop_column('part_categories')
        batch_op.drop_column('part_label')
        batch_op.drop_column('rule_target_groups')
        batch_op.drop_column('rule_counting')
        batch_op.drop_column('rule_categories')
        batch_op.alter_column('indicator_key', existing_type=sa.String(length=40), nullable=False)
