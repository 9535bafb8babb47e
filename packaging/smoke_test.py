"""Build the PyInstaller bundle and check that the frozen program really starts.

    .venv/bin/python packaging/smoke_test.py            # build into a temporary folder, run, clean up
    .venv/bin/python packaging/smoke_test.py --keep     # keep the build (its path is printed)
    .venv/bin/python packaging/smoke_test.py --bundle dist/homefinder   # test a bundle already built

The bundle is run as `homefinder --smoke-test OUTDIR` with Qt offscreen and a temporary
HOMEFINDER_HOME. That makes a temporary database, shows the main window, visits each page,
writes OUTDIR/recovery-sheet.pdf, prints it through the print preview's path (PDFium rasterises
it, Qt's printer writes OUTDIR/printed.pdf) and prints "smoke ok". The test passes only if:

- the exit code is 0 and stdout contains "smoke ok";
- OUTDIR/recovery-sheet.pdf exists and starts with %PDF;
- OUTDIR/printed.pdf has the sheet's one page, with ink on it (read back with pypdfium2);
- stderr is empty apart from the lines in ALLOWED_STDERR below (each one explained).

Any other output on stderr fails it: a missing module, plugin or library in a frozen build
usually shows itself there first (the habit is qutebrowser's build_release.py).
Exit code 0 on success, 1 on failure.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "homefinder.spec"
RUN_TIMEOUT = 120  # seconds for the frozen program to start, visit its pages and exit

# Lines the frozen program may print on stderr without failing the test. Each is a regular
# expression matched against a whole line, with the reason it is harmless.
ALLOWED_STDERR: list[tuple[str, str]] = [
    (r"This plugin does not support propagateSizeHints\(\)",
     "Qt's offscreen platform (used only by this test) has no window manager to pass size "
     "hints to; it says so once per window shown. Real screens (xcb, Windows, macOS) do not."),
    (r"QStandardPaths: XDG_RUNTIME_DIR not set, defaulting to '.*'",
     "Qt notes a missing XDG_RUNTIME_DIR on bare CI containers; this test sets one, so this "
     "appears only when a parent environment overrides it with an empty value."),
    (r"QStandardPaths: wrong permissions on runtime directory .*",
     "Same as above, when a CI runner's shared runtime folder is not mode 0700."),
]


def _bundle_executable(dist: Path) -> Path:
    name = "homefinder.exe" if os.name == "nt" else "homefinder"
    return dist / "homefinder" / name


def _size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file() and not f.is_symlink())


def build(work: Path) -> tuple[Path, float]:
    """Build the bundle into work/dist; return the executable and the build time in seconds."""
    env = dict(os.environ, HOMEFINDER_CONSOLE_BUILD="1")  # stdout readable on Windows too
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
         str(SPEC), "--distpath", str(work / "dist"), "--workpath", str(work / "build")],
        cwd=ROOT, env=env, capture_output=True, text=True)
    elapsed = time.monotonic() - started
    if result.returncode != 0:
        print(result.stdout[-4000:])
        print(result.stderr[-8000:])
        raise SystemExit(f"FAIL: PyInstaller exited with {result.returncode} after {elapsed:.0f} s")
    return _bundle_executable(work / "dist"), elapsed


def unexpected_stderr(stderr: str) -> list[str]:
    patterns = [re.compile(p) for p, _why in ALLOWED_STDERR]
    return [line for line in stderr.splitlines()
            if line.strip() and not any(p.fullmatch(line.strip()) for p in patterns)]


def printed_problems(printed: Path) -> list[str]:
    """The recovery sheet as the bundle printed it: one page, and not a blank one (a libpdfium
    missing from the bundle fails before this; one that renders nothing fails here)."""
    import pypdfium2 as pdfium  # a dependency of the program, so in the environment that builds it

    if not printed.exists():
        return [f"{printed.name} was not written (printing through PDFium failed)"]
    document = pdfium.PdfDocument(printed)
    try:
        if len(document) != 1:
            return [f"{printed.name} has {len(document)} pages (wanted 1)"]
        page = document[0]
        bitmap = page.render(scale=30 / 72, grayscale=True)
        pixels = bytes(bitmap.buffer)
        ink = sum(1 for row in range(bitmap.height)
                  for value in pixels[row * bitmap.stride:row * bitmap.stride + bitmap.width] if value < 128)
        bitmap.close()
        page.close()
    finally:
        document.close()
    print(f"  {printed.name}: 1 page, {ink} dark pixels at 30 dpi")
    return [] if ink > 100 else [f"{printed.name} is blank"]


def run_bundle(executable: Path, work: Path) -> list[str]:
    """Run the smoke test of the frozen program; return the problems found (empty: passed)."""
    out = work / "smoke-out"
    home = work / "home"
    runtime = work / "runtime"
    for folder in (out, home, runtime):
        folder.mkdir(parents=True, exist_ok=True)
    runtime.chmod(0o700)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOMEFINDER_HOME=str(home),
               XDG_RUNTIME_DIR=str(runtime))
    for name in ("HOMEFINDER_PASSPHRASE", "HOMEFINDER_WORKER", "QT_DEBUG_PLUGINS"):
        env.pop(name, None)
    started = time.monotonic()
    try:
        result = subprocess.run([str(executable), "--smoke-test", str(out)], env=env, cwd=work,
                                capture_output=True, text=True, timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        return [f"the program did not exit within {RUN_TIMEOUT} s"]
    elapsed = time.monotonic() - started
    print(f"  ran in {elapsed:.1f} s, exit code {result.returncode}")
    problems = []
    if result.returncode != 0:
        problems.append(f"exit code {result.returncode} (wanted 0)")
    if "smoke ok" not in result.stdout:
        problems.append('stdout does not contain "smoke ok"')
    pdf = out / "recovery-sheet.pdf"
    if not pdf.exists():
        problems.append(f"{pdf.name} was not written")
    elif not pdf.read_bytes().startswith(b"%PDF"):
        problems.append(f"{pdf.name} is not a PDF")
    else:
        print(f"  {pdf.name}: {pdf.stat().st_size:,} bytes")
    problems += printed_problems(out / "printed.pdf")
    extra = unexpected_stderr(result.stderr)
    if extra:
        problems.append("unexpected output on stderr:\n    " + "\n    ".join(extra[:40]))
    if problems:
        print("  --- stdout ---\n" + result.stdout[-3000:])
        print("  --- stderr ---\n" + result.stderr[-6000:])
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary build folder")
    parser.add_argument("--bundle", type=Path, help="test this built bundle folder instead of building")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="homefinder-smoke-"))
    try:
        if args.bundle:
            executable = _bundle_executable(args.bundle.resolve().parent)
            build_time = None
        else:
            print(f"Building the bundle with PyInstaller ({SPEC.relative_to(ROOT)}) ...", flush=True)
            executable, build_time = build(work)
        if not executable.exists():
            print(f"FAIL: no executable at {executable}")
            return 1
        bundle = executable.parent
        size = _size(bundle)
        if build_time is not None:
            print(f"  built in {build_time:.0f} s")
        print(f"  bundle {bundle}: {size / 1e6:.0f} MB")
        if not (bundle / "_internal" / "resources").is_dir() and not (bundle / "resources").is_dir():
            print("FAIL: the bundle has no resources folder")
            return 1
        print("Running the bundle: homefinder --smoke-test OUTDIR (Qt offscreen) ...", flush=True)
        problems = run_bundle(executable, work)
        print()
        print("Smoke test of the packaged program")
        print(f"  build time   {'-' if build_time is None else f'{build_time:.0f} s'}")
        print(f"  bundle size  {size / 1e6:.0f} MB ({size:,} bytes)")
        if problems:
            print("  result       FAIL")
            for problem in problems:
                print(f"   - {problem}")
            return 1
        print("  result       PASS")
        return 0
    finally:
        if args.keep:
            print(f"  kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
