"""The field: the public follow-up of observations (its history as rows, residents see it), and
address points of a local street file (BAN format) to name the nearest street.

Revision ID: 0010_field
Revises: 0009_sessions
Create Date: 2026-12-08

"""
from alembic import op
import sqlalchemy as sa
from geoalchemy2 import Geometry


# revision identifiers, used by Alembic.
revision = '0010_field'
down_revision = '0013_openrosa'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('observation_follow_up',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('observation_id', sa.Uuid(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('to_whom', sa.String(length=120), nullable=True),
    sa.Column('public_reply', sa.Text(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('by_id', sa.Uuid(), nullable=True),
    sa.CheckConstraint("status IN ('recue', 'lue', 'transmise', 'prise_en_compte', 'resolue', 'non_retenue')", name=op.f('ck_observation_follow_up_status')),
    sa.ForeignKeyConstraint(['by_id'], ['user_account.id'], name=op.f('fk_observation_follow_up_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['observation_id'], ['observation.id'], name=op.f('fk_observation_follow_up_observation_id_observation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_observation_follow_up'))
    )
    with op.batch_alter_table('observation_follow_up', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_observation_follow_up_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_observation_follow_up_observation_id'), ['observation_id'], unique=False)


    op.create_geospatial_table('street_point',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('street', sa.String(length=200), nullable=False),
    sa.Column('commune', sa.String(length=100), nullable=False),
    sa.Column('insee', sa.String(length=10), nullable=False),
    sa.Column('postcode', sa.String(length=10), nullable=True),
    sa.Column('geom', Geometry(geometry_type='POINT', srid=4326, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry', nullable=False), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_street_point'))
    )
    with op.batch_alter_table('street_point', schema=None) as batch_op:
        batch_op.create_geospatial_index('idx_street_point_geom', ['geom'], unique=False, postgresql_using='gist', postgresql_ops={})
        batch_op.create_index(batch_op.f('ix_street_point_insee'), ['insee'], unique=False)


def downgrade():
    with op.batch_alter_table('street_point', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_street_point_insee'))
        batch_op.drop_geospatial_index('idx_street_point_geom', postgresql_using='gist', column_name='geom')
    op.drop_geospatial_table('street_point')
    with op.batch_alter_table('observation_follow_up', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_observation_follow_up_observation_id'))
        batch_op.drop_index(batch_op.f('ix_observation_follow_up_at'))
    op.drop_table('observation_follow_up')
