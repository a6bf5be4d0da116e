"""One answer per person and campaign unless the campaign allows several (campaign
multiple_answers; survey_response sole_respondent_id under a unique key with the campaign), and
the moment a response was last corrected by its author (survey_response edited_at).

Revision ID: 0011_one_answer_each
Revises: 0009_sessions
Create Date: 2026-12-08

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0011_one_answer_each'
down_revision = '0015_webhooks'
branch_labels = None
depends_on = None


def upgrade():
    # Plain ADD COLUMN (no batch rebuild): survey_response holds a SpatiaLite geometry.
    op.add_column('campaign', sa.Column('multiple_answers', sa.Boolean(), server_default=sa.false(), nullable=False))
    # Campaigns opened before this version took any number of answers: they keep doing so.
    op.execute(sa.text('UPDATE campaign SET multiple_answers = :yes').bindparams(yes=True))
    # No foreign key (SQLite cannot add one to a SpatiaLite table): cleared with respondent_id.
    op.add_column('survey_response', sa.Column('sole_respondent_id', sa.Uuid(), nullable=True))
    op.add_column('survey_response', sa.Column('edited_at', sa.DateTime(timezone=True), nullable=True))
    op.create_index('uq_survey_response_sole', 'survey_response', ['campaign_id', 'sole_respondent_id'], unique=True)


def downgrade():
    op.drop_index('uq_survey_response_sole', table_name='survey_response')
    with op.batch_alter_table('survey_response', schema=None) as batch_op:
        batch_op.drop_column('edited_at')
        batch_op.drop_column('sole_respondent_id')
    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.drop_column('multiple_answers')
