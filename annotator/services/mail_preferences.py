"""What each member chose to receive by e-mail: per kind of news, immediately, daily or never."""

import sqlalchemy as sa

from annotator.errors import ValidationError
from annotator.extensions import db
from annotator.models import MailCadence, MailPreference, NotificationKind, User

K = NotificationKind
#: The news that may be mailed, in the order the account page lists it, and what a member
#: gets until they choose. A settled verdict is not mailed: the inbox tells it.
DEFAULT_CADENCES: dict[NotificationKind, MailCadence] = {
    K.mention: MailCadence.immediately,
    K.response: MailCadence.immediately,
    K.assignment: MailCadence.immediately,
    K.published: MailCadence.daily,
}
MAILED_KINDS = tuple(DEFAULT_CADENCES)
#: What an unsubscribe link stops, besides one kind: the whole daily digest.
DIGEST = "digest"


def mail_preferences_of(user_id: int) -> dict[NotificationKind, MailCadence]:
    """Return the member's choice for every kind that may be mailed, defaults filled in."""
    chosen = dict(
        db.session.execute(
            sa.select(MailPreference.kind, MailPreference.cadence).where(
                MailPreference.user_id == user_id
            )
        ).all()
    )
    return {kind: chosen.get(kind, default) for kind, default in DEFAULT_CADENCES.items()}


def cadence_for(user_id: int, kind: NotificationKind) -> MailCadence:
    """Return how the member is mailed about this kind of news."""
    if kind not in DEFAULT_CADENCES:
        return MailCadence.never
    return mail_preferences_of(user_id)[kind]


def set_mail_preferences(user: User, choices: dict[str, str]) -> None:
    """Store the member's choices, given as {kind value: cadence value}; every kind at once."""
    errors, cadences = {}, {}
    for kind in MAILED_KINDS:
        try:
            cadences[kind] = MailCadence(choices.get(kind.value, ""))
        except ValueError:
            errors[kind.value] = "Choose immediately, daily digest or never."
    if errors:
        raise ValidationError(errors)
    for kind, cadence in cadences.items():
        set_cadence(user.id, kind, cadence)


def set_cadence(user_id: int, kind: NotificationKind, cadence: MailCadence) -> None:
    preference = db.session.get(MailPreference, (user_id, kind))
    if preference is None:
        db.session.add(MailPreference(user_id=user_id, kind=kind, cadence=cadence))
    else:
        preference.cadence = cadence
    db.session.flush()


def unsubscribe(user_id: int, topic: str) -> list[NotificationKind]:
    """Stop the mail an unsubscribe link is about: one kind, or every kind sent daily
    (``DIGEST``). Return the kinds now "never"; doing it twice changes nothing more."""
    choices = mail_preferences_of(user_id)
    if topic == DIGEST:
        kinds = [kind for kind, cadence in choices.items() if cadence is MailCadence.daily]
    else:
        kinds = [NotificationKind(topic)]
    for kind in kinds:
        set_cadence(user_id, kind, MailCadence.never)
    return kinds
