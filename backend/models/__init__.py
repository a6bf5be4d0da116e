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
from backend.models.observations import Observation, Photo, Theme
from backend.models.openrosa import AppUser, CampaignMedia, ReceivedInstance, ResponseAttachment
from backend.models.surveys import Campaign, Survey, SurveyForm, SurveyResponse
from backend.models.syntheses import Synthesis
from backend.models.territories import Territory

__all__ = [
    "AnalysisJob",
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
    "IndicatorValue",
    "Invite",
    "LoginThrottle",
    "Observation",
    "Photo",
    "ReceivedInstance",
    "RefreshToken",
    "ResponseAttachment",
    "Survey",
    "SurveyForm",
    "SurveyResponse",
    "Synthesis",
    "Territory",
    "Theme",
    "User",
    "user_territory",
]
