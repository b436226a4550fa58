"""What each write of the API takes as its JSON body, described once (see api/schema.py).

Limits come from annotator/limits.py: the document publishes them, the services enforce
them (422). A body of another shape answers 400 (api/inputs.py).
"""

from annotator import limits
from annotator.api.schema import (
    BOOLEAN,
    DAY,
    STRING,
    WHOLE,
    Field,
    Shape,
    inline,
    list_of,
    one_of,
    text,
)
from annotator.api.shapes import CLAIMANT_KIND, ROLE, SOURCE, SPAN_KIND, STATE, VERDICT
from annotator.models import Stance

NEW_INVITATION = Shape(
    "NewInvitation",
    "Whom to invite, as what",
    email=Field(text(limits.EMAIL), "Their e-mail address"),
    role=Field(ROLE, "The role the invitation gives"),
)
MEMBER_ROLE = Shape("MemberRole", "A member's new role", role=Field(ROLE))
NEW_ARTICLE = Shape(
    "NewArticle",
    "An article to import",
    title=Field(text(limits.ARTICLE_TITLE)),
    text=Field(STRING, "The text, verbatim; sentences are found in it"),
    source_url=Field(text(limits.WEB_ADDRESS), optional=True, nullable=True),
    publisher=Field(text(limits.PUBLISHER), optional=True, nullable=True),
    published_on=Field(DAY, optional=True, nullable=True),
    language=Field(text(limits.LANGUAGE_TAG), "BCP 47 tag; en when left out", optional=True),
)
NEW_VERSION = Shape(
    "NewVersion",
    "A new version of an article's text",
    title=Field(text(limits.ARTICLE_TITLE), "Unchanged when left out", optional=True),
    text=Field(STRING, "The whole new text, verbatim"),
)
TRANSITION = Shape(
    "Transition",
    "A move in the workflow",
    state=Field(STATE, "One of the article's transitions"),
)
ARTICLE_SETTINGS = Shape(
    "ArticleSettings",
    "Settings to change; those left out stay",
    blind_review=Field(BOOLEAN, optional=True, nullable=True),
    reviewers_wanted=Field(
        WHOLE, "Ask for this many reviewers (null: ask for none)", optional=True, nullable=True
    ),
)
VERSION_FIELD = Field(
    WHOLE, "The version you based the change on (or send If-Match)", optional=True, nullable=True
)
ANNOTATION_ENTRY = Shape(
    "AnnotationEntry",
    "My verdict on a sentence",
    verdict=Field(VERDICT),
    note=Field(text(limits.NOTE), optional=True),
    span=Field(SPAN_KIND, "The words at fault", optional=True, nullable=True),
    sources=Field(
        list_of(inline(SOURCE, "{url, title?, quote} strings"), most=limits.SOURCES),
        "Evidence",
        optional=True,
    ),
    version=VERSION_FIELD,
)
UNDO = Shape(
    "Undo",
    "Which change of my annotation to undo: the last one, if it is still the current version",
    version=Field(
        WHOLE,
        "The version the change made (or send If-Match); required one way or the other",
        optional=True,
        nullable=True,
    ),
)
RESTORE = Shape(
    "Restore",
    "Make an earlier version of my annotation the current one",
    version=VERSION_FIELD,
)
RESPONSE_ENTRY = Shape(
    "ResponseEntry",
    "My stance on a teammate's annotation",
    stance=Field(one_of(Stance)),
    comment=Field(text(limits.RESPONSE_COMMENT), optional=True),
)
NEW_COMMENT = Shape(
    "NewComment",
    "A comment on a sentence, or a reply",
    body=Field(text(limits.DISCUSSION_COMMENT)),
    reply_to=Field(WHOLE, "Any comment of the thread to reply to", optional=True, nullable=True),
)
SETTLEMENT = Shape(
    "Settlement",
    "The team's final verdict on a sentence",
    verdict=Field(VERDICT),
    rationale=Field(text(limits.RATIONALE)),
    version=VERSION_FIELD,
    rating_id=Field(
        WHOLE,
        "A rating of the team's scale for this verdict; left out: the one kept, else its first",
        optional=True,
        nullable=True,
    ),
    claimant_name=Field(
        text(limits.CLAIMANT),
        "Who made the claim; empty: nobody; left out: the one suggested",
        optional=True,
    ),
    claimant_kind=Field(CLAIMANT_KIND, optional=True),
    claim_url=Field(
        text(limits.WEB_ADDRESS),
        "Where the claim appeared; empty: the article; left out: its source address",
        optional=True,
    ),
)
ASSIGNMENT_ENTRY = Shape(
    "AssignmentEntry",
    "An assignment's terms",
    due_on=Field(DAY, optional=True, nullable=True),
)
