"""Syntheses: the current one computed on request, issued (frozen) ones created and re-opened.

``GET /syntheses?territory=…&format=…`` computes the synthesis as the data stands now — a
working version, marked as such, stored nowhere. ``POST /syntheses`` freezes one (201);
``GET /syntheses/issued?territory=…`` lists the frozen ones; ``GET /syntheses/{id}?format=…``
re-opens one exactly as issued.
"""

from __future__ import annotations

import flask
from flask.views import MethodView

from backend.extensions import Blueprint, db
from backend.extensions.api import file_contents
from backend.extensions.context import current_scope, disclosure_rules
from backend.extensions.downloads import download
from backend.resources.syntheses.schemas import (
    IssuedQueryArgsSchema,
    IssuedSynthesisSchema,
    SynthesisFormatArgsSchema,
    SynthesisQueryArgsSchema,
    SynthesisRequestSchema,
)
from backend.services import syntheses
from backend.services.scope import Permission

blp = Blueprint("syntheses", __name__, url_prefix="/syntheses", description="Synthèses")
DOCUMENT = file_contents({"type": "object"}, "text/html", "application/pdf", "text/csv")


def document(content: dict, fmt: str) -> flask.Response:
    return download(
        syntheses.render(content, fmt),
        syntheses.FORMATS[fmt],
        syntheses.filename(content, fmt),
        inline=fmt in ("json", "html"),
    )


@blp.route("")
class Syntheses(MethodView):
    @blp.login_required(Permission.SYNTHESISE)
    @blp.arguments(SynthesisQueryArgsSchema(), location="query")
    @blp.response(200, description="La synthèse, dans le format demandé")
    @blp.doc(responses={"200": DOCUMENT})
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, args):
        """La synthèse d'un territoire × thème × période telle qu'elle est maintenant (version de travail)"""
        fmt = args.pop("format")
        content, _ = syntheses.build(
            current_scope(), syntheses.SynthesisRequest(**args), disclosure_rules()
        )
        return document(content, fmt)

    @blp.login_required(Permission.SYNTHESISE)
    @blp.limit_writes
    @blp.arguments(SynthesisRequestSchema())
    @blp.response(201, IssuedSynthesisSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def post(self, body):
        """Figer la synthèse telle qu'elle est maintenant : elle se rouvrira à l'identique"""
        synthesis = syntheses.issue(
            current_scope(), syntheses.SynthesisRequest(**body), disclosure_rules()
        )
        db.session.commit()
        return synthesis


@blp.route("/issued")
class IssuedSyntheses(MethodView):
    @blp.login_required(Permission.SYNTHESISE)
    @blp.arguments(IssuedQueryArgsSchema(), location="query")
    @blp.response(200, IssuedSynthesisSchema(many=True))
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, args):
        """Les synthèses figées d'un territoire, les plus récentes d'abord"""
        return syntheses.list_issued(current_scope(), args["territory"])


@blp.route("/<uuid:synthesis_id>")
class SynthesisById(MethodView):
    @blp.login_required(Permission.SYNTHESISE)
    @blp.arguments(SynthesisFormatArgsSchema(), location="query")
    @blp.response(200, description="La synthèse figée, dans le format demandé")
    @blp.doc(responses={"200": DOCUMENT})
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, args, synthesis_id):
        """Rouvrir une synthèse figée (mêmes chiffres ; mise en page des gabarits actuels)"""
        synthesis = syntheses.get_issued(current_scope(), synthesis_id)
        return document(synthesis.content, args["format"])
