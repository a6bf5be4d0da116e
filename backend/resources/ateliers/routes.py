"""Ateliers: organisers create and project them (live results by Server-Sent Events, or by
polling), analysts read them and their record; participants join with the code shown on the
screen and answer with a participation token (header ``X-Participation``)."""

from __future__ import annotations

import json
import threading
import time
from typing import Any

import flask
from flask.views import MethodView

from backend.extensions import Blueprint, db
from backend.extensions.auth import hash_token
from backend.extensions.context import current_scope
from backend.extensions.downloads import download, safe_filename
from backend.extensions.security import limiter
from backend.resources.ateliers.schemas import (
    RECORD_FORMATS,
    AnswerOutSchema,
    AtelierAnswerSchema,
    AtelierCreateSchema,
    AtelierIdeaSchema,
    AtelierJoinedSchema,
    AtelierJoinSchema,
    AtelierPatchSchema,
    AtelierQueryArgsSchema,
    AtelierSchema,
    BarometerArgsSchema,
    IdeaOutSchema,
    RecordArgsSchema,
    plain,
)
from backend.services import atelier_records, ateliers, audit
from backend.services.scope import Permission
from backend.services.themes import all_themes

blp = Blueprint("ateliers", __name__, description="Ateliers : diagnostics partagés en direct")
PARTICIPATION = [{"participationToken": []}]
HEADER = "X-Participation"


def _themes() -> list[str]:
    return [t["label"] for t in all_themes()]


def _settings() -> dict[str, Any]:
    return flask.current_app.config


