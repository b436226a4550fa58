"""Background work on a task queue (huey): webhook deliveries, and what else is added.

To add a task (say, sending one e-mail), in a module of this package imported below:

    @queue.task(name="send_mail_message")
    @run_in_app
    def send_mail_message_task(message_id: int) -> None:
        mail.send_mail_message(message_id)   # the service; the task commits
        db.session.commit()

then register it in ``configure_tasks`` (``register_after_commit("send_mail_message",
send_mail_message_task)``) so that a service may call ``after_commit("send_mail_message",
message.id)`` from ``annotator.storage.after_commit``: it is queued once the request
commits, never if it rolls back. A periodic task is ``@queue.periodic_task(crontab(...))``.
"""

from flask import Flask

from annotator.storage.after_commit import register_after_commit
from annotator.tasks.queue import configure_queue, queue, run_in_app

__all__ = ["configure_tasks", "queue", "run_in_app"]


def configure_tasks(app: Flask) -> None:
    """Point the queue at the app's storage and let services queue work after commit."""
    from annotator.tasks import mail, webhooks

    configure_queue(app)
    register_after_commit("deliver_webhooks", webhooks.queue_deliveries)
    register_after_commit("send_mail_message", mail.send_mail_message)
