"""figures kept per site, so that a programme of many sites is not worked out again from its rows

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'site_figure',
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('site_id', sa.Integer(), nullable=False),
        sa.Column('figure', sa.String(length=200), nullable=False),
        sa.Column('value', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'),
                  nullable=False),
        sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_site_figure_site_id_site')),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_site_figure')),
    )
    op.create_index(op.f('ix_site_figure_site_id'), 'site_figure', ['site_id'])


def downgrade() -> None:
    op.drop_table('site_figure')
