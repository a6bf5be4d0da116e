"""Surveys: publish a form (JSON definition, XLSForm file or built-in template), read a version."""

from __future__ import annotations

import dataclasses
from typing import Any, NoReturn

import flask
from flask.views import MethodView
from flask_smorest import abort

import surveys
from backend.extensions import Blueprint, db
from backend.extensions.api import JSONBodyError, parse_json_body
from backend.extensions.context import current_scope
from backend.extensions.database import end_transaction
from backend.resources.surveys.schemas import (
    UPLOAD_BODY,
    SurveyListItemSchema,
    SurveyQueryArgsSchema,
    SurveySchema,
    TemplateDetailSchema,
    TemplateSchema,
)
from backend.services import NotFound
from backend.services import surveys as service
from backend.services.scope import Permission

blp = Blueprint("surveys", __name__, url_prefix="/surveys", description="Enquêtes")


def refuse_form(error: surveys.InvalidSurveyError, location: str) -> NoReturn:
    """422 naming every error's sheet, row and column (413 past a size bound); ``issues``
    holds them as data."""
    field = "file" if location == "files" else "_schema"
    messages = [found.message for found in error.issues if found.severity == "error"]
    abort(
        413 if isinstance(error, surveys.SurveyTooLargeError) else 422,
        message=str(error),
        errors={location: {field: messages}, "issues": [i.to_dict() for i in error.issues]},
    )
    raise AssertionError("abort raises")


def json_definition() -> dict[str, Any]:
    request = flask.request
    if not request.is_json:
        abort(
            415,
            message="Envoyez une définition en JSON, ou un fichier XLSForm en multipart "
            "(champ « file »).",
        )
    try:
        data = parse_json_body(request.get_data(cache=True))
    except JSONBodyError as exc:
        abort(400, message=str(exc), errors={"json": [str(exc)]})
    if not isinstance(data, dict):
        message = "Une définition d'enquête (un objet JSON) est attendue."
        abort(422, message=message, errors={"json": {"_schema": [message]}})
    return data


@blp.route("")
class Surveys(MethodView):
    @blp.login_required()
    @blp.arguments(SurveyQueryArgsSchema(), location="query")
    @blp.response(200, SurveyListItemSchema(many=True))
    def get(self, args):
        """Les formulaires publiés (la dernière version de chacun, ou toutes)"""
        return service.list_surveys(current_scope(), args.get("form_id"), args["versions"] == "all")

    @blp.login_required(Permission.PUBLISH_SURVEYS)
    @blp.doc(requestBody=UPLOAD_BODY)
    @blp.response(201, SurveySchema)
    @blp.alt_response(
        200,
        schema=SurveySchema,
        description="Formulaire inchangé : la version publiée",
        success=True,
    )
    @blp.alt_response(413, response="REQUEST_ENTITY_TOO_LARGE")
    @blp.alt_response(415, response="UNSUPPORTED_MEDIA_TYPE")
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
    @blp.limit_writes
    def post(self):
        """Publier un formulaire : définition JSON, ou fichier XLSForm (multipart, champ `file`)"""
        # The form is read and checked before the database is touched: a large file holds no
        # lock while it is parsed (residents' reports go on being stored meanwhile).
        end_transaction()
        if flask.request.mimetype == "multipart/form-data":
            upload = flask.request.files.get("file")
            if upload is None:
                abort(422, errors={"files": {"file": ["Ce champ est obligatoire."]}})
            location = "files"
            try:
                result = service.read_xlsform(upload.read(), upload.filename)
            except surveys.InvalidSurveyError as error:
                refuse_form(error, location)
            definition, warnings = result.definition, result.warnings
        else:
            location = "json"
            try:
                data = json_definition()
                surveys.check_definition_size(data)  # before the schema reads it all
                definition, warnings = surveys.load_definition(data), []
            except surveys.InvalidSurveyError as error:
                refuse_form(error, location)
        try:
            survey, created = service.publish(current_scope(), definition, warnings)
        except surveys.InvalidSurveyError as error:
            refuse_form(error, location)
        db.session.commit()
        return survey, 201 if created else 200


@blp.route("/<uuid:survey_id>")
class SurveyById(MethodView):
    @blp.login_required()
    @blp.response(200, SurveySchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, survey_id):
        """Une version d'enquête, avec sa définition normalisée (ce que l'app affiche)"""
        return service.visible_survey(current_scope(), survey_id)


@blp.route("/templates")
class Templates(MethodView):
    @blp.login_required()
    @blp.response(200, TemplateSchema(many=True))
    def get(self):
        """Les modèles d'enquête fournis (en français)"""
        return service.template_list()


@blp.route("/templates/<string:name>")
class TemplateByName(MethodView):
    @blp.login_required()
    @blp.response(200, TemplateDetailSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, name):
        """Un modèle : sa définition et son XLSForm (tableau Markdown) à adapter"""
        template = next((t for t in service.template_list() if t.name == name), None)
        if template is None:
            raise NotFound(f"Modèle d'enquête inconnu : « {name} ».")
        return {
            **dataclasses.asdict(template),
            "definition": surveys.templates.load(name),
            "xlsform": surveys.templates.source(name),
        }

    @blp.login_required(Permission.PUBLISH_SURVEYS)
    @blp.response(201, SurveySchema)
    @blp.alt_response(
        200,
        schema=SurveySchema,
        description="Déjà publié, inchangé : la version publiée",
        success=True,
    )
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.limit_writes
    def post(self, name):
        """Publier un modèle fourni en un appel"""
        survey, created = service.publish_template(current_scope(), name)
        db.session.commit()
        return survey, 201 if created else 200
