"""The domain model: one aggregate per module, re-exported here for convenience."""

from annotator.models.annotation import Annotation, AnnotationRevision, Source, Verdict
from annotator.models.article import Article, Sentence
from annotator.models.base import Base, utcnow
from annotator.models.resolution import Resolution
from annotator.models.team import Membership, Role, Team
from annotator.models.user import User

__all__ = [
    "Annotation",
    "AnnotationRevision",
    "Article",
    "Base",
    "Membership",
    "Resolution",
    "Role",
    "Sentence",
    "Source",
    "Team",
    "User",
    "Verdict",
    "utcnow",
]
