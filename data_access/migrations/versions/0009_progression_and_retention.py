"""progression instruments and measurements, aftercare contacts, and which categories are a job start

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

# The standard categories that are a job start (as in the vocabulary when this was written).
JOB_STARTS = ("ordinary_job", "small_job", "flex_job")


def upgrade() -> None:
    with op.batch_alter_table('outcome_category') as batch:
        batch.add_column(sa.Column('is_job_start', sa.Boolean(), server_default=sa.false(), nullable=False))
    category = sa.table('outcome_category', sa.column('code', sa.String), sa.column('is_job_start', sa.Boolean))
    op.execute(category.update().where(category.c.code.in_(JOB_STARTS)).values(is_job_start=True))
    op.create_table(
        'progression_instrument',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=40), nullable=False),
        sa.Column('label', sa.String(length=200), nullable=False),
        sa.Column('minimum', sa.Float(), nullable=False),
        sa.Column('maximum', sa.Float(), nullable=False),
        sa.Column('higher_is_closer', sa.Boolean(), nullable=False),
        sa.Column('meaningful_change', sa.Float(), nullable=False),
        sa.Column('items', sa.String(length=1000), nullable=True),
        sa.Column('is_active', sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_progression_instrument')),
        sa.UniqueConstraint('code', name=op.f('uq_progression_instrument_code')),
    )
    op.create_table(
        'progression_measurement',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('version_id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('instrument', sa.String(length=40), nullable=False),
        sa.Column('item', sa.String(length=200), nullable=True),
        sa.Column('score', sa.Float(), nullable=False),
        sa.Column('measured_on', sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(['person_id'], ['person.id'],
                                name=op.f('fk_progression_measurement_person_id_person')),
        sa.ForeignKeyConstraint(['version_id'], ['import_version.id'],
                                name=op.f('fk_progression_measurement_version_id_import_version')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_progression_measurement')),
    )
    op.create_index(op.f('ix_progression_measurement_person_id'), 'progression_measurement', ['person_id'])
    op.create_index(op.f('ix_progression_measurement_version_id'), 'progression_measurement', ['version_id'])
    op.create_table(
        'aftercare_contact',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('version_id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('contacts', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_aftercare_contact_person_id_person')),
        sa.ForeignKeyConstraint(['version_id'], ['import_version.id'],
                                name=op.f('fk_aftercare_contact_version_id_import_version')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_aftercare_contact')),
        sa.UniqueConstraint('version_id', 'person_id', name=op.f('uq_aftercare_contact_version_id')),
    )
    op.create_index(op.f('ix_aftercare_contact_person_id'), 'aftercare_contact', ['person_id'])
    op.create_index(op.f('ix_aftercare_contact_version_id'), 'aftercare_contact', ['version_id'])


def downgrade() -> None:
    op.drop_table('aftercare_contact')
    op.drop_table('progression_measurement')
    op.drop_table('progression_instrument')
    with op.batch_alter_table('outcome_category') as batch:
        batch.drop_column('is_job_start')
