"""Putting a notification's e-mail in the outbox, in the notification's own transaction.

The outbox is the notification row itself (ADR 0020): its ``mail_*`` columns say whether an
e-mail is due, alone or in the daily digest. A rolled-back request leaves no notification,
so no e-mail either.
"""

from annotator.extensions import db
from annotator.models import MailCadence, MailState, Notification
from annotator.services.mail_preferences import cadence_for
from annotator.storage.after_commit import after_commit


def queue_mail(notification: Notification) -> None:
    """Mark the notification's e-mail due now, or for the digest, as its recipient chose."""
    cadence = cadence_for(notification.user_id, notification.kind)
    if cadence is MailCadence.never:
        return
    notification.mail_state = MailState.pending
    notification.mail_digest = cadence is MailCadence.daily
    notification.mail_due_at = notification.created_at
    db.session.flush()
    if not notification.mail_digest:
        # The worker sends it once this transaction commits (annotator/tasks/mail.py);
        # digests wait for the daily task.
        after_commit("send_mail_message", notification.id)