@blp.route("/ateliers")
class Ateliers(MethodView):
    @blp.login_required(Permission.READ_ATELIERS)
    @blp.arguments(AtelierQueryArgsSchema(), location="query")
    @blp.response(200, AtelierSchema(many=True))
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, args):
        """Les ateliers de mes territoires (les plus récents d'abord)"""
        return ateliers.list_ateliers(current_scope(), args.get("territory"))

    @blp.login_required(Permission.RUN_ATELIERS)
    @blp.arguments(AtelierCreateSchema())
    @blp.response(201, AtelierSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
    @blp.limit_writes
    def post(self, body):
        """Préparer un atelier : un territoire, une date, une suite d'étapes"""
        atelier = ateliers.create_atelier(
            current_scope(),
            body,
            threshold=_settings()["ATELIER_THRESHOLD"],
            themes=_themes(),
        )
        db.session.commit()
        return atelier


@blp.route("/ateliers/<uuid:atelier_id>")
class AtelierById(MethodView):
    @blp.login_required(Permission.READ_ATELIERS)
    @blp.response(200, AtelierSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, atelier_id):
        """Un atelier, ses étapes et son code"""
        return ateliers.visible_atelier(current_scope(), atelier_id)

    @blp.login_required(Permission.RUN_ATELIERS)
    @blp.arguments(AtelierPatchSchema())
    @blp.response(200, AtelierSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT")
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
    @blp.limit_writes
    def patch(self, body, atelier_id):
        """Projeter une étape, commencer, terminer (les résultats sont alors figés)"""
        scope = current_scope()
        atelier = ateliers.visible_atelier(scope, atelier_id)
        ateliers.update_atelier(scope, atelier, body, themes=_themes())
        if body.get("status") == "termine":
            audit.record(
                scope,
                "atelier.end",
                target_type="atelier",
                target_id=atelier.id,
                territory=atelier.territory.code,
            )
        db.session.commit()
        return atelier


@blp.route("/ateliers/<uuid:atelier_id>/live")
class AtelierLive(MethodView):
    @blp.login_required(Permission.READ_ATELIERS)
    @blp.response(200)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, atelier_id):
        """Ce que l'écran projeté montre maintenant (à relire chaque seconde sans flux d'évènements)"""
        atelier = ateliers.visible_atelier(current_scope(), atelier_id)
        return plain(ateliers.live(atelier))


class Streams:
    """How many event streams this process holds: each holds a thread, so they are few."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.open = 0

    def take(self, limit: int) -> bool:
        with self.lock:
            if self.open >= limit:
                return False
            self.open += 1
            return True

    def give(self) -> None:
        with self.lock:
            self.open -= 1


STREAMS = Streams()
POLL_SECONDS = 0.2


def _event_stream(app: flask.Flask, atelier_id: Any, seconds: int) -> Any:
    """Server-Sent Events: the live view each time it changes, for ``seconds`` at most (the
    client reconnects); one small query every POLL_SECONDS, the connection given back between."""
    try:
        last: tuple[int, ...] | None = None
        deadline = time.monotonic() + seconds
        beat = time.monotonic()
        yield "retry: 500\n\n"
        while time.monotonic() < deadline:
            with app.app_context():
                current = ateliers.signature(atelier_id)
                if current != last:
                    atelier = db.session.get(ateliers.Atelier, atelier_id)
                    if atelier is None:
                        return
                    data = json.dumps(plain(ateliers.live(atelier)), ensure_ascii=False)
                    last = current
                    yield f"event: live\ndata: {data}\n\n"
                    beat = time.monotonic()
                db.session.remove()
            if time.monotonic() - beat > 10:
                yield ": toujours là\n\n"
                beat = time.monotonic()
            time.sleep(POLL_SECONDS)
        yield "event: fin\ndata: {}\n\n"
    finally:
        STREAMS.give()


@blp.route("/ateliers/<uuid:atelier_id>/events")
class AtelierEvents(MethodView):
    @blp.login_required(Permission.READ_ATELIERS)
    @blp.response(200, content_type="text/event-stream", description="Flux d'évènements")
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(429, response="TOO_MANY_REQUESTS", description="Trop de flux : relire /live")
    def get(self, atelier_id):
        """Le direct de l'écran projeté (Server-Sent Events, borné dans le temps ; au-delà du nombre de flux, 429 : relire /live)"""
        ateliers.visible_atelier(current_scope(), atelier_id)
        db.session.remove()
        settings = _settings()
        if not STREAMS.take(settings["ATELIER_MAX_STREAMS"]):
            return flask.jsonify(
                code=429,
                status="Too Many Requests",
                message="Trop d'écrans en direct : l'écran se met à jour chaque seconde.",
            ), 429
        app = flask.current_app._get_current_object()  # type: ignore[attr-defined]
        response = flask.Response(
            _event_stream(app, atelier_id, settings["ATELIER_STREAM_SECONDS"]),
            mimetype="text/event-stream",
        )
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Accel-Buffering"] = "no"  # nginx: pass each event at once
        return response


@blp.route("/ateliers/<uuid:atelier_id>/record")
class AtelierRecord(MethodView):
    @blp.login_required(Permission.READ_ATELIERS)
    @blp.arguments(RecordArgsSchema(), location="query")
    @blp.response(200, description="Le compte rendu : JSON, CSV, XLSX ou PDF")
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, args, atelier_id):
        """Le compte rendu de l'atelier : réponses comptées, idées et leurs soutiens, présents par rôle"""
        atelier = ateliers.visible_atelier(current_scope(), atelier_id)
        content = ateliers.current_record(atelier)
        fmt = args["format"]
        body = atelier_records.render(content, fmt)
        name = safe_filename(f"atelier-{atelier.territory.code}-{atelier.held_on}", fmt)
        return download(body, RECORD_FORMATS[fmt], name, inline=fmt == "json")


@blp.route("/ateliers/barometer")
class Barometer(MethodView):
    @blp.login_required(Permission.READ_ATELIERS)
    @blp.arguments(BarometerArgsSchema(), location="query")
    @blp.response(200)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, args):
        """Le baromètre des coopérations : les ateliers terminés du territoire, du plus ancien au plus récent"""
        return atelier_records.barometer(current_scope(), args["territory"])


# --- participants ---------------------------------------------------------------------------
def _token() -> str:
    return flask.request.headers.get(HEADER, "")[:200]


def _participant_key() -> str:
    return "atelier:" + hash_token(_token())


def limit_participant(func: Any) -> Any:
    return limiter.limit(
        lambda: flask.current_app.config["RATE_LIMIT_ATELIER_WRITE"], key_func=_participant_key
    )(func)


def limit_atelier_join(func: Any) -> Any:
    return limiter.limit(lambda: flask.current_app.config["RATE_LIMIT_ATELIER_JOIN"])(func)


