"""ODK Collect and Enketo (the OpenRosa protocol): app users per campaign, the form list, the
XForm and its manifest, and submissions.

**App users** are like ODK Central's: an organiser creates one for a campaign and a territory
of it; its token is shown once (with Collect's settings QR) and only its hash is kept; revoked,
it is refused at once. A phone authenticates with HTTP Basic (over HTTPS): the app user's name
and its token.

**Submissions** are answers of the campaign like any other (same table, exports, disclosure),
filed under the app user's territory, with no account as respondent. The response's id comes
from the instance's ``instanceID`` (in the campaign), so a phone's retry is recognised: same
``instanceID`` and same XML → acknowledged again; same ``instanceID``, other XML → conflict.
What the phone sent is kept as it came (a lenient validation: a phone cannot be asked to fix
an answer its form already accepted); every problem becomes a note stored with the response.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import hashlib
import json
import secrets
import uuid
import zlib
from typing import Any
from urllib.parse import quote
from xml.sax.saxutils import escape

import sqlalchemy as sa

import surveys
from backend.extensions.database import db
from backend.models import (
    AppUser,
    Campaign,
    CampaignMedia,
    ReceivedInstance,
    ResponseAttachment,
    Survey,
    SurveyResponse,
    Territory,
)
from backend.services import Conflict, Invalid, NotFound, audit, campaigns, photos
from backend.services.media import MediaStore
from backend.services.photos import PhotoSettings
from backend.services.responses import prepared
from backend.services.scope import Scope
from backend.services.surveys import insert_new
from surveys.instance import Instance, InstanceError, read_instance
from surveys.xform import to_xform

MAX_APP_USERS = 200  # per campaign
MAX_ATTACHMENTS = 30  # per submission
CREATED, DUPLICATE = "created", "duplicate"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# --- App users ---------------------------------------------------------------------------


def create_app_user(
    scope: Scope, campaign: Campaign, name: str, territory_code: str | None
) -> tuple[AppUser, str]:
    """A new app user of the campaign and its token (shown once, never stored)."""
    campaigns.check_manages(scope, campaign.territories)
    count = db.session.scalar(sa.select(sa.func.count()).where(AppUser.campaign_id == campaign.id))
    if (count or 0) >= MAX_APP_USERS:
        raise Invalid(f"Une campagne a au plus {MAX_APP_USERS} accès ODK Collect.")
    territory = filing_territory(scope, campaign, territory_code)
    token = secrets.token_urlsafe(32)
    app_user = AppUser(
        campaign_id=campaign.id,
        name=name,
        territory_id=territory.id,
        token_hash=token_hash(token),
        created_by_id=scope.user_id,
        created_at=campaigns.now(),
    )
    db.session.add(app_user)
    db.session.flush()
    audit.record(
        scope,
        "campaign.app_user.create",
        target_type="campaign",
        target_id=campaign.id,
        territory=territory.code,
        app_user=str(app_user.id),
    )
    return app_user, token


def filing_territory(scope: Scope, campaign: Campaign, code: str | None) -> Territory:
    """Where an app user's (or an import's) answers are filed: one of the campaign's territories or one below,
    that the organiser sees (by default, the campaign's first one they see)."""
    allowed = {t.id for t in campaign.territories}
    if code is None:
        mine = [t for t in campaign.territories if scope.sees_territory(t.id)]
        if not mine:
            raise Invalid("Choisissez le territoire des réponses.", {"territory": ["Requis."]})
        return mine[0]
    territory = db.session.scalar(sa.select(Territory).where(Territory.code == code))
    if territory is None or not scope.sees_territory(territory.id):
        message = f"Territoire inconnu ou hors de vos territoires : {code}."
        raise Invalid(message, {"territory": [message]})
    from backend.services.scope import ancestor_ids

    if not ancestor_ids({territory.id}) & allowed and territory.id not in allowed:
        message = f"Le territoire {code} n'est pas dans la campagne."
        raise Invalid(message, {"territory": [message]})
    return territory


def app_users(campaign: Campaign) -> list[AppUser]:
    return list(
        db.session.scalars(
            sa.select(AppUser)
            .where(AppUser.campaign_id == campaign.id)
            .order_by(AppUser.created_at, AppUser.id)
        )
    )


def app_user_of(campaign: Campaign, app_user_id: uuid.UUID) -> AppUser:
    app_user = db.session.get(AppUser, app_user_id)
    if app_user is None or app_user.campaign_id != campaign.id:
        raise NotFound("Accès ODK Collect introuvable.")
    return app_user


def revoke(scope: Scope, campaign: Campaign, app_user: AppUser) -> AppUser:
    campaigns.check_manages(scope, campaign.territories)
    if app_user.revoked_at is None:
        app_user.revoked_at = campaigns.now()
        audit.record(
            scope,
            "campaign.app_user.revoke",
            target_type="campaign",
            target_id=campaign.id,
            app_user=str(app_user.id),
        )
    return app_user


def login_name(app_user: AppUser) -> str:
    """The user name Collect sends: stable, and never a person's name."""
    return f"collecte-{str(app_user.id)[:8]}"


def authenticate(username: str, password: str) -> AppUser | None:
    """The app user of these credentials if it may still send answers."""
    if not password or len(password) > 200:
        return None
    app_user = db.session.scalar(
        sa.select(AppUser).where(AppUser.token_hash == token_hash(password))
    )
    if app_user is None or app_user.revoked_at is not None:
        return None
    if not secrets.compare_digest(login_name(app_user), username):
        return None
    return app_user


def collect_settings(server_url: str, app_user: AppUser, token: str, project: str) -> str:
    """ODK Collect's settings QR payload: its JSON, zlib-compressed, in base64."""
    settings = {
        "general": {
            "server_url": server_url,
            "username": login_name(app_user),
            "password": token,
            "form_update_mode": "match_exactly",
            "autosend": "wifi_and_cellular",
        },
        "admin": {},
        "project": {"name": project[:100], "icon": "V", "color": "#1b5e20"},
    }
    raw = json.dumps(settings, ensure_ascii=False, separators=(",", ":")).encode()
    return base64.b64encode(zlib.compress(raw)).decode()


# --- Forms -------------------------------------------------------------------------------


_XFORMS: dict[uuid.UUID, str] = {}  # a published version never changes
MAX_CACHED_XFORMS = 64


def xform(survey: Survey) -> str:
    """pyxform's XForm of a form version (its version: ours, which only grows), made once per
    process."""
    text = _XFORMS.get(survey.id)
    if text is None:
        text = to_xform(survey.definition, version=str(survey.version))
        if len(_XFORMS) >= MAX_CACHED_XFORMS:
            _XFORMS.clear()
        _XFORMS[survey.id] = text
    return text


def xform_hash(text: str) -> str:
    return "md5:" + hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def form_list(campaign: Campaign, base_url: str) -> str:
    """The OpenRosa form list: the campaign's form, while it takes answers."""
    forms = []
    text: str | None = None
    survey = campaign.survey
    if campaigns.status(campaign) in (campaigns.OPEN, campaigns.ENDED):
        try:
            text = xform(survey)
        except surveys.InvalidSurveyError:
            text = None  # pyxform cannot write it: listed nowhere (the XForm says why)
    if text is not None:
        forms.append(
            "<xform>"
            f"<formID>{escape(survey.form_id)}</formID>"
            f"<name>{escape(campaign.title)}</name>"
            f"<version>{survey.version}</version>"
            f"<hash>{xform_hash(text)}</hash>"
            f"<downloadUrl>{escape(base_url)}/forms/{campaign.id}.xml</downloadUrl>"
            f"<manifestUrl>{escape(base_url)}/forms/{campaign.id}/manifest</manifestUrl>"
            "</xform>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<xforms xmlns="http://openrosa.org/xforms/xformsList">' + "".join(forms) + "</xforms>"
    )


MEDIA_SUFFIXES = (".csv", ".xml", ".geojson")
MAX_MEDIA_FILES = 20


def media_key(media: CampaignMedia) -> str:
    return f"form-media-{media.id}"


def campaign_media(campaign: Campaign) -> list[CampaignMedia]:
    return list(
        db.session.scalars(
            sa.select(CampaignMedia)
            .where(CampaignMedia.campaign_id == campaign.id)
            .order_by(CampaignMedia.name)
        )
    )


def media_named(campaign: Campaign, name: str) -> CampaignMedia:
    found = db.session.scalar(
        sa.select(CampaignMedia).where(
            CampaignMedia.campaign_id == campaign.id, CampaignMedia.name == name
        )
    )
    if found is None:
        raise NotFound("Fichier introuvable.")
    return found


def attach_media(
    scope: Scope, campaign: Campaign, name: str, data: bytes, store_: MediaStore
) -> CampaignMedia:
    """Attach (or replace) a file of the form: the CSV, GeoJSON or XML that a
    ``select_one_from_file`` reads, by the name the form gives it."""
    campaigns.check_manages(scope, campaign.territories)
    if (
        not name
        or "/" in name
        or "\\" in name
        or name.startswith(".")
        or len(name) > 255
        or not name.lower().endswith(MEDIA_SUFFIXES)
    ):
        message = "Nom de fichier attendu : celui du formulaire, en .csv, .geojson ou .xml."
        raise Invalid(message, {"file": [message]})
    if not data:
        raise Invalid("Le fichier est vide.", {"file": ["Fichier vide."]})
    existing = db.session.scalar(
        sa.select(CampaignMedia).where(
            CampaignMedia.campaign_id == campaign.id, CampaignMedia.name == name
        )
    )
    if existing is None:
        if len(campaign_media(campaign)) >= MAX_MEDIA_FILES:
            raise Invalid(f"Au plus {MAX_MEDIA_FILES} fichiers par formulaire.")
        existing = CampaignMedia(id=uuid.uuid4(), campaign_id=campaign.id, name=name)
        db.session.add(existing)
    existing.size = len(data)
    existing.md5 = hashlib.md5(data, usedforsecurity=False).hexdigest()
    existing.created_at = campaigns.now()
    store_.save(media_key(existing), data)
    db.session.flush()
    audit.record(scope, "campaign.media", target_type="campaign", target_id=campaign.id, file=name)
    return existing


def manifest(campaign: Campaign, base_url: str) -> str:
    """The form's media files, with their md5 (Collect downloads those it lacks)."""
    files = "".join(
        "<mediaFile>"
        f"<filename>{escape(media.name)}</filename>"
        f"<hash>md5:{media.md5}</hash>"
        f"<downloadUrl>{escape(base_url)}/forms/{campaign.id}/media/"
        f"{escape(quote(media.name))}</downloadUrl>"
        "</mediaFile>"
        for media in campaign_media(campaign)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest xmlns="http://openrosa.org/xforms/xformsManifest">' + files + "</manifest>"
    )


def openrosa_message(text: str, nature: str = "") -> str:
    nature_attr = f' nature="{escape(nature)}"' if nature else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<OpenRosaResponse xmlns="http://openrosa.org/http/response">'
        f"<message{nature_attr}>{escape(text)}</message></OpenRosaResponse>"
    )


