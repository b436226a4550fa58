"""Who may do what: the role table as pure predicates, shared by web, API and CLI."""

import enum

from annotator.models import Role


class Action(enum.Enum):
    read = "read"
    export = "export"
    annotate = "annotate"
    respond = "respond"
    comment = "comment"
    import_article = "import_article"
    assign = "assign"
    settle = "settle"
    publish = "publish"
    manage_members = "manage_members"


_VIEWER = {Action.read, Action.export}
_REVIEWER = _VIEWER | {Action.annotate, Action.respond, Action.comment}
_EDITOR = _REVIEWER | {Action.import_article, Action.assign, Action.settle, Action.publish}
_ADMIN = _EDITOR | {Action.manage_members}

#: The role table. Every permission check in the app reads it through ``can``.
ROLE_ACTIONS: dict[Role, frozenset[Action]] = {
    Role.viewer: frozenset(_VIEWER),
    Role.reviewer: frozenset(_REVIEWER),
    Role.editor: frozenset(_EDITOR),
    Role.admin: frozenset(_ADMIN),
}


def can(role: Role | None, action: Action) -> bool:
    """Tell whether a member with this role (None: not a member) may take the action."""
    return role is not None and action in ROLE_ACTIONS[role]
