"""A worker imports only what a request needs (ADR 22): heavy modules wait for first use.

Checked in a fresh interpreter, since this test process has loaded everything already.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: Loaded on first use only: the command line (and the JSON import's schema checker behind
#: it), the export formats, PDF printing, web-page extraction, Markdown, address checks.
DEFERRED = [
    "annotator.cli.articles",
    "annotator.cli.exports",
    "annotator.services.interchange",
    "jsonschema",
    "annotator.exports.html_report",
    "annotator.exports.markdown_report",
    "annotator.exports.csv_table",
    "annotator.exports.web_annotation",
    "annotator.exports.claimreview",
    "annotator.exports.pdf_report",
    "weasyprint",
    "trafilatura",
    "markdown_it",
    "email_validator",
    "alembic",
]
PROGRAM = """
import json, sys
from annotator import create_app
create_app()
print(json.dumps(sorted(set(sys.argv[1:]) & set(sys.modules))))
"""


def loaded_after_create_app(tmp_path, modules: list[str]) -> list[str]:
    env = {
        **os.environ,
        "ANNOTATOR_DATABASE_URL": f"sqlite:///{tmp_path / 'startup.sqlite3'}",
        "ANNOTATOR_SECRET_KEY": "startup test key",
    }
    answer = subprocess.run(
        [sys.executable, "-c", PROGRAM, *modules],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(answer.stdout)


def test_building_the_app_leaves_heavy_modules_for_their_first_use(tmp_path):
    assert loaded_after_create_app(tmp_path, DEFERRED) == []


def test_the_check_sees_what_is_loaded(tmp_path):
    assert loaded_after_create_app(tmp_path, ["annotator.models", "sqlalchemy.orm"]) == [
        "annotator.models",
        "sqlalchemy.orm",
    ]


def test_the_command_line_still_has_every_command(app):
    runner = app.test_cli_runner()
    listing = runner.invoke(args=["--help"]).output
    for command in ["article", "audit", "backup", "db", "export", "restore", "seed", "user"]:
        assert f"  {command} " in listing
