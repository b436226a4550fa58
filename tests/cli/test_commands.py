"""The flask --app annotator commands."""

from pathlib import Path

import sqlalchemy as sa

from annotator import create_app
from annotator.extensions import db
from annotator.models import Annotation, Article, Role, User
from annotator.services import accounts, teams
from annotator.services.backups import expected_revision
from tests.conftest import base_config

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def test_user_create_first_user_becomes_admin_of_every_team(runner, team):
    result = runner.invoke(
        args=[
            "user",
            "create",
            "--email",
            "Ada@Example.org",
            "--name",
            "Ada",
            "--team",
            "new-desk",
            "--role",
            "reviewer",
            "--password-stdin",
        ],
        input="a long enough password\n",
    )
    assert result.exit_code == 0, result.output
    ada = accounts.find_user_by_email("ada@example.org")
    assert {m.team.slug: m.role for m in ada.memberships} == {
        "demo-newsroom": Role.admin,
        "new-desk": Role.admin,
    }
    assert ada.is_instance_admin


def test_user_create_later_user_gets_the_role_asked(runner, make_member):
    make_member(Role.admin)
    result = runner.invoke(
        args=[
            "user",
            "create",
            "--email",
            "rev@example.org",
            "--name",
            "Rev",
            "--team",
            "demo-newsroom",
            "--role",
            "reviewer",
            "--password-stdin",
        ],
        input="a long enough password\n",
    )
    assert result.exit_code == 0, result.output
    rev = accounts.find_user_by_email("rev@example.org")
    assert [m.role for m in rev.memberships] == [Role.reviewer]


def test_user_create_refuses_short_password(runner, team):
    result = runner.invoke(
        args=[
            "user",
            "create",
            "--email",
            "a@example.org",
            "--name",
            "A",
            "--team",
            "demo-newsroom",
            "--password-stdin",
        ],
        input="short\n",
    )
    assert result.exit_code == 1
    assert "at least 10" in result.output
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 0


def test_user_create_prompts_for_password(runner, team):
    result = runner.invoke(
        args=[
            "user",
            "create",
            "--email",
            "a@example.org",
            "--name",
            "A",
            "--team",
            "demo-newsroom",
        ],
        input="a long enough password\na long enough password\n",
    )
    assert result.exit_code == 0, result.output


def test_user_set_password_lets_demo_account_log_in(runner, team):
    accounts.create_user("demo@example.org", "Demo", None)
    db.session.commit()
    result = runner.invoke(
        args=["user", "set-password", "--email", "demo@example.org", "--password-stdin"],
        input="a long enough password\n",
    )
    assert result.exit_code == 0, result.output
    assert accounts.authenticate("demo@example.org", "a long enough password") is not None


def test_user_set_password_unknown_email_fails(runner, team):
    result = runner.invoke(
        args=["user", "set-password", "--email", "x@example.org", "--password-stdin"],
        input="a long enough password\n",
    )
    assert result.exit_code == 1
    assert "No user" in result.output


def test_user_set_password_ends_sessions_and_revokes_tokens(runner, make_member):
    from annotator.services.tokens import create_token, user_for_secret

    user = make_member(Role.admin)
    accounts.record_login(user)
    _, secret = create_token(user, "CMS")
    before = user.session_token
    db.session.commit()
    result = runner.invoke(
        args=["user", "set-password", "--email", user.email, "--password-stdin"],
        input="a long enough password\n",
    )
    assert result.exit_code == 0, result.output
    assert "1 access token(s) were revoked" in result.output
    db.session.refresh(user)
    assert user.session_token != before
    assert user_for_secret(secret) is None


def test_user_set_password_refuses_the_users_own_address(runner, make_member):
    user = make_member(Role.viewer)
    result = runner.invoke(
        args=["user", "set-password", "--email", user.email, "--password-stdin"],
        input=f"{user.email.upper()}\n",
    )
    assert result.exit_code == 1
    assert "not your e-mail address" in result.output


def test_user_instance_admin_names_and_unnames_but_keeps_one(runner, make_member):
    first, second = make_member(Role.viewer), make_member(Role.viewer)
    runner.invoke(args=["user", "instance-admin", "--email", first.email])
    result = runner.invoke(args=["user", "instance-admin", "--email", second.email])
    assert result.exit_code == 0, result.output
    assert "is an instance administrator" in result.output
    removed = runner.invoke(args=["user", "instance-admin", "--email", first.email, "--remove"])
    assert removed.exit_code == 0, removed.output
    last = runner.invoke(args=["user", "instance-admin", "--email", second.email, "--remove"])
    assert last.exit_code == 1
    assert "at least one instance administrator" in last.output
    db.session.expire_all()
    assert (first.is_instance_admin, second.is_instance_admin) == (False, True)


