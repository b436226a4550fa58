"""The team's canonical names: editing the list, CSV in and out, and hints on sentences."""

import csv
import io
from dataclasses import dataclass

import sqlalchemy as sa

from annotator import limits
from annotator.auth.permissions import Action
from annotator.errors import NotFound, ValidationError
from annotator.extensions import db
from annotator.models import Article, CanonicalName, Membership, NameKind, Sentence, User, utcnow
from annotator.services.access import require
from annotator.services.audit import record_event
from annotator.text.names import Name, NameHint, name_hints

CSV_COLUMNS = ("name", "kind", "aliases")
#: Editors keep the team's reference list, as they keep its articles.
MANAGE = Action.import_article


@dataclass
class NameEntry:
    """What an editor submits for one canonical name; aliases one per line."""

    name: str
    kind: str = NameKind.body.value
    aliases: str = ""

    def alias_list(self) -> list[str]:
        return [
            line.strip() for line in self.aliases.replace(";", "\n").splitlines() if line.strip()
        ]


def team_names(team_id: int) -> list[CanonicalName]:
    """Return the team's canonical names in alphabetical order."""
    return list(
        db.session.scalars(
            sa.select(CanonicalName)
            .where(CanonicalName.team_id == team_id)
            .order_by(sa.func.lower(CanonicalName.name))
        )
    )


def get_name_for(user: User, name_id: int) -> CanonicalName:
    """Load a canonical name of one of the user's teams, or raise NotFound."""
    row = db.session.scalar(
        sa.select(CanonicalName)
        .join(Membership, Membership.team_id == CanonicalName.team_id)
        .where(CanonicalName.id == name_id, Membership.user_id == user.id)
    )
    if row is None:
        raise NotFound("No such name.")
    return row


def check_name(team_id: int, entry: NameEntry, current: CanonicalName | None = None) -> None:
    """Raise ValidationError naming every field of the entry that breaks a rule."""
    errors = {}
    name = entry.name.strip()
    if problem := limits.CANONICAL_NAME.required_problem(name, "a name"):
        errors["name"] = problem
    elif name_taken(team_id, name, current):
        errors["name"] = "The team's list has this name already."
    if entry.kind not in {kind.value for kind in NameKind}:
        errors["kind"] = "Choose body, person or place."
    if problem := check_aliases(entry.alias_list()):
        errors["aliases"] = problem
    if errors:
        raise ValidationError(errors)


def check_aliases(aliases: list[str]) -> str | None:
    """Return what is wrong with a name's aliases, or None."""
    if len(aliases) > limits.ALIASES:
        return f"Give at most {limits.ALIASES} aliases."
    for number, alias in enumerate(aliases, start=1):
        if problem := limits.CANONICAL_NAME.problem(alias):
            return f"Alias {number}: {problem}"
    return None


def name_taken(team_id: int, name: str, current: CanonicalName | None) -> bool:
    query = sa.select(CanonicalName.id).where(
        CanonicalName.team_id == team_id, sa.func.lower(CanonicalName.name) == name.lower()
    )
    if current is not None:
        query = query.where(CanonicalName.id != current.id)
    return db.session.scalar(query) is not None


def name_state(row: CanonicalName) -> dict:
    return {"name": row.name, "kind": row.kind.value, "aliases": row.alias_list}


def record_name_event(actor: User, team_id: int, action: str, before, after) -> None:
    record_event(actor, team_id, action, subject="names", before=before, after=after)


def add_name(actor: User, team_id: int, entry: NameEntry) -> CanonicalName:
    """Add a canonical name, with its aliases, to the team's list."""
    require(actor, team_id, MANAGE)
    check_name(team_id, entry)
    row = CanonicalName(team_id=team_id)
    apply_entry(row, entry)
    db.session.add(row)
    db.session.flush()
    record_name_event(actor, team_id, "name.add", None, name_state(row))
    return row


def update_name(actor: User, row: CanonicalName, entry: NameEntry) -> CanonicalName:
    """Change a canonical name, its kind or its aliases."""
    require(actor, row.team_id, MANAGE)
    check_name(row.team_id, entry, row)
    before = name_state(row)
    apply_entry(row, entry)
    row.updated_at = utcnow()
    db.session.flush()
    record_name_event(actor, row.team_id, "name.change", before, name_state(row))
    return row


