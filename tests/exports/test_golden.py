"""Golden files pin every text format on the seed article; UPDATE_GOLDEN=1 rewrites them."""

import os
from pathlib import Path

import pytest

from annotator.exports.registry import FORMATS

GOLDEN = Path(__file__).parent / "golden"
TEXT_FORMATS = ["html", "md", "csv", "json", "w3c", "claimreview"]


def rendered(export, name: str) -> str:
    return b"".join(FORMATS[name].chunks(export)).decode("utf-8")


@pytest.mark.parametrize("name", TEXT_FORMATS)
def test_export_matches_golden_file_on_seed_article(seeded_export, name):
    path = GOLDEN / f"seed.{FORMATS[name].extension}"
    output = rendered(seeded_export, name)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(output, encoding="utf-8", newline="")
    assert output == path.read_bytes().decode("utf-8")
