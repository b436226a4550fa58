"""Personal access tokens: creating, listing, revoking, and finding the owner of a secret."""

import hashlib
import secrets
from datetime import UTC, date, datetime, time

import sqlalchemy as sa

from annotator import limits
from annotator.errors import NotFound, ValidationError
from annotator.extensions import db
from annotator.models import AccessToken, User, utcnow
from annotator.models.token import token_usable
from annotator.services.audit import record_event
from annotator.storage.rows import columns_of, record_from_row, run

#: Marks our secrets, so that secret scanners and people recognise a leaked one.
SECRET_PREFIX = "ann_"  # noqa: S105 (a label, not a secret)
MAX_NAME_LENGTH = limits.TOKEN_NAME.most
#: Updating ``last_used_at`` on every request would write on every read; a minute is enough.
LAST_USE_PRECISION_SECONDS = 60


def hash_secret(secret: str) -> str:
    """Return the hex sha256 under which a secret is stored."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def check_new_token(name: str, expires_on: date | None, today: date) -> None:
    """Raise ValidationError when the name or expiry date of a new token is unusable."""
    errors = {}
    if not name.strip() or len(name.strip()) > MAX_NAME_LENGTH:
        errors["name"] = f"Name the token in 1 to {MAX_NAME_LENGTH} characters."
    if expires_on is not None and expires_on <= today:
        errors["expires_on"] = "Choose a date after today, or no expiry."
    if errors:
        raise ValidationError(errors)


def create_token(owner: User, name: str, expires_on: date | None = None) -> tuple[AccessToken, str]:
    """Create a named token for the owner; return it with its secret, which is never stored."""
    now = utcnow()
    check_new_token(name, expires_on, now.date())
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    expires_at = datetime.combine(expires_on, time.min, tzinfo=UTC) if expires_on else None
    token = AccessToken(
        user=owner,
        name=name.strip(),
        token_hash=hash_secret(secret),
        prefix=secret[:10],
        created_at=now,
        expires_at=expires_at,
    )
    db.session.add(token)
    db.session.flush()
    record_event(
        owner, None, "token.create", subject=f"token:{token.id}", after={"name": token.name}
    )
    return token, secret


def tokens_of(owner: User) -> list[AccessToken]:
    """Return the owner's tokens that are not revoked, newest first."""
    return list(
        db.session.scalars(
            sa.select(AccessToken)
            .where(AccessToken.user_id == owner.id, AccessToken.revoked_at.is_(None))
            .order_by(AccessToken.id.desc())
        )
    )


def revoke_token(owner: User, token_id: int) -> AccessToken:
    """Revoke one of the owner's tokens; it stops working at once."""
    token = db.session.get(AccessToken, token_id)
    if token is None or token.user_id != owner.id:
        raise NotFound("No such token.")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        db.session.flush()
        record_event(
            owner, None, "token.revoke", subject=f"token:{token.id}", before={"name": token.name}
        )
    return token


def revoke_all_tokens(owner: User, actor: User | None) -> int:
    """Revoke every token of the owner at once; return how many were not revoked before."""
    result = db.session.execute(
        sa.update(AccessToken)
        .where(AccessToken.user_id == owner.id, AccessToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
        .execution_options(synchronize_session="fetch")
    )
    if result.rowcount:
        record_event(
            actor,
            None,
            "token.revoke_all",
            subject=f"user:{owner.id}",
            after={"revoked": result.rowcount},
        )
    return result.rowcount


TOKEN = AccessToken.__table__
USER_COLUMNS = columns_of(User)
#: The token with this hash, as much of it as using it needs, and its owner whole.
TOKEN_OWNER = (
    sa.select(
        TOKEN.c.id.label("token_id"),
        TOKEN.c.expires_at.label("token_expires_at"),
        TOKEN.c.revoked_at.label("token_revoked_at"),
        TOKEN.c.last_used_at.label("token_last_used_at"),
        *USER_COLUMNS.values(),
    )
    .join(User.__table__, User.__table__.c.id == TOKEN.c.user_id)
    .where(TOKEN.c.token_hash == sa.bindparam("hash"))
)


def user_for_secret(secret: str) -> User | None:
    """Return the active owner of a usable token with this secret, noting its use; else None.

    One plain statement reads the token and its owner (every API call makes it: ADR 23).
    """
    if not secret.startswith(SECRET_PREFIX):
        return None
    found = run(TOKEN_OWNER, {"hash": hash_secret(secret)}).first()
    now = utcnow()
    if found is None or not found.active:
        return None
    if not token_usable(found.token_expires_at, found.token_revoked_at, now):
        return None
    last = found.token_last_used_at
    if last is None or (now - last).total_seconds() >= LAST_USE_PRECISION_SECONDS:
        # Left unflushed: the API commits before the request goes on only when the
        # session is dirty, so most calls open no second transaction for this.
        db.session.get(AccessToken, found.token_id).last_used_at = now
    row = found._mapping
    return record_from_row(User, {key: row[column] for key, column in USER_COLUMNS.items()})
