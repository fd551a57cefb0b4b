"""Project rules that import-linter and ruff cannot express, checked on the syntax tree
(Zulip keeps such rules in a lint file; docs/architecture-rules.md gives a good and a bad
example of each). `make lint` runs it; exit status 1 when a rule is broken.

  private-import   never import another module's `_private` name (make it public in its own module)
  import-guard     no `except ImportError`: an import of our own code must fail loudly
  door-writes      doors (portal, groupportal, backoffice, api, examroom) change nothing through
                   `Model.objects` or a queryset: they call a service
  status-update    a status changes through `core.states` (`transition`, `transition_many`),
                   never through `.update(status=...)`

Usage: python scripts/lint_rules.py [PATH ...]   (default: skillcert/)"""

import ast
import sys
from pathlib import Path

DOORS = ("portal", "groupportal", "backoffice", "api", "examroom")
WRITES = {"create", "update", "delete", "bulk_create", "bulk_update", "get_or_create", "update_or_create"}
STATES_MODULE = Path("skillcert/core/states.py")


def _chain_has_objects(node: ast.AST) -> bool:
    """Does `node` (the receiver of a call) go through a `.objects` manager?"""
    while True:
        if isinstance(node, ast.Attribute):
            if node.attr == "objects":
                return True
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        else:
            return False


def _is_door(path: Path) -> bool:
    parts = path.parts
    return any(a == "skillcert" and b in DOORS for a, b in zip(parts, parts[1:], strict=False))


def check(path: Path, source: str) -> list[str]:
    tree = ast.parse(source, filename=str(path))
    problems = []
    door = _is_door(path) and path.name != "models.py"  # a door's own models (API tokens) are its business

    def report(node, rule, message):
        problems.append(f"{path}:{node.lineno}: [{rule}] {message}")

    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("skillcert")):
            for alias in node.names:
                if alias.name.startswith("_") and not alias.name.startswith("__"):
                    report(
                        node,
                        "private-import",
                        f"`{alias.name}` is private to its module: make it public in its own module",
                    )
        elif isinstance(node, ast.ExceptHandler) and node.type is not None:
            names = node.type.elts if isinstance(node.type, ast.Tuple) else [node.type]
            if any(isinstance(n, ast.Name) and n.id in ("ImportError", "ModuleNotFoundError") for n in names):
                report(node, "import-guard", "no `except ImportError`: an import of our own code must fail loudly")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            method, receiver = node.func.attr, node.func.value
            if door and method in WRITES and _chain_has_objects(receiver):
                report(node, "door-writes", f"a door does not write through `.objects...{method}()`: call a service")
            if method == "update" and path.resolve() != STATES_MODULE.resolve() and _chain_has_objects(receiver):
                if any(k.arg == "status" for k in node.keywords):
                    report(node, "status-update", "a status changes through core.states (transition, transition_many)")
    return problems


def main(argv: list[str]) -> int:
    roots = [Path(a) for a in argv] or [Path("skillcert")]
    files = [f for root in roots for f in ([root] if root.is_file() else sorted(root.rglob("*.py")))]
    problems = [p for f in files if "migrations" not in f.parts for p in check(f, f.read_text(encoding="utf-8"))]
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
