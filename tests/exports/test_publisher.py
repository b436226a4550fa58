"""The team's publisher settings in the reports and the ClaimReview markup, and the demo's note."""

import json

import pytest

from annotator.exports.bundle import context_for
from annotator.exports.readmodel import ExportContext, load_export
from annotator.exports.registry import FORMATS
from annotator.exports.report import DEMO_NOTE
from annotator.services.visibility import host_visibility

from .conftest import BASE_URL, GENERATED, scale_mapping
from .test_validators import run, tools, write  # noqa: F401 (tools is a fixture)

SITE = "https://harbour.example/"
LOGO = "https://harbour.example/logo.png"


def rendered(export, name: str) -> str:
    return b"".join(FORMATS[name].chunks(export)).decode("utf-8")


@pytest.fixture
def publisher_export(seeded):
    context = ExportContext(
        BASE_URL, "Harbour Herald", GENERATED, organisation_url=SITE, organisation_logo=LOGO
    )
    return load_export(seeded, context, host_visibility(seeded))


@pytest.fixture
def demo_export(seeded):
    context = ExportContext(BASE_URL, "Demo newsroom", GENERATED, demo=True)
    return load_export(seeded, context, host_visibility(seeded))


def test_claimreview_author_is_the_publisher_with_its_site_and_logo(publisher_export):
    reviews = json.loads(rendered(publisher_export, "claimreview"))
    assert reviews
    for review in reviews:
        assert review["author"] == {
            "@type": "Organization",
            "name": "Harbour Herald",
            "url": SITE,
            "logo": LOGO,
        }


def test_claimreview_author_without_a_site_is_our_server_and_has_no_logo(seeded_export):
    [author] = {json.dumps(r["author"]) for r in json.loads(rendered(seeded_export, "claimreview"))}
    assert json.loads(author) == {"@type": "Organization", "name": "Demo newsroom", "url": BASE_URL}


@pytest.mark.parametrize("name", ["claimreview", "html"])
def test_claimreview_with_publisher_settings_passes_validator(
    tools,  # noqa: F811
    tmp_path,
    publisher_export,
    name,
):
    export = write(tmp_path, publisher_export, name)
    mapping = scale_mapping(tmp_path, publisher_export.article.team_id)
    result = run(
        tools / "validate_claimreview.py", export, "--page-url", BASE_URL, "--mapping", mapping
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(publisher_export.settled())} ClaimReviews, 0 problems" in result.stdout


def test_reports_name_the_publisher_and_link_its_site(publisher_export):
    html = rendered(publisher_export, "html")
    assert f'Fact-check report · <a href="{SITE}" rel="noopener">Harbour Herald</a>' in html
    assert LOGO not in html.split("</script>", 1)[1]  # a self-contained report fetches nothing
    markdown = rendered(publisher_export, "md")
    assert f"Fact-check by [Harbour Herald](<{SITE}>) · Article version 1" in markdown


def test_reports_of_the_demo_newsroom_say_they_are_a_demo(demo_export, seeded_export):
    assert DEMO_NOTE in rendered(demo_export, "html")
    assert f"> **Demo.** {DEMO_NOTE}" in rendered(demo_export, "md")
    assert DEMO_NOTE not in rendered(seeded_export, "html") + rendered(seeded_export, "md")


def test_context_for_reads_the_teams_settings_and_drops_unsafe_addresses(seeded):
    team = seeded.team
    team.publisher_name, team.site_url, team.logo_url = "Harbour Herald", SITE, "javascript:x"
    team.is_demo = True
    context = context_for(seeded, None)
    assert (context.organisation, context.organisation_url) == ("Harbour Herald", SITE)
    assert (context.organisation_logo, context.demo) == ("", True)
    team.publisher_name, team.site_url = "", ""
    assert (context_for(seeded, BASE_URL).organisation, context_for(seeded, BASE_URL).demo) == (
        "Demo newsroom",
        True,
    )
