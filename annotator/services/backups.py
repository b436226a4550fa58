"""Online backups of an SQLite database, and restoring one after checking it."""

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from alembic.script import ScriptDirectory

from annotator.errors import ValidationError

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
PG_RECIPE = "use pg_dump -Fc / pg_restore for PostgreSQL (see README, Backups)"


@dataclass(frozen=True)
class BackupCheck:
    """What a backup file holds: whether it is sound, and the problem if not."""

    revision: str | None
    problem: str = ""

    @property
    def sound(self) -> bool:
        return not self.problem


def database_file(url: sa.URL | str) -> Path:
    """Return the SQLite file behind a database URL; refuse any other database."""
    url = sa.make_url(url)
    if url.get_backend_name() != "sqlite":
        raise ValidationError(f"Backups here copy SQLite files only: {PG_RECIPE}.")
    if not url.database or url.database == ":memory:":
        raise ValidationError("This SQLite database lives in memory: there is no file to copy.")
    return Path(url.database)


def expected_revision() -> str:
    """Return the migration the code expects the database to be at."""
    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


def copy_database(source: Path, target: Path) -> None:
    """Copy one SQLite database into another with SQLite's online backup API."""
    with (
        closing(sqlite3.connect(source)) as origin,
        closing(sqlite3.connect(target)) as copy,
    ):
        # Readers and writers carry on meanwhile; the copy is one consistent snapshot.
        origin.backup(copy, pages=1024)


def back_up(url: sa.URL | str, target: Path) -> BackupCheck:
    """Write a consistent copy of the running database to a new file; return its check."""
    source = database_file(url)
    if target.exists():
        raise ValidationError(f"{target} exists already: choose a new file name.")
    if not source.exists():
        raise ValidationError(f"There is no database at {source}.")
    copy_database(source, target)
    return check_backup(target)


def check_backup(path: Path) -> BackupCheck:
    """Tell whether a file is a sound Annotator database at the expected migration."""
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as backup:
            integrity = backup.execute("PRAGMA integrity_check").fetchone()[0]
            if integrity != "ok":
                return BackupCheck(None, f"the file is damaged ({integrity})")
            rows = backup.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.DatabaseError as error:
        return BackupCheck(None, f"it is not an Annotator database ({error})")
    revision = rows[0][0] if len(rows) == 1 else None
    if revision != expected_revision():
        return BackupCheck(
            revision,
            f"it is at migration {revision}, this version of Annotator needs {expected_revision()}",
        )
    return BackupCheck(revision)


def restore(url: sa.URL | str, backup: Path, now: datetime | None = None) -> Path | None:
    """Replace the database's content with a checked backup; return the kept old copy, or
    None when there was no database file to keep (a restore onto a new machine)."""
    target = database_file(url)
    if not backup.is_file():
        raise ValidationError(f"There is no file at {backup}.")
    check = check_backup(backup)
    if not check.sound:
        raise ValidationError(f"{backup} was not restored: {check.problem}.")
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S")
    kept = None
    if target.exists():
        kept = target.with_name(f"{target.stem}.before-restore-{stamp}{target.suffix}")
        copy_database(target, kept)
    copy_database(backup, target)
    return kept
