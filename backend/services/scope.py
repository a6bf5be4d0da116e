"""Who is acting and what they may do and see: the one role/permission table, and the scope of
one request, built from the account as it stands now (never from what a token once said).

Every service that decides "may this person do or see that" asks a :class:`Scope`: its role's
permissions (:data:`PERMISSIONS`) and its territories (those assigned, everything below them,
and — for campaigns — everything above). Jobs and the command line act with
:meth:`Scope.system`, restricted to the territories the requester could see when they asked.
"""

from __future__ import annotations

import enum
import functools
import uuid
from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy import orm as so

from backend.extensions.database import db
from backend.models import Consent, RefreshToken, Territory, User, user_territory
from backend.models.accounts import ROLES
from backend.services import Forbidden


class Permission(enum.StrEnum):
    """What a role may do. Where it applies (which territories) is the scope's other half."""

    REPORT = "report"  # send observations and answer surveys
    READ_TERRITORY_OBSERVATIONS = "read_territory_observations"  # beyond one's own
    READ_HIDDEN_OBSERVATIONS = "read_hidden_observations"  # those a moderator hid
    MODERATE = "moderate"  # hide, restore, correct the theme, mark as read, follow up
    INVITE = "invite"
    MANAGE_MEMBERS = "manage_members"  # the veilleurs of one's territories: reset codes, disable
    MANAGE_STAFF = "manage_staff"  # roles and territories of any account
    PUBLISH_SURVEYS = "publish_surveys"
    RUN_CAMPAIGNS = "run_campaigns"  # open, change, close campaigns on one's territories
    READ_RESPONSES = "read_responses"  # the answers filed under one's territories
    EXPORT = "export"  # files of the observations and answers one may read
    ANALYSE = "analyse"
    SYNTHESISE = "synthesise"  # compute and issue syntheses
    RUN_ATELIERS = "run_ateliers"  # create, project and end ateliers on one's territories
    READ_ATELIERS = "read_ateliers"  # the ateliers of one's territories and their records
    EDIT_ANY_CONTRIBUTION = "edit_any_contribution"  # delete or complete anyone's report
    IMPORT_REFERENCE = "import_reference"  # territories and official indicators
    READ_AUDIT = "read_audit"
    MANAGE_WEBHOOKS = "manage_webhooks"  # subscribe URLs to the events of one's territories
    SUBMIT_OPEN311 = "submit_open311"  # a city's tools send requests (Open311) with this account
    ALL_TERRITORIES = "all_territories"  # no territorial restriction


P = Permission
_ORGANISING = {
    P.READ_TERRITORY_OBSERVATIONS,
    P.READ_RESPONSES,
    P.EXPORT,
    P.ANALYSE,
    P.SYNTHESISE,
    P.READ_ATELIERS,
}

PERMISSIONS: dict[str, frozenset[Permission]] = {
    "veilleur": frozenset({P.REPORT}),
    "analyste": frozenset({P.REPORT, *_ORGANISING}),
    "animateur": frozenset(
        {
            P.REPORT,
            *_ORGANISING,
            P.READ_HIDDEN_OBSERVATIONS,
            P.MODERATE,
            P.INVITE,
            P.MANAGE_MEMBERS,
            P.PUBLISH_SURVEYS,
            P.RUN_CAMPAIGNS,
            P.MANAGE_WEBHOOKS,
            P.SUBMIT_OPEN311,
            P.RUN_ATELIERS,
        }
    ),
    "admin": frozenset(Permission),
}
assert set(PERMISSIONS) == set(ROLES)

# Whom each role may invite (an invitation gives its role to whoever joins with it).
INVITABLE_ROLES: dict[str, frozenset[str]] = {
    "admin": frozenset(ROLES),
    "animateur": frozenset({"veilleur", "animateur"}),
    "analyste": frozenset(),
    "veilleur": frozenset(),
}

ROLE_LABELS = {
    "veilleur": "Veilleur·se",
    "animateur": "Animateur·rice",
    "analyste": "Analyste",
    "admin": "Administrateur·rice",
}


def roles_with(permission: Permission) -> tuple[str, ...]:
    """The roles that hold a permission (for the API documentation and the console)."""
    return tuple(role for role in ROLES if permission in PERMISSIONS[role])


