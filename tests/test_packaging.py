"""The wheel carries everything the server reads at run time.

It is built from a copy of the sources, installed into a fresh virtualenv that sees this
environment's dependencies but not the checkout, and run from a folder outside it:
migrations, a canonical JSON import, the HTML report, the demo seeds and a page.
"""

import os
import shutil
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import REPOSITORY, new_postgres_database, unavailable

pytestmark = pytest.mark.packaging

#: What the build reads: the project's metadata and the package, whose links reach the
#: top-level templates/, static/ and seeds/.
SOURCES = ["pyproject.toml", "README.md", "LICENSE", "annotator", "templates", "static", "seeds"]
#: The first setuptools that reads an SPDX `license` string.
SETUPTOOLS = 77
SAMPLE = REPOSITORY / "tests" / "exports" / "golden" / "seed.json"
TITLE = "U.S.-China Fentanyl Crisis: Productive First Day of Talks in Beijing"
TEAM = "wheel-desk"


def run(command: list, **options) -> str:
    """Run a command; fail the test with its output when it fails."""
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, **options)
    assert done.returncode == 0, f"{command} exited {done.returncode}:\n{done.stdout}{done.stderr}"
    return done.stdout


def require_setuptools() -> None:
    try:
        from setuptools import __version__
    except ImportError:
        unavailable("setuptools is not installed: the wheel cannot be built without a download")
    if int(__version__.split(".")[0]) < SETUPTOOLS:
        unavailable(
            f"setuptools {__version__} cannot build the wheel (it needs {SETUPTOOLS} or newer: "
            "pip install -e '.[dev]')"
        )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """Build the wheel offline from a copy of the sources (the checkout gets no build/)."""
    require_setuptools()
    folder = tmp_path_factory.mktemp("wheel")
    source = folder / "source"
    source.mkdir()
    for name in SOURCES:
        if (REPOSITORY / name).is_dir():
            ignore = shutil.ignore_patterns("__pycache__")
            shutil.copytree(REPOSITORY / name, source / name, symlinks=True, ignore=ignore)
        else:
            shutil.copy2(REPOSITORY / name, source / name)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    run(
        [
            *pip,
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-q",
            "-w",
            folder,
            source,
        ]
    )
    [built] = folder.glob("annotator-*.whl")
    return built


@pytest.fixture(scope="module")
def python(wheel, tmp_path_factory) -> Path:
    """Return the interpreter of a fresh virtualenv with the wheel installed in it."""
    venv = tmp_path_factory.mktemp("venv")
    run([sys.executable, "-m", "venv", "--without-pip", venv])
    python = venv / "bin" / "python"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--python", python]
    run([*pip, "install", "--no-deps", "--no-index", "-q", wheel])
    # Only now, so that pip does not take the checkout's editable install for this one: the
    # dependencies come from this environment's site-packages, added as plain folders (their
    # own .pth files, the editable install's among them, are not read).
    purelib = run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"])
    ours = dict.fromkeys(sysconfig.get_path(name) for name in ("purelib", "platlib"))
    Path(purelib.strip(), "dependencies.pth").write_text("\n".join(ours) + "\n")
    return python


@pytest.fixture(scope="module")
def database_url(engine_name):
    """None: the installed default, an SQLite file in the instance folder."""
    if engine_name != "postgresql":
        yield None
        return
    with new_postgres_database("annotator_wheel") as url:
        yield url


@dataclass
class InstalledServer:
    """The installed package, run from a folder outside the checkout."""

    python: Path
    folder: Path
    environment: dict

    def run(self, *args, stdin: str | None = None) -> str:
        return run([self.python, *args], cwd=self.folder, env=self.environment, input=stdin)

    def flask(self, *args, stdin: str | None = None) -> str:
        return self.run("-m", "flask", "--app", "annotator", *args, stdin=stdin)


@pytest.fixture(scope="module")
def server(python, database_url, tmp_path_factory) -> InstalledServer:
    """Return the installed server with its database migrated and an editor's team."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("ANNOTATOR_", "FLASK_", "PYTHON", "VIRTUAL_ENV"))
    }
    environment["ANNOTATOR_SECRET_KEY"] = "a secret key for the wheel's own test run"
    if database_url:
        environment["ANNOTATOR_DATABASE_URL"] = database_url
    server = InstalledServer(python, tmp_path_factory.mktemp("elsewhere"), environment)
    server.flask("db", "upgrade")
    editor = ["--email", "ed@example.org", "--name", "Ed", "--team", TEAM, "--password-stdin"]
    server.flask("user", "create", *editor, stdin="a long enough password\n")
    return server


def test_installed_package_is_the_wheel_not_the_checkout(server):
    where = server.run("-c", "import annotator; print(annotator.__file__)").strip()
    assert Path(where).is_relative_to(server.python.parent.parent)


def test_installed_package_keeps_its_default_database_in_its_prefix(server):
    probe = (
        "import os\n"
        "from annotator import create_app\n"
        "os.environ.pop('ANNOTATOR_DATABASE_URL', None)\n"
        "print(create_app().config['SQLALCHEMY_DATABASE_URI'])"
    )
    instance = server.python.parent.parent / "var" / "annotator-instance"
    assert server.run("-c", probe).strip() == f"sqlite:///{instance / 'annotator.sqlite3'}"
    assert instance.is_dir()


def test_installed_server_imports_an_export_and_reports_it_in_html(server):
    article_id = server.flask("article", "import-json", SAMPLE, "--team", TEAM).strip()
    report = server.folder / "report.html"
    server.flask("export", article_id, "--format", "html", "-o", report)
    page = report.read_text(encoding="utf-8")
    assert f"<title>Fact-check report: {TITLE}</title>" in page
    assert "Disputed and contested sentences" in page
    assert "The readout says <em>China</em>, not Mexico, supplies the precursors." in page


def test_installed_server_seeds_the_demo_newsroom(server):
    said = server.flask("seed")
    assert said.startswith("Seeded Demo newsroom: 1 new articles, ")


def test_installed_server_serves_its_pages_and_static_files(server):
    probe = (
        "from annotator import create_app\n"
        "client = create_app().test_client()\n"
        "print(client.get('/login').status_code, client.get('/static/css/app.css').status_code)"
    )
    assert server.run("-c", probe).split() == ["200", "200"]
