"""ODK Collect and Enketo (OpenRosa): app users per campaign, the instances received or imported
(their instanceID, source and per-answer notes), their attachments, the form media of a campaign.

Revision ID: 0013_openrosa
Revises: 0009_sessions
Create Date: 2026-12-08

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013_openrosa'
down_revision = '0009_sessions'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('campaign_app_user',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('campaign_id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('territory_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_by_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_campaign_app_user_campaign_id_campaign'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_campaign_app_user_created_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['territory_id'], ['territory.id'], name=op.f('fk_campaign_app_user_territory_id_territory'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_app_user')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_campaign_app_user_token_hash'))
    )
    with op.batch_alter_table('campaign_app_user', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaign_app_user_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_campaign_app_user_territory_id'), ['territory_id'], unique=False)

    op.create_table('received_instance',
    sa.Column('response_id', sa.Uuid(), nullable=False),
    sa.Column('instance_id', sa.String(length=255), nullable=False),
    sa.Column('app_user_id', sa.Uuid(), nullable=True),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('issues', sa.JSON(), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['app_user_id'], ['campaign_app_user.id'], name=op.f('fk_received_instance_app_user_id_campaign_app_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['response_id'], ['survey_response.id'], name=op.f('fk_received_instance_response_id_survey_response'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('response_id', name=op.f('pk_received_instance'))
    )
    with op.batch_alter_table('received_instance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_received_instance_app_user_id'), ['app_user_id'], unique=False)

    op.create_table('response_attachment',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('response_id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['response_id'], ['survey_response.id'], name=op.f('fk_response_attachment_response_id_survey_response'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_response_attachment')),
    sa.UniqueConstraint('response_id', 'name', name='uq_response_attachment_response_id_name')
    )
    with op.batch_alter_table('response_attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_response_attachment_response_id'), ['response_id'], unique=False)

    op.create_table('campaign_media',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('campaign_id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('md5', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_campaign_media_campaign_id_campaign'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_media')),
    sa.UniqueConstraint('campaign_id', 'name', name='uq_campaign_media_campaign_id_name')
    )
    with op.batch_alter_table('campaign_media', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaign_media_campaign_id'), ['campaign_id'], unique=False)


def downgrade():
    op.drop_table('campaign_media')
    op.drop_table('response_attachment')
    op.drop_table('received_instance')
    op.drop_table('campaign_app_user')