def delete_name(actor: User, row: CanonicalName) -> None:
    """Remove a canonical name from the team's list."""
    require(actor, row.team_id, MANAGE)
    before = name_state(row)
    db.session.delete(row)
    db.session.flush()
    record_name_event(actor, row.team_id, "name.delete", before, None)


def apply_entry(row: CanonicalName, entry: NameEntry) -> None:
    row.name = entry.name.strip()
    row.kind = NameKind(entry.kind)
    row.aliases = "\n".join(entry.alias_list())


def read_names_csv(text: str) -> list[NameEntry]:
    """Parse a CSV of name,kind,aliases (aliases separated by semicolons), or raise."""
    check_csv_characters(text)
    # newline="": the csv module reads line breaks itself, inside quoted cells too.
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        return entries_of(reader)
    except csv.Error as error:
        # The DictReader's own line_num stops at the last row it returned, one line short.
        raise ValidationError({"file": f"Line {reader.reader.line_num}: {error}."}) from None


def entries_of(reader: csv.DictReader) -> list[NameEntry]:
    """Return the entries of the CSV's rows; rows without a name are left out."""
    if reader.fieldnames is None or "name" not in [f.strip() for f in reader.fieldnames]:
        raise ValidationError({"file": "The CSV needs a header row with a name column."})
    entries = []
    for row in reader:
        row = {(key or "").strip(): (value or "").strip() for key, value in row.items() if key}
        if not row.get("name"):
            continue
        kind = row.get("kind") or NameKind.body.value
        entries.append(NameEntry(row["name"], kind, row.get("aliases", "")))
        if len(entries) > limits.NAMES_CSV_ROWS:
            most = limits.NAMES_CSV_ROWS
            raise ValidationError({"file": f"Import at most {most:,} names at once."})
    return entries


def check_csv_characters(text: str) -> None:
    """Refuse a CSV holding a character no text may hold (NUL...), anywhere, naming its line."""
    # split, not splitlines: that would take form feeds and other controls for line breaks.
    for number, line in enumerate(text.split("\n"), start=1):
        if found := limits.unusable_character(line):
            raise ValidationError({"file": f"Line {number}: Unusable characters: {found}."})


def import_names(actor: User, team_id: int, text: str) -> tuple[int, int]:
    """Add or update names from a CSV; return (added, updated). Nothing is saved on an error."""
    require(actor, team_id, MANAGE)
    existing = {row.name.lower(): row for row in team_names(team_id)}
    added = updated = 0
    for line, entry in enumerate(read_names_csv(text), start=2):
        row = existing.get(entry.name.strip().lower())
        try:
            check_name(team_id, entry, row)
        except ValidationError as error:
            problem = "; ".join(error.fields.values())
            raise ValidationError({"file": f"Line {line}: {problem}"}) from None
        if row is None:
            row = CanonicalName(team_id=team_id)
            db.session.add(row)
            existing[entry.name.strip().lower()] = row
            added += 1
        else:
            updated += 1
        apply_entry(row, entry)
        row.updated_at = utcnow()
        db.session.flush()
    record_name_event(actor, team_id, "name.import", None, {"added": added, "updated": updated})
    return added, updated


def export_names(team_id: int) -> str:
    """Return the team's list as CSV: name, kind, aliases separated by semicolons."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in team_names(team_id):
        writer.writerow([safe_cell(row.name), row.kind.value, safe_cell("; ".join(row.alias_list))])
    return out.getvalue()


def safe_cell(value: str) -> str:
    """Keep spreadsheet programs from running a cell as a formula."""
    return "'" + value if value[:1] in {"=", "+", "-", "@"} else value


def hints_for_sentences(article: Article, sentences: list[Sentence]) -> dict[int, list[NameHint]]:
    """Return the name hints of each sentence that has some, by sentence id."""
    names = [Name(row.name, tuple(row.alias_list)) for row in team_names(article.team_id)]
    if not names:
        return {}
    hints = {}
    for sentence in sentences:
        found = name_hints(sentence.text_in(article.text), names)
        if found:
            hints[sentence.id] = found
    return hints
