"""Every route of /api/v1 as the OpenAPI document describes it: one op() call per operation.

The shapes of bodies, answers and query parameters come from api/shapes.py, api/bodies.py
and api/queries.py; a test fails when a route is missing here or a path names no route.
"""

from annotator.api import bodies, queries, shapes
from annotator.api.operations import (
    ANNOTATION,
    ARTICLE,
    COMMENT,
    EXPORT_ANSWER,
    FORMAT,
    IF_MATCH,
    INVITATION,
    REVIEWER,
    SENTENCE,
    SLUG,
    USER,
    VERSION_NUMBER,
    WHOLE_ARTICLE_ANSWER,
    WRITE,
    S,
    items_of,
    op,
    page_of,
)
from annotator.api.schema import Shape


def set_and_clear(tag: str, record: Shape, body: Shape, set_summary: str, clear_summary: str):
    """Describe the put and delete of a sentence's versioned record (If-Match or ?version=).

    Clearing keeps the record with its verdict emptied, so both answer the record.
    """
    return {
        "put": op(
            set_summary,
            tag,
            record,
            body=body,
            params=[*SENTENCE, IF_MATCH],
            errors=(403, 409, 422),
        ),
        "delete": op(
            clear_summary,
            tag,
            record,
            params=[*SENTENCE, IF_MATCH],
            query=(queries.BASED_ON,),
            errors=(403, 409),
        ),
    }


