"""The domain's tables (SQLAlchemy 2 typed models). Alembic migrations are the only way they are made."""

from backend.models.accounts import (
    Consent,
    Invite,
    LoginThrottle,
    RefreshToken,
    User,
    user_territory,
)
from backend.models.analyses import AnalysisJob
from backend.models.ateliers import (
    Atelier,
    AtelierAnswer,
    AtelierIdea,
    AtelierParticipant,
    AtelierSupport,
)
from backend.models.audit import AuditEvent
from backend.models.indicators import IndicatorValue
from backend.models.observations import FollowUp, Observation, Photo, Theme
from backend.models.openrosa import AppUser, CampaignMedia, ReceivedInstance, ResponseAttachment
from backend.models.streets import StreetPoint
from backend.models.surveys import Campaign, Survey, SurveyForm, SurveyResponse
from backend.models.syntheses import Synthesis
from backend.models.territories import Territory
from backend.models.webhooks import ApiKey, OutboxEvent, WebhookDelivery, WebhookSubscription

__all__ = [
    "AnalysisJob",
    "ApiKey",
    "AppUser",
    "Atelier",
    "AtelierAnswer",
    "AtelierIdea",
    "AtelierParticipant",
    "AtelierSupport",
    "AuditEvent",
    "Campaign",
    "CampaignMedia",
    "Consent",
    "FollowUp",
    "IndicatorValue",
    "Invite",
    "LoginThrottle",
    "Observation",
    "OutboxEvent",
    "Photo",
    "ReceivedInstance",
    "RefreshToken",
    "ResponseAttachment",
    "StreetPoint",
    "Survey",
    "SurveyForm",
    "SurveyResponse",
    "Synthesis",
    "Territory",
    "Theme",
    "User",
    "WebhookDelivery",
    "WebhookSubscription",
    "user_territory",
]
