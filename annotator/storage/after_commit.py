"""Work that may start only once the transaction that asked for it has committed.

A service that writes a row owing work elsewhere (an e-mail) calls
``after_commit("send_mail_message", row_id)``: the name is looked up among the handlers the
task queue registered (``annotator.tasks``), and the handler runs once the session's
transaction commits. Where one transaction may owe many rows (a webhook message per
endpoint, per event), ``after_commit_batch("deliver_webhooks", row_id)`` gathers them: the
handler runs once, with the list, so a transaction costs the queue one task.

A rollback forgets what was asked, so a refused or failed request starts nothing. A name
with no handler (no queue in this process) is dropped: the queue's periodic sweep finds the
committed rows anyway. A handler that fails is logged, never raised into the request that
has already committed.
"""

import logging
from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.orm import Session

from annotator.extensions import db

log = logging.getLogger(__name__)

#: Handlers by name, registered by the task queue when an app is built.
HANDLERS: dict[str, Callable[..., object]] = {}
#: Where a session keeps the calls waiting for its commit, and the lists being gathered.
WAITING = "after_commit"
GATHERED = "after_commit_batches"


def register_after_commit(name: str, handler: Callable[..., object]) -> None:
    """Run ``handler(*args)`` for every ``after_commit(name, *args)`` once committed."""
    HANDLERS[name] = handler


def after_commit(name: str, *args: object) -> None:
    """Ask for ``name``'s handler to run with these arguments once this transaction commits."""
    db.session().info.setdefault(WAITING, []).append((name, args))


def after_commit_batch(name: str, item: object) -> None:
    """Add item to the list that ``name``'s handler gets, once, when this transaction commits."""
    info = db.session().info
    gathered = info.setdefault(GATHERED, {})
    if name not in gathered:
        gathered[name] = []
        info.setdefault(WAITING, []).append((name, (gathered[name],)))
    gathered[name].append(item)


@sa.event.listens_for(Session, "after_commit")
def run_waiting(session: Session) -> None:
    session.info.pop(GATHERED, None)
    for name, args in session.info.pop(WAITING, []):
        handler = HANDLERS.get(name)
        if handler is None:
            continue
        try:
            handler(*args)
        except Exception:  # the request has committed: the periodic sweep will catch up
            log.exception("Could not start %s%r after commit", name, args)


@sa.event.listens_for(Session, "after_transaction_end")
def forget_waiting(session: Session, transaction) -> None:
    """A transaction that ended without committing (rolled back, closed) owes nothing."""
    if transaction.parent is None:
        session.info.pop(WAITING, None)
        session.info.pop(GATHERED, None)