PATHS = {
    "/me": {"get": op("Who the token acts for, with teams and roles", "Teams", shapes.ME)},
    "/teams": {"get": op("My teams and my role in each", "Teams", items_of(shapes.TEAM))},
    "/teams/{slug}": {"get": op("One of my teams", "Teams", shapes.TEAM, params=[SLUG])},
    "/teams/{slug}/rating-scale": {
        "get": op(
            "The team's rating scale, in order: the words its final verdicts are published under",
            "Teams",
            items_of(shapes.RATING),
            params=[SLUG],
        ),
    },
    "/teams/{slug}/members": {
        "get": op(
            "The team's members (admins)",
            "Teams",
            items_of(shapes.MEMBER),
            params=[SLUG],
            errors=[403],
        ),
    },
    "/teams/{slug}/invitations": {
        "get": op(
            "The team's invitations waiting for an answer, expired ones too (admins)",
            "Teams",
            items_of(shapes.INVITATION),
            params=[SLUG],
            errors=[403],
        ),
        "post": op(
            "Invite an e-mail address to the team (admins). The answer is the same whether or "
            "not the address has an account; `link` (and `code`) is shown only this once: give "
            "it to the person, who accepts after logging in or creates their account with it",
            "Teams",
            shapes.NEW_INVITATION_LINK,
            status=201,
            body=bodies.NEW_INVITATION,
            params=[SLUG],
            errors=WRITE,
        ),
    },
    "/teams/{slug}/invitations/{invitation_id}": {
        "delete": op(
            "Revoke an invitation waiting for an answer: its link stops working (admins)",
            "Teams",
            None,
            status=204,
            params=[SLUG, INVITATION],
            errors=[403],
        ),
    },
    "/teams/{slug}/members/{user_id}": {
        "put": op(
            "Change a member's role (an id that is no member of the team answers 404)",
            "Teams",
            shapes.MEMBER,
            body=bodies.MEMBER_ROLE,
            params=[SLUG, USER],
            errors=WRITE,
        ),
        "delete": op(
            "Take a member out of the team",
            "Teams",
            None,
            status=204,
            params=[SLUG, USER],
            errors=WRITE,
        ),
    },
    "/teams/{slug}/agreement": {
        "get": op(
            "Agreement figures pooled over the team's articles",
            "Agreement",
            shapes.AGREEMENT,
            params=[SLUG],
        ),
    },
    "/teams/{slug}/articles": {
        "get": op(
            "The team's articles, oldest first, by cursor pages",
            "Articles",
            page_of(shapes.ARTICLE),
            params=[SLUG],
            query=(queries.ARTICLE_FILTERS, queries.PAGE),
        ),
        "post": op(
            "Import an article (200 when the team has that text already)",
            "Articles",
            shapes.ARTICLE_WITH_TEXT,
            status=201,
            body=bodies.NEW_ARTICLE,
            params=[SLUG],
            errors=WRITE,
            also=[200],
        ),
    },
    "/teams/{slug}/audit": {
        "get": op(
            "The team's history, oldest first; details blind review hides are withheld",
            "Audit",
            page_of(shapes.AUDIT_EVENT),
            params=[SLUG],
            query=(queries.AUDIT_FILTERS, queries.PAGE),
        ),
    },
    "/articles/{article_id}": {
        "get": op(
            "An article with its text and sentence offsets",
            "Articles",
            shapes.ARTICLE_WITH_TEXT,
            params=[ARTICLE],
        ),
        "patch": op(
            "Switch blind review, ask for N reviewers",
            "Articles",
            shapes.ARTICLE,
            body=bodies.ARTICLE_SETTINGS,
            params=[ARTICLE],
            errors=(403, 409, 422),
        ),
    },
    "/articles/{article_id}/whole": {
        "get": op(
            "The whole article in one call, for clients that read all of it: newline-delimited "
            "JSON (application/x-ndjson), streamed. The first line is a WholeArticleHead; each "
            "line after it is a SentenceWithAnnotations, in sentence order, with the same "
            "annotation records as the paged list (blind review holds). Much faster than "
            "paging through the annotations of a long article",
            "Articles",
            WHOLE_ARTICLE_ANSWER,
            params=[ARTICLE],
            errors=(403,),
        ),
    },
    "/articles/{article_id}/transitions": {
        "post": op(
            "Move the article in the workflow",
            "Articles",
            shapes.ARTICLE,
            body=bodies.TRANSITION,
            params=[ARTICLE],
            errors=(403, 409, 422),
        ),
    },
    "/articles/{article_id}/versions": {
        "post": op(
            "Revise the article: a new version of its text; reviewers' work follows its "
            "sentences, changed ones are marked, lost ones unplaced (editors)",
            "Articles",
            shapes.ARTICLE_REVISION,
            status=201,
            body=bodies.NEW_VERSION,
            params=[ARTICLE],
            errors=(403, 409, 422),
        ),
    },
    "/articles/{article_id}/agreement": {
        "get": op(
            "Agreement figures of the article", "Agreement", shapes.AGREEMENT, params=[ARTICLE]
        ),
    },
    "/articles/{article_id}/annotations": {
        "get": op(
            "The article's annotations you may see, by cursor pages",
            "Annotations",
            page_of(shapes.ANNOTATION),
            params=[ARTICLE],
            query=(queries.ANNOTATION_FILTERS, queries.PAGE),
        ),
    },
    f"{S}/annotation": {
        "get": op(
            "My annotation of the sentence", "Annotations", shapes.ANNOTATION, params=SENTENCE
        ),
        **set_and_clear(
            "Annotations",
            shapes.ANNOTATION,
            bodies.ANNOTATION_ENTRY,
            "Set or change my annotation (send the version you read)",
            "Clear my verdict (the history keeps it)",
        ),
    },
    f"{S}/annotation/undo": {
        "post": op(
            "Undo my last change of my annotation (within 15 minutes, and only while nothing "
            "changed it since): the version before comes back as a new version, and the "
            "history keeps the undone one",
            "Annotations",
            shapes.ANNOTATION,
            body=bodies.UNDO,
            params=[*SENTENCE, IF_MATCH],
            errors=(403, 409),
        ),
    },
    f"{S}/annotation/versions/{{number}}/restore": {
        "post": op(
            "Restore an earlier version of my annotation (verdict, note, span, sources) as a "
            "new version; a span whose words a revision changed is kept as its words",
            "Annotations",
            shapes.ANNOTATION,
            body=bodies.RESTORE,
            params=[*SENTENCE, VERSION_NUMBER, IF_MATCH],
            errors=(403, 409, 422),
        ),
    },
    "/annotations/{annotation_id}": {
        "get": op("One annotation", "Annotations", shapes.ANNOTATION, params=[ANNOTATION]),
    },
    "/annotations/{annotation_id}/history": {
        "get": op(
            "An annotation's earlier versions, newest first",
            "Annotations",
            shapes.ANNOTATION_HISTORY,
            params=[ANNOTATION],
        ),
    },
    "/annotations/{annotation_id}/responses": {
        "get": op(
            "Teammates' responses to an annotation",
            "Review",
            items_of(shapes.RESPONSE),
            params=[ANNOTATION],
        ),
    },
    "/annotations/{annotation_id}/response": {
        "put": op(
            "Agree or disagree with a teammate's annotation",
            "Review",
            shapes.RESPONSE,
            body=bodies.RESPONSE_ENTRY,
            params=[ANNOTATION],
            errors=(403, 409, 422),
        ),
    },
    f"{S}/comments": {
        "get": op(
            "The sentence's discussion threads", "Review", items_of(shapes.THREAD), params=SENTENCE
        ),
        "post": op(
            "Comment on the sentence, or reply to a thread",
            "Review",
            shapes.COMMENT,
            status=201,
            body=bodies.NEW_COMMENT,
            params=SENTENCE,
            errors=(403, 409, 422),
        ),
    },
    f"{S}/comments/{{comment_id}}/resolve": {
        "post": op(
            "Mark a thread resolved",
            "Review",
            shapes.THREAD,
            params=[*SENTENCE, COMMENT],
            errors=(403, 409),
        ),
    },
    "/articles/{article_id}/resolutions": {
        "get": op(
            "The team's final verdicts on the article's sentences",
            "Resolutions",
            items_of(shapes.RESOLUTION),
            params=[ARTICLE],
        ),
    },
    f"{S}/resolution": set_and_clear(
        "Resolutions",
        shapes.RESOLUTION,
        bodies.SETTLEMENT,
        "Settle the sentence's final verdict (editors)",
        "Reopen the sentence (editors)",
    ),
    "/articles/{article_id}/assignments": {
        "get": op(
            "Who the article is assigned to",
            "Assignments",
            items_of(shapes.ASSIGNMENT),
            params=[ARTICLE],
        ),
    },
    "/articles/{article_id}/assignments/take": {
        "post": op(
            "Volunteer for an article that asks for reviewers",
            "Assignments",
            shapes.ASSIGNMENT,
            status=201,
            params=[ARTICLE],
            errors=(403, 409),
        ),
    },
    "/articles/{article_id}/assignments/{reviewer_id}": {
        "put": op(
            "Assign the article to a reviewer (editors)",
            "Assignments",
            shapes.ASSIGNMENT,
            body=bodies.ASSIGNMENT_ENTRY,
            params=[ARTICLE, REVIEWER],
            errors=(403, 409, 422),
        ),
        "delete": op(
            "Take the article back from a reviewer",
            "Assignments",
            None,
            status=204,
            params=[ARTICLE, REVIEWER],
            errors=(403, 409),
        ),
    },
    "/articles/{article_id}/exports": {
        "get": op(
            "The export formats and their links",
            "Exports",
            items_of(shapes.EXPORT_FORMAT),
            params=[ARTICLE],
            errors=[403],
        ),
    },
    "/articles/{article_id}/exports/{format_name}": {
        "get": op(
            "Download the article in one format of the export registry",
            "Exports",
            EXPORT_ANSWER,
            params=[ARTICLE, FORMAT],
            errors=(403, 422),
        ),
    },
}

#: Routes that describe the API itself; they need no token.
OPEN_PATHS = {
    "/openapi.json": {
        "get": {
            "summary": "This document",
            "tags": ["Reference"],
            "security": [],
            "responses": {
                "200": {
                    "description": "OpenAPI 3.1 JSON",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                },
                "400": {"$ref": "#/components/responses/E400"},
            },
        }
    },
    "/reference": {
        "get": {
            "summary": "This document as a page",
            "tags": ["Reference"],
            "security": [],
            "responses": {
                "200": {
                    "description": "HTML",
                    "content": {"text/html": {"schema": {"type": "string"}}},
                },
                "400": {"$ref": "#/components/responses/E400"},
            },
        }
    },
}
