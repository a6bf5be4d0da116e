"""Indicators: one value per territory code × indicator × period × source.

Revision ID: 0006_indicators
Revises: 0001
Create Date: 2026-11-25

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006_indicators'
down_revision = '0005_retention'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('indicator_value',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('territory_code', sa.String(length=64), nullable=False),
    sa.Column('indicator', sa.String(length=80), nullable=False),
    sa.Column('label', sa.String(length=300), nullable=False),
    sa.Column('unit', sa.String(length=40), nullable=False),
    sa.Column('period', sa.Integer(), nullable=False),
    sa.Column('value', sa.Float(), nullable=True),
    sa.Column('flag', sa.String(length=40), nullable=True),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('geography_version', sa.String(length=40), nullable=True),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_value')),
    sa.UniqueConstraint('territory_code', 'indicator', 'period', 'source', name='uq_indicator_value_territory_code')
    )


def downgrade():
    op.drop_table('indicator_value')
