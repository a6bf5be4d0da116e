"""Surveys (versioned definitions), campaigns on territories, responses.

Revision ID: 0007_surveys
Revises: 0002_security
Create Date: 2026-11-25

"""
from alembic import op
import sqlalchemy as sa
from geoalchemy2 import Geometry

# revision identifiers, used by Alembic.
revision = '0007_surveys'
down_revision = '0006_indicators'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('survey',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('form_id', sa.String(length=255), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('form_version', sa.String(length=100), nullable=True),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('definition', sa.JSON(), nullable=False),
    sa.Column('warnings', sa.JSON(), nullable=False),
    sa.Column('created_by_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_survey_created_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey')),
    sa.UniqueConstraint('form_id', 'version', name='uq_survey_form_id_version')
    )
    with op.batch_alter_table('survey', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_form_id'), ['form_id'], unique=False)

    op.create_table('campaign',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('survey_id', sa.Uuid(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('opens_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closes_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_by_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('closes_at > opens_at', name=op.f('ck_campaign_period')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_campaign_created_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['survey_id'], ['survey.id'], name=op.f('fk_campaign_survey_id_survey')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign'))
    )
    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaign_closes_at'), ['closes_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_campaign_survey_id'), ['survey_id'], unique=False)

    op.create_table('campaign_territory',
    sa.Column('campaign_id', sa.Uuid(), nullable=False),
    sa.Column('territory_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_campaign_territory_campaign_id_campaign'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['territory_id'], ['territory.id'], name=op.f('fk_campaign_territory_territory_id_territory'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('campaign_id', 'territory_id', name=op.f('pk_campaign_territory'))
    )
    with op.batch_alter_table('campaign_territory', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaign_territory_territory_id'), ['territory_id'], unique=False)

    op.create_geospatial_table('survey_response',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('campaign_id', sa.Uuid(), nullable=False),
    sa.Column('survey_id', sa.Uuid(), nullable=False),
    sa.Column('respondent_id', sa.Uuid(), nullable=True),
    sa.Column('territory_id', sa.Integer(), nullable=True),
    sa.Column('geom', Geometry(geometry_type='POINT', srid=4326, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry'), nullable=True),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('calculated', sa.JSON(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_survey_response_campaign_id_campaign'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['respondent_id'], ['user_account.id'], name=op.f('fk_survey_response_respondent_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['survey_id'], ['survey.id'], name=op.f('fk_survey_response_survey_id_survey')),
    sa.ForeignKeyConstraint(['territory_id'], ['territory.id'], name=op.f('fk_survey_response_territory_id_territory'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_response'))
    )
    with op.batch_alter_table('survey_response', schema=None) as batch_op:
        batch_op.create_geospatial_index('idx_survey_response_geom', ['geom'], unique=False, postgresql_using='gist', postgresql_ops={})
        batch_op.create_index(batch_op.f('ix_survey_response_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_response_respondent_id'), ['respondent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_response_submitted_at'), ['submitted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_response_survey_id'), ['survey_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_response_territory_id'), ['territory_id'], unique=False)


def downgrade():
    with op.batch_alter_table('survey_response', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_response_territory_id'))
        batch_op.drop_index(batch_op.f('ix_survey_response_survey_id'))
        batch_op.drop_index(batch_op.f('ix_survey_response_submitted_at'))
        batch_op.drop_index(batch_op.f('ix_survey_response_respondent_id'))
        batch_op.drop_index(batch_op.f('ix_survey_response_campaign_id'))
        batch_op.drop_geospatial_index('idx_survey_response_geom', postgresql_using='gist', column_name='geom')

    op.drop_geospatial_table('survey_response')
    with op.batch_alter_table('campaign_territory', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_campaign_territory_territory_id'))

    op.drop_table('campaign_territory')
    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_campaign_survey_id'))
        batch_op.drop_index(batch_op.f('ix_campaign_closes_at'))

    op.drop_table('campaign')
    with op.batch_alter_table('survey', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_form_id'))

    op.drop_table('survey')