def test_user_instance_admin_unknown_email_fails(runner, team):
    result = runner.invoke(args=["user", "instance-admin", "--email", "x@example.org"])
    assert result.exit_code == 1
    assert "No user" in result.output


def test_article_import_prints_ids_and_list_prints_progress(runner, team, tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("A headline\nOne sentence. Another sentence.", encoding="utf-8")
    first = runner.invoke(args=["article", "import", str(path), "--team", "demo-newsroom"])
    assert first.exit_code == 0, first.output
    article_id = int(first.output.strip())
    again = runner.invoke(args=["article", "import", str(path), "--team", "demo-newsroom"])
    assert again.output.startswith(f"{article_id}\t(already imported)")
    listing = runner.invoke(args=["article", "list", "--team", "demo-newsroom"])
    assert listing.output == f"{article_id}\tA headline\t0/3 sentences with a verdict\n"


def test_article_import_splits_by_the_rules_of_the_given_language(runner, team, tmp_path):
    path = tmp_path / "cuentas.txt"
    path.write_text("La Sra. Olivar habló. Todo salió bien.", encoding="utf-8")
    args = ["article", "import", str(path), "--team", "demo-newsroom", "--language", "es"]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    article = db.session.get(Article, int(result.output.strip()))
    assert article.language == "es"
    texts = [s.text_in(article.text) for s in article.sentences]
    assert texts == ["La Sra. Olivar habló.", "Todo salió bien."]


def test_article_import_refuses_a_malformed_language(runner, team, tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("One sentence.", encoding="utf-8")
    args = ["article", "import", str(path), "--team", "demo-newsroom", "--language", "1"]
    result = runner.invoke(args=args)
    assert result.exit_code == 1
    assert "language" in result.output.lower()


def test_article_import_reports_bad_file(runner, team, tmp_path):
    path = tmp_path / "binary.txt"
    path.write_bytes(b"\x00\x01")
    result = runner.invoke(args=["article", "import", str(path), "--team", "demo-newsroom"])
    assert result.exit_code == 1
    assert "binary" in result.output


def test_article_commands_unknown_team_fail(runner, app, tmp_path):
    result = runner.invoke(args=["article", "list", "--team", "nope"])
    assert result.exit_code == 1
    assert "No team" in result.output


def test_seed_is_idempotent(runner, app):
    first = runner.invoke(args=["seed", "--directory", str(SEEDS)])
    assert first.exit_code == 0, first.output
    counts = (
        db.session.scalar(sa.select(sa.func.count(Article.id))),
        db.session.scalar(sa.select(sa.func.count(Annotation.id))),
    )
    second = runner.invoke(args=["seed", "--directory", str(SEEDS)])
    assert "0 new articles, 0 new annotations" in second.output
    assert counts == (
        db.session.scalar(sa.select(sa.func.count(Article.id))),
        db.session.scalar(sa.select(sa.func.count(Annotation.id))),
    )
    assert counts[0] == 1
    assert counts[1] > 10


def test_seed_labels_its_team_a_demo_even_one_made_by_user_create(runner, app):
    made = runner.invoke(
        args=[
            "user",
            "create",
            "--email",
            "a@example.org",
            "--name",
            "Ada",
            "--team",
            "demo-newsroom",
            "--password-stdin",
        ],
        input="a long enough password\n",
    )
    assert made.exit_code == 0, made.output
    assert not teams.find_team("demo-newsroom").is_demo
    assert runner.invoke(args=["seed", "--directory", str(SEEDS)]).exit_code == 0
    assert teams.find_team("demo-newsroom").is_demo


def test_db_upgrade_migrates_an_empty_database_to_the_head(tmp_path):
    fresh = create_app(base_config(f"sqlite:///{tmp_path / 'fresh.sqlite3'}"))
    with fresh.app_context():
        result = fresh.test_cli_runner().invoke(args=["db", "upgrade"])
        assert result.exit_code == 0, result.output
        revision = db.session.scalar(sa.text("SELECT version_num FROM alembic_version"))
        db.session.remove()
        db.engine.dispose()
    assert revision == expected_revision()


def test_db_help_lists_flask_migrate_commands_and_copy(runner, app):
    result = runner.invoke(args=["db", "--help"])
    assert result.exit_code == 0, result.output
    for command in ("upgrade", "downgrade", "migrate", "current", "copy"):
        assert f"  {command} " in result.output
