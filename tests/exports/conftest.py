"""Fixtures for the exports: the seed article with its demo annotations, settled and frozen."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from annotator.exports.readmodel import ExportContext, load_export
from annotator.extensions import db
from annotator.models import Annotation, Article, Resolution, Response, Sentence, Stance, Verdict
from annotator.services.rating_scale import suggested_rating
from annotator.services.seeds import seed_team
from annotator.services.settling import suggest_details
from annotator.services.visibility import host_visibility
from tests.conftest import REPOSITORY

SEED = "000_47b76f7429a7529b"
FROZEN = datetime(2024, 2, 1, 9, 30, tzinfo=UTC)
GENERATED = datetime(2024, 2, 2, 12, 0, tzinfo=UTC)
BASE_URL = "https://factcheck.example.org/"
#: (sentence index, final verdict, rationale) settled by the fixture's editor, beside the
#: demo editor's settlements; a sentence the seed settled already is left as it is.
SETTLED = [
    (4, Verdict.verified, ""),
    (6, Verdict.disputed, "The readout says *China*, not Mexico, supplies the precursors."),
    (19, Verdict.unverified, "No primary source for the remarks."),
    (26, Verdict.disputed, "The name of the UN body is garbled."),
]


def shared_tools() -> Path | None:
    """Return the shared validators' folder beside the repository, when it is there."""
    for candidate in (Path("/work/shared/tools"), REPOSITORY.parent / "shared" / "tools"):
        if (candidate / "validate_wa.py").exists():
            return candidate
    return None


def scale_mapping(tmp_path: Path, team_id: int) -> Path:
    """Write the team's rating scale as the ClaimReview validator's --mapping file."""
    import json

    from annotator.exports.claimreview import validator_mapping
    from annotator.services.rating_scale import rating_scale

    path = tmp_path / "scale.json"
    path.write_text(json.dumps(validator_mapping(rating_scale(team_id))), encoding="utf-8")
    return path


def freeze_times(article: Article) -> None:
    """Give every timestamp a fixed value so that golden files stay stable."""
    db.session.execute(sa.update(Article).where(Article.id == article.id).values(created_at=FROZEN))
    for model, columns in [
        (Annotation, ("created_at", "updated_at")),
        (Resolution, ("settled_at",)),
        (Response, ("created_at", "updated_at")),
    ]:
        db.session.execute(
            sa.update(model)
            .where(model.article_id == article.id)
            .values(dict.fromkeys(columns, FROZEN))
        )


def settle(article: Article, editor, index: int, verdict: Verdict, rationale: str) -> None:
    sentence = db.session.scalar(
        sa.select(Sentence).where(Sentence.article_id == article.id, Sentence.index == index)
    )
    if db.session.scalar(sa.select(Resolution).where(Resolution.sentence_id == sentence.id)):
        return
    suggestion = suggest_details(sentence)
    db.session.add(
        Resolution(
            sentence=sentence,
            article_id=article.id,
            verdict=verdict,
            rationale=rationale,
            settled_by=editor,
            settled_at=FROZEN,
            rating=suggested_rating(article.team_id, verdict),
            claimant_name=suggestion.claimant_name,
            claimant_kind=suggestion.claimant_kind,
            claim_url=suggestion.claim_url,
        )
    )


@pytest.fixture(autouse=True)
def ids_from_one(app, engine_name):
    """Start every id at 1 on PostgreSQL too, so golden files hold the same ids everywhere."""
    if engine_name != "postgresql":
        return
    with db.engine.begin() as connection:
        for table in db.metadata.sorted_tables:
            if "id" in table.columns:
                connection.execute(
                    sa.text("SELECT setval(pg_get_serial_sequence(:name, 'id'), 1, false)"),
                    {"name": f'"{table.name}"'},
                )


@pytest.fixture
def seed_dir(tmp_path) -> Path:
    """Only the golden article, whatever else seeds/ holds."""
    for suffix in (".txt", ".annotations.json"):
        (tmp_path / f"{SEED}{suffix}").write_bytes(
            (REPOSITORY / "seeds" / f"{SEED}{suffix}").read_bytes()
        )
    return tmp_path


@pytest.fixture
def editor(make_member):
    return make_member("editor", name="Eda Editor")


@pytest.fixture
def seeded(team, seed_dir, editor) -> Article:
    """The seed article as `flask seed` makes it, plus settled sentences and a response."""
    seed_team(team, seed_dir)
    article = db.session.scalar(sa.select(Article).where(Article.team_id == team.id))
    for index, verdict, rationale in SETTLED:
        settle(article, editor, index, verdict, rationale)
    first = db.session.scalar(
        sa.select(Annotation).where(Annotation.article_id == article.id).order_by(Annotation.id)
    )
    db.session.add(
        Response(
            annotation=first,
            article_id=article.id,
            responder=editor,
            stance=Stance.agree,
            comment="Matches the readout.",
            created_at=FROZEN,
            updated_at=FROZEN,
        )
    )
    db.session.flush()
    freeze_times(article)
    db.session.commit()
    db.session.expire_all()
    return article


@pytest.fixture
def context() -> ExportContext:
    return ExportContext(base_url=BASE_URL, organisation="Demo newsroom", generated_at=GENERATED)


@pytest.fixture
def seeded_export(seeded, context):
    return load_export(seeded, context, host_visibility(seeded))
