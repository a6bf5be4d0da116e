"""Ateliers (workshop mode): the atelier and its steps, its participants (anonymous or an
account), their answers, the « pas de côté » ideas and their supports.

Revision ID: 0014_ateliers
Revises: 0013_openrosa
Create Date: 2026-12-08

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014_ateliers'
down_revision = '0011_one_answer_each'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('atelier',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('territory_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('steps', sa.JSON(), nullable=False),
    sa.Column('current_step', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('join_code', sa.String(length=12), nullable=False),
    sa.Column('threshold', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('record', sa.JSON(), nullable=True),
    sa.Column('created_by_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('preparation', 'en_cours', 'termine')", name=op.f('ck_atelier_status')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_atelier_created_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['territory_id'], ['territory.id'], name=op.f('fk_atelier_territory_id_territory'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_atelier')),
    sa.UniqueConstraint('join_code', name=op.f('uq_atelier_join_code'))
    )
    with op.batch_alter_table('atelier', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_atelier_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_atelier_territory_id'), ['territory_id'], unique=False)

    op.create_table('atelier_participant',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('atelier_id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=True),
    sa.Column('display_name', sa.String(length=60), nullable=True),
    sa.Column('role', sa.String(length=20), nullable=True),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('joined_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['atelier_id'], ['atelier.id'], name=op.f('fk_atelier_participant_atelier_id_atelier'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_atelier_participant_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_atelier_participant')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_atelier_participant_token_hash'))
    )
    with op.batch_alter_table('atelier_participant', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_atelier_participant_atelier_id'), ['atelier_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_atelier_participant_user_id'), ['user_id'], unique=False)

    op.create_table('atelier_answer',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('atelier_id', sa.Uuid(), nullable=False),
    sa.Column('participant_id', sa.Uuid(), nullable=False),
    sa.Column('step', sa.Integer(), nullable=False),
    sa.Column('value', sa.JSON(), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('current', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['atelier_id'], ['atelier.id'], name=op.f('fk_atelier_answer_atelier_id_atelier'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id'], ['atelier_participant.id'], name=op.f('fk_atelier_answer_participant_id_atelier_participant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_atelier_answer'))
    )
    with op.batch_alter_table('atelier_answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_atelier_answer_atelier_id'), ['atelier_id'], unique=False)
        # One current answer per person and step (a partial unique index, on both databases).
        batch_op.create_index('uq_atelier_answer_current', ['participant_id', 'step'], unique=True, postgresql_where=sa.text('current'), sqlite_where=sa.text('current'))

    op.create_table('atelier_idea',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('atelier_id', sa.Uuid(), nullable=False),
    sa.Column('participant_id', sa.Uuid(), nullable=False),
    sa.Column('step', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=280), nullable=False),
    sa.Column('posted_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['atelier_id'], ['atelier.id'], name=op.f('fk_atelier_idea_atelier_id_atelier'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id'], ['atelier_participant.id'], name=op.f('fk_atelier_idea_participant_id_atelier_participant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_atelier_idea'))
    )
    with op.batch_alter_table('atelier_idea', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_atelier_idea_atelier_id'), ['atelier_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_atelier_idea_participant_id'), ['participant_id'], unique=False)

    op.create_table('atelier_support',
    sa.Column('idea_id', sa.Uuid(), nullable=False),
    sa.Column('participant_id', sa.Uuid(), nullable=False),
    sa.Column('supported_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['idea_id'], ['atelier_idea.id'], name=op.f('fk_atelier_support_idea_id_atelier_idea'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id'], ['atelier_participant.id'], name=op.f('fk_atelier_support_participant_id_atelier_participant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('idea_id', 'participant_id', name=op.f('pk_atelier_support'))
    )
    with op.batch_alter_table('atelier_support', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_atelier_support_participant_id'), ['participant_id'], unique=False)


def downgrade():
    for table in ('atelier_support', 'atelier_idea', 'atelier_answer', 'atelier_participant', 'atelier'):
        op.drop_table(table)
