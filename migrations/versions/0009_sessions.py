"""Sessions that end at once: a per-account session version, disabled accounts, a session id on
refresh tokens, and login throttling per client and pseudonym (not per account). Forms owned by
the territories of who published them (survey_form), so one team never versions another's.

Revision ID: 0009_sessions
Revises: 0008_syntheses
Create Date: 2026-12-08

"""
import datetime as dt
import uuid

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009_sessions'
down_revision = '0008_syntheses'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('disabled_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.drop_column('failed_logins')
        batch_op.drop_column('login_blocked_until')

    with op.batch_alter_table('refresh_token', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_id', sa.Uuid(), nullable=True))
    # Each token stored before this version was its own session.
    op.execute('UPDATE refresh_token SET session_id = id')
    with op.batch_alter_table('refresh_token', schema=None) as batch_op:
        batch_op.alter_column('session_id', existing_type=sa.Uuid(), nullable=False)
        batch_op.create_index(batch_op.f('ix_refresh_token_session_id'), ['session_id'], unique=False)

    op.create_table('login_throttle',
    sa.Column('account_key', sa.String(length=64), nullable=False),
    sa.Column('client', sa.String(length=64), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('blocked_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_failure_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('account_key', 'client', name=op.f('pk_login_throttle'))
    )
    with op.batch_alter_table('login_throttle', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_throttle_last_failure_at'), ['last_failure_at'], unique=False)


    _survey_forms()


def _survey_forms():
    op.create_table('survey_form',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('form_id', sa.String(length=255), nullable=False),
    sa.Column('created_by_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_survey_form_created_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_form'))
    )
    with op.batch_alter_table('survey_form', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_form_form_id'), ['form_id'], unique=False)
    op.create_table('survey_form_territory',
    sa.Column('survey_form_id', sa.Uuid(), nullable=False),
    sa.Column('territory_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['survey_form_id'], ['survey_form.id'], name=op.f('fk_survey_form_territory_survey_form_id_survey_form'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['territory_id'], ['territory.id'], name=op.f('fk_survey_form_territory_territory_id_territory'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('survey_form_id', 'territory_id', name=op.f('pk_survey_form_territory'))
    )
    with op.batch_alter_table('survey_form_territory', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_form_territory_territory_id'), ['territory_id'], unique=False)
    with op.batch_alter_table('survey', schema=None) as batch_op:
        batch_op.add_column(sa.Column('survey_form_id', sa.Uuid(), nullable=True))

    # Each form published so far belongs to the territories of who published its first version.
    bind = op.get_bind()
    survey = sa.table('survey', sa.column('id', sa.Uuid()), sa.column('form_id', sa.String()),
                      sa.column('version', sa.Integer()), sa.column('created_by_id', sa.Uuid()),
                      sa.column('created_at', sa.DateTime(timezone=True)),
                      sa.column('survey_form_id', sa.Uuid()))
    survey_form = sa.table('survey_form', sa.column('id', sa.Uuid()), sa.column('form_id', sa.String()),
                           sa.column('created_by_id', sa.Uuid()),
                           sa.column('created_at', sa.DateTime(timezone=True)))
    form_territory = sa.table('survey_form_territory', sa.column('survey_form_id', sa.Uuid()),
                              sa.column('territory_id', sa.Integer()))
    user_territory = sa.table('user_territory', sa.column('user_id', sa.Uuid()),
                              sa.column('territory_id', sa.Integer()))
    firsts = bind.execute(
        sa.select(survey.c.form_id, survey.c.created_by_id, survey.c.created_at)
        .where(survey.c.version == 1)
    ).all()
    for form_id, author, created_at in firsts:
        form_uuid = uuid.uuid4()
        bind.execute(survey_form.insert().values(
            id=form_uuid, form_id=form_id, created_by_id=author,
            created_at=created_at or dt.datetime.now(dt.timezone.utc)))
        if author is not None:
            territories = bind.execute(
                sa.select(user_territory.c.territory_id).where(user_territory.c.user_id == author)
            ).scalars().all()
            for territory_id in territories:
                bind.execute(form_territory.insert().values(
                    survey_form_id=form_uuid, territory_id=territory_id))
        bind.execute(survey.update().where(survey.c.form_id == form_id)
                     .values(survey_form_id=form_uuid))

    with op.batch_alter_table('survey', schema=None) as batch_op:
        batch_op.alter_column('survey_form_id', existing_type=sa.Uuid(), nullable=False)
        batch_op.drop_constraint('uq_survey_form_id_version', type_='unique')
        batch_op.create_unique_constraint('uq_survey_survey_form_id_version', ['survey_form_id', 'version'])
        batch_op.create_index(batch_op.f('ix_survey_survey_form_id'), ['survey_form_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_survey_survey_form_id_survey_form'), 'survey_form', ['survey_form_id'], ['id'], ondelete='CASCADE')


def downgrade():
    with op.batch_alter_table('survey', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_survey_survey_form_id_survey_form'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_survey_survey_form_id'))
        batch_op.drop_constraint('uq_survey_survey_form_id_version', type_='unique')
        batch_op.create_unique_constraint('uq_survey_form_id_version', ['form_id', 'version'])
        batch_op.drop_column('survey_form_id')
    with op.batch_alter_table('survey_form_territory', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_form_territory_territory_id'))
    op.drop_table('survey_form_territory')
    with op.batch_alter_table('survey_form', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_form_form_id'))
    op.drop_table('survey_form')

    with op.batch_alter_table('login_throttle', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_throttle_last_failure_at'))
    op.drop_table('login_throttle')

    with op.batch_alter_table('refresh_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_refresh_token_session_id'))
        batch_op.drop_column('session_id')

    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('login_blocked_until', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('failed_logins', sa.Integer(), nullable=False, server_default='0'))
        batch_op.drop_column('disabled_at')
        batch_op.drop_column('session_version')