# --- Submissions -------------------------------------------------------------------------


def response_id(campaign: Campaign, instance_id: str) -> uuid.UUID:
    """The response's id: the same ``instanceID`` in the same campaign is the same response."""
    return uuid.uuid5(campaign.id, instance_id)


def _version(campaign: Campaign, instance: Instance) -> Survey:
    """The form version the phone filled (a campaign moved to a newer one still reads it)."""
    current = campaign.survey
    if instance.form_id != current.form_id:
        raise InstanceError(
            f"Cette soumission vient du formulaire « {instance.form_id} », pas de celui de la "
            f"campagne (« {current.form_id} »)."
        )
    if instance.version in (None, "", str(current.version)):
        return current
    try:
        number = int(str(instance.version))
    except ValueError:
        return current
    older = db.session.scalar(
        sa.select(Survey).where(
            Survey.survey_form_id == current.survey_form_id, Survey.version == number
        )
    )
    return older or current


def _moment(answers: dict[str, Any], survey: Survey, received_at: dt.datetime) -> dt.datetime:
    """When the answers were made: the form's ``end`` (or ``start``), else on arrival."""
    for metadata in ("end", "start"):
        for node in survey.definition.get("children", []):
            if node.get("type") == "metadata" and node.get("metadata") == metadata:
                text = answers.get(node["name"])
                try:
                    moment = dt.datetime.fromisoformat(str(text))
                except ValueError:
                    continue
                if moment.tzinfo is not None:
                    return moment
    return received_at


