"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-23
"""

from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('benchmark',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('indicator_key', sa.String(length=40), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('period', sa.String(length=20), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_benchmark'))
    )
    with op.batch_alter_table('benchmark', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_benchmark_indicator_key'), ['indicator_key'], unique=False)

    op.create_table('outcome_category',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('group_code', sa.String(length=40), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('has_hours', sa.Boolean(), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outcome_category')),
    sa.UniqueConstraint('code', name=op.f('uq_outcome_category_code'))
    )
    op.create_table('project',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project')),
    sa.UniqueConstraint('name', name=op.f('uq_project_name'))
    )
    op.create_table('project_target',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('indicator_key', sa.String(length=40), nullable=False),
    sa.Column('label', sa.String(length=300), nullable=False),
    sa.Column('target_value', sa.Float(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_project_target_project_id_project')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_target'))
    )
    with op.batch_alter_table('project_target', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_target_project_id'), ['project_id'], unique=False)

    op.create_table('site',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('municipality', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_site_project_id_project')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_site')),
    sa.UniqueConstraint('project_id', 'name', name=op.f('uq_site_project_id'))
    )
    with op.batch_alter_table('site', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_site_project_id'), ['project_id'], unique=False)

    op.create_table('commentary',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('quarter', sa.String(length=6), nullable=False),
    sa.Column('indicator_key', sa.String(length=40), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('author', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_commentary_site_id_site')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_commentary'))
    )
    with op.batch_alter_table('commentary', schema=None) as batch_op:
        batch_op.create_index('ix_commentary_site_quarter', ['site_id', 'quarter'], unique=False)

    op.create_table('import_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('quarter', sa.String(length=6), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('created_by', sa.String(length=200), nullable=False),
    sa.Column('file_name', sa.String(length=300), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('rows_per_sheet', sa.JSON(), nullable=False),
    sa.Column('restores_version_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['restores_version_id'], ['import_version.id'], name=op.f('fk_import_version_restores_version_id_import_version')),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_import_version_site_id_site')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_version'))
    )
    with op.batch_alter_table('import_version', schema=None) as batch_op:
        batch_op.create_index('ix_import_version_scope', ['site_id', 'quarter', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_import_version_sha256'), ['sha256'], unique=False)

    op.create_table('family',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('family_key', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['version_id'], ['import_version.id'], name=op.f('fk_family_version_id_import_version')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_family')),
    sa.UniqueConstraint('version_id', 'family_key', name=op.f('uq_family_version_id'))
    )
    op.create_table('staff_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('staff_key', sa.String(length=32), nullable=False),
    sa.Column('profession', sa.String(length=40), nullable=False),
    sa.Column('department', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['version_id'], ['import_version.id'], name=op.f('fk_staff_member_version_id_import_version')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_member')),
    sa.UniqueConstraint('version_id', 'staff_key', name=op.f('uq_staff_member_version_id'))
    )
    op.create_table('person',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('person_key', sa.String(length=32), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=True),
    sa.Column('target_group', sa.String(length=40), nullable=False),
    sa.Column('benefit_type', sa.String(length=40), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['family_id'], ['family.id'], name=op.f('fk_person_family_id_family')),
    sa.ForeignKeyConstraint(['version_id'], ['import_version.id'], name=op.f('fk_person_version_id_import_version')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person')),
    sa.UniqueConstraint('version_id', 'person_key', name=op.f('uq_person_version_id'))
    )
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_family_id'), ['family_id'], unique=False)

    op.create_table('staff_assignment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['family_id'], ['family.id'], name=op.f('fk_staff_assignment_family_id_family')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_member.id'], name=op.f('fk_staff_assignment_staff_id_staff_member')),
    sa.ForeignKeyConstraint(['version_id'], ['import_version.id'], name=op.f('fk_staff_assignment_version_id_import_version')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_assignment'))
    )
    with op.batch_alter_table('staff_assignment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_assignment_family_id'), ['family_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_staff_assignment_staff_id'), ['staff_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_staff_assignment_version_id'), ['version_id'], unique=False)

    op.create_table('follow_up',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('months_after', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('observed_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['category_id'], ['outcome_category.id'], name=op.f('fk_follow_up_category_id_outcome_category')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_follow_up_person_id_person')),
    sa.ForeignKeyConstraint(['version_id'], ['import_version.id'], name=op.f('fk_follow_up_version_id_import_version')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_follow_up'))
    )
    with op.batch_alter_table('follow_up', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_follow_up_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_follow_up_version_id'), ['version_id'], unique=False)

    op.create_table('person_exit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('exit_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['category_id'], ['outcome_category.id'], name=op.f('fk_person_exit_category_id_outcome_category')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_person_exit_person_id_person')),
    sa.ForeignKeyConstraint(['version_id'], ['import_version.id'], name=op.f('fk_person_exit_version_id_import_version')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person_exit')),
    sa.UniqueConstraint('version_id', 'person_id', name=op.f('uq_person_exit_version_id'))
    )
    with op.batch_alter_table('person_exit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_exit_person_id'), ['person_id'], unique=False)

    op.create_table('person_goal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('area', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=40), nullable=False),
    sa.Column('set_on', sa.Date(), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_person_goal_person_id_person')),
    sa.ForeignKeyConstraint(['version_id'], ['import_version.id'], name=op.f('fk_person_goal_version_id_import_version')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person_goal'))
    )
    with op.batch_alter_table('person_goal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_goal_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_goal_version_id'), ['version_id'], unique=False)

    op.create_table('person_status',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('hours_per_week', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['category_id'], ['outcome_category.id'], name=op.f('fk_person_status_category_id_outcome_category')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_person_status_person_id_person')),
    sa.ForeignKeyConstraint(['version_id'], ['import_version.id'], name=op.f('fk_person_status_version_id_import_version')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person_status')),
    sa.UniqueConstraint('version_id', 'person_id', name=op.f('uq_person_status_version_id'))
    )
    with op.batch_alter_table('person_status', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_status_category_id'), ['category_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_status_person_id'), ['person_id'], unique=False)

    op.create_table('wellbeing_measurement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('instrument', sa.String(length=40), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('measured_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_wellbeing_measurement_person_id_person')),
    sa.ForeignKeyConstraint(['version_id'], ['import_version.id'], name=op.f('fk_wellbeing_measurement_version_id_import_version')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_wellbeing_measurement'))
    )
    with op.batch_alter_table('wellbeing_measurement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_wellbeing_measurement_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_wellbeing_measurement_version_id'), ['version_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('wellbeing_measurement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_wellbeing_measurement_version_id'))
        batch_op.drop_index(batch_op.f('ix_wellbeing_measurement_person_id'))

    op.drop_table('wellbeing_measurement')
    with op.batch_alter_table('person_status', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_status_person_id'))
        batch_op.drop_index(batch_op.f('ix_person_status_category_id'))

    op.drop_table('person_status')
    with op.batch_alter_table('person_goal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_goal_version_id'))
        batch_op.drop_index(batch_op.f('ix_person_goal_person_id'))

    op.drop_table('person_goal')
    with op.batch_alter_table('person_exit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_exit_person_id'))

    op.drop_table('person_exit')
    with op.batch_alter_table('follow_up', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_follow_up_version_id'))
        batch_op.drop_index(batch_op.f('ix_follow_up_person_id'))

    op.drop_table('follow_up')
    with op.batch_alter_table('staff_assignment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_assignment_version_id'))
        batch_op.drop_index(batch_op.f('ix_staff_assignment_staff_id'))
        batch_op.drop_index(batch_op.f('ix_staff_assignment_family_id'))

    op.drop_table('staff_assignment')
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_family_id'))

    op.drop_table('person')
    op.drop_table('staff_member')
    op.drop_table('family')
    with op.batch_alter_table('import_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_import_version_sha256'))
        batch_op.drop_index('ix_import_version_scope')

    op.drop_table('import_version')
    with op.batch_alter_table('commentary', schema=None) as batch_op:
        batch_op.drop_index('ix_commentary_site_quarter')

    op.drop_table('commentary')
    with op.batch_alter_table('site', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_site_project_id'))

    op.drop_table('site')
    with op.batch_alter_table('project_target', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_target_project_id'))

    op.drop_table('project_target')
    op.drop_table('project')
    op.drop_table('outcome_category')
    with op.batch_alter_table('benchmark', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_benchmark_indicator_key'))

    op.drop_table('benchmark')
