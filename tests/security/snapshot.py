"""Team B's side of the database, row by row: what a cross-team test compares before and after."""

import sqlalchemy as sa

from annotator.extensions import db
from annotator.models import Membership, Team


def owned_by_b(table: sa.Table, ids: dict[str, set]) -> list:
    """Return the conditions under which a row of the table is team B's.

    A row is B's when it refers to one of B's teams, articles, sentences, annotations... (so a
    row of A's pointing into B counts as a change of B's), or when it is a B person's account
    or token. Other references to a person do not count: A may assign B's reviewer once he
    has joined A.
    """
    if table.name in {"team", "user"}:
        return [table.c.id.in_(ids[table.name])]
    found = [
        column.in_(ids[key.column.table.name])
        for column in table.columns
        for key in column.foreign_keys
        if key.column.table.name in ids
        and (key.column.table.name != "user" or table.name == "access_token")
    ]
    if table.name == "audit_event":  # no foreign keys: its history outlives its records
        found += [
            table.c.team_id.in_(ids["team"]),
            table.c.article_id.in_(ids["article"]),
            sa.and_(
                table.c.team_id.is_(None),
                table.c.subject.in_([f"user:{user_id}" for user_id in ids["user"]]),
            ),
        ]
    return found


#: Tables that must hold rows of B's from the start, or the snapshot would prove little.
SNAPSHOT_HOLDS = (
    "article",
    "sentence",
    "annotation",
    "comment",
    "resolution",
    "membership",
    "user",
    "access_token",
    "invitation",
    "notification",
    "canonical_name",
    "audit_event",
)
#: Changed by B's reviewer's own use of his token, which the invariant makes on purpose.
VOLATILE = {"access_token": {"last_used_at"}}


def team_b_rows(team_ids: set[int], user_ids: set[int]) -> dict[str, list[tuple]]:
    """Return every row of team B's side of the database, table by table."""
    ids = {"team": team_ids, "user": user_ids}
    rows = {}
    # Referenced tables first, so that their ids are known; the history last.
    for table in sorted(db.metadata.sorted_tables, key=lambda table: table.name == "audit_event"):
        columns = [c for c in table.columns if c.name not in VOLATILE.get(table.name, ())]
        refers_to_itself = any(
            key.column.table is table for column in table.columns for key in column.foreign_keys
        )
        for _ in range(2 if refers_to_itself else 1):
            query = sa.select(*columns).where(sa.or_(sa.false(), *owned_by_b(table, ids)))
            rows[table.name] = db.session.execute(query.order_by(*table.primary_key)).all()
            if "id" in table.c:
                ids[table.name] = {row.id for row in rows[table.name]}
    return {name: [tuple(row) for row in found] for name, found in rows.items()}


def team_b_side(team: Team) -> tuple[set[int], set[int]]:
    """Return the teams of B's side (B, and the team that invited its admin) and B's people."""
    guests = db.session.scalar(sa.select(Team.id).where(Team.slug == f"{team.slug}-guests"))
    members = sa.select(Membership.user_id).where(Membership.team_id == team.id)
    return {team.id, guests}, set(db.session.scalars(members))


def changes(before: dict, after: dict) -> dict:
    """Name each table whose B rows differ, with the rows gone and the rows come."""
    found = {}
    for name in before:
        gone = [row for row in before[name] if row not in after[name]]
        come = [row for row in after[name] if row not in before[name]]
        if gone or come:
            found[name] = {"gone": gone, "come": come}
    return found
