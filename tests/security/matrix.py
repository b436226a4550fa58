"""The expected answer of every route for every role: the data the security tests read."""

from dataclasses import dataclass

from annotator.auth.permissions import Action

A = Action
PUBLIC = "public"  # answers anyone, logged in or not
MEMBER = "member"  # any logged-in account; records in it are the account's own
OWNER = "owner"  # a record of one account (the team's admin here): others get 404
FIRST_RUN = "first run"  # only while no account exists; then everyone is sent to log in
INSTANCE = "instance admin"  # instance administrators only (the own team's admin here): 404


@dataclass(frozen=True)
class Route:
    """How a route is guarded and which records fill its URL.

    ``gate`` is the Action of the role table the route needs on the team owning its
    records, or PUBLIC / MEMBER / OWNER / INSTANCE. A value named ``url_name=key`` fills the
    URL's ``url_name`` with the world's record ``key`` (two routes, one name, two records).
    ``denied`` is the answer to a member whose role lacks the action (some pages send them
    elsewhere with a message instead of a 403).
    ``csrf_exempt`` marks the bearer-token API, which takes no cookie and so no CSRF token.
    ``logged_in`` is the answer every logged-in account gets whatever its role, for pages
    that send a logged-in user elsewhere: "302" to the article list, "login" to the login
    page. ``current_team`` marks a route that acts on the caller's current team and names no
    record: an outsider acts in a team of their own, and no other team's record can show.
    """

    gate: Action | str
    values: tuple[str, ...] = ()
    denied: int = 403
    csrf_exempt: bool = False
    logged_in: str | None = None
    current_team: bool = False

    def url_values(self) -> list[tuple[str, str]]:
        """Return each URL variable with the key of the world's record that fills it."""
        return [(name, key or name) for name, _, key in (v.partition("=") for v in self.values)]


def fill(rule: str, route: Route, value_of) -> str:
    """Return the rule's URL with each variable replaced by value_of(key of its record)."""
    url = rule
    for name, key in route.url_values():
        value = str(value_of(key))
        url = url.replace(f"<{name}>", value)
        for kind in ("int", "path"):
            url = url.replace(f"<{kind}:{name}>", value)
    return url


def api(gate, *values, denied=403):
    return Route(gate, values, denied, csrf_exempt=True)


ART = ("article_id",)
SENT = ("article_id", "index")

