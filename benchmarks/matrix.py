"""The matching matrix at 20,000 children, 30,000 families and 100,000 links, against the bare SQL
for the same rows in the same run.

    .venv/bin/python benchmarks/matrix.py              # median of 7 (after 1 warm-up run)
    .venv/bin/python benchmarks/matrix.py --repeats 11

On a copy of the cached 20,000-child / 30,000-family demo database (benchmarks/results/cache/, made
once by benchmarks/startup.py's cached_database), LINKS fictional links are added in bulk (as
benchmarks/agenda.py does: a fifth in progress, the rest placed or ended). Then it times two things:

  shortlist  services.matrix.shortlist_for for one waiting child: every family read, each checked
             against the child's needs and the links that commit it elsewhere, ranked and explained;
             against the bare SQL selecting the same rows (the child, every family, every link not
             ended, the agencies' kinds), fetched as tuples
  open       services.matrix.open_matrix on a matrix of the shortlist's first five families, with the
             child's need written and every cell rated: the matrix, its catalogue version, the child,
             the families and their agencies, the cells with the records' evidence, the needs, the
             summaries; against the bare SQL selecting the same rows of matrices, matrix_catalogues,
             children, matrix_families, families, agencies, matrix_cells and matrix_needs

It checks both read the same families (and, for the matrix, the same cells), prints the medians and
writes benchmarks/results/matrix-YYYY-MM-DD.json. Target: at most 3x the bare SQL. Always exits 0.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # `benchmarks` as a package when run as a script

from benchmarks import startup  # noqa: E402
from benchmarks.agenda import _result, table  # noqa: E402
from benchmarks.links_due import add_links  # noqa: E402
from benchmarks.registers import median_ms  # noqa: E402

LARGE = startup.LARGE
LINKS = 100_000
SEED = 20261123
MATRIX_FAMILIES = 5

BARE_SHORTLIST = ("SELECT * FROM children WHERE id = ?",
                  "SELECT * FROM families ORDER BY id",
                  "SELECT * FROM links WHERE archived = 0 AND status <> 'ended'",
                  "SELECT id, kind FROM agencies")
BARE_MATRIX = ("SELECT * FROM matrices WHERE id = :m",
               "SELECT c.* FROM matrix_catalogues c JOIN matrices m ON m.catalogue_id = c.id WHERE m.id = :m",
               "SELECT c.* FROM children c JOIN matrices m ON m.child_id = c.id WHERE m.id = :m",
               """SELECT f.*, a.name, a.kind FROM matrix_families mf JOIN families f ON f.id = mf.family_id
                  LEFT JOIN agencies a ON a.id = f.agency_id WHERE mf.matrix_id = :m ORDER BY mf.position, mf.id""",
               "SELECT * FROM matrix_cells WHERE matrix_id = :m ORDER BY id",
               "SELECT criterion, text FROM matrix_needs WHERE matrix_id = :m",
               "SELECT id, reference FROM matrices WHERE previous_id = :m")


def waiting_child(db) -> int:
    """The first child waiting on their own (not in a sibling group) for a family."""
    return db.execute("SELECT id FROM children WHERE archived = 0 AND stage = 'family_finding' "
                      "AND sibling_group_id IS NULL ORDER BY id LIMIT 1").fetchone()[0]


def five_family_matrix(session, child_id: int, entries, progress=print) -> int:
    """A matrix of the shortlist's first five families that fit, the child's need written in every
    area and every cell rated, through the use cases (as a worker fills it in)."""
    from homefinder_desktop.domain.matrix import DEFAULT_CATALOGUE, RATINGS
    from homefinder_desktop.services import matrix

    started = time.perf_counter()
    families = [e.family.id for e in entries if e.fits][:MATRIX_FAMILIES]
    matrix_id = matrix.start_matrix(session, families, child_id=child_id).record_id
    ratings = list(RATINGS)
    for n, code in enumerate(DEFAULT_CATALOGUE.codes):
        matrix.write_need(session, matrix_id, code, f"The child's need in this area, as the worker wrote it ({n + 1}).")
        for m, family_id in enumerate(families):
            matrix.rate(session, matrix_id, code, family_id, ratings[(n + m) % len(ratings)],
                        "What the family would bring here.", "What they would need help with.")
    progress(f"  started and filled a {len(families)}-family matrix in {time.perf_counter() - started:.1f} s")
    return matrix_id


def measure(session, repeats: int, warmup: int, progress=print) -> list[dict]:
    from homefinder_desktop.services import matrix

    db = session.database()
    child_id = waiting_child(db)

    def bare_shortlist():
        return [db.execute(sql, [child_id] if "?" in sql else []).fetchall() for sql in BARE_SHORTLIST]

    results = []
    app_ms, app_all, entries = median_ms(lambda: matrix.shortlist_for(session, child_id=child_id), repeats, warmup)
    bare_ms, bare_all, (_child, families, links, _kinds) = median_ms(bare_shortlist, repeats, warmup)
    same = sorted(e.family.id for e in entries) == [r[0] for r in families]
    results.append(_result("shortlist", f"every family ranked for one waiting child ({len(links):,} links not "
                                        "ended read beside them)", len(entries), app_ms, app_all, bare_ms,
                           bare_all, same))
    progress(f"  shortlist {app_ms:8.1f} ms   bare {bare_ms:8.1f} ms")

    matrix_id = five_family_matrix(session, child_id, entries, progress)

    def bare_matrix():
        return [db.execute(sql, {"m": matrix_id}).fetchall() for sql in BARE_MATRIX]

    app_ms, app_all, sheet = median_ms(lambda: matrix.open_matrix(session, matrix_id), repeats, warmup)
    bare_ms, bare_all, rows = median_ms(bare_matrix, repeats, warmup)
    bare_families, bare_cells = rows[3], rows[4]
    same = ([f.id for f in sheet.families] == [r[0] for r in bare_families]
            and len(sheet.cells) == len(bare_cells) and all(c.rating for c in sheet.cells.values()))
    results.append(_result("open", f"a matrix of {len(sheet.families)} families, every cell rated: families, "
                                   "cells with the records' evidence, needs, summaries", len(sheet.cells), app_ms,
                           app_all, bare_ms, bare_all, same))
    progress(f"  open      {app_ms:8.1f} ms   bare {bare_ms:8.1f} ms")
    return results


def main(argv: list[str] | None = None) -> int:
    args = startup.ratio_arguments("The shortlist for one child against 30,000 families, and opening a "
                                   "five-family matching matrix, against the bare SQL.", argv)
    return startup.run_on_large(args, "Homefinder matching matrix benchmark", "matrix",
                                lambda session: {"links_added": add_links(session, LINKS, SEED)}, measure, table)


if __name__ == "__main__":
    sys.exit(main())
