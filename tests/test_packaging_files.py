"""Cheap checks of the packaging and benchmark files. The real build is packaging/smoke_test.py,
which .ci/run calls after the tests (it takes about 15-30 s and builds 200 MB)."""
from __future__ import annotations

import ast
import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"


def _load(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem + "_under_test", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_spec_is_python_and_names_the_bundle_and_its_resources():
    source = (PACKAGING / "homefinder.spec").read_text(encoding="utf-8")
    ast.parse(source)
    assert 'name="homefinder"' in source
    assert '"resources"' in source  # paths.resources_dir() looks in sys._MEIPASS/resources
    assert "launcher.py" in source
    assert (PACKAGING / "launcher.py").exists()
    assert (ROOT / "resources").is_dir()


def test_launcher_calls_the_package_entry_point():
    tree = ast.parse((PACKAGING / "launcher.py").read_text(encoding="utf-8"))
    imports = [n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert any(n.module == "homefinder_desktop.__main__" and n.names[0].name == "main" for n in imports)


def test_smoke_test_allow_list_is_explained_and_narrow():
    smoke = _load(PACKAGING / "smoke_test.py")
    assert smoke.ALLOWED_STDERR, "an empty allow-list is fine, but then remove this test"
    for pattern, why in smoke.ALLOWED_STDERR:
        re.compile(pattern)
        assert len(why) > 40, pattern  # each allowed line says why it is harmless
        assert pattern not in (".*", ".+", "")
    allowed = "This plugin does not support propagateSizeHints()"
    assert smoke.unexpected_stderr(f"{allowed}\n\n{allowed}\n") == []
    assert smoke.unexpected_stderr("Traceback (most recent call last):\n") == ["Traceback (most recent call last):"]
    assert smoke.unexpected_stderr("qt.qpa.plugin: Could not load the Qt platform plugin") != []


def test_benchmark_script_parses_and_has_the_three_cases():
    source = (ROOT / "benchmarks" / "run.py").read_text(encoding="utf-8")
    ast.parse(source)
    for name in ("bare", "demo", "large"):
        assert f'"{name}"' in source
    ast.parse((ROOT / "benchmarks" / "bare_window.py").read_text(encoding="utf-8"))
