"""The fixtures' database snapshots (tests/conftest.py): the same rows back, as new as built."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from annotator.extensions import db
from annotator.models import Invitation, Role, Team, User
from annotator.services.invitations import create_invitation
from tests.conftest import empty_all_tables, restore_snapshot, row_counts, take_snapshot


def test_a_restored_snapshot_holds_the_same_rows_with_their_timestamps_moved_on(
    team, make_member, tmp_path
):
    admin = make_member(Role.admin, name="Ada Admin")
    create_invitation(admin, team, "guest@example.org", Role.viewer)
    db.session.commit()
    email = admin.email
    expires = db.session.scalar(sa.select(Invitation.expires_at))
    counts = row_counts()
    snapshot = take_snapshot(tmp_path)
    db.session.remove()
    empty_all_tables()
    assert sum(row_counts().values()) == 0

    # As if taken an hour ago: every timestamp moves on by the hour.
    restore_snapshot(replace(snapshot, taken_at=snapshot.taken_at - timedelta(hours=1)))

    assert row_counts() == counts
    assert db.session.scalar(sa.select(User.name).where(User.email == email)) == "Ada Admin"
    assert db.session.scalar(sa.select(Team.slug)) == "demo-newsroom"
    moved = db.session.scalar(sa.select(Invitation.expires_at)) - expires
    assert timedelta(minutes=59) < moved < timedelta(minutes=61)
    assert db.session.scalar(sa.select(User.created_at)) > datetime.now(UTC) + timedelta(minutes=50)
