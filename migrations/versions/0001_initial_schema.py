"""Initial schema: territories, accounts, invitations, observations, photos, themes.

Revision ID: 0001
Revises: 
Create Date: 2026-11-25

"""
from alembic import op
import sqlalchemy as sa
from geoalchemy2 import Geometry

# revision identifiers, used by Alembic.
revision = '0001'
down_revision = None
branch_labels = None
depends_on = None

# The thesaurus of DESIGN.md: codes are stable identifiers, labels are French.
THEMES = [
    ("proprete", "Propreté, déchets"),
    ("voirie_eclairage", "Voirie, éclairage, accessibilité"),
    ("tranquillite", "Tranquillité, sécurité"),
    ("mobilite", "Transports, mobilité"),
    ("logement", "Logement, habitat"),
    ("espaces_verts", "Espaces verts, nature, chaleur"),
    ("commerces_services", "Commerces, services publics"),
    ("education_jeunesse", "Éducation, jeunesse, petite enfance"),
    ("emploi_insertion", "Emploi, insertion, formation"),
    ("sante", "Santé, accès aux soins"),
    ("lien_social", "Lien social, culture, sport"),
    ("numerique", "Inclusion numérique"),
]


def upgrade():
    op.create_geospatial_table('territory',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('parent_code', sa.String(length=64), nullable=True),
    sa.Column('version', sa.String(length=40), nullable=False),
    sa.Column('population', sa.Integer(), nullable=True),
    sa.Column('area_m2', sa.Float(), nullable=False),
    sa.Column('properties', sa.JSON(), nullable=False),
    sa.Column('source', sa.String(length=300), nullable=True),
    sa.Column('geom', Geometry(geometry_type='MULTIPOLYGON', srid=4326, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry', nullable=False), nullable=False),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('iris', 'qpv', 'commune', 'epci', 'departement', 'custom')", name=op.f('ck_territory_kind')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_territory')),
    sa.UniqueConstraint('code', name=op.f('uq_territory_code'))
    )
    with op.batch_alter_table('territory', schema=None) as batch_op:
        batch_op.create_geospatial_index('idx_territory_geom', ['geom'], unique=False, postgresql_using='gist', postgresql_ops={})
        batch_op.create_index(batch_op.f('ix_territory_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_territory_parent_code'), ['parent_code'], unique=False)

    op.create_table('theme',
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('label', sa.String(length=100), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_theme'))
    )
    op.create_table('user_account',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('pseudonym', sa.String(length=40), nullable=False),
    sa.Column('pseudonym_key', sa.String(length=40), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.CheckConstraint("role IN ('veilleur', 'animateur', 'analyste', 'admin')", name=op.f('ck_user_account_role')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_account')),
    sa.UniqueConstraint('pseudonym_key', name=op.f('uq_user_account_pseudonym_key'))
    )
    op.create_table('consent',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.String(length=40), nullable=False),
    sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_consent_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consent'))
    )
    with op.batch_alter_table('consent', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consent_user_id'), ['user_id'], unique=False)

    op.create_table('invite',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('territory_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('max_uses', sa.Integer(), nullable=True),
    sa.Column('uses', sa.Integer(), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_by_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("role IN ('veilleur', 'animateur', 'analyste', 'admin')", name=op.f('ck_invite_role')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_invite_created_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['territory_id'], ['territory.id'], name=op.f('fk_invite_territory_id_territory'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invite')),
    sa.UniqueConstraint('code', name=op.f('uq_invite_code'))
    )
    with op.batch_alter_table('invite', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invite_territory_id'), ['territory_id'], unique=False)

    op.create_geospatial_table('observation',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('author_id', sa.Uuid(), nullable=True),
    sa.Column('territory_id', sa.Integer(), nullable=True),
    sa.Column('geom', Geometry(geometry_type='POINT', srid=4326, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry', nullable=False), nullable=False),
    sa.Column('accuracy_m', sa.Float(), nullable=True),
    sa.Column('theme', sa.String(length=40), nullable=False),
    sa.Column('polarity', sa.String(length=12), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('observed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('moderation_reason', sa.Text(), nullable=True),
    sa.Column('moderated_by_id', sa.Uuid(), nullable=True),
    sa.Column('moderated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('submitted_theme', sa.String(length=40), nullable=True),
    sa.CheckConstraint("polarity IN ('difficulte', 'ressource', 'idee')", name=op.f('ck_observation_polarity')),
    sa.CheckConstraint("status IN ('visible', 'hidden')", name=op.f('ck_observation_status')),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_observation_author_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['moderated_by_id'], ['user_account.id'], name=op.f('fk_observation_moderated_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['territory_id'], ['territory.id'], name=op.f('fk_observation_territory_id_territory'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['theme'], ['theme.code'], name=op.f('fk_observation_theme_theme')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_observation'))
    )
    with op.batch_alter_table('observation', schema=None) as batch_op:
        batch_op.create_geospatial_index('idx_observation_geom', ['geom'], unique=False, postgresql_using='gist', postgresql_ops={})
        batch_op.create_index(batch_op.f('ix_observation_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_observation_observed_at'), ['observed_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_observation_territory_id'), ['territory_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_observation_theme'), ['theme'], unique=False)

    op.create_table('refresh_token',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_refresh_token_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_refresh_token')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_refresh_token_token_hash'))
    )
    with op.batch_alter_table('refresh_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_refresh_token_user_id'), ['user_id'], unique=False)

    op.create_table('user_territory',
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('territory_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['territory_id'], ['territory.id'], name=op.f('fk_user_territory_territory_id_territory'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_user_territory_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'territory_id', name=op.f('pk_user_territory'))
    )
    op.create_table('photo',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('observation_id', sa.Uuid(), nullable=False),
    sa.Column('content_type', sa.String(length=40), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['observation_id'], ['observation.id'], name=op.f('fk_photo_observation_id_observation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_photo')),
    sa.UniqueConstraint('observation_id', 'sha256', name='uq_photo_observation_sha256')
    )
    with op.batch_alter_table('photo', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_photo_observation_id'), ['observation_id'], unique=False)

    theme = sa.table(
        "theme", sa.column("code", sa.String), sa.column("label", sa.String), sa.column("position", sa.Integer)
    )
    op.bulk_insert(
        theme,
        [{"code": code, "label": label, "position": i} for i, (code, label) in enumerate(THEMES, start=1)],
    )



def downgrade():
    with op.batch_alter_table('photo', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_photo_observation_id'))

    op.drop_table('photo')
    op.drop_table('user_territory')
    with op.batch_alter_table('refresh_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_refresh_token_user_id'))

    op.drop_table('refresh_token')
    with op.batch_alter_table('observation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_observation_theme'))
        batch_op.drop_index(batch_op.f('ix_observation_territory_id'))
        batch_op.drop_index(batch_op.f('ix_observation_observed_at'))
        batch_op.drop_index(batch_op.f('ix_observation_author_id'))
        batch_op.drop_geospatial_index('idx_observation_geom', postgresql_using='gist', column_name='geom')

    op.drop_geospatial_table('observation')
    with op.batch_alter_table('invite', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invite_territory_id'))

    op.drop_table('invite')
    with op.batch_alter_table('consent', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consent_user_id'))

    op.drop_table('consent')
    op.drop_table('user_account')
    op.drop_table('theme')
    with op.batch_alter_table('territory', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_territory_parent_code'))
        batch_op.drop_index(batch_op.f('ix_territory_kind'))
        batch_op.drop_geospatial_index('idx_territory_geom', postgresql_using='gist', column_name='geom')

    op.drop_geospatial_table('territory')
