"""When the retention rule anonymised an observation.

Revision ID: 0005_retention
Revises: 0004_password_reset
Create Date: 2026-11-25

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005_retention'
down_revision = '0004_password_reset'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('observation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('anonymised_at', sa.DateTime(timezone=True), nullable=True))



def downgrade():
    with op.batch_alter_table('observation', schema=None) as batch_op:
        batch_op.drop_column('anonymised_at')

