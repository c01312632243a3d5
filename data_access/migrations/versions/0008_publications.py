"""published quarters: what the steering group was shown, with the versions in force then

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'publication',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('project_id', sa.Integer(), nullable=False),
        sa.Column('quarter', sa.String(length=6), nullable=False),
        sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('published_by', sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_publication_project_id_project')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_publication')),
    )
    op.create_index('ix_publication_project_quarter', 'publication', ['project_id', 'quarter'], unique=False)
    op.create_table(
        'publication_version',
        sa.Column('publication_id', sa.Integer(), nullable=False),
        sa.Column('version_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['publication_id'], ['publication.id'],
                                name=op.f('fk_publication_version_publication_id_publication')),
        sa.ForeignKeyConstraint(['version_id'], ['import_version.id'],
                                name=op.f('fk_publication_version_version_id_import_version')),
        sa.PrimaryKeyConstraint('publication_id', 'version_id', name=op.f('pk_publication_version')),
    )


def downgrade() -> None:
    op.drop_table('publication_version')
    op.drop_index('ix_publication_project_quarter', table_name='publication')
    op.drop_table('publication')
