"""A campaign keeps the grace period it was opened with (campaign grace_days): how long after
its end answers made during it are still received (RESPONSE_GRACE_DAYS when it was opened).

Revision ID: 0016_campaign_grace
Revises: 0014_ateliers
Create Date: 2026-12-08

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0016_campaign_grace'
down_revision = '0014_ateliers'
branch_labels = None
depends_on = None


def upgrade():
    # Campaigns opened before this version had the default of 7 days.
    op.add_column('campaign', sa.Column('grace_days', sa.Integer(), server_default='7', nullable=False))


def downgrade():
    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.drop_column('grace_days')
