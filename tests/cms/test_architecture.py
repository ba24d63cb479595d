"""The import rules import-linter cannot see (its contracts run in `make lint`).

An import written inside a function hides a dependency from the contracts and usually closes a
circle that should not exist. The only ones allowed: an app's `apps.py` (its `ready()` and
the registrations it calls, Django's place for them: models are loaded only then) and the group models' checks that delegate to their own app's permission rules
(listed below, with the reason).
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("cms", "home", "knowledge", "social")

# file → functions allowed to import a module of the project inside their body
ALLOWED = {
    # The models answer "who may read or moderate this" by asking social/groups/permissions.py,
    # which reads these same models: a circle inside one app, Django's usual model-method form.
    "social/groups/models.py": {
        "visible_to",
        "discussion_visible_to",
        "discussion_viewers",
        "discussion_can_moderate",
    },
    # The same circle for messages (social/messaging/permissions.py reads these models).
    "social/messaging/models.py": {"discussion_visible_to", "discussion_viewers"},
    # The same circle for tasks (social/projects/permissions.py reads these models).
    "social/projects/models.py": {
        "discussion_visible_to",
        "discussion_viewers",
        "discussion_can_moderate",
    },
}


def _product_modules():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def _parse(source: str) -> ast.Module:
    """`ast.parse`, asked again if CPython 3.11 trips on its interpreter-wide recursion counter,
    which another thread of the test process (a test server's) can disturb: "SystemError: AST
    constructor recursion depth mismatch" (python/cpython#106905)."""
    for _attempt in range(3):
        try:
            return ast.parse(source)
        except SystemError:
            continue
    return ast.parse(source)


def _hidden_imports(path: Path):
    tree = _parse(path.read_text(encoding="utf-8"))
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.ImportFrom):
                module = node.module or ""
                if node.level or module.split(".")[0] in PACKAGES:
                    yield function.name, node.lineno, ast.unparse(node)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] in PACKAGES:
                        yield function.name, node.lineno, ast.unparse(node)


def test_no_project_import_is_hidden_inside_a_function():
    hidden = []
    for path in _product_modules():
        relative = path.relative_to(ROOT).as_posix()
        for function, line, statement in _hidden_imports(path):
            if path.name == "apps.py" or function in ALLOWED.get(relative, ()):
                continue
            hidden.append(f"{relative}:{line} in {function}(): {statement}")
    assert hidden == []


def test_the_check_sees_an_import_hidden_in_a_function(tmp_path):
    module = tmp_path / "sample.py"
    module.write_text(
        "import os\n\n\ndef view():\n    from knowledge.models import Theme\n    return Theme\n"
    )
    assert [statement for _f, _l, statement in _hidden_imports(module)] == [
        "from knowledge.models import Theme"
    ]
