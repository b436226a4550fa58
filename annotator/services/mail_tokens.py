"""Signed one-click unsubscribe tokens: one member, one kind of news (or the digest)."""

from itsdangerous import BadData, URLSafeTimedSerializer

from annotator.errors import ValidationError
from annotator.services.mail_preferences import DIGEST, MAILED_KINDS

#: Kept apart from every other use of the secret key: a session cookie is no token here.
SALT = "annotator.mail.unsubscribe"
#: Links in old mails keep working for a year; older ones ask the member to log in instead.
MAX_AGE_SECONDS = 366 * 24 * 3600
TOPICS = frozenset({DIGEST, *(kind.value for kind in MAILED_KINDS)})
INVALID = (
    "This unsubscribe link is not valid: it was changed, cut short or is more than a year "
    "old. Log in and choose what you receive on your account's e-mail page."
)


def unsubscribe_token(secret_key: str, user_id: int, topic: str) -> str:
    """Return the token that stops one kind of mail (or the digest) for one member."""
    return URLSafeTimedSerializer(secret_key, salt=SALT).dumps([user_id, topic])


def read_unsubscribe_token(secret_key: str, token: str) -> tuple[int, str]:
    """Return the member and topic a token names, or refuse a forged, cut or old one."""
    serializer = URLSafeTimedSerializer(secret_key, salt=SALT)
    try:
        user_id, topic = serializer.loads(token, max_age=MAX_AGE_SECONDS)
    except (BadData, TypeError, ValueError) as error:
        raise ValidationError({"token": INVALID}) from error
    if not isinstance(user_id, int) or topic not in TOPICS:
        raise ValidationError({"token": INVALID})
    return user_id, topic
