"""The domain must stay usable without the TUI: data/ (and later sources/, letters/) never
import textual, directly or through anything they import."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import autoletter_tui

PACKAGE = Path(autoletter_tui.__file__).parent
DOMAIN = ("data", "sources", "letters")


def domain_modules() -> list[str]:
    names = []
    for layer in DOMAIN:
        folder = PACKAGE / layer
        if folder.is_dir():
            names.append(f"autoletter_tui.{layer}")
            prefix = f"autoletter_tui.{layer}."
            names += [m.name for m in pkgutil.walk_packages([str(folder)], prefix)]
    return names


def test_domain_modules_exist() -> None:
    assert "autoletter_tui.data.models" in domain_modules()


def test_no_textual_import_in_domain_source() -> None:
    offenders = []
    for layer in DOMAIN:
        for path in (PACKAGE / layer).rglob("*.py") if (PACKAGE / layer).is_dir() else []:
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Import | ast.ImportFrom):
                    continue
                names = (
                    [a.name for a in node.names] if isinstance(node, ast.Import)
                    else [node.module or ""]
                )  # fmt: skip
                if any(n == "textual" or n.startswith(("textual.", "rich")) for n in names):
                    offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert offenders == []


def test_importing_the_domain_loads_no_textual() -> None:
    modules = [m for m in domain_modules() if not m.endswith(".env")]  # alembic-only
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip() == "[]"
