"""`flask export` and `flask article import-json`: files, standard output, team zips, errors."""

import json
import zipfile

import pytest

from annotator.extensions import db
from annotator.models import Article, ArticleState, Team


def test_export_writes_article_to_file(runner, seeded, tmp_path):
    target = tmp_path / "report.md"
    result = runner.invoke(args=["export", str(seeded.id), "--format", "md", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8").startswith("# Fact-check report:")


def test_export_prints_article_to_standard_output(runner, seeded):
    result = runner.invoke(args=["export", str(seeded.id), "--format", "json"])
    assert json.loads(result.stdout)["article"]["id"] == seeded.id


def test_export_says_the_host_sees_past_blind_review(runner, seeded):
    result = runner.invoke(args=["export", str(seeded.id), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert "blind review does not apply" in result.stderr
    assert "blind review" not in result.stdout


def test_export_uses_configured_base_url_in_annotation_ids(app, runner, seeded):
    app.config["EXPORT_BASE_URL"] = "https://factcheck.example/"
    result = runner.invoke(args=["export", str(seeded.id), "--format", "w3c"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["id"].startswith("https://factcheck.example/")


def test_export_refuses_unknown_article(runner, team):
    result = runner.invoke(args=["export", "999", "--format", "csv"])
    assert result.exit_code == 1
    assert "existing article" in result.output


def test_export_refuses_format_this_server_cannot_produce(runner, seeded, monkeypatch):
    import dataclasses

    from annotator.exports import registry

    entry = dataclasses.replace(registry.FORMATS["pdf"], unavailable=lambda: "No Pango here.")
    monkeypatch.setitem(registry.FORMATS, "pdf", entry)
    result = runner.invoke(args=["export", str(seeded.id), "--format", "pdf"])
    assert result.exit_code == 1
    assert "No Pango here." in result.output


def test_export_team_streams_filtered_articles_into_zip(runner, seeded, team, tmp_path):
    db.session.get(Article, seeded.id).state = ArticleState.in_review
    db.session.commit()
    target = tmp_path / "team.zip"
    args = ["export", "--team", team.slug, "--format", "w3c", "-o", str(target)]
    result = runner.invoke(args=[*args, "--state", "in_review", "--since", "2024-01-01"])
    assert result.exit_code == 0, result.output
    assert zipfile.ZipFile(target).namelist() == [f"article-{seeded.id}.jsonld"]


@pytest.mark.parametrize("output", [None, "team.csv"])
def test_export_team_needs_zip_output(runner, team, tmp_path, output):
    extra = ["-o", str(tmp_path / output)] if output else []
    result = runner.invoke(args=["export", "--team", team.slug, "--format", "csv", *extra])
    assert result.exit_code == 1
    assert "-o FILE.zip" in result.output


def test_import_json_restores_export_in_another_team(runner, seeded, tmp_path):
    db.session.add(Team(name="Other desk", slug="other-desk"))
    db.session.commit()
    path = tmp_path / "article.json"
    runner.invoke(args=["export", str(seeded.id), "--format", "json", "-o", str(path)])
    result = runner.invoke(args=["article", "import-json", str(path), "--team", "other-desk"])
    assert result.exit_code == 0, result.output
    assert db.session.get(Article, int(result.output)).sha256 == seeded.sha256


@pytest.mark.parametrize(
    ("content", "message"),
    [("{not json", "not JSON"), ('{"format": "x"}', "not an Annotator article export")],
)
def test_import_json_refuses_bad_file(runner, team, tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    result = runner.invoke(args=["article", "import-json", str(path), "--team", team.slug])
    assert result.exit_code == 1
    assert message in result.output
