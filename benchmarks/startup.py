"""Start-up measurements: spawn a program, time it to its "shown" line and to its exit.

Used by benchmarks/run.py; importable on its own for a quick look:

    .venv/bin/python -c "from benchmarks import startup"   (from the repository root)
"""
from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
CACHE = RESULTS / "cache"
TIMEOUT = 120  # seconds one start may take before it counts as failed


@dataclass
class Timing:
    """One start: seconds from spawning to the "shown" line, and to the process exiting."""
    shown: float | None
    exited: float
    returncode: int
    stderr_tail: str = ""


@dataclass
class Case:
    name: str
    description: str
    command: list[str]
    env: dict[str, str]
    timings: list[Timing] = field(default_factory=list)

    @property
    def ok(self) -> list[Timing]:
        return [t for t in self.timings if t.returncode == 0 and t.shown is not None]

    def summary(self) -> dict:
        good = self.ok
        exits = [t.exited for t in good]
        shows = [t.shown for t in good]
        return {
            "name": self.name,
            "description": self.description,
            "command": self.command,
            "runs": len(self.timings),
            "succeeded": len(good),
            "median_s": round(statistics.median(exits), 4) if exits else None,
            "min_s": round(min(exits), 4) if exits else None,
            "median_to_shown_s": round(statistics.median(shows), 4) if shows else None,
            "min_to_shown_s": round(min(shows), 4) if shows else None,
            "all_s": [round(t.exited, 4) for t in self.timings],
            "failures": [{"returncode": t.returncode, "stderr_tail": t.stderr_tail}
                         for t in self.timings if t not in good],
        }


def time_once(command: list[str], env: dict[str, str], cwd: Path) -> Timing:
    """Spawn `command`; read stdout line by line; note when a line says "shown" and when it exits."""
    started = time.perf_counter()
    proc = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, bufsize=1)
    shown = None
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            if shown is None and "shown" in line.lower():
                shown = time.perf_counter() - started
        proc.wait(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    exited = time.perf_counter() - started
    stderr = proc.stderr.read() if proc.stderr else ""
    return Timing(shown=shown, exited=exited, returncode=proc.returncode,
                  stderr_tail="" if proc.returncode == 0 else stderr[-1500:])


def run_case(case: Case, repeats: int, warmup: int, cwd: Path, progress=print) -> Case:
    for i in range(warmup + repeats):
        timing = time_once(case.command, case.env, cwd)
        if i >= warmup:
            case.timings.append(timing)
        mark = "warm-up" if i < warmup else f"{i - warmup + 1}/{repeats}"
        state = "ok" if timing.returncode == 0 and timing.shown is not None else f"FAILED (exit {timing.returncode})"
        progress(f"  {case.name:<6} {mark:<8} {timing.exited * 1000:7.0f} ms  {state}")
    return case


def cached_database(children: int, families: int, seed: int, progress=print) -> Path:
    """A demo-style database of the given size, made once and kept under results/cache/.

    The file name carries the generator seed, the sizes and the schema version (the number of
    migrations), so changing any makes a new one: a cache at an older schema would be migrated on
    every timed start and measure the migration, not the start.
    Its passphrase is services.demo.DEMO_PASSPHRASE.
    """
    from homefinder_desktop.services import demo
    from homefinder_desktop.storage.migrations import KNOWN

    CACHE.mkdir(parents=True, exist_ok=True)
    target = CACHE / f"demo-seed{seed}-c{children}-f{families}-s{len(KNOWN)}.hfdb"
    keys = Path(f"{target}.keys")
    if target.exists() and keys.exists():
        return target
    progress(f"  making {target.name} (once; cached for later runs) ...")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="homefinder-bench-make-") as tmp:
        before = os.environ.get("HOMEFINDER_HOME")
        os.environ["HOMEFINDER_HOME"] = str(Path(tmp) / "home")  # keep the worker's own folder clean
        try:
            made = Path(tmp) / target.name
            session = demo.create_demo(made, children=children, families=families, seed=seed)
            session.close()
        finally:
            if before is None:
                os.environ.pop("HOMEFINDER_HOME", None)
            else:
                os.environ["HOMEFINDER_HOME"] = before
        shutil.copy2(Path(f"{made}.keys"), keys)
        shutil.copy2(made, target)  # last: the database file marks the cache entry complete
    progress(f"  made in {time.perf_counter() - started:.1f} s")
    return target


def working_copy(database: Path, folder: Path) -> Path:
    """A copy to run against, so opening it (audit rows, migrations) never changes the cache."""
    copy = folder / database.name
    shutil.copy2(database, copy)
    shutil.copy2(Path(f"{database}.keys"), Path(f"{copy}.keys"))
    return copy


def python() -> str:
    return sys.executable


# --- shared by the benchmarks that compare a use case with the bare SQL on the large database ---

LARGE = {"children": 20000, "families": 30000}


def ratio_arguments(description: str, argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--repeats", type=int, default=7, help="timed runs per case (default 7)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed runs first (default 1)")
    parser.add_argument("--out", type=Path, default=RESULTS, help="folder for the JSON result")
    return parser.parse_args(argv)


@contextlib.contextmanager
def large_session(prefix: str):
    """A session on a working copy of the cached 20,000-child / 30,000-family database, with
    HOMEFINDER_HOME in a temporary folder so the worker's own folder is untouched."""
    from homefinder_desktop.services import demo
    from homefinder_desktop.services.session import open_session

    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        os.environ["HOMEFINDER_HOME"] = str(Path(tmp) / "home")
        cached = cached_database(LARGE["children"], LARGE["families"], demo.SEED)
        copy = working_copy(cached, Path(tmp))
        session = open_session(copy, demo.DEMO_PASSPHRASE, "Benchmark", verify_pages=False)
        try:
            yield session
        finally:
            session.close()


def write_ratio_result(args: argparse.Namespace, benchmark: str, stem: str, target: float, database: dict,
                       cases: list[dict]) -> Path:
    """benchmarks/results/<stem>-YYYY-MM-DD.json, with the machine and versions."""
    from benchmarks.run import machine, versions

    today = dt.date.today()
    args.out.mkdir(parents=True, exist_ok=True)
    out = args.out / f"{stem}-{today.isoformat()}.json"
    out.write_text(json.dumps({
        "benchmark": benchmark, "date": today.isoformat(), "repeats": args.repeats, "warmup": args.warmup,
        "target_ratio": target, "database": database, "machine": machine(), "versions": versions(),
        "cases": cases}, indent=2) + "\n")
    return out


RATIO_TARGET = 3.0  # the large-database benchmarks: at most this many times the bare SQL


def run_on_large(args: argparse.Namespace, title: str, stem: str, prepare, measure, table) -> int:
    """What every large-database benchmark does around its own cases: a working copy of the cached
    database, `prepare(session)` (adds rows; returns facts about them for the result file), then
    `measure(session, repeats, warmup)`, the `table(results)`, and the JSON result. A benchmark
    reports; it never fails the process."""
    import traceback

    try:
        print(title)
        with large_session(f"homefinder-bench-{stem}-") as session:
            facts = prepare(session)
            results = measure(session, args.repeats, args.warmup)
        print()
        print(table(results))
        print(f"\nTarget: at most {RATIO_TARGET:g}x the bare SQL (median of {args.repeats}).")
        out = write_ratio_result(args, stem.replace("-", "_"), stem, RATIO_TARGET, {**LARGE, **facts}, results)
        print(f"Wrote {out}")
    except Exception:
        traceback.print_exc()
        print("The benchmark could not finish (see above).")
    return 0
