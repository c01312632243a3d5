"""the team's activities per site and quarter, småjobs in detail, and the list of job types

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

# The standard list as it was when this was written.
JOB_TYPES = [
    ("cleaning", "Rengøring"), ("service", "Service og kundebetjening"), ("warehouse", "Lager og logistik"),
    ("kitchen", "Køkken og kantine"), ("retail", "Butik"), ("care", "Pleje og omsorg"),
    ("outdoor", "Gartneri og udendørs"), ("other", "Andet"),
]
ACTIVITIES = ["individual_conversations", "group_sessions", "group_participants", "company_contacts",
              "new_companies", "companies_with_citizens", "job_centre_mentors", "company_mentors"]


def upgrade() -> None:
    job_type = op.create_table(
        'job_type',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=40), nullable=False),
        sa.Column('label', sa.String(length=200), nullable=False),
        sa.Column('sort_order', sa.Integer(), nullable=False),
        sa.Column('is_active', sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_job_type')),
        sa.UniqueConstraint('code', name=op.f('uq_job_type_code')),
    )
    op.bulk_insert(job_type, [{"code": code, "label": label, "sort_order": order, "is_active": True}
                              for order, (code, label) in enumerate(JOB_TYPES, start=1)])
    op.create_table(
        'site_activity',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('version_id', sa.Integer(), nullable=False),
        *[sa.Column(name, sa.Integer(), nullable=True) for name in ACTIVITIES],
        sa.ForeignKeyConstraint(['version_id'], ['import_version.id'],
                                name=op.f('fk_site_activity_version_id_import_version')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_site_activity')),
        sa.UniqueConstraint('version_id', name=op.f('uq_site_activity_version_id')),
    )
    op.create_table(
        'small_job',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('version_id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('job_type', sa.String(length=40), nullable=False),
        sa.Column('company_key', sa.String(length=32), nullable=False),
        sa.Column('company_size', sa.String(length=40), nullable=False),
        sa.Column('contact_staff_key', sa.String(length=32), nullable=False),
        sa.Column('start_date', sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_small_job_person_id_person')),
        sa.ForeignKeyConstraint(['version_id'], ['import_version.id'],
                                name=op.f('fk_small_job_version_id_import_version')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_small_job')),
        sa.UniqueConstraint('version_id', 'person_id', name=op.f('uq_small_job_version_id')),
    )
    op.create_index(op.f('ix_small_job_person_id'), 'small_job', ['person_id'])
    op.create_index(op.f('ix_small_job_version_id'), 'small_job', ['version_id'])


def downgrade() -> None:
    op.drop_table('small_job')
    op.drop_table('site_activity')
    op.drop_table('job_type')
