"""The domain model: one aggregate per module, re-exported here for convenience."""

from annotator.models.annotation import Annotation, AnnotationRevision, Source, Verdict
from annotator.models.article import Article, ArticleState, Sentence
from annotator.models.assignment import Assignment
from annotator.models.audit import AuditEvent
from annotator.models.base import Base, utcnow
from annotator.models.notification import Notification, NotificationKind
from annotator.models.resolution import Resolution
from annotator.models.review import Comment, Response, Stance
from annotator.models.team import Membership, Role, Team
from annotator.models.token import AccessToken
from annotator.models.user import User

__all__ = [
    "AccessToken",
    "Annotation",
    "AnnotationRevision",
    "Article",
    "ArticleState",
    "Assignment",
    "AuditEvent",
    "Base",
    "Comment",
    "Membership",
    "Notification",
    "NotificationKind",
    "Resolution",
    "Response",
    "Role",
    "Sentence",
    "Source",
    "Stance",
    "Team",
    "User",
    "Verdict",
    "utcnow",
]
