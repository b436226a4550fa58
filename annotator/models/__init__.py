"""The domain model: one aggregate per module, re-exported here for convenience."""

from annotator.models.annotation import Annotation, AnnotationRevision, Source, Verdict
from annotator.models.article import Article, ArticleState, ArticleVersion, Sentence
from annotator.models.assignment import Assignment
from annotator.models.audit import AuditEvent
from annotator.models.base import Base, utcnow
from annotator.models.draft import Draft
from annotator.models.invitation import Invitation, InvitationState
from annotator.models.mail import Follow, MailCadence, MailPreference
from annotator.models.memory import Adoption, SettledClaim
from annotator.models.names import CanonicalName, NameKind
from annotator.models.notification import MailState, Notification, NotificationKind
from annotator.models.placement import Placement, VersionedPlacement
from annotator.models.rating import ClaimantKind, RatingEntry
from annotator.models.resolution import Resolution
from annotator.models.review import Comment, Response, Stance
from annotator.models.team import Membership, Role, Team
from annotator.models.token import AccessToken
from annotator.models.triage import SentenceTriage
from annotator.models.user import User
from annotator.models.webhook import (
    DeliveryState,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)

__all__ = [
    "AccessToken",
    "Adoption",
    "Annotation",
    "AnnotationRevision",
    "Article",
    "ArticleState",
    "ArticleVersion",
    "Assignment",
    "AuditEvent",
    "Base",
    "CanonicalName",
    "ClaimantKind",
    "Comment",
    "DeliveryState",
    "Draft",
    "Follow",
    "Invitation",
    "InvitationState",
    "MailCadence",
    "MailPreference",
    "MailState",
    "Membership",
    "NameKind",
    "Notification",
    "NotificationKind",
    "Placement",
    "RatingEntry",
    "Resolution",
    "Response",
    "Role",
    "Sentence",
    "SentenceTriage",
    "SettledClaim",
    "Source",
    "Stance",
    "Team",
    "User",
    "Verdict",
    "VersionedPlacement",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WebhookEvent",
    "utcnow",
]
