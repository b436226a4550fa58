"""Write pages check the role before they read the form: a weak role gets 403, never 422."""

import pytest

from annotator.extensions import db
from annotator.models import Role, Verdict
from annotator.services.annotations import AnnotationEntry, annotate_sentence
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.discussion import post_comment
from annotator.services.names import NameEntry, add_name
from annotator.services.settling import settle_sentence
from tests.conftest import row_counts

TEXT = "The mayor said the bridge cost 4 million euros. The council disputes that figure."
EARLIER = "The council disputes that figure. The mayor stands by it."


@pytest.fixture
def records(team, make_member) -> dict:
    """Ids of a flag, a thread, a settled sentence and a name for the forms to target."""
    editor = make_member(Role.editor, name="Eve Editor")
    author = make_member(Role.reviewer, name="Ada Author")
    earlier = import_article(team, editor, ArticleDraft("Council", EARLIER)).article
    adoptable = settle_sentence(editor, earlier.sentences[0], Verdict.disputed, "Minutes.")
    article = import_article(team, editor, ArticleDraft("Bridge", TEXT)).article
    sentence = article.sentences[1]
    flag = annotate_sentence(author, sentence, AnnotationEntry(Verdict.disputed, "No."))
    thread = post_comment(editor, sentence, "Which figure?")
    settle_sentence(editor, sentence, Verdict.disputed, "Checked the budget.")
    name = add_name(editor, team.id, NameEntry("City council"))
    db.session.commit()
    return {
        "a": article.id,
        "flag": flag.id,
        "thread": thread.id,
        "adoptable": adoptable.id,
        "slug": team.slug,
        "name": name.id,
    }


SENTENCE = "/articles/{a}/sentences/1"

#: (page, URL, the strongest role the role table refuses)
WRITES = [
    ("annotate", SENTENCE + "/annotation", Role.viewer),
    ("clear a verdict", SENTENCE + "/annotation/clear", Role.viewer),
    ("comment", SENTENCE + "/comments", Role.viewer),
    ("resolve a thread", SENTENCE + "/comments/{thread}/resolve", Role.viewer),
    ("respond", "/annotations/{flag}/response", Role.viewer),
    ("adopt", SENTENCE + "/adopt/{adoptable}", Role.viewer),
    ("settle", SENTENCE + "/settle", Role.reviewer),
    ("reopen", SENTENCE + "/reopen", Role.reviewer),
    ("blind review", "/articles/{a}/blind-review", Role.reviewer),
    ("attach", "/articles/{a}/unplaced/annotation/{flag}/attach", Role.reviewer),
    ("delete a name", "/teams/{slug}/names/{name}/delete", Role.reviewer),
]


@pytest.mark.parametrize(("url", "role"), [w[1:] for w in WRITES], ids=[w[0] for w in WRITES])
@pytest.mark.parametrize("data", [{}, {"verdict": "verified", "body": "x", "stance": "agree"}])
def test_weak_role_posting_a_form_is_refused_before_the_form_is_read(
    client, records, make_member, login, url, role, data
):
    login(make_member(role))
    before = row_counts()
    response = client.post(url.format(**records), data=data)
    assert response.status_code == 403
    db.session.expire_all()
    assert row_counts() == before
