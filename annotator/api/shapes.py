"""Every answer of the API, described once (see api/schema.py for how).

What requests take is in api/bodies.py and api/queries.py; the OpenAPI document shows all three.
"""

from annotator import limits
from annotator.api.schema import (
    ANY_OBJECT,
    BOOLEAN,
    DAY,
    INTEGER,
    MOMENT,
    NUMBER,
    OFFSET,
    STRING,
    Field,
    Kind,
    Shape,
    inline,
    list_of,
    one_of,
    ref,
    text,
)
from annotator.exports.registry import FORMATS
from annotator.models import ArticleState, ClaimantKind, Role, Stance, Verdict

ROLE, STATE, VERDICT = one_of(Role), one_of(ArticleState), one_of(Verdict)
CLAIMANT_KIND = one_of(ClaimantKind)

ERROR_DETAILS = Shape(
    "ErrorDetails",
    "What went wrong",
    code=Field(STRING, "Machine-readable, e.g. stale_version"),
    message=Field(STRING, "For people"),
    fields=Field(
        Kind({"type": "object", "additionalProperties": STRING.check}, "an object"),
        'Per field, what is wrong with it ("" for the whole request)',
    ),
    current=Field(Kind({}, "anything"), "On 409: the record as it is now", optional=True),
)
ERROR = Shape(
    "Error", "The envelope of every error answer", error=Field(inline(ERROR_DETAILS, "an object"))
)
PERSON = Shape(
    "Person",
    "Someone, as their teammates see them",
    id=Field(INTEGER, "User id"),
    name=Field(STRING, "Display name"),
)
TEAM = Shape(
    "Team",
    "A team of mine",
    slug=Field(STRING, "Its name in URLs"),
    name=Field(STRING),
    role=Field(ROLE, "My role in it"),
)
ME = Shape(
    "Me",
    "The person a token acts for",
    id=Field(INTEGER, "User id"),
    name=Field(STRING),
    email=Field(STRING),
    teams=Field(list_of(ref(TEAM)), "Every team I belong to, with my role"),
)
MEMBER = Shape(
    "Member",
    "A member of a team",
    id=Field(INTEGER, "User id"),
    name=Field(STRING),
    email=Field(STRING),
    role=Field(ROLE, "Their role in the team"),
)
INVITATION = Shape(
    "Invitation",
    "An invitation to join a team, waiting for an answer",
    id=Field(INTEGER),
    email=Field(STRING, "The address invited"),
    role=Field(ROLE, "The role it gives"),
    invited_by=Field(ref(PERSON), nullable=True),
    created_at=Field(MOMENT),
    expires_at=Field(MOMENT),
    expired=Field(BOOLEAN, "Past its expiry: the link no longer works"),
)
NEW_INVITATION_LINK = INVITATION.extended(
    "NewInvitationLink",
    "A new invitation, with its link",
    code=Field(STRING, "The secret of the link; shown this once"),
    link=Field(Kind({"type": "string", "format": "uri"}, "a link"), "Give it to the person"),
)
ARTICLE = Shape(
    "Article",
    "An article of a team, without its text",
    id=Field(INTEGER),
    team=Field(STRING, "The team's slug"),
    title=Field(STRING),
    state=Field(STATE, "Where it is in the workflow"),
    sha256=Field(STRING, "Of its text: the same text is imported once per team"),
    source_url=Field(STRING, "Where it was published", nullable=True),
    publisher=Field(STRING, nullable=True),
    published_on=Field(DAY, nullable=True),
    language=Field(STRING, "BCP 47 tag, e.g. en"),
    blind_review=Field(BOOLEAN, "Reviewers see teammates' verdicts only after giving theirs"),
    reviewers_wanted=Field(INTEGER, "How many reviewers it asks for", nullable=True),
    created_at=Field(MOMENT),
    version=Field(INTEGER, "Of its text: 1, then one more for each revision"),
    version_date=Field(MOMENT, "When this version of the text was imported"),
    transitions=Field(list_of(STATE), "The states it may move to now"),
)
SENTENCE = Shape(
    "Sentence",
    "A sentence: its place in the article's text",
    index=Field(INTEGER, "0-based position in the article"),
    start=Field(INTEGER, "Offset of its first character, in code points"),
    end=Field(INTEGER, "Offset just past its last character"),
    paragraph=Field(INTEGER, "0-based paragraph it belongs to"),
    text=Field(STRING, "Its words: the article's text from start to end"),
)
ARTICLE_WITH_TEXT = ARTICLE.extended(
    "ArticleWithText",
    "An article with its text",
    text=Field(STRING, "The text as imported, verbatim"),
    sentences=Field(list_of(ref(SENTENCE))),
)
SPAN = Shape(
    "Span",
    "Words of a sentence, as offsets in the article's text",
    start=Field(OFFSET, "Offset of the first character"),
    end=Field(OFFSET, "Offset just past the last character"),
)
SOURCE = Shape(
    "Source",
    "Evidence for a verdict",
    url=Field(text(limits.WEB_ADDRESS), "An http(s) address"),
    title=Field(text(limits.SOURCE_TITLE), optional=True),
    quote=Field(text(limits.SOURCE_QUOTE), "The words that matter", optional=True),
)
#: Answers always carry every member of a source.
SOURCE_SHOWN = Shape(
    SOURCE.name,
    SOURCE.description,
    **{name: Field(STRING, field.description) for name, field in SOURCE.fields.items()},
)
SPAN_KIND = inline(SPAN, '{"start": integer, "end": integer}')
SOURCES_SHOWN = list_of(inline(SOURCE_SHOWN, "{url, title, quote} strings"))
ANNOTATION = Shape(
    "Annotation",
    "A reviewer's verdict on a sentence, with its evidence",
    id=Field(INTEGER),
    article_id=Field(INTEGER),
    sentence_index=Field(INTEGER),
    reviewer=Field(ref(PERSON)),
    verdict=Field(VERDICT, "Null once the reviewer cleared it", nullable=True),
    note=Field(STRING),
    span=Field(SPAN_KIND, "The words at fault", nullable=True),
    sources=Field(SOURCES_SHOWN),
    version=Field(INTEGER, "Send it back (If-Match) with a change"),
    created_at=Field(MOMENT),
    updated_at=Field(MOMENT),
)
REVISION = Shape(
    "Revision",
    "An annotation as it was before one of its changes",
    version=Field(INTEGER),
    verdict=Field(VERDICT, nullable=True),
    note=Field(STRING),
    span=Field(SPAN_KIND, nullable=True),
    sources=Field(SOURCES_SHOWN),
    recorded_at=Field(MOMENT, "When it was replaced"),
)
ANNOTATION_HISTORY = Shape(
    "AnnotationHistory",
    "An annotation and its earlier versions",
    current=Field(ref(ANNOTATION)),
    revisions=Field(list_of(ref(REVISION)), "Newest first"),
)
RESPONSE = Shape(
    "Response",
    "A teammate's agreement or disagreement with an annotation",
    id=Field(INTEGER),
    annotation_id=Field(INTEGER),
    responder=Field(ref(PERSON)),
    stance=Field(one_of(Stance)),
    comment=Field(STRING),
    updated_at=Field(MOMENT),
)
COMMENT = Shape(
    "Comment",
    "A comment in a sentence's discussion",
    id=Field(INTEGER),
    author=Field(ref(PERSON)),
    body=Field(STRING),
    parent_id=Field(INTEGER, "The thread's first comment, for a reply", nullable=True),
    created_at=Field(MOMENT),
    resolved_at=Field(MOMENT, nullable=True),
)
THREAD = COMMENT.extended(
    "Thread",
    "A thread's first comment with its replies",
    replies=Field(list_of(ref(COMMENT)), "Oldest first"),
)
RATING = Shape(
    "Rating",
    "A textual rating of the team's scale, and the verdict it stands for",
    id=Field(INTEGER, "Send it as rating_id when settling"),
    label=Field(STRING, "The words readers see"),
    description=Field(STRING, "What the label means"),
    verdict=Field(VERDICT),
    value=Field(INTEGER, "1 (false) to 5 (true); null: a text-only rating", nullable=True),
)
RESOLUTION = Shape(
    "Resolution",
    "The team's final verdict on a sentence",
    sentence_index=Field(INTEGER),
    verdict=Field(VERDICT, "Null once the sentence was reopened", nullable=True),
    rating=Field(ref(RATING), "Null once the sentence was reopened", nullable=True),
    claimant_name=Field(STRING, "Who made the claim; empty: nobody named"),
    claimant_kind=Field(CLAIMANT_KIND),
    claim_url=Field(STRING, "Where the claim appeared; empty: the article itself"),
    rationale=Field(STRING),
    settled_by=Field(ref(PERSON), nullable=True),
    settled_at=Field(MOMENT),
    version=Field(INTEGER, "Send it back (If-Match) with a change"),
)
ASSIGNMENT = Shape(
    "Assignment",
    "An article given to a reviewer",
    reviewer=Field(ref(PERSON)),
    assigned_by=Field(ref(PERSON), "Null when the reviewer volunteered", nullable=True),
    due_on=Field(DAY, nullable=True),
    created_at=Field(MOMENT),
)
PAIR = Shape(
    "Pair",
    "Agreement of two reviewers",
    reviewers=Field(list_of(ref(PERSON))),
    kappa=Field(NUMBER, "Cohen's kappa; null when it cannot be told", nullable=True),
    sentences=Field(INTEGER, "Sentences both gave a verdict on"),
)
AGREEMENT = Shape(
    "Agreement",
    "How far reviewers agree on their verdicts",
    alpha=Field(NUMBER, "Krippendorff's alpha; null when it cannot be told", nullable=True),
    percent=Field(NUMBER, "Share of pairs that agree", nullable=True),
    sentences_compared=Field(INTEGER),
    reviewers=Field(list_of(ref(PERSON))),
    pairwise=Field(list_of(inline(PAIR, "")), "Each pair of reviewers"),
    disagreements=Field(list_of(INTEGER), "Indexes of sentences with differing verdicts"),
)
AUDIT_EVENT = Shape(
    "AuditEvent",
    "One change in the team's history",
    id=Field(INTEGER),
    action=Field(STRING, "What happened, e.g. annotation.update"),
    actor=Field(ref(PERSON), "Null for the system", nullable=True),
    subject=Field(STRING, "What it happened to"),
    article_id=Field(INTEGER, nullable=True),
    sentence_id=Field(INTEGER, nullable=True),
    before=Field(ANY_OBJECT, "Null when withheld (see hidden)", nullable=True),
    after=Field(ANY_OBJECT, "Null when withheld (see hidden)", nullable=True),
    hidden=Field(BOOLEAN, "Details withheld while blind review hides them from you"),
    created_at=Field(MOMENT),
    hash=Field(STRING, "Chains the events: changing one breaks every later hash"),
)
EXPORT_FORMAT = Shape(
    "ExportFormat",
    "A format of the export registry",
    format=Field(Kind({"type": "string", "enum": list(FORMATS)}, ""), "Its name in URLs"),
    label=Field(STRING),
    media_type=Field(STRING),
    available=Field(BOOLEAN, "False when the server lacks what it needs (PDF)"),
    url=Field(STRING, "Where to download the article in it"),
)
UNPLACED = Shape(
    "Unplaced",
    "Ids of work whose sentence the revision took away",
    **{kind: Field(list_of(INTEGER)) for kind in ("annotations", "comments", "resolutions")},
)
ARTICLE_REVISION = Shape(
    "ArticleRevision",
    "A new version of an article's text",
    article=Field(ref(ARTICLE_WITH_TEXT), "The article as revised"),
    kept=Field(INTEGER, "Sentences found unchanged"),
    changed=Field(INTEGER, "Sentences found changed: their work is marked"),
    added=Field(INTEGER, "New sentences"),
    unplaced=Field(inline(UNPLACED, "")),
)
WHOLE_ARTICLE_HEAD = Shape(
    "WholeArticleHead",
    "First line of the whole-article stream: the article and its text",
    article=Field(ref(ARTICLE)),
    text=Field(STRING, "The text as imported, verbatim"),
)
WHOLE_ARTICLE_LINE = Shape(
    "SentenceWithAnnotations",
    "A line of the whole-article stream after the first: a sentence, in order, with every "
    "annotation of it you may see",
    sentence=Field(ref(SENTENCE)),
    annotations=Field(list_of(ref(ANNOTATION))),
)
