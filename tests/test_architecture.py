"""The layers of docs/architecture.md: a module imports only what its layer may.

Read from the source (the AST), so a forbidden import fails here before any review sees it.
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "annotator"

#: What each layer may import from the package, besides itself; the longest prefix wins.
#: "annotator" alone stands for the package's own top level: create_app, which the command
#: line needs for `db copy`. Package data is read through importlib.resources, not beside it.
MAY_IMPORT = {
    "annotator.config": set(),
    "annotator.errors": set(),
    "annotator.limits": set(),
    "annotator.extensions": {"annotator.models"},
    "annotator.text": set(),
    "annotator.models": {"annotator.extensions"},
    "annotator.storage": {"annotator.extensions", "annotator.models"},
    "annotator.auth.permissions": {"annotator.models"},
    "annotator.auth.passwords": set(),
    "annotator.services": {
        "annotator.auth.passwords",
        "annotator.auth.permissions",
        "annotator.errors",
        "annotator.extensions",
        "annotator.limits",
        "annotator.models",
        "annotator.storage",
        "annotator.text",
    },
    "annotator.exports": {
        "annotator.errors",
        "annotator.extensions",
        "annotator.limits",
        "annotator.models",
        "annotator.services",
        "annotator.text",
    },
    "annotator.auth": {
        "annotator.errors",
        "annotator.extensions",
        "annotator.limits",
        "annotator.models",
        "annotator.services",
        "annotator.web",
    },
    "annotator.web": {
        "annotator.auth",
        "annotator.config",
        "annotator.errors",
        "annotator.exports",
        "annotator.extensions",
        "annotator.limits",
        "annotator.models",
        "annotator.services",
        "annotator.storage",
        "annotator.text",
    },
    "annotator.api": {
        "annotator.auth",
        "annotator.errors",
        "annotator.exports",
        "annotator.extensions",
        "annotator.limits",
        "annotator.models",
        "annotator.services",
        "annotator.storage",
        "annotator.text",
        "annotator.web",
    },
    "annotator.tasks": {
        "annotator.config",
        "annotator.errors",
        "annotator.extensions",
        "annotator.models",
        "annotator.services",
        "annotator.storage",
    },
    "annotator.cli": {
        "annotator",
        "annotator.tasks",
        "annotator.auth",
        "annotator.errors",
        "annotator.exports",
        "annotator.extensions",
        "annotator.models",
        "annotator.services",
        "annotator.storage",
        "annotator.text",
    },
}
#: Layers that know no request: they may not import Flask, Flask-Login or Flask-WTF at all
#: (the storage set-up takes the app object as an argument, and only that).
NO_REQUEST = ("annotator.text", "annotator.models", "annotator.services", "annotator.exports")
REQUEST_LIBRARIES = ("flask", "flask_login", "flask_wtf", "werkzeug")
#: Flask-Login's UserMixin gives the account the properties the login manager reads; it
#: reads no request.
KNOWN_EXCEPTIONS = {("annotator.models.user", "flask_login")}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> str | None:
    """Return the longest layer prefix of a module, or None for one no rule covers."""
    found = [layer for layer in MAY_IMPORT if module == layer or module.startswith(layer + ".")]
    return max(found, key=len) if found else None


def imported(tree: ast.Module) -> list[tuple[int, str]]:
    """Every module an AST imports, with `from annotator import x` read as annotator.x."""
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "annotator":
                for alias in node.names:
                    is_module = (PACKAGE / alias.name).is_dir() or (
                        PACKAGE / f"{alias.name}.py"
                    ).exists()
                    names.append(
                        (node.lineno, f"annotator.{alias.name}" if is_module else "annotator")
                    )
            else:
                names.append((node.lineno, node.module))
    return names


def allowed(source_layer: str, target: str) -> bool:
    if target == "annotator":
        return "annotator" in MAY_IMPORT[source_layer]
    target_layer = layer_of(target)
    if target_layer is None or target_layer == source_layer:
        return True
    if target_layer.startswith(source_layer + "."):
        return True  # a layer's own sub-layer (auth -> auth.permissions)
    return any(
        target_layer == rule or target_layer.startswith(rule + ".")
        for rule in MAY_IMPORT[source_layer] - {"annotator"}
    )


def sources():
    return sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts)


def test_every_module_imports_only_what_its_layer_may():
    wrong = []
    for path in sources():
        module = module_name(path)
        layer = layer_of(module)
        if layer is None:
            continue
        for line, target in imported(ast.parse(path.read_text(encoding="utf-8"))):
            if target.startswith("annotator") and not allowed(layer, target):
                wrong.append(
                    f"{path.relative_to(PACKAGE.parent)}:{line} ({layer}) imports {target}"
                )
    assert wrong == []


def test_every_module_of_the_package_belongs_to_a_layer():
    loose = [module_name(p) for p in sources() if layer_of(module_name(p)) is None]
    assert set(loose) <= {"annotator"}, "place them in a layer of docs/architecture.md"


@pytest.mark.parametrize("layer", NO_REQUEST)
def test_the_layers_below_the_web_know_no_request(layer):
    wrong = []
    for path in sources():
        if layer_of(module_name(path)) not in {layer} and not module_name(path).startswith(
            layer + "."
        ):
            continue
        for line, target in imported(ast.parse(path.read_text(encoding="utf-8"))):
            library = target.split(".")[0]
            if (
                library in REQUEST_LIBRARIES
                and (module_name(path), library) not in KNOWN_EXCEPTIONS
            ):
                wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {target}")
    assert wrong == []


def test_the_storage_layer_takes_the_app_and_nothing_else_of_flask():
    for path in (PACKAGE / "storage").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.ImportFrom)
                and (node.module or "").split(".")[0] in REQUEST_LIBRARIES
            ):
                assert [alias.name for alias in node.names] == ["Flask"], path.name


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        ("annotator.services.annotations", "annotator.web.forms", False),
        ("annotator.services.annotations", "annotator.storage.locks", True),
        ("annotator.text.segment", "annotator.models", False),
        ("annotator.exports.csv_table", "annotator.services.listing", True),
        ("annotator.web.review", "annotator.api.present", False),
        ("annotator.auth.views", "annotator.auth.permissions", True),
        ("annotator.auth.permissions", "annotator.services.access", False),
    ],
)
def test_the_rules_read_as_the_drawing_says(source, target, expected):
    assert allowed(layer_of(source), target) is expected
