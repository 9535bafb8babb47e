"""The layers of architecture.md, kept by reading every module's imports (AST)."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "src" / "homefinder_desktop"

# Which of the project's layers each layer may import.
ALLOWED = {
    "domain": {"domain"},
    "storage": {"domain", "storage"},
    "services": {"domain", "storage", "services", "paths", "reports"},
    "reports": {"domain", "reports"},
    "ui": {"domain", "services", "ui", "paths", "reports", "__init__"},
    # The two front ends over the services, and the composition root.
    "cli": {"domain", "services", "paths", "reports", "cli_report"},
    "cli_report": {"domain", "services", "paths", "reports", "cli"},   # `homefinder report`, registered by cli
    "app": {"ui"},
    "paths": set(),
}
THIRD_PARTY_ONLY_IN = {"PySide6": "ui", "pypdfium2": "ui", "reportlab": "reports", "sqlcipher3": "storage",
                       "sqlite_utils": "storage"}
# Names from the package's __init__ (version, app name) are not a layer.
PACKAGE_CONSTANTS = {"__version__", "APP_NAME"}
# services may name a Database in type hints, and session.py owns the connection's lifecycle.
THIRD_PARTY_EXCEPTIONS = {("sqlite_utils", "services")}


def _modules():
    for path in sorted(PKG.rglob("*.py")):
        rel = path.relative_to(PKG)
        layer = rel.parts[0] if len(rel.parts) > 1 else rel.stem
        yield path, layer


def _imports(path: Path):
    tree = ast.parse(path.read_text("utf-8"))
    rel = path.relative_to(PKG)
    package_parts = list(rel.parts[:-1])
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, None
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                yield node.module or "", None
            else:
                base = package_parts[: len(package_parts) - (node.level - 1)]
                target = (base + (node.module.split(".") if node.module else []))
                if not node.module:  # from . import x
                    for alias in node.names:
                        yield None, (target + [alias.name])
                else:
                    yield None, target


@pytest.mark.parametrize("path,layer", list(_modules()), ids=lambda v: str(v) if isinstance(v, str) else None)
def test_layer_boundaries(path, layer):
    problems = []
    for absolute, relative in _imports(path):
        if absolute is not None:
            top = absolute.split(".")[0]
            if top == "homefinder_desktop":
                parts = absolute.split(".")[1:]
                relative = parts
            elif top in THIRD_PARTY_ONLY_IN and THIRD_PARTY_ONLY_IN[top] != layer \
                    and (top, layer) not in THIRD_PARTY_EXCEPTIONS:
                problems.append(f"{layer} imports {top} (only {THIRD_PARTY_ONLY_IN[top]} may)")
                continue
            else:
                continue
        if not relative:
            continue
        target = relative[0]
        if target in PACKAGE_CONSTANTS:
            continue
        if layer in ALLOWED and target not in ALLOWED[layer]:
            problems.append(f"{layer} imports {'.'.join(relative)}")
    assert not problems, f"{path.relative_to(PKG)}: " + "; ".join(problems)


def test_domain_is_plain_python():
    """The domain imports only the standard library (and nothing of the project's outer layers)."""
    import sys

    stdlib = set(sys.stdlib_module_names)
    for path in (PKG / "domain").rglob("*.py"):
        for absolute, _relative in _imports(path):
            if absolute and absolute.split(".")[0] not in stdlib | {"__future__"}:
                pytest.fail(f"{path.name} imports {absolute}")


def test_the_check_notices_a_violation(tmp_path):
    """The boundary test must be able to fail: a domain module importing Qt is caught."""
    bad = tmp_path / "homefinder_desktop" / "domain"
    bad.mkdir(parents=True)
    (bad / "oops.py").write_text("from PySide6.QtWidgets import QWidget\nfrom ..storage import db\n")
    global PKG
    saved = PKG
    PKG = tmp_path / "homefinder_desktop"
    try:
        with pytest.raises(AssertionError) as info:
            test_layer_boundaries(bad / "oops.py", "domain")
        assert "PySide6" in str(info.value) and "storage" in str(info.value)
    finally:
        PKG = saved
