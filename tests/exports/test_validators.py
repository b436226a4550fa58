"""The shared validators accept the seed article's W3C and ClaimReview exports (CI runs this)."""

import subprocess
import sys

import pytest

from annotator.exports.registry import FORMATS

from .conftest import BASE_URL, scale_mapping, shared_tools


@pytest.fixture
def tools():
    found = shared_tools()
    if found is None:
        pytest.skip("../shared/tools is not beside the repository: validators not run")
    return found


def write(tmp_path, export, name: str):
    path = tmp_path / FORMATS[name].filename(export.article.id)
    path.write_bytes(b"".join(FORMATS[name].chunks(export)))
    return path


def run(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *map(str, args)], capture_output=True, text=True)


def test_w3c_export_passes_validator_with_factcheck_profile(tools, tmp_path, seeded_export):
    source = tmp_path / "article.txt"
    source.write_text(seeded_export.article.text, encoding="utf-8")
    export = write(tmp_path, seeded_export, "w3c")
    result = run(
        tools / "validate_wa.py", export, "--source-text", source, "--profile", "factcheck"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "18 annotations, 0 problems" in result.stdout


@pytest.mark.parametrize("name", ["claimreview", "html"])
def test_claimreview_passes_validator(tools, tmp_path, seeded_export, name):
    export = write(tmp_path, seeded_export, name)
    mapping = scale_mapping(tmp_path, seeded_export.article.team_id)
    result = run(
        tools / "validate_claimreview.py", export, "--page-url", BASE_URL, "--mapping", mapping
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(seeded_export.settled())} ClaimReviews, 0 problems" in result.stdout