class Scope:
    """One actor's rights for one request (or one job). Territories are read lazily: a report
    sent by a resident needs only the role."""

    def __init__(
        self,
        user_id: uuid.UUID | None,
        role: str,
        territory_ids: Iterable[int] | None = None,
        *,
        pseudonym: str | None = None,
    ) -> None:
        self.user_id = user_id
        self.role = role
        self.pseudonym = pseudonym
        self.permissions = PERMISSIONS.get(role, frozenset())
        self._assigned = frozenset(territory_ids) if territory_ids is not None else None

    def __repr__(self) -> str:
        return f"<Scope {self.role} {self.user_id}>"

    @classmethod
    def system(cls, territory_ids: Iterable[int] | None = None) -> Scope:
        """The platform itself (a job, the command line): everywhere, or only where the person
        who asked for the job could see when they asked."""
        if territory_ids is None:
            return cls(None, "admin")
        scope = cls(None, "analyste", territory_ids)
        scope.permissions = PERMISSIONS["admin"] - {P.ALL_TERRITORIES}
        return scope

    # --- what the role allows -------------------------------------------------------------
    def can(self, permission: Permission) -> bool:
        return permission in self.permissions

    def require(self, permission: Permission, message: str | None = None) -> None:
        if permission not in self.permissions:
            raise Forbidden(message or "Votre rôle ne permet pas cette action.")

    @property
    def everywhere(self) -> bool:
        return P.ALL_TERRITORIES in self.permissions

    # --- where -------------------------------------------------------------------------------
    @property
    def assigned_territory_ids(self) -> frozenset[int]:
        """The territories attached to the account."""
        if self._assigned is None:
            self._assigned = frozenset(
                db.session.scalars(
                    sa.select(user_territory.c.territory_id).where(
                        user_territory.c.user_id == self.user_id
                    )
                )
            )
        return self._assigned

    @functools.cached_property
    def visible_territory_ids(self) -> frozenset[int] | None:
        """Territories whose data the actor may read: theirs and everything below; None: all."""
        if self.everywhere:
            return None
        return frozenset(descendant_ids(set(self.assigned_territory_ids)))

    @functools.cached_property
    def related_territory_ids(self) -> frozenset[int] | None:
        """Territories whose campaigns concern the actor: theirs, above and below; None: all."""
        visible = self.visible_territory_ids
        if visible is None:
            return None
        return frozenset(visible | ancestor_ids(set(self.assigned_territory_ids)))

    def sees_territory(self, territory_id: int | None) -> bool:
        visible = self.visible_territory_ids
        return visible is None or (territory_id is not None and territory_id in visible)


def descendant_ids(territory_ids: set[int]) -> set[int]:
    """The territories and everything below them in the hierarchy (QPV under their commune…),
    walked down by the database (a national deployment has tens of thousands of territories)."""
    if not territory_ids:
        return set()
    child = so.aliased(Territory)
    down = sa.select(Territory.id, Territory.code).where(Territory.id.in_(territory_ids))
    down_cte = down.cte("down", recursive=True)
    down_cte = down_cte.union(
        sa.select(child.id, child.code).join(down_cte, child.parent_code == down_cte.c.code)
    )
    return set(db.session.scalars(sa.select(down_cte.c.id)))


def ancestor_ids(territory_ids: set[int]) -> set[int]:
    """The territories and every territory above them (a QPV's commune, its EPCI…)."""
    if not territory_ids:
        return set()
    parent = so.aliased(Territory)
    up = (
        sa.select(Territory.id, Territory.parent_code)
        .where(Territory.id.in_(territory_ids))
        .cte("up", recursive=True)
    )
    up = up.union(
        sa.select(parent.id, parent.parent_code).join(up, parent.code == up.c.parent_code)
    )
    return set(db.session.scalars(sa.select(up.c.id)))


class SessionEnded(Forbidden):
    """The token's session was ended (logout, password or rights changed, account disabled or
    deleted): the client must log in again."""

    status = 401


def _account_statement() -> sa.Select[tuple[str, str, int, bool, bool, bool]]:
    """One row, one round trip: the account's role and state, whether the session is still
    open and whether the current privacy notice was accepted."""
    session_open = (
        sa.select(RefreshToken.id)
        .where(RefreshToken.session_id == sa.bindparam("session_id"))
        .where(RefreshToken.revoked_at.is_(None))
        .exists()
    )
    consented = (
        sa.select(Consent.id)
        .where(Consent.user_id == User.id)
        .where(Consent.version == sa.bindparam("consent_version"))
        .exists()
    )
    return sa.select(
        User.role,
        User.pseudonym,
        User.session_version,
        User.disabled_at.is_not(None),
        session_open,
        consented,
    ).where(User.id == sa.bindparam("user_id"))


_ACCOUNT = _account_statement()


class AccountScope(Scope):
    """The scope of an authenticated request, with the account's consent state."""

    consented: bool = True


def load_scope(
    user_id: uuid.UUID, session_id: uuid.UUID, session_version: int, consent_version: str
) -> AccountScope:
    """The scope of the account behind an access token, or :class:`SessionEnded` when the
    account is gone or disabled, its session closed, or its rights changed since the token."""
    row = db.session.execute(
        _ACCOUNT,
        {"user_id": user_id, "session_id": session_id, "consent_version": consent_version},
    ).first()
    if row is None:
        raise SessionEnded("Compte introuvable : reconnectez-vous.")
    role, pseudonym, version, disabled, session_open, consented = row
    if disabled:
        raise SessionEnded("Ce compte est désactivé : voyez avec votre animateur.")
    if not session_open or version != session_version:
        raise SessionEnded("Votre session a pris fin : reconnectez-vous.")
    scope = AccountScope(user_id, role, pseudonym=pseudonym)
    scope.consented = bool(consented)
    return scope


def scope_of(user: User) -> Scope:
    """The scope of an account already loaded (the command line, tests, a fresh login)."""
    return Scope(user.id, user.role, [t.id for t in user.territories], pseudonym=user.pseudonym)
