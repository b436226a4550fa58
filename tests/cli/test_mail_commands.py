"""`flask mail send-due` and `flask mail send-digests` against a real local SMTP server."""

from annotator.extensions import db
from annotator.models import MailCadence, NotificationKind, Role
from annotator.services.articles import ArticleDraft, import_article
from annotator.services.discussion import post_comment
from annotator.services.mail_preferences import set_cadence
from tests.smtp_server import smtp_server


def test_without_an_smtp_host_nothing_is_sent_and_the_command_says_why(runner):
    for command in ("send-due", "send-digests"):
        result = runner.invoke(args=["mail", command])
        assert result.exit_code == 0
        assert "ANNOTATOR_SMTP_HOST is not set" in result.output


def test_send_due_and_send_digests_send_what_is_due(app, runner, team, make_member):
    editor = make_member(Role.editor, name="Eda Editor")
    rita = make_member(Role.reviewer, name="Rita Reviewer")
    otto = make_member(Role.reviewer, name="Otto Other")
    set_cadence(otto.id, NotificationKind.mention, MailCadence.daily)
    article = import_article(team, editor, ArticleDraft("Bridge", "One. Two.")).article
    post_comment(editor, article.sentences[0], "@Rita Reviewer and @Otto Other: look")
    db.session.commit()
    with smtp_server() as (received, port):
        app.config.update(
            SMTP_HOST="127.0.0.1",
            SMTP_PORT=port,
            SMTP_SECURITY="none",
            MAIL_SENDER="desk@example.org",
            BASE_URL="https://annotator.example.org",
        )
        assert runner.invoke(args=["mail", "send-due"]).output == "1 e-mail sent.\n"
        assert runner.invoke(args=["mail", "send-due"]).output == "0 e-mails sent.\n"
        assert runner.invoke(args=["mail", "send-digests"]).output == "1 digest sent.\n"
        assert runner.invoke(args=["mail", "send-digests"]).output == "0 digests sent.\n"
    assert received.recipients == [[rita.email], [otto.email]]
