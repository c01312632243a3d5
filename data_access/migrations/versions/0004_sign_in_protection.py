"""sign-in protection: lock-out counters, tally of anonymous failures, demo marker, password change

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sign_in_throttle',
    sa.Column('key', sa.String(length=500), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('window_started_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_sign_in_throttle'))
    )
    op.create_table('sign_in_failure_tally',
    sa.Column('hour_start', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reason', sa.String(length=40), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('hour_start', 'reason', name=op.f('pk_sign_in_failure_tally'))
    )
    op.create_table('installation_setting',
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('value', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_installation_setting'))
    )
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('must_change_password', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column('is_demo', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.drop_column('failed_attempts')
        batch_op.drop_column('locked_until')
    # Accounts named like the demo's, with a password, in a database that holds demo versions, were made by
    # the demo before this revision.
    op.get_bind().execute(sa.text(
        "UPDATE user_account SET is_demo = :demo WHERE username IN ('admin', 'projektleder', 'styregruppe') "
        "AND password_hash IS NOT NULL "
        "AND EXISTS (SELECT 1 FROM audit_event WHERE actor = 'demodata' AND action = 'user_created')"),
        {"demo": True})
    op.execute("INSERT INTO installation_setting (key, value) SELECT 'demo_database', 'ja' WHERE EXISTS "
               "(SELECT 1 FROM import_version WHERE kind = 'demo')")
    op.execute("CREATE INDEX ix_audit_event_action_time ON audit_event (action, occurred_at)")


def downgrade() -> None:
    op.execute("DROP INDEX ix_audit_event_action_time")
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('failed_attempts', sa.Integer(), nullable=False, server_default='0'))
        batch_op.drop_column('is_demo')
        batch_op.drop_column('must_change_password')
    op.drop_table('installation_setting')
    op.drop_table('sign_in_failure_tally')
    op.drop_table('sign_in_throttle')
