"""The layer contracts and project lint rules hold today, and each catches a violating file
(`make lint` runs the same three tools; docs/architecture-rules.md explains each rule)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def run(*args, cwd=ROOT, env=None):
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=env, timeout=300)


@pytest.fixture
def tree_copy(tmp_path):
    """A copy of the code and the configuration, to add a violating module to."""
    shutil.copytree(ROOT / "skillcert", tmp_path / "skillcert", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def lint_imports(cwd):
    return run(str(BIN / "lint-imports"), "--no-cache", cwd=cwd, env={"PYTHONPATH": str(cwd), "PATH": "/usr/bin:/bin"})


def test_the_contracts_hold_today():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_a_banned_api_is_caught_with_its_message(tree_copy):
    bad = tree_copy / "skillcert" / "portal" / "mailer.py"
    bad.write_text("from django.core.mail import send_mail\n\n\ndef f():\n    send_mail('s', 'b', 'f', ['t'])\n")
    result = run(str(BIN / "ruff"), "check", "--config", str(tree_copy / "pyproject.toml"), str(bad))
    assert result.returncode == 1
    assert "TID251" in result.stdout and "email_after_commit" in result.stdout


def test_the_project_rules_hold_today():
    result = run(sys.executable, "scripts/lint_rules.py")
    assert result.returncode == 0, result.stdout


def project_rules(cwd):
    return run(sys.executable, str(ROOT / "scripts" / "lint_rules.py"), str(cwd / "skillcert"))


@pytest.mark.parametrize(
    ("module", "source", "tool", "expected"),
    [
        ("core/leak.py", "from skillcert.registrations import models\n", lint_imports, "core imports nothing of ours BROKEN"),
        ("registrations/leak.py", "from skillcert.portal import access\n", lint_imports, "never import a door BROKEN"),
        ("payments/leak.py", "from skillcert.registrations import services\n", lint_imports, "its services BROKEN"),
        ("groups/leak.py", "from skillcert.registrations.services import _locked\n", project_rules, "[private-import]"),
        ("groups/leak.py", "from .services import _portal_url\n", project_rules, "[private-import]"),
        ("scoring/leak.py", "try:\n    import skillcert.payments\nexcept ImportError:\n    pass\n", project_rules,
         "[import-guard]"),
        ("portal/leak.py", "def f(R):\n    R.objects.filter(pk=1).update(amount=0)\n", project_rules, "[door-writes]"),
        ("groups/leak.py", "def f(R):\n    R.objects.filter(pk=1).update(status='paid')\n", project_rules,
         "[status-update]"),
    ],
)  # fmt: skip
def test_a_module_breaking_a_rule_is_caught(tree_copy, module, source, tool, expected):
    (tree_copy / "skillcert" / module).write_text(source)
    result = tool(tree_copy)
    assert result.returncode != 0
    assert expected in result.stdout
