"""Ateliers: an organiser runs one on a territory, participants join from their phone with a
short code (anonymous, a token scoped to that atelier, or with their account), answer the step
projected, post « pas de côté » ideas and support others'. When it ends its results are frozen
in ``record`` (answers counted, ideas with their support, attendance by role).

Settings come from the route (threshold); nothing here commits.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from typing import Any

import sqlalchemy as sa

from analysis import atelier as pure
from backend.extensions.auth import hash_token
from backend.extensions.database import db
from backend.models import (
    Atelier,
    AtelierAnswer,
    AtelierIdea,
    AtelierParticipant,
    AtelierSupport,
    Territory,
)
from backend.services import Conflict, Forbidden, Invalid, NotFound
from backend.services.scope import Permission, Scope

CODE_ALPHABET = "ACDEFHJKMNPQRTUVWXY3479"  # no 0/O, 1/I/L, 2/Z, 5/S, 6/G, 8/B: read from afar
CODE_LENGTH = 6
MAX_PARTICIPANTS = 500
MAX_IDEAS_PER_PARTICIPANT = 20
MAX_IDEAS = 1000


class NotParticipant(Forbidden):
    """No participation token, or one this platform never gave (or for an ended atelier)."""

    status = 401


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _invalid(error: pure.AtelierDefinitionError, field: str) -> Invalid:
    return Invalid(str(error), {field: [str(error)]})


# --- organisers -------------------------------------------------------------------------------
def territory_for(scope: Scope, code: str) -> Territory:
    territory = db.session.scalar(sa.select(Territory).where(Territory.code == code))
    if territory is None or not scope.sees_territory(territory.id):
        raise NotFound("Territoire introuvable.")
    return territory


def _new_code() -> str:
    for _ in range(20):
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if db.session.scalar(sa.select(Atelier.id).where(Atelier.join_code == code)) is None:
            return code
    raise Conflict("Impossible de tirer un code libre : réessayez.")


def create_atelier(
    scope: Scope, body: dict[str, Any], *, threshold: int, themes: list[str]
) -> Atelier:
    scope.require(Permission.RUN_ATELIERS)
    territory = territory_for(scope, body["territory"])
    try:
        steps = pure.check_steps(body["steps"], themes)
    except pure.AtelierDefinitionError as exc:
        raise _invalid(exc, "steps") from exc
    atelier = Atelier(
        id=uuid.uuid4(),
        territory_id=territory.id,
        territory=territory,
        title=body["title"].strip(),
        held_on=body["held_on"],
        steps=steps,
        current_step=None,
        status="preparation",
        join_code=_new_code(),
        threshold=body.get("threshold") or threshold,
        version=0,
        created_by_id=scope.user_id,
        created_at=_now(),
    )
    db.session.add(atelier)
    db.session.flush()
    return atelier


def list_ateliers(scope: Scope, territory: str | None = None) -> list[Atelier]:
    scope.require(Permission.READ_ATELIERS)
    query = sa.select(Atelier).order_by(Atelier.held_on.desc(), Atelier.created_at.desc())
    visible = scope.visible_territory_ids
    if visible is not None:
        query = query.where(Atelier.territory_id.in_(visible))
    if territory:
        query = query.where(Atelier.territory_id == territory_for(scope, territory).id)
    return list(db.session.scalars(query.limit(500)))


def visible_atelier(scope: Scope, atelier_id: uuid.UUID) -> Atelier:
    """The atelier, if the caller may read it (a foreign territory's is not found)."""
    scope.require(Permission.READ_ATELIERS)
    atelier = db.session.get(Atelier, atelier_id)
    if atelier is None or not scope.sees_territory(atelier.territory_id):
        raise NotFound("Atelier introuvable.")
    return atelier


def update_atelier(
    scope: Scope, atelier: Atelier, body: dict[str, Any], *, themes: list[str]
) -> Atelier:
    """Change the title or steps (before it starts), move to a step, end it."""
    scope.require(Permission.RUN_ATELIERS)
    if atelier.status == "termine":
        raise Conflict("Cet atelier est terminé : ses résultats sont figés.")
    if "title" in body:
        atelier.title = body["title"].strip()
    if "steps" in body:
        if atelier.status != "preparation":
            raise Conflict("Les étapes ne changent plus une fois l'atelier commencé.")
        try:
            atelier.steps = pure.check_steps(body["steps"], themes)
        except pure.AtelierDefinitionError as exc:
            raise _invalid(exc, "steps") from exc
    if "step" in body:
        step = body["step"]
        if not 0 <= step < len(atelier.steps):
            message = f"Étape inconnue : de 0 à {len(atelier.steps) - 1}."
            raise Invalid(message, {"step": [message]})
        atelier.current_step = step
        atelier.status = "en_cours"
    if body.get("status") == "en_cours" and atelier.status == "preparation":
        atelier.status = "en_cours"
        atelier.current_step = 0
    if body.get("status") == "termine":
        atelier.status = "termine"
        atelier.ended_at = _now()
        atelier.record = record(atelier)
    atelier.version += 1
    db.session.flush()
    return atelier


# --- participants -----------------------------------------------------------------------------
def join(
    code: str, *, display_name: str | None, role: str | None, user_id: uuid.UUID | None
) -> tuple[AtelierParticipant, str]:
    """A participation in the atelier of that code, and its token (shown once)."""
    atelier = db.session.scalar(sa.select(Atelier).where(Atelier.join_code == code.strip().upper()))
    if atelier is None:
        raise NotFound("Aucun atelier avec ce code : vérifiez le code affiché à l'écran.")
    if atelier.status == "termine":
        raise Conflict("Cet atelier est terminé : merci de votre participation.")
    joined = db.session.scalar(
        sa.select(sa.func.count()).where(AtelierParticipant.atelier_id == atelier.id)
    )
    if joined >= MAX_PARTICIPANTS:
        raise Conflict(f"Cet atelier est complet ({MAX_PARTICIPANTS} participants).")
    token = secrets.token_urlsafe(24)
    participant = AtelierParticipant(
        id=uuid.uuid4(),
        atelier_id=atelier.id,
        user_id=user_id,
        display_name=(display_name or "").strip() or None,
        role=role,
        token_hash=hash_token(token),
        joined_at=_now(),
    )
    db.session.add(participant)
    db.session.flush()
    return participant, token


def participant_for(token: str | None) -> tuple[AtelierParticipant, Atelier]:
    if not token:
        raise NotParticipant("Rejoignez l'atelier avec le code affiché à l'écran.")
    participant = db.session.scalar(
        sa.select(AtelierParticipant).where(AtelierParticipant.token_hash == hash_token(token))
    )
    if participant is None:
        raise NotParticipant("Participation inconnue : rejoignez l'atelier avec son code.")
    atelier = db.session.get(Atelier, participant.atelier_id)
    assert atelier is not None
    return participant, atelier


def _open(atelier: Atelier) -> None:
    if atelier.status == "termine":
        raise Conflict("L'atelier est terminé : les réponses sont closes.")


def _step(atelier: Atelier, number: int) -> dict[str, Any]:
    if not 0 <= number < len(atelier.steps):
        message = "Cette étape n'existe pas dans l'atelier."
        raise Invalid(message, {"step": [message]})
    return atelier.steps[number]


def answer(
    participant: AtelierParticipant, atelier: Atelier, body: dict[str, Any]
) -> tuple[AtelierAnswer, bool]:
    """Record (or change) the participant's answer to a step; the same client id again is a
    replay, answered 200 without change. A queued answer for an earlier step still counts."""
    _open(atelier)
    step = _step(atelier, body["step"])
    try:
        value = pure.check_answer(step, body["value"])
    except pure.AtelierDefinitionError as exc:
        raise _invalid(exc, "value") from exc
    existing = db.session.get(AtelierAnswer, body["id"])
    if existing is not None:
        if existing.participant_id != participant.id or existing.step != body["step"]:
            raise Conflict("Cet identifiant de réponse est déjà pris.")
        return existing, False
    row = AtelierAnswer(
        id=body["id"],
        atelier_id=atelier.id,
        participant_id=participant.id,
        step=body["step"],
        value=value,
        answered_at=_now(),
        current=True,
    )
    try:
        with db.session.begin_nested():
            # A change of mind: the newest answer counts, the old one stays as a known id.
            db.session.execute(
                sa.update(AtelierAnswer)
                .where(AtelierAnswer.participant_id == participant.id)
                .where(AtelierAnswer.step == body["step"])
                .where(AtelierAnswer.current.is_(True))
                .values(current=False)
            )
            db.session.add(row)
    except sa.exc.IntegrityError as exc:  # the same phone, twice at once
        raise Conflict("Réponse envoyée deux fois en même temps : réessayez.") from exc
    return row, True


def post_idea(
    participant: AtelierParticipant, atelier: Atelier, body: dict[str, Any]
) -> tuple[AtelierIdea, bool]:
    _open(atelier)
    step = _step(atelier, body["step"])
    if step["kind"] != pure.WALL:
        raise Invalid("Cette étape n'est pas un mur d'idées.", {"step": ["pas un mur d'idées"]})
    text = " ".join(body["text"].split())
    existing = db.session.get(AtelierIdea, body["id"])
    if existing is not None:
        if existing.participant_id != participant.id or existing.text != text:
            raise Conflict("Cet identifiant d'idée est déjà pris.")
        return existing, False
    mine, total = db.session.execute(
        sa.select(
            sa.func.count().filter(AtelierIdea.participant_id == participant.id),
            sa.func.count(),
        ).where(AtelierIdea.atelier_id == atelier.id)
    ).one()
    if mine >= MAX_IDEAS_PER_PARTICIPANT or total >= MAX_IDEAS:
        raise Conflict("Le mur est plein pour vous : soutenez plutôt les idées des autres.")
    idea = AtelierIdea(
        id=body["id"],
        atelier_id=atelier.id,
        participant_id=participant.id,
        step=body["step"],
        text=text,
        posted_at=_now(),
    )
    db.session.add(idea)
    db.session.flush()
    return idea, True


def support(
    participant: AtelierParticipant, atelier: Atelier, idea_id: uuid.UUID, *, on: bool = True
) -> bool:
    """Support an idea (once per person), or withdraw the support; True when something changed."""
    _open(atelier)
    idea = db.session.get(AtelierIdea, idea_id)
    if idea is None or idea.atelier_id != atelier.id:
        raise NotFound("Idée introuvable.")
    current = db.session.get(AtelierSupport, (idea.id, participant.id))
    if on and current is None:
        db.session.add(
            AtelierSupport(idea_id=idea.id, participant_id=participant.id, supported_at=_now())
        )
    elif not on and current is not None:
        db.session.delete(current)
    else:
        return False
    db.session.flush()
    return True


# --- what the room sees -----------------------------------------------------------------------
def signature(atelier_id: uuid.UUID) -> tuple[int, ...]:
    """Changes as one small tuple, read in one query: the screens redraw when it changes."""
    answers = sa.select(sa.func.count(), sa.func.max(AtelierAnswer.answered_at)).where(
        AtelierAnswer.atelier_id == atelier_id
    )
    ideas = sa.select(sa.func.count()).where(AtelierIdea.atelier_id == atelier_id)
    supports = (
        sa.select(sa.func.count())
        .select_from(AtelierSupport)
        .join(AtelierIdea, AtelierIdea.id == AtelierSupport.idea_id)
        .where(AtelierIdea.atelier_id == atelier_id)
    )
    joined = sa.select(sa.func.count()).where(AtelierParticipant.atelier_id == atelier_id)
    row = db.session.execute(
        sa.select(
            Atelier.version,
            answers.with_only_columns(sa.func.count()).scalar_subquery(),
            answers.with_only_columns(sa.func.max(AtelierAnswer.answered_at)).scalar_subquery(),
            ideas.scalar_subquery(),
            supports.scalar_subquery(),
            joined.scalar_subquery(),
        ).where(Atelier.id == atelier_id)
    ).one_or_none()
    if row is None:
        return (-1,)
    stamp = row[2]
    return (
        row[0],
        row[1],
        int(stamp.timestamp() * 1e6) if isinstance(stamp, dt.datetime) else hash(stamp),
        row[3],
        row[4],
        row[5],
    )


def _values(atelier: Atelier, step: int) -> list[Any]:
    return list(
        db.session.scalars(
            sa.select(AtelierAnswer.value)
            .where(AtelierAnswer.atelier_id == atelier.id)
            .where(AtelierAnswer.step == step)
            .where(AtelierAnswer.current.is_(True))
        )
    )


def ideas(
    atelier: Atelier, participant_id: uuid.UUID | None = None, step: int | None = None
) -> list[dict[str, Any]]:
    supports = (
        sa.select(AtelierSupport.idea_id, sa.func.count().label("n"))
        .group_by(AtelierSupport.idea_id)
        .subquery()
    )
    query = (
        sa.select(AtelierIdea, sa.func.coalesce(supports.c.n, 0))
        .outerjoin(supports, supports.c.idea_id == AtelierIdea.id)
        .where(AtelierIdea.atelier_id == atelier.id)
    )
    if step is not None:
        query = query.where(AtelierIdea.step == step)
    mine: set[uuid.UUID] = set()
    if participant_id is not None:
        mine = set(
            db.session.scalars(
                sa.select(AtelierSupport.idea_id).where(
                    AtelierSupport.participant_id == participant_id
                )
            )
        )
    rows = [
        {
            "id": idea.id,
            "text": idea.text,
            "supports": n,
            "posted_at": idea.posted_at.isoformat(),
            "step": idea.step,
            **(
                {
                    "supported": idea.id in mine,
                    "mine": idea.participant_id == participant_id,
                }
                if participant_id is not None
                else {}
            ),
        }
        for idea, n in db.session.execute(query)
    ]
    rows.sort(key=lambda i: (-i["supports"], i["posted_at"], str(i["id"])))
    return rows


def step_view(atelier: Atelier, number: int) -> dict[str, Any]:
    """One step as the screen shows it: its definition and its results so far."""
    step = atelier.steps[number]
    view: dict[str, Any] = {"number": number, **step, "label": pure.STEP_LABELS[step["kind"]]}
    if step["kind"] in pure.QUESTIONS:
        view["options"] = [
            {"name": name, "label": dict(pure.COOPERATION_SCALE).get(name, name)}
            for name in pure.options(step)
        ]
        view["results"] = pure.step_results(step, _values(atelier, number), atelier.threshold)
    elif step["kind"] == pure.WALL:
        view["ideas"] = [
            {k: v for k, v in i.items() if k != "posted_at"}
            for i in ideas(atelier, step=number)[:200]
        ]
    return view


def participants_count(atelier: Atelier) -> int:
    return db.session.scalar(
        sa.select(sa.func.count()).where(AtelierParticipant.atelier_id == atelier.id)
    )


def live(atelier: Atelier) -> dict[str, Any]:
    """What the projected screen shows now."""
    return {
        "id": atelier.id,
        "title": atelier.title,
        "status": atelier.status,
        "join_code": atelier.join_code,
        "version": atelier.version,
        "participants": participants_count(atelier),
        "steps": len(atelier.steps),
        "step": (
            step_view(atelier, atelier.current_step) if atelier.current_step is not None else None
        ),
        "threshold": atelier.threshold,
    }


def participant_view(participant: AtelierParticipant, atelier: Atelier) -> dict[str, Any]:
    """What a phone shows: the projected step (and its results, as projected), the
    participant's own answer to it, and on the wall the ideas with their own support."""
    view = {k: v for k, v in live(atelier).items() if k not in ("join_code",)}
    number = atelier.current_step
    if number is not None and view["step"] is not None:
        if atelier.steps[number]["kind"] == pure.WALL:
            view["step"]["ideas"] = [
                {k: v for k, v in i.items() if k != "posted_at"}
                for i in ideas(atelier, participant.id, step=number)[:200]
            ]
        mine = db.session.scalar(
            sa.select(AtelierAnswer)
            .where(AtelierAnswer.participant_id == participant.id)
            .where(AtelierAnswer.step == number)
            .where(AtelierAnswer.current.is_(True))
        )
        view["my_answer"] = {"id": mine.id, "value": mine.value} if mine else None
    view["participant"] = {
        "id": participant.id,
        "display_name": participant.display_name,
        "role": participant.role,
    }
    return view


def record(atelier: Atelier) -> dict[str, Any]:
    """The atelier's results, as kept when it ends: every question counted (with the
    disclosure rule), the ideas with their support, who attended by role."""
    roles = db.session.scalars(
        sa.select(AtelierParticipant.role).where(AtelierParticipant.atelier_id == atelier.id)
    )
    steps = []
    for number, step in enumerate(atelier.steps):
        item: dict[str, Any] = {"number": number, **step, "label": pure.STEP_LABELS[step["kind"]]}
        if step["kind"] in pure.QUESTIONS:
            item["results"] = pure.step_results(step, _values(atelier, number), atelier.threshold)
        elif step["kind"] == pure.WALL:
            item["ideas"] = [
                {"text": i["text"], "supports": i["supports"]} for i in ideas(atelier, step=number)
            ]
        steps.append(item)
    return {
        "id": str(atelier.id),
        "title": atelier.title,
        "held_on": atelier.held_on.isoformat(),
        "territory": {"code": atelier.territory.code, "name": atelier.territory.name},
        "threshold": atelier.threshold,
        "attendance": pure.attendance(roles, atelier.threshold),
        "steps": steps,
        "ended_at": atelier.ended_at.isoformat() if atelier.ended_at else None,
        "frozen": atelier.status == "termine",
    }


def current_record(atelier: Atelier) -> dict[str, Any]:
    return atelier.record if atelier.record is not None else record(atelier)


def ended_records(territory_ids: set[int], *, limit: int = 20) -> list[dict[str, Any]]:
    """The records of the ended ateliers held on these territories, oldest first."""
    rows = db.session.scalars(
        sa.select(Atelier.record)
        .where(Atelier.territory_id.in_(territory_ids))
        .where(Atelier.status == "termine")
        .order_by(Atelier.held_on.desc(), Atelier.ended_at.desc())
        .limit(limit)
    )
    return [r for r in rows if r][::-1]


def participations(user_id: uuid.UUID) -> list[AtelierParticipant]:
    return list(
        db.session.scalars(
            sa.select(AtelierParticipant).where(AtelierParticipant.user_id == user_id)
        )
    )


def contributions(participant_id: uuid.UUID) -> dict[str, list[dict[str, Any]]]:
    """A participation's answers and ideas (for the person's export)."""
    answers = db.session.scalars(
        sa.select(AtelierAnswer).where(AtelierAnswer.participant_id == participant_id)
    )
    posted = db.session.scalars(
        sa.select(AtelierIdea).where(AtelierIdea.participant_id == participant_id)
    )
    return {
        "answers": [
            {
                "id": str(a.id),
                "step": a.step,
                "value": a.value,
                "at": a.answered_at.isoformat(),
                "current": a.current,
            }
            for a in answers
        ],
        "ideas": [
            {"id": str(i.id), "step": i.step, "text": i.text, "at": i.posted_at.isoformat()}
            for i in posted
        ],
    }


def erase_for_rights(user_id: uuid.UUID, keep_contributions: bool) -> None:
    """``DELETE /me``: participations go with their answers and ideas, or are kept unlinked."""
    mine = sa.select(AtelierParticipant.id).where(AtelierParticipant.user_id == user_id)
    if keep_contributions:
        db.session.execute(
            sa.update(AtelierParticipant)
            .where(AtelierParticipant.user_id == user_id)
            .values(user_id=None, display_name=None)
        )
        return
    ids = list(db.session.scalars(mine))
    if not ids:
        return
    ideas_ids = sa.select(AtelierIdea.id).where(AtelierIdea.participant_id.in_(ids))
    db.session.execute(
        sa.delete(AtelierSupport).where(
            sa.or_(AtelierSupport.participant_id.in_(ids), AtelierSupport.idea_id.in_(ideas_ids))
        )
    )
    db.session.execute(sa.delete(AtelierIdea).where(AtelierIdea.participant_id.in_(ids)))
    db.session.execute(sa.delete(AtelierAnswer).where(AtelierAnswer.participant_id.in_(ids)))
    db.session.execute(sa.delete(AtelierParticipant).where(AtelierParticipant.id.in_(ids)))


def unlink_before(cutoff: dt.datetime) -> int:
    """Retention: participations older than ``cutoff`` lose their account and name (their
    answers stay, counted, with no link to anyone)."""
    return db.session.execute(
        sa.update(AtelierParticipant)
        .where(AtelierParticipant.joined_at < cutoff)
        .where(
            sa.or_(
                AtelierParticipant.user_id.is_not(None),
                AtelierParticipant.display_name.is_not(None),
            )
        )
        .values(user_id=None, display_name=None)
    ).rowcount
