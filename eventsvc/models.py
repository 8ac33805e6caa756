"""Every model, imported in dependency order so the mappers configure in one go."""

from .audit.models import AuditEntry
from .auth.models import ApiToken, FeedToken, Invitation, Role, RoleGrant, User
from .events.models import Event, Forum, Organization, OrganizationRole, OrgRole, Room
from .interchange.models import ImportedKey  # noqa: I001  (after the sessions and speakers it refers to)
from .mail.models import OutgoingMessage
from .releases.models import ConflictAcceptance, Release
from .sessions.models import Appearance, AppearanceRole, SessionKind, SessionStatus, Star, Talk
from .speakers.models import Speaker, SpeakerName

__all__ = [
    "ApiToken",
    "Appearance",
    "AppearanceRole",
    "AuditEntry",
    "ConflictAcceptance",
    "Event",
    "FeedToken",
    "Forum",
    "ImportedKey",
    "Invitation",
    "Organization",
    "OrganizationRole",
    "OrgRole",
    "OutgoingMessage",
    "Release",
    "Role",
    "RoleGrant",
    "Room",
    "SessionKind",
    "SessionStatus",
    "Speaker",
    "SpeakerName",
    "Star",
    "Talk",
    "User",
]
