"""sources an account has signed in from: their sign-ins are not held back when the account is attacked from
new sources

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sign_in_known_source",
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("last_signed_in_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_sign_in_known_source")),
    )
    # Counters of attempts (correct ones included) give way to counters of wrong passwords only.
    op.execute("DELETE FROM sign_in_throttle")


def downgrade() -> None:
    op.drop_table("sign_in_known_source")
