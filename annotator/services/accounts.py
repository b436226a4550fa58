"""Accounts: creating users, passwords, logging in."""

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from annotator import limits
from annotator.auth.passwords import is_common_password
from annotator.errors import ValidationError
from annotator.extensions import db
from annotator.models import Membership, Role, Team, User, utcnow
from annotator.models.user import new_session_token
from annotator.services.audit import record_event
from annotator.services.teams import create_named_team
from annotator.services.tokens import revoke_all_tokens

MIN_PASSWORD_LENGTH = 10
ENTER_AN_ADDRESS = "Enter a valid e-mail address."
#: OWASP's Argon2id choice (19 MiB, 2 passes, 1 lane): the library's default takes 64 MiB per
#: hash, most of a worker's peak memory. Older hashes still verify and are rehashed at login.
ARGON2_PARAMETERS = {"time_cost": 2, "memory_cost": 19 * 1024, "parallelism": 1}
_hasher = PasswordHasher(**ARGON2_PARAMETERS)
#: Verified against when the e-mail is unknown, so both failures take the same time. Written
#: out, not hashed at import: that cost every worker 0.14 s of its start (tests check that
#: it has the parameters above).
DUMMY_HASH = (
    "$argon2id$v=19$m=19456,t=2,p=1$yGWgNBdtkCZZ+whwlpdKNA$"
    "NWjxXo35wY3AFxpDyXViXOLVJW3ScVWWNpVH5LCPOIs"
)


def normalise_email(email: str) -> str:
    """Return the e-mail address as stored: trimmed and lower-case."""
    return email.strip().lower()


def check_password_strength(password: str, user: User | None = None) -> None:
    """Raise ValidationError when a new password is too weak, or is the user's address or name."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError({"password": f"Use at least {MIN_PASSWORD_LENGTH} characters."})
    if len(password) > 1024:
        raise ValidationError({"password": "Use at most 1024 characters."})
    if is_common_password(password):
        raise ValidationError(
            {"password": "This password is one of the most common ones; choose another."}
        )
    if user is not None and password.strip().casefold() in personal_words(user):
        raise ValidationError(
            {"password": "Choose a password that is not your e-mail address or your name."}
        )


def personal_words(user: User) -> set[str]:
    """Return what a guesser tries first: the address, its part before the @, the name."""
    email = normalise_email(user.email or "").casefold()
    words = {email, email.partition("@")[0], (user.name or "").strip().casefold()}
    return words - {""}


def set_password(user: User, password: str) -> None:
    """Give the user a new password and end their other sessions."""
    check_password_strength(password, user)
    user.password_hash = _hasher.hash(password)
    end_sessions(user)


def replace_password(user: User, password: str, actor: User | None) -> int:
    """Set a new password, end every session and revoke every token; return how many."""
    set_password(user, password)
    return revoke_all_tokens(user, actor)


def record_login(user: User) -> None:
    """Note that the owner has logged in: from now on no team admin may set the password."""
    user.last_login_at = utcnow()
    db.session.flush()


def end_sessions(user: User) -> None:
    """Invalidate every login of the user, on every device (cookies carry the old token)."""
    user.session_token = new_session_token()
    db.session.flush()


def user_count() -> int:
    """Return how many accounts can log in (demo accounts without a password don't count)."""
    return (
        db.session.scalar(sa.select(sa.func.count(User.id)).where(User.password_hash.is_not(None)))
        or 0
    )


def is_email_address(email: str) -> bool:
    """Tell whether a normalised address has the shape of one (no mail is sent to check it)."""
    return "@" in email and not limits.EMAIL.problem(email)


def check_email(email: str) -> None:
    """Raise ValidationError unless the normalised address has the shape of one."""
    if not is_email_address(email):
        raise ValidationError({"email": ENTER_AN_ADDRESS})


def find_user_by_email(email: str) -> User | None:
    """Return the account with this e-mail address, if any."""
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def create_user(email: str, name: str, password: str | None) -> User:
    """Create an account; without a password it cannot log in until one is set."""
    email, name = normalise_email(email), name.strip()
    errors = {}
    if not is_email_address(email):
        errors["email"] = ENTER_AN_ADDRESS
    elif find_user_by_email(email):
        errors["email"] = "An account with this e-mail address exists already."
    if problem := limits.PERSON_NAME.required_problem(name, "a name"):
        errors["name"] = problem
    if errors:
        raise ValidationError(errors)
    user = User(email=email, name=name)
    if password is not None:
        set_password(user, password)
    db.session.add(user)
    db.session.flush()
    return user


def create_first_admin(email: str, name: str, password: str) -> User:
    """Create the first account: instance administrator, and admin of every team."""
    if user_count():
        raise ValidationError("The first administrator exists already; please log in.")
    user = create_user(email, name, password)
    user.is_instance_admin = True
    for team in db.session.scalars(sa.select(Team)):
        db.session.add(Membership(team=team, user=user, role=Role.admin))
        record_event(
            user,
            team.id,
            "membership.add",
            subject=f"user:{user.id}",
            after={"role": Role.admin.value, "member": user.name},
        )
    db.session.flush()
    return user


def set_up_instance(email: str, name: str, password: str, newsroom: str) -> tuple[User, Team]:
    """Create the newsroom's team and its first administrator; refuse with every problem."""
    problems = {}
    team = None
    try:
        team = create_named_team(newsroom)
    except ValidationError as error:
        problems["newsroom"] = error.fields["name"]
    try:
        user = create_first_admin(email, name, password)
    except ValidationError as error:
        problems.update(error.fields)
    if problems:
        raise ValidationError(problems)
    return user, team


def authenticate(email: str, password: str) -> User | None:
    """Return the user these credentials belong to, or None; same work either way."""
    user = find_user_by_email(email)
    stored = user.password_hash if user and user.can_log_in else None
    try:
        _hasher.verify(stored or DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if stored is None:
        return None
    if _hasher.check_needs_rehash(stored):
        user.password_hash = _hasher.hash(password)
    return user


def change_password(user: User, current: str, new: str) -> int:
    """Replace the user's password after checking the current one; return tokens revoked.

    Whoever learnt the old password may have made tokens with it: they stop working too.
    """
    checked = authenticate(user.email, current)
    if checked is None or checked.id != user.id:
        raise ValidationError({"current_password": "That is not your current password."})
    revoked = replace_password(user, new, actor=user)
    record_event(user, None, "account.password_change", subject=f"user:{user.id}")
    return revoked
