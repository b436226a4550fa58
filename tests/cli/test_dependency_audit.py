"""`make audit` says how many packages it checked, and fails in CI only when it should."""

import pytest

from annotator.cli import dependency_audit
from annotator.cli.dependency_audit import Findings, findings_of, verdict

NOT_ON_PYPI = "Dependency not found on PyPI and could not be audited: alembic (1.20.1)"
REPORT = {
    "dependencies": [
        {"name": "flask", "version": "3.1.3", "vulns": []},
        {"name": "annotator", "skip_reason": "distribution marked as editable"},
        {"name": "alembic", "skip_reason": NOT_ON_PYPI},
        {
            "name": "jinja2",
            "version": "3.1.4",
            "vulns": [{"id": "GHSA-xxxx", "fix_versions": ["3.1.5"], "aliases": []}],
        },
    ],
    "fixes": [],
}
ALL_SKIPPED = {
    "dependencies": [
        {"name": name, "skip_reason": NOT_ON_PYPI} for name in ("alembic", "anyio", "attrs")
    ]
}


def test_findings_count_checked_skipped_and_vulnerable_packages():
    findings = findings_of(REPORT)
    assert findings.checked == ["flask", "jinja2"]
    assert findings.skipped == {
        "annotator": "distribution marked as editable",
        "alembic": NOT_ON_PYPI,
    }
    assert findings.vulnerable == {"jinja2 3.1.4": ["GHSA-xxxx (fixed in 3.1.5)"]}


@pytest.mark.parametrize("in_ci", [False, True])
def test_a_vulnerability_fails_and_is_named(in_ci):
    lines, status = verdict(findings_of(REPORT), in_ci)
    assert status == 1
    assert lines[0] == "make audit: checked 2 of 4 packages."
    assert "  jinja2 3.1.4: GHSA-xxxx (fixed in 3.1.5)" in lines
    assert "Skipped 2, for example:" in lines


def test_clean_packages_pass_and_say_how_many_were_checked():
    findings = Findings(["flask", "jinja2"], {"annotator": "editable"}, {})
    lines, status = verdict(findings, in_ci=True)
    assert status == 0
    assert lines[:2] == [
        "make audit: checked 2 of 3 packages.",
        "No known vulnerabilities in the packages checked.",
    ]


@pytest.mark.parametrize(("in_ci", "status"), [(False, 0), (True, 1)])
def test_nothing_checked_is_said_and_fails_only_in_ci(in_ci, status):
    lines, found = verdict(findings_of(ALL_SKIPPED), in_ci)
    assert found == status
    assert lines[0].startswith("make audit: no package could be checked: all 3 were skipped")
    assert not any("No known vulnerabilities" in line for line in lines)


@pytest.fixture
def audit(monkeypatch):
    """Run main() with the database's answer and pip-audit's report given."""

    def run(reachable: bool, report: dict | None, ci: str = "") -> int:
        monkeypatch.setenv("CI", ci)
        monkeypatch.setattr(dependency_audit, "database_reachable", lambda: reachable)
        monkeypatch.setattr(dependency_audit, "run_pip_audit", lambda: report)
        return dependency_audit.main()

    return run


@pytest.mark.parametrize("ci", ["", "true"])
def test_an_unreachable_database_is_said_and_passes_even_in_ci(audit, capsys, ci):
    assert audit(reachable=False, report=None, ci=ci) == 0
    assert "cannot be reached from here, so no package was checked" in capsys.readouterr().out


def test_every_package_skipped_while_the_database_answers_fails_in_ci(audit, capsys):
    assert audit(reachable=True, report=ALL_SKIPPED, ci="true") == 1
    assert "no package could be checked" in capsys.readouterr().out
    assert audit(reachable=True, report=ALL_SKIPPED, ci="") == 0


def test_a_failing_pip_audit_fails(monkeypatch, capsys):
    def broken():
        raise RuntimeError("resolver exploded")

    monkeypatch.setattr(dependency_audit, "run_pip_audit", broken)
    monkeypatch.setattr(dependency_audit, "database_reachable", lambda: True)
    assert dependency_audit.main() == 2
    assert "pip-audit failed: resolver exploded" in capsys.readouterr().err
