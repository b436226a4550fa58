"""`make audit`: check the installed packages with pip-audit and say how many were checked.

pip-audit prints "No known vulnerabilities found" even when it could look up no package at
all (each skipped: not found on PyPI, say). This counts the packages checked and skipped.
When none could be checked it says so, and fails under CI=true only if the vulnerability
database answered (a skip is then something to fix); when the database cannot be reached
from here it says so and passes, since nothing can be done about it from here.
"""

import json
import os
import subprocess
import sys
import urllib.request
from dataclasses import dataclass

#: A project PyPI always knows: its JSON carries a "vulnerabilities" list when the database
#: pip-audit reads (PyPI's) answers.
PROBE_URL = "https://pypi.org/pypi/pip/json"
PROBE_SECONDS = 5
AUDIT = [sys.executable, "-m", "pip_audit", "--skip-editable", "--format", "json"]
#: How many skipped packages to name; the rest are counted.
NAMED_SKIPS = 5


@dataclass(frozen=True)
class Findings:
    """What pip-audit made of the installed packages."""

    checked: list[str]
    #: Package name -> why pip-audit could not check it.
    skipped: dict[str, str]
    #: "name version" -> its known vulnerabilities, each with the versions that fix it.
    vulnerable: dict[str, list[str]]


def findings_of(report: dict) -> Findings:
    """Read pip-audit's JSON report."""
    checked, skipped, vulnerable = [], {}, {}
    for dependency in report.get("dependencies", []):
        name = dependency["name"]
        if "skip_reason" in dependency:
            skipped[name] = dependency["skip_reason"]
            continue
        checked.append(name)
        if dependency.get("vulns"):
            found = [vulnerability_line(v) for v in dependency["vulns"]]
            vulnerable[f"{name} {dependency.get('version', '')}".strip()] = found
    return Findings(checked, skipped, vulnerable)


def vulnerability_line(vulnerability: dict) -> str:
    fixed = ", ".join(vulnerability.get("fix_versions") or []) or "no fixed version yet"
    return f"{vulnerability['id']} (fixed in {fixed})"


def verdict(findings: Findings, in_ci: bool) -> tuple[list[str], int]:
    """Return what to print about the findings, and the exit status."""
    total = len(findings.checked) + len(findings.skipped)
    if not findings.checked:
        lines = [
            f"make audit: no package could be checked: all {total} were skipped, "
            "so nothing was audited.",
            *skip_lines(findings),
        ]
        return lines, 1 if in_ci else 0
    lines = [f"make audit: checked {len(findings.checked)} of {total} packages."]
    for package, found in findings.vulnerable.items():
        lines.extend(f"  {package}: {line}" for line in found)
    if findings.vulnerable:
        lines.append(f"Known vulnerabilities in {len(findings.vulnerable)} of them.")
    else:
        lines.append("No known vulnerabilities in the packages checked.")
    lines.extend(skip_lines(findings))
    return lines, 1 if findings.vulnerable else 0


def skip_lines(findings: Findings) -> list[str]:
    if not findings.skipped:
        return []
    named = list(findings.skipped.items())[:NAMED_SKIPS]
    lines = [f"Skipped {len(findings.skipped)}, for example:"]
    lines.extend(f"  {name}: {reason}" for name, reason in named)
    return lines


def database_reachable() -> bool:
    """Tell whether PyPI's vulnerability data answers from here."""
    try:
        with urllib.request.urlopen(PROBE_URL, timeout=PROBE_SECONDS) as answer:
            return "vulnerabilities" in json.load(answer)
    except (OSError, ValueError):
        return False


def run_pip_audit() -> dict:
    """Run pip-audit on this environment; return its report, or raise RuntimeError."""
    done = subprocess.run(AUDIT, capture_output=True, text=True, check=False)  # noqa: S603
    # pip-audit exits 1 when it finds vulnerabilities: the report is there all the same.
    try:
        return json.loads(done.stdout)
    except ValueError:
        raise RuntimeError(done.stderr.strip() or f"pip-audit exited {done.returncode}") from None


def main() -> int:
    in_ci = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
    if not database_reachable():
        print(
            "make audit: skipped: the vulnerability database (pypi.org) cannot be reached "
            "from here, so no package was checked."
        )
        return 0
    try:
        report = run_pip_audit()
    except RuntimeError as error:
        print(f"make audit: pip-audit failed: {error}", file=sys.stderr)
        return 2
    lines, status = verdict(findings_of(report), in_ci)
    print("\n".join(lines))
    return status


if __name__ == "__main__":
    sys.exit(main())
