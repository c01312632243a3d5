"""the sign-in counters are kept under keyed hashes: no counter is left under a plain user name or source

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04
"""

from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A window of 15 minutes is all such a counter was worth; a name typed at sign-in may be anything.
    op.execute("DELETE FROM sign_in_throttle")


def downgrade() -> None:
    pass
