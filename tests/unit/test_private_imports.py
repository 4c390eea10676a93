"""No module reaches into another module's private helpers: what two modules share is
public (no leading underscore) in the module that owns it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("core", "db", "dashboard", "sample_data", "bench")


def private_imports(source: str) -> list[str]:
    """Every `from X import _name` (and `import X._name`) in the source, as 'X._name'."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module:
            found += [
                f"{node.module}.{alias.name}"
                for alias in node.names
                if alias.name.startswith("_") and not alias.name.startswith("__")
            ]
        elif isinstance(node, ast.Import):
            found += [
                alias.name
                for alias in node.names
                if any(p.startswith("_") and not p.startswith("__") for p in alias.name.split("."))
            ]
    return found


def test_no_module_imports_another_module_s_private_names() -> None:
    found = [
        f"{path.relative_to(ROOT)}: {name}"
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        for name in private_imports(path.read_text())
    ]
    assert not found, "make these public where they are defined: " + "; ".join(found)


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("from dashboard.cli import _open_diary, app\n", ["dashboard.cli._open_diary"]),
        ("def f():\n    from core.stats.rates import _TAIL\n", ["core.stats.rates._TAIL"]),
        ("import db._private.thing\n", ["db._private.thing"]),
        ("from __future__ import annotations\nfrom x import __version__, public\n", []),
    ],
)
def test_a_private_import_is_found(source: str, found: list[str]) -> None:
    assert private_imports(source) == found
