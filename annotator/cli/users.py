"""`flask --app annotator user ...`: accounts."""

import click
from flask.cli import AppGroup

from annotator.cli.common import fail, find_user, read_password
from annotator.errors import ValidationError
from annotator.extensions import db
from annotator.models import Role
from annotator.services import account_admin, accounts, teams

user_cli = AppGroup("user", help="Manage accounts.")
ROLE_NAMES = [role.value for role in Role]


@user_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--team", "team_slug", required=True, help="Team slug; created if missing.")
@click.option("--role", type=click.Choice(ROLE_NAMES), default="reviewer", show_default=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_user(email, name, team_slug, role, password_stdin):
    """Create an account and make it a member of a team."""
    first = accounts.user_count() == 0
    try:
        team = teams.ensure_team(team_slug)
        password = read_password(password_stdin)
        if first:
            user = accounts.create_first_admin(email, name, password)
        else:
            user = accounts.create_user(email, name, password)
        teams.set_membership(team, user, Role(role) if not first else Role.admin)
    except ValidationError as error:
        fail(error.message)
    db.session.commit()
    click.echo(
        f"Created user {user.id} <{user.email}>, {role if not first else 'admin'} "
        f"of {team.slug}" + (" (first user: admin of every team)" if first else "")
    )


@user_cli.command("set-password")
@click.option("--email", required=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def set_password(email, password_stdin):
    """Set a user's password, ending their sessions and revoking their access tokens."""
    user = find_user(email)
    try:
        revoked = account_admin.reset_password_as_host(user, read_password(password_stdin))
    except ValidationError as error:
        fail(error.message)
    db.session.commit()
    click.echo(
        f"Password set for {user.email}; their sessions ended and {revoked} access token(s) "
        "were revoked."
    )


@user_cli.command("instance-admin")
@click.option("--email", required=True)
@click.option("--remove", is_flag=True, help="Take the power away instead.")
def instance_admin(email, remove):
    """Make an account an instance administrator (resets any password), or no longer."""
    user = find_user(email)
    try:
        account_admin.set_instance_admin(user, not remove, actor=None)
    except ValidationError as error:
        fail(error.message)
    db.session.commit()
    now = "no longer an" if remove else "an"
    click.echo(f"{user.email} is {now} instance administrator.")