def receive(
    app_user: AppUser, xml: bytes, files: dict[str, bytes], photo_settings: PhotoSettings
) -> tuple[str, SurveyResponse]:
    """Judge and store one submission: (created | duplicate, the response).

    Raises :class:`InstanceError` (unreadable), :class:`Invalid` (period), :class:`Conflict`
    (same instanceID, other content)."""
    campaign = db.session.get(Campaign, app_user.campaign_id)
    assert campaign is not None
    if len(files) > MAX_ATTACHMENTS:
        raise InstanceError(f"Au plus {MAX_ATTACHMENTS} fichiers par soumission.")
    instance = read_instance(xml, prepared(campaign.survey))
    survey = _version(campaign, instance)
    if survey.id != campaign.survey.id:
        instance = read_instance(xml, prepared(survey))
    key = response_id(campaign, instance.instance_id)
    digest = hashlib.sha256(xml).hexdigest()
    stored = db.session.get(SurveyResponse, key)
    if stored is not None:
        if stored.content_hash != digest or stored.campaign_id != campaign.id:
            raise Conflict(
                "Une autre soumission porte déjà cet identifiant (instanceID) avec un autre "
                "contenu."
            )
        _attach(stored.id, instance.attachments, files, photo_settings)  # Collect splits big ones
        return DUPLICATE, stored
    received_at = campaigns.now()
    moment = _moment(instance.answers, survey, received_at)
    campaigns.check_period(campaign, min(moment, received_at), received_at)
    stored_new = store(
        campaign,
        survey,
        Incoming(key, instance.instance_id, instance.answers, moment, digest),
        territory_id=app_user.territory_id,
        app_user_id=app_user.id,
        source="openrosa",
        files=files,
        photo_settings=photo_settings,
    )
    if stored_new is None:  # the same instance racing itself
        raise Conflict("Une autre soumission porte déjà cet identifiant (instanceID).")
    app_user.last_used_at = received_at
    return CREATED, stored_new


