"""Start-up benchmark: how long until the main window is shown, against a bare Qt window.

    .venv/bin/python benchmarks/run.py              # or: python3 dev.py bench
    .venv/bin/python benchmarks/run.py --repeats 9  # more runs, steadier medians

Three cases, each started as a fresh process with Qt offscreen, timed from spawning it to
its "shown" line and its exit:

  bare   benchmarks/bare_window.py: PySide6 only, an empty QMainWindow (the floor)
  demo   python -m homefinder_desktop --database DEMO --quit-after-shown (60 children, 40 families)
  large  the same on 20,000 children and 30,000 families (made once, cached under
         benchmarks/results/cache/, keyed by the generator seed)

Each case runs once to warm the disk cache, then --repeats times (default 5). Prints a table
and writes benchmarks/results/startup-YYYY-MM-DD.json. The target is a median of at most
2x the bare window; the verdict is reported, never turned into a failing exit code.
"""
from __future__ import annotations

import argparse
import compileall
import datetime as dt
import json
import os
import platform
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE.parent))  # `benchmarks` as a package when run as a script

from benchmarks import startup  # noqa: E402

TARGET_RATIO = 2.0
LARGE = {"children": 20000, "families": 30000}
DEMO = {"children": 60, "families": 40}


def machine() -> dict:
    return {
        "platform": platform.platform(),
        "machine": platform.machine(),
        "processor": platform.processor() or None,
        "cpu_count": os.cpu_count(),
        "python": sys.version.split()[0],
        "python_implementation": platform.python_implementation(),
    }


def versions() -> dict:
    found = {}
    from importlib import metadata
    for name in ("homefinder-desktop", "PySide6-Essentials", "sqlcipher3", "sqlite-utils", "reportlab"):
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Start-up time of Homefinder against a bare Qt window.")
    parser.add_argument("--repeats", type=int, default=5, help="timed runs per case (default 5)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed runs first (default 1)")
    parser.add_argument("--skip-large", action="store_true", help="leave out the 20,000-child case")
    parser.add_argument("--out", type=Path, default=startup.RESULTS, help="folder for the JSON result")
    args = parser.parse_args(argv)

    from homefinder_desktop.services import demo

    print("Homefinder start-up benchmark")
    today = dt.date.today()
    with tempfile.TemporaryDirectory(prefix="homefinder-bench-") as tmp:
        tmp_path = Path(tmp)
        home = tmp_path / "home"
        home.mkdir()
        runtime = tmp_path / "runtime"
        runtime.mkdir(mode=0o700)
        # XDG_CONFIG_HOME: Qt settings (remembered page, geometry) start empty, not the developer's.
        config = tmp_path / "config"
        config.mkdir()
        base_env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_RUNTIME_DIR=str(runtime),
                        HOMEFINDER_HOME=str(home), XDG_CONFIG_HOME=str(config))
        # An installed or frozen program runs from compiled bytecode; a checkout with
        # PYTHONDONTWRITEBYTECODE set would otherwise compile every module at every start.
        compileall.compile_dir(str(ROOT / "src" / "homefinder_desktop"), quiet=1)
        app_env = dict(base_env, HOMEFINDER_PASSPHRASE=demo.DEMO_PASSPHRASE, HOMEFINDER_WORKER="Benchmark")

        print("Preparing databases ...")
        sizes = {"demo": DEMO} if args.skip_large else {"demo": DEMO, "large": LARGE}
        databases = {}
        for name, size in sizes.items():
            cached = startup.cached_database(size["children"], size["families"], demo.SEED)
            folder = tmp_path / name
            folder.mkdir()
            databases[name] = startup.working_copy(cached, folder)

        py = startup.python()
        cases = [startup.Case("bare", "PySide6 only: an empty QMainWindow shown offscreen",
                              [py, str(HERE / "bare_window.py")], base_env)]
        for name, size in sizes.items():
            cases.append(startup.Case(
                name, f"Homefinder on {size['children']:,} children and {size['families']:,} families",
                [py, "-m", "homefinder_desktop", "--database", str(databases[name]), "--quit-after-shown"],
                app_env))

        print(f"Timing {args.warmup} warm-up + {args.repeats} runs of each case ...")
        for case in cases:
            startup.run_case(case, args.repeats, args.warmup, cwd=tmp_path)

    summaries = [case.summary() for case in cases]
    # The target is about start-up: the time until the window is on screen. Closing (which waits
    # for the background page check on a large file) is reported beside it, not judged.
    bare = summaries[0]["median_to_shown_s"]
    for s in summaries:
        s["ratio_to_bare"] = (round(s["median_to_shown_s"] / bare, 2)
                              if bare and s["median_to_shown_s"] else None)
        if s["name"] == "bare":
            s["verdict"] = "floor"
        elif s["ratio_to_bare"] is None:
            s["verdict"] = "failed"
        else:
            s["verdict"] = "pass" if s["ratio_to_bare"] <= TARGET_RATIO else "over target"

    result = {
        "benchmark": "startup",
        "date": today.isoformat(),
        "measured": "wall time from spawning the process to it printing 'shown' and exiting "
                    "(median_s, min_s); also to the 'shown' line alone (median_to_shown_s)",
        "target": f"median time to 'shown' at most {TARGET_RATIO:g}x the bare window's",
        "repeats": args.repeats,
        "warmup": args.warmup,
        "machine": machine(),
        "versions": versions(),
        "cases": summaries,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    out_file = args.out / f"startup-{today.isoformat()}.json"
    out_file.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")

    print()
    print(f"{'case':<7}{'median':>9}{'min':>9}{'to shown':>10}{'x bare':>8}  verdict   ({args.repeats} runs each)")
    for s in summaries:
        def ms(v):
            return f"{v * 1000:.0f} ms" if v is not None else "-"
        ratio = f"{s['ratio_to_bare']:.2f}" if s["ratio_to_bare"] is not None else "-"
        print(f"{s['name']:<7}{ms(s['median_s']):>9}{ms(s['min_s']):>9}{ms(s['median_to_shown_s']):>10}"
              f"{ratio:>8}  {s['verdict']}")
        for failure in s["failures"][:1]:
            print(f"        failed with exit code {failure['returncode']}: "
                  f"{failure['stderr_tail'].strip().splitlines()[-1] if failure['stderr_tail'].strip() else ''}")
    m = result["machine"]
    print(f"\nMachine: {m['platform']}, {m['cpu_count']} CPUs, Python {m['python']}")
    print(f"Target: Homefinder's median at most {TARGET_RATIO:g}x the bare window.")
    print(f"Written {out_file.relative_to(HERE.parent) if out_file.is_relative_to(HERE.parent) else out_file}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