@blp.route("/ateliers/join")
class Join(MethodView):
    @blp.arguments(AtelierJoinSchema())
    @blp.response(201, AtelierJoinedSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT", description="Atelier terminé ou complet")
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
    @blp.alt_response(429, response="TOO_MANY_REQUESTS")
    @limit_atelier_join
    def post(self, body):
        """Rejoindre un atelier avec son code, sans compte (ou avec son compte Veilleurs : en-tête Authorization facultatif)"""
        user_id = current_scope().user_id if flask.request.headers.get("Authorization") else None
        participant, token = ateliers.join(
            body["code"],
            display_name=body.get("display_name"),
            role=body.get("role"),
            user_id=user_id,
        )
        atelier = db.session.get(ateliers.Atelier, participant.atelier_id)
        view = plain(ateliers.participant_view(participant, atelier))
        db.session.commit()
        return {"token": token, "atelier": view}, 201


def _participant() -> tuple[Any, Any]:
    return ateliers.participant_for(_token())


@blp.route("/ateliers/participation")
class Participation(MethodView):
    @blp.response(200)
    @blp.alt_response(401, response="UNAUTHORIZED")
    @blp.doc(security=PARTICIPATION)
    @blp.alt_response(304, description="Rien n'a changé depuis l'ETag envoyé (If-None-Match)")
    def get(self):
        """Ce qui est projeté maintenant et ma réponse à cette étape (ETag : un téléphone qui relit sans changement reçoit 304)"""
        participant, atelier = _participant()
        # Two small queries when nothing changed: what a room of phones polling costs.
        tag = hash_token(f"{participant.id}:{ateliers.signature(atelier.id)}")[:32]
        if flask.request.if_none_match.contains(tag):
            return flask.Response(status=304, headers={"ETag": f'"{tag}"'})
        response = flask.jsonify(plain(ateliers.participant_view(participant, atelier)))
        response.set_etag(tag)
        response.headers["Cache-Control"] = "no-cache"
        return response


@blp.route("/ateliers/participation/answers")
class Answers(MethodView):
    @blp.arguments(AtelierAnswerSchema())
    @blp.response(201, AnswerOutSchema)
    @blp.alt_response(200, schema=AnswerOutSchema, description="Déjà reçue", success=True)
    @blp.alt_response(401, response="UNAUTHORIZED")
    @blp.alt_response(409, response="CONFLICT")
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
    @blp.alt_response(429, response="TOO_MANY_REQUESTS")
    @blp.doc(security=PARTICIPATION)
    @limit_participant
    def post(self, body):
        """Répondre à une étape (renvoyer le même identifiant ne compte pas deux fois ; une nouvelle réponse remplace la mienne)"""
        participant, atelier = _participant()
        row, created = ateliers.answer(participant, atelier, body)
        db.session.commit()
        return row, 201 if created else 200


@blp.route("/ateliers/participation/ideas")
class Ideas(MethodView):
    @blp.arguments(AtelierIdeaSchema())
    @blp.response(201, IdeaOutSchema)
    @blp.alt_response(200, schema=IdeaOutSchema, description="Déjà reçue", success=True)
    @blp.alt_response(401, response="UNAUTHORIZED")
    @blp.alt_response(409, response="CONFLICT")
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
    @blp.alt_response(429, response="TOO_MANY_REQUESTS")
    @blp.doc(security=PARTICIPATION)
    @limit_participant
    def post(self, body):
        """Poser un « pas de côté » sur le mur"""
        participant, atelier = _participant()
        idea, created = ateliers.post_idea(participant, atelier, body)
        db.session.commit()
        return idea, 201 if created else 200


@blp.route("/ateliers/participation/ideas/<uuid:idea_id>/support")
class Support(MethodView):
    @blp.response(204)
    @blp.alt_response(401, response="UNAUTHORIZED")
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT")
    @blp.alt_response(429, response="TOO_MANY_REQUESTS")
    @blp.doc(security=PARTICIPATION)
    @limit_participant
    def put(self, idea_id):
        """Soutenir une idée (une fois par personne)"""
        participant, atelier = _participant()
        ateliers.support(participant, atelier, idea_id)
        db.session.commit()

    @blp.response(204)
    @blp.alt_response(401, response="UNAUTHORIZED")
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT")
    @blp.alt_response(429, response="TOO_MANY_REQUESTS")
    @blp.doc(security=PARTICIPATION)
    @limit_participant
    def delete(self, idea_id):
        """Retirer mon soutien"""
        participant, atelier = _participant()
        ateliers.support(participant, atelier, idea_id, on=False)
        db.session.commit()
