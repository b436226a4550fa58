"""The page's ES modules (static/js) import existing modules, and never in a circle.

A cycle works in a browser only by the order of evaluation: a module that reads an import
of its importer before that importer has run gets nothing. app.js is the entry point.
"""

import re
from pathlib import Path

import pytest

from tests.conftest import REPOSITORY

SCRIPTS = REPOSITORY / "static" / "js"
#: `import ... from "./x.js"`, `export ... from "./x.js"`, `import "./x.js"` and `import("./x.js")`.
IMPORT = re.compile(
    r"""(?:^|[;\n])\s*(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']"""
    r"""|(?:^|[;\n])\s*import\s*["']([^"']+)["']"""
    r"""|\bimport\(\s*["']([^"']+)["']\s*\)"""
)


def imports_of(module: Path) -> list[Path]:
    """Return the modules a script imports, resolved beside it."""
    text = module.read_text(encoding="utf-8")
    names = (next(name for name in found.groups() if name) for found in IMPORT.finditer(text))
    return [(module.parent / name).resolve() for name in names]


def import_graph(folder: Path) -> dict[Path, list[Path]]:
    return {module.resolve(): imports_of(module) for module in sorted(folder.glob("*.js"))}


def find_cycle(graph: dict[Path, list[Path]]) -> list[str]:
    """Return the names along one import cycle (first name repeated at the end), or []."""
    done: set[Path] = set()

    def visit(module: Path, path: list[Path]) -> list[str]:
        if module in path:
            return [step.name for step in path[path.index(module) :]] + [module.name]
        if module in done:
            return []
        for imported in graph.get(module, []):
            cycle = visit(imported, [*path, module])
            if cycle:
                return cycle
        done.add(module)
        return []

    for module in graph:
        cycle = visit(module, [])
        if cycle:
            return cycle
    return []


def write_modules(folder: Path, sources: dict[str, str]) -> dict[Path, list[Path]]:
    for name, source in sources.items():
        (folder / name).write_text(source, encoding="utf-8")
    return import_graph(folder)


def test_page_scripts_import_only_modules_that_exist():
    graph = import_graph(SCRIPTS)
    assert graph, "static/js holds no modules"
    missing = {
        module.name: imported.name
        for module, imports in graph.items()
        for imported in imports
        if imported not in graph
    }
    assert missing == {}


def test_page_scripts_import_each_other_without_a_cycle():
    assert find_cycle(import_graph(SCRIPTS)) == []


def test_page_scripts_entry_point_is_imported_by_no_module():
    graph = import_graph(SCRIPTS)
    assert [m.name for m, imports in graph.items() if SCRIPTS.resolve() / "app.js" in imports] == []


def test_cycle_is_found_through_every_form_of_import(tmp_path):
    graph = write_modules(
        tmp_path,
        {
            "a.js": 'import { b } from "./b.js";\n',
            "b.js": 'import {\n  c,\n  d,\n} from "./c.js";\n',
            "c.js": 'export { a } from "./a.js";\n',
            "d.js": 'import "./a.js";\nconst later = import("./b.js");\n',
        },
    )
    assert find_cycle(graph) == ["a.js", "b.js", "c.js", "a.js"]
    assert graph[tmp_path / "d.js"] == [tmp_path / "a.js", tmp_path / "b.js"]


@pytest.mark.parametrize(
    "sources",
    [
        {"a.js": 'import { b } from "./b.js";\n', "b.js": "export const b = 1;\n"},
        {"a.js": "// imports nothing; `import x from` in a comment line is not one\n"},
    ],
)
def test_no_cycle_is_found_where_imports_only_go_one_way(tmp_path, sources):
    assert find_cycle(write_modules(tmp_path, sources)) == []
