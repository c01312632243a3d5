"""staff professions as master data, starting with the list that used to be fixed

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

# The professions the code knew until now: stored staff rows use these codes.
FORMER_LIST = [
    ("job_consultant", "Jobkonsulent"),
    ("family_counsellor", "Familierådgiver"),
    ("social_worker", "Socialrådgiver"),
    ("health_consultant", "Sundhedskonsulent"),
    ("leisure_consultant", "Foreningskonsulent"),
    ("pedagogue", "Pædagog"),
    ("psychologist", "Psykolog"),
    ("business_consultant", "Virksomhedskonsulent"),
    ("education_consultant", "Uddannelseskonsulent"),
]


def upgrade() -> None:
    profession = op.create_table(
        'profession',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=40), nullable=False),
        sa.Column('label', sa.String(length=200), nullable=False),
        sa.Column('sort_order', sa.Integer(), nullable=False),
        sa.Column('is_active', sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_profession')),
        sa.UniqueConstraint('code', name=op.f('uq_profession_code')),
    )
    op.bulk_insert(profession, [
        {"code": code, "label": label, "sort_order": order, "is_active": True}
        for order, (code, label) in enumerate(FORMER_LIST, start=1)
    ])


def downgrade() -> None:
    op.drop_table('profession')
