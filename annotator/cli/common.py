"""What every command shares: refusing with a message, finding an account or a team."""

import sys

import click

from annotator.extensions import db
from annotator.services import accounts, teams


def fail(message: str) -> None:
    db.session.rollback()
    raise click.ClickException(message)


def read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


def find_user(email: str):
    user = accounts.find_user_by_email(email)
    if user is None:
        fail(f"No user with e-mail {email}.")
    return user


def require_team(slug: str):
    team = teams.find_team(slug)
    if team is None:
        fail(f"No team with slug {slug!r}.")
    return team