@dataclasses.dataclass
class Incoming:
    """A submission to store: its response id, instanceID, answers as sent, moment, hash."""

    key: uuid.UUID
    instance_id: str
    answers: dict[str, Any]
    moment: dt.datetime
    digest: str


def store(
    campaign: Campaign,
    survey: Survey,
    incoming: Incoming,
    *,
    territory_id: int,
    app_user_id: uuid.UUID | None,
    source: str,
    files: dict[str, bytes],
    photo_settings: PhotoSettings,
    notes: list[dict[str, Any]] | None = None,
) -> SurveyResponse | None:
    """Store one submission as it came (a lenient validation: every answer kept, each problem
    a note) with its photos; None if its id was taken meanwhile."""
    prepared_survey = prepared(survey)
    moment = incoming.moment
    result = surveys.validate_response(
        prepared_survey, incoming.answers, clock=lambda: moment, mode="lenient"
    )
    values = {
        "id": incoming.key,
        "campaign_id": campaign.id,
        "survey_id": survey.id,
        "respondent_id": None,
        "territory_id": territory_id,
        "geom": None,
        "answers": result.answers,
        "calculated": result.calculated,
        "submitted_at": moment,
        "received_at": campaigns.now(),
        "content_hash": incoming.digest,
    }
    if insert_new(SurveyResponse.__table__, values, ("id",)) is None:
        return None
    names = image_names(prepared_survey, incoming.answers)
    issues = [note.to_dict() for note in result.notes] + (notes or [])
    issues += _attach(incoming.key, names, files, photo_settings)
    db.session.add(
        ReceivedInstance(
            response_id=incoming.key,
            instance_id=incoming.instance_id,
            app_user_id=app_user_id,
            source=source,
            issues=issues,
            received_at=values["received_at"],
        )
    )
    db.session.flush()
    response = db.session.get(SurveyResponse, incoming.key)
    assert response is not None
    return response


def image_names(survey: surveys.PreparedSurvey, answers: dict[str, Any]) -> list[str]:
    """The file names that photo questions hold, in repeats too."""
    names = []
    for key, value in answers.items():
        if isinstance(value, list):
            for row in value:
                if isinstance(row, dict):
                    names += image_names(survey, row)
            continue
        spec = survey.by_key.get(key)
        if spec is not None and spec.type == "image" and isinstance(value, str) and value:
            names.append(value)
    return names


def _attach(
    response_id: uuid.UUID,
    names: list[str],
    files: dict[str, bytes],
    photo_settings: PhotoSettings,
) -> list[dict[str, Any]]:
    """The photos the answers name, re-encoded without metadata; other files are not kept.
    Returns notes for those that are not photos (the answer itself is kept)."""
    have = set(
        db.session.scalars(
            sa.select(ResponseAttachment.name).where(ResponseAttachment.response_id == response_id)
        )
    )
    notes = []
    for name in names:
        data = files.get(name)
        if data is None or name in have:
            continue
        try:
            clean = photos.clean_photo(data, photo_settings)
        except Invalid as error:
            notes.append({"question": name, "code": "attachment", "message": str(error)})
            continue
        attachment = ResponseAttachment(
            id=uuid.uuid4(),
            response_id=response_id,
            name=name[:255],
            size=len(clean.full),
            created_at=campaigns.now(),
        )
        media = photo_settings.store()
        media.save(photos.photo_key(attachment.id), clean.full)
        media.save(photos.photo_key(attachment.id, "thumb"), clean.thumb)
        db.session.add(attachment)
        have.add(name)
    db.session.flush()
    return notes


def attachment_of(
    campaign: Campaign, territories: frozenset[int] | None, response_id: uuid.UUID, name: str
) -> ResponseAttachment:
    """A photo sent with a response the reader may read (filed under ``territories``; None:
    all); otherwise 404."""
    response = db.session.get(SurveyResponse, response_id)
    found = db.session.scalar(
        sa.select(ResponseAttachment).where(
            ResponseAttachment.response_id == response_id, ResponseAttachment.name == name
        )
    )
    if (
        response is None
        or found is None
        or response.campaign_id != campaign.id
        or (territories is not None and response.territory_id not in territories)
    ):
        raise NotFound("Photo introuvable.")
    return found


def notes_of(response_id: uuid.UUID) -> list[dict[str, Any]]:
    received = db.session.get(ReceivedInstance, response_id)
    return list(received.issues) if received is not None else []
