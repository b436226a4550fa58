"""Writing the e-mails: one notification, or a member's daily digest, as text and HTML.

What a mail says is the notification's own ``message`` and ``quote``, written when the news
happened with blind review applied; nothing else of the article or the team is added.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.policy import default
from email.utils import format_datetime, formataddr, make_msgid
from functools import cache
from itertools import groupby
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, select_autoescape

from annotator.models import Notification, User
from annotator.services.mail_preferences import DIGEST
from annotator.services.mail_tokens import unsubscribe_token
from annotator.services.reading import PART_SIZE
from annotator.text.markdown import render_markdown

SUBJECT_UP_TO = 150
#: Headers kept on one line (RFC 5322 allows 998 characters; subjects are cut far shorter):
#: when the standard library folds a header between two encoded words it loses the space
#: between them, and “Bridge costs” would reach the reader as “Bridgecosts”.
UNFOLDED = default.clone(max_line_length=998)


@dataclass(frozen=True)
class MailSetup:
    """Everything sending needs besides the database: who sends, where links point, the
    key that signs unsubscribe links, and the transport that delivers."""

    transport: object
    sender: str
    base_url: str
    secret_key: str
    sender_name: str = "Annotator"

    def link(self, path: str) -> str:
        return self.base_url.rstrip("/") + path

    def sentence_link(self, notification: Notification) -> str:
        """Return the article page, at the sentence the news is about if any."""
        path = f"/articles/{notification.article_id}"
        index = notification.sentence_index
        if index is None:
            return self.link(path)
        part = index // PART_SIZE + 1
        return self.link(f"{path}{'' if part == 1 else f'?part={part}'}#s{index}")

    def unsubscribe_link(self, user_id: int, topic: str) -> str:
        return self.link(f"/unsubscribe/{unsubscribe_token(self.secret_key, user_id, topic)}")


@dataclass(frozen=True)
class MailEntry:
    """One piece of news as a mail shows it."""

    label: str
    message: str
    quote: str
    link: str
    article_title: str
    #: What the link opens: "Open sentence 3", or "Open the article" for article-wide news.
    link_label: str


@cache
def environment() -> Environment:
    """Return the mail templates' environment: mails are written outside any request."""
    env = Environment(
        loader=PackageLoader("annotator", "templates/mail"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["markdown"] = render_markdown
    return env


def one_line(text: str, limit: int = SUBJECT_UP_TO) -> str:
    """Return the text on one line (a header never holds a line break), cut at ``limit``."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def entry_of(notification: Notification, setup: MailSetup) -> MailEntry:
    return MailEntry(
        label=notification.kind.label,
        message=notification.message,
        quote=notification.quote,
        link=setup.sentence_link(notification),
        article_title=notification.article.title,
        link_label=(
            "Open the article"
            if notification.sentence_index is None
            else f"Open sentence {notification.sentence_index + 1}"
        ),
    )


def compose_notification_mail(
    recipient: User, notification: Notification, setup: MailSetup, now: datetime
) -> EmailMessage:
    """Write the e-mail about one notification."""
    topic = notification.kind.value
    values = {
        "recipient": recipient,
        "entry": entry_of(notification, setup),
        "why": f"you chose to be mailed about “{notification.kind.label}” news immediately",
        "unsubscribe_what": f"“{notification.kind.label}” mail",
        "unsubscribe": setup.unsubscribe_link(recipient.id, topic),
        "preferences": setup.link("/account/email"),
    }
    return envelope(recipient, one_line(notification.message), "notification", values, setup, now)


def compose_digest(
    recipient: User, notifications: Sequence[Notification], setup: MailSetup, now: datetime
) -> EmailMessage:
    """Write a member's daily digest: the news grouped by article, oldest first."""
    entries = [entry_of(n, setup) for n in sorted(notifications, key=digest_order)]
    articles = [
        (title, list(group)) for title, group in groupby(entries, lambda e: e.article_title)
    ]
    count = len(entries)
    values = {
        "recipient": recipient,
        "articles": articles,
        "count": count,
        "why": "you chose a daily digest for some kinds of news",
        "unsubscribe_what": "the daily digest",
        "unsubscribe": setup.unsubscribe_link(recipient.id, DIGEST),
        "preferences": setup.link("/account/email"),
    }
    subject = f"Your daily digest: {count} message{'' if count == 1 else 's'}"
    return envelope(recipient, subject, "digest", values, setup, now)


def digest_order(notification: Notification) -> tuple:
    return (notification.article.title, notification.article_id, notification.id)


def envelope(
    recipient: User, subject: str, template: str, values: dict, setup: MailSetup, now: datetime
) -> EmailMessage:
    """Return the message with both bodies and the headers every mail carries."""
    env = environment()
    message = EmailMessage(policy=UNFOLDED)
    message["Subject"] = subject
    message["From"] = formataddr((setup.sender_name, setup.sender))
    message["To"] = formataddr((one_line(recipient.name, 100), recipient.email))
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid(domain=urlsplit(setup.base_url).hostname or "localhost")
    message["Auto-Submitted"] = "auto-generated"
    message["List-Unsubscribe"] = f"<{values['unsubscribe']}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(env.get_template(f"{template}.txt").render(values))
    message.add_alternative(env.get_template(f"{template}.html").render(values), subtype="html")
    return message