#: Every endpoint of the app. A route missing here fails test_every_route_has_an_expectation.
ROUTES: dict[str, Route] = {
    # Pages anyone may open.
    "static": Route(PUBLIC, ("filename",)),
    "health.health": Route(PUBLIC),
    "icons.favicon": Route(PUBLIC),
    "auth.login": Route(PUBLIC, logged_in="302"),
    "auth.setup": Route(FIRST_RUN),
    "api.openapi_document_view": Route(PUBLIC, csrf_exempt=True),
    # The one-click unsubscribe link of an e-mail: the signed token is the proof (RFC 8058:
    # a mail program POSTs it without a session, so without a CSRF token).
    "mail.unsubscribe_page": Route(PUBLIC, ("token",)),
    "mail.unsubscribe": Route(PUBLIC, ("token",), csrf_exempt=True),
    "api.reference": Route(PUBLIC, csrf_exempt=True),
    # Public fact-check pages: a published article of a team that opted in, its team's
    # list and feed, the sitemap. Whatever else they might show is left to the isolation
    # scenarios (withdrawn, never published, a team that has not opted in).
    "public.team": Route(PUBLIC, ("team_slug=slug",)),
    "public.article": Route(PUBLIC, ("team_slug=slug", "article_slug=public_slug")),
    "public.feed": Route(PUBLIC, ("team_slug=slug",)),
    "public.sitemap_xml": Route(PUBLIC),
    "public.robots": Route(PUBLIC),
    # The account's own pages.
    "auth.logout": Route(MEMBER, logged_in="login"),
    "auth.change_password": Route(MEMBER),
    "mail.preferences": Route(MEMBER),
    "articles.index": Route(MEMBER),
    "assignments.mine": Route(MEMBER),
    "review.queue": Route(MEMBER),
    "inbox.index": Route(MEMBER),
    "inbox.read_all": Route(MEMBER),
    "search.index": Route(MEMBER),
    "dashboard.index": Route(MEMBER),
    "teams.switch": Route(MEMBER),
    "tokens.index": Route(MEMBER),
    "tokens.create": Route(MEMBER),
    "tokens.revoke_all": Route(MEMBER),
    "invitations.open": Route(PUBLIC),
    "invitations.join": Route(PUBLIC, logged_in="302"),
    "invitations.accept": Route(MEMBER),
    "api.me": api(MEMBER),
    "api.list_teams": api(MEMBER),
    "inbox.open_notification": Route(OWNER, ("notification_id",)),
    "tokens.revoke": Route(OWNER, ("token_id",)),
    "invitations.decline": Route(OWNER, ("invitation_id=received_invitation_id",)),
    # Reading a team's records.
    "articles.show": Route(A.read, ART),
    "annotations.show": Route(A.read, SENT),
    "review.activity": Route(A.read, ART),
    "review.sentence_history": Route(A.read, SENT),
    "reading.changes": Route(A.read, ART),
    "reading.part": Route(A.read, (*ART, "number")),
    "revisions.version": Route(A.read, (*ART, "number")),
    "triage.show": Route(A.read, ART),
    "mail.follow": Route(A.read, ART),
    "mail.unfollow": Route(A.read, ART),
    "names.index": Route(A.read, ("slug",)),
    "names.export": Route(A.export, ("slug",)),
    "exports.download": Route(A.export, (*ART, "format_name")),
    "api.show_team": api(A.read, "slug"),
    "api.list_ratings": api(A.read, "slug"),
    "api.list_articles": api(A.read, "slug"),
    "api.list_events": api(A.read, "slug"),
    "api.team_agreement": api(A.read, "slug"),
    "api.show_article": api(A.read, *ART),
    "api.article_agreement": api(A.read, *ART),
    "api.list_annotations": api(A.read, *ART),
    "api.whole_article": api(A.read, *ART),
    "api.list_assignments": api(A.read, *ART),
    "api.list_resolutions": api(A.read, *ART),
    "api.list_comments": api(A.read, *SENT),
    "api.show_my_annotation": api(A.read, *SENT),
    "api.show_annotation": api(A.read, "annotation_id"),
    "api.annotation_history": api(A.read, "annotation_id"),
    "api.list_responses": api(A.read, "annotation_id"),
    "api.list_exports": api(A.export, *ART),
    "api.export": api(A.export, *ART, "format_name"),
    # Reviewers' work.
    "annotations.save": Route(A.annotate, SENT),
    "annotations.clear": Route(A.annotate, SENT),
    "annotations.keep": Route(A.annotate, SENT),
    "annotations.discard": Route(A.annotate, SENT),
    # A reviewer's own unplaced draft: each annotating role has one; a teammate's is 404.
    "revisions.attach_draft": Route(A.annotate, (*ART, "draft_id")),
    "revisions.discard_draft": Route(A.annotate, (*ART, "draft_id")),
    "annotation_history.undo": Route(A.annotate, SENT),
    "annotation_history.restore": Route(A.annotate, (*SENT, "number")),
    "review.comment": Route(A.comment, SENT),
    "review.resolve": Route(A.comment, (*SENT, "comment_id")),
    "review.respond": Route(A.respond, ("annotation_id",)),
    "assignments.take": Route(A.annotate, ART),
    "triage.dismiss": Route(A.annotate, SENT),
    "triage.restore": Route(A.annotate, SENT),
    "memory.adopt": Route(A.annotate, (*SENT, "resolution_id")),
    "api.set_annotation": api(A.annotate, *SENT),
    "api.clear_annotation": api(A.annotate, *SENT),
    "api.undo_annotation_change": api(A.annotate, *SENT),
    "api.restore_annotation_version": api(A.annotate, *SENT, "number"),
    "api.post_comment": api(A.comment, *SENT),
    "api.resolve_thread": api(A.comment, *SENT, "comment_id"),
    "api.respond": api(A.respond, "annotation_id"),
    "api.take": api(A.annotate, *ART),
    # Editors' work.
    "articles.new": Route(A.import_article, current_team=True),
    "revisions.revise": Route(A.import_article, ART),
    "revisions.attach": Route(A.import_article, (*ART, "kind", "record_id")),
    "assignments.manage": Route(A.assign, ART),
    "assignments.remove": Route(A.assign, (*ART, "reviewer_id")),
    "assignments.wanted": Route(A.assign, ART),
    "settle.board": Route(A.settle, ART),
    "settle.settle": Route(A.settle, SENT),
    "settle.reopen": Route(A.settle, SENT),
    "settle.confirm": Route(A.settle, SENT),
    "settle.blind_review": Route(A.assign, ART),
    "settle.move": Route(A.read, ART),
    "names.add": Route(A.settle, ("slug",)),
    "names.edit": Route(A.settle, ("slug", "name_id")),
    "names.delete": Route(A.settle, ("slug", "name_id")),
    "names.import_csv": Route(A.settle, ("slug",)),
    "api.create_article": api(A.import_article, "slug"),
    "api.change_article": api(A.assign, *ART),
    "api.revise_article": api(A.import_article, *ART),
    "api.move_article": api(A.read, *ART),
    "api.assign": api(A.assign, *ART, "reviewer_id"),
    "api.unassign": api(A.assign, *ART, "reviewer_id"),
    "api.settle": api(A.settle, *SENT),
    "api.reopen": api(A.settle, *SENT),
    # Administrators' work.
    "teams.members": Route(A.manage_members, ("slug",)),
    "team_settings.edit": Route(A.manage_members, ("slug",)),
    "webhooks.index": Route(A.manage_members, ("slug",)),
    "webhooks.create": Route(A.manage_members, ("slug",)),
    "webhooks.show": Route(A.manage_members, ("slug", "endpoint_id=hook_id")),
    "webhooks.edit": Route(A.manage_members, ("slug", "endpoint_id=hook_id")),
    "webhooks.rotate": Route(A.manage_members, ("slug", "endpoint_id=hook_id")),
    "webhooks.delete": Route(A.manage_members, ("slug", "endpoint_id")),
    "webhooks.redeliver": Route(A.manage_members, ("slug", "endpoint_id=hook_id", "delivery_id")),
    "rating_scale.show": Route(A.manage_members, ("slug",)),
    "rating_scale.add": Route(A.manage_members, ("slug",)),
    "rating_scale.change": Route(A.manage_members, ("slug", "rating_id")),
    "rating_scale.move": Route(A.manage_members, ("slug", "rating_id")),
    "rating_scale.remove": Route(A.manage_members, ("slug", "rating_id")),
    "api.list_members": api(A.manage_members, "slug"),
    "teams.change_role": Route(A.manage_members, ("slug", "user_id")),
    "teams.remove": Route(A.manage_members, ("slug", "user_id")),
    "teams.set_password": Route(A.manage_members, ("slug", "user_id")),
    "teams.revoke_invitation": Route(A.manage_members, ("slug", "invitation_id")),
    "api.list_invitations": api(A.manage_members, "slug"),
    "api.create_invitation": api(A.manage_members, "slug"),
    "api.revoke_invitation": api(A.manage_members, "slug", "invitation_id"),
    "api.change_member": api(A.manage_members, "slug", "user_id"),
    "api.remove_member": api(A.manage_members, "slug", "user_id"),
    # Instance administrators' work: any account, whatever its teams.
    "accounts.index": Route(INSTANCE),
    "accounts.reset_password": Route(INSTANCE, ("user_id",)),
    "accounts.set_instance_admin": Route(INSTANCE, ("user_id",)),
    "team_settings.index": Route(INSTANCE),
    "team_settings.create": Route(INSTANCE),
    "team_settings.rename": Route(INSTANCE, ("slug",)),
}


