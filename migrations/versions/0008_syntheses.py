"""Issued syntheses: parameters, data snapshot, frozen content.

Revision ID: 0008_syntheses
Revises: 0007_surveys
Create Date: 2026-11-25

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008_syntheses'
down_revision = '0007_surveys'  # after the indicators' and the surveys' migrations, merged first (one head)
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('synthesis',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('territory_code', sa.String(length=64), nullable=False),
    sa.Column('theme', sa.String(length=40), nullable=True),
    sa.Column('since', sa.DateTime(timezone=True), nullable=True),
    sa.Column('until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('parameters', sa.JSON(), nullable=False),
    sa.Column('snapshot', sa.JSON(), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('package_version', sa.String(length=40), nullable=False),
    sa.Column('issued_by_id', sa.Uuid(), nullable=True),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['issued_by_id'], ['user_account.id'], name=op.f('fk_synthesis_issued_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_synthesis'))
    )
    with op.batch_alter_table('synthesis', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_synthesis_issued_at'), ['issued_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_synthesis_issued_by_id'), ['issued_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_synthesis_territory_code'), ['territory_code'], unique=False)



def downgrade():
    with op.batch_alter_table('synthesis', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_synthesis_territory_code'))
        batch_op.drop_index(batch_op.f('ix_synthesis_issued_by_id'))
        batch_op.drop_index(batch_op.f('ix_synthesis_issued_at'))

    op.drop_table('synthesis')