A_WAS_HERE = "Written by team A"
NEW = "a brand new passphrase"
#: A body each write route would take from a member allowed to act: refusing it from another
#: team's member is then the team scope's doing (the stateful isolation test sends these).
BODIES = {
    "annotations.save": {"set_verdict": "verified", "note": A_WAS_HERE},
    "annotations.keep": {"note": A_WAS_HERE},
    "annotation_history.undo": {"version": "1"},
    "annotation_history.restore": {"version": "2"},
    "review.comment": {"body": A_WAS_HERE},
    "review.respond": {"stance": "agree", "comment": A_WAS_HERE},
    "revisions.revise": {"title": A_WAS_HERE, "text": "Rewritten by team A."},
    "revisions.attach": {"sentence": "1"},
    "revisions.attach_draft": {"draft-{draft_id}-sentence": "1"},
    "assignments.manage": {"reviewer_id": "{user_id}"},
    "assignments.wanted": {"count": "3"},
    "settle.settle": {
        "verdict": "verified",
        "rationale": A_WAS_HERE,
        "claimant_name": A_WAS_HERE,
        "claim_url": "https://team-a.example/claim",
    },
    "settle.move": {"state": "published"},
    "mail.preferences": {
        "mention": "never",
        "response": "never",
        "assignment": "never",
        "published": "never",
    },
    "settle.blind_review": {"blind": "on"},
    "names.add": {"name": A_WAS_HERE, "kind": "body"},
    "names.edit": {"name": A_WAS_HERE, "kind": "body"},
    "teams.members": {"email": "spy@team-a.example", "role": "admin"},
    "team_settings.edit": {
        "name": A_WAS_HERE,
        "publisher_name": A_WAS_HERE,
        "site_url": "https://team-a.example/",
        "logo_url": "https://team-a.example/logo.png",
    },
    "rating_scale.add": {"new-label": A_WAS_HERE, "new-verdict": "disputed"},
    "rating_scale.change": {
        "r{rating_id}-label": A_WAS_HERE,
        "r{rating_id}-verdict": "disputed",
        "r{rating_id}-description": A_WAS_HERE,
    },
    "rating_scale.move": {"direction": "up"},
    "team_settings.create": {"name": A_WAS_HERE},
    "webhooks.create": {"url": "https://team-a.example/hook", "events": "comment.posted"},
    "webhooks.edit": {"url": "https://team-a.example/hook", "events": "comment.posted"},
    "team_settings.rename": {"name": A_WAS_HERE},
    "teams.change_role": {"role": "admin"},
    "teams.set_password": {"password": NEW},
    "accounts.reset_password": {"password": NEW},
    "accounts.set_instance_admin": {"change": "grant"},
    "api.set_annotation": {"verdict": "verified", "note": A_WAS_HERE},
    "api.undo_annotation_change": {"version": 1},
    "api.restore_annotation_version": {"version": 2},
    "api.post_comment": {"body": A_WAS_HERE},
    "api.respond": {"stance": "agree"},
    "api.settle": {
        "verdict": "verified",
        "rationale": A_WAS_HERE,
        "claimant_name": A_WAS_HERE,
        "claim_url": "https://team-a.example/claim",
    },
    "api.change_article": {"blind_review": True},
    "api.revise_article": {"text": "Rewritten by team A."},
    "api.move_article": {"state": "published"},
    "api.create_article": {"title": A_WAS_HERE, "text": "Planted by team A."},
    "api.create_invitation": {"email": "spy@team-a.example", "role": "admin"},
    "api.change_member": {"role": "admin"},
}


#: Routes whose answers differ from the role table, found by the matrix and not yet
#: settled (each would be listed in SECURITY.md, "Known gaps"). They run as strict xfails:
#: a fix makes the test pass and fail as XPASS, so the entry must then be removed here.
UNSETTLED: set[tuple[str, str]] = set()
