"""A 200-child booklet of profiles, each with a different photo, against a bare ReportLab document
with the same pages, text and photos, built in the same run.

    .venv/bin/python benchmarks/profiles.py              # median of 5 (after 1 warm-up run)
    .venv/bin/python benchmarks/profiles.py --repeats 9

A fresh encrypted database (in a temporary folder) gets CHILDREN fictional children, none in a
sibling group (so each is one page), with needs, a personality and interests in their profile
fields, and one picture each, made here with Pillow (ReportLab's own image library): a sky, a sun,
hills, a house and flowers, in colours and places drawn from a seeded stream, 640 x 480 like the
demo's drawings; no person in any of them. Each is added through services.photos (checked, saved
in the database, marked for public events). Then it times, alternately:

  booklet  services.profiles.booklet_pdf at the "event" level: the children and their photos read
           from the database, the profiles worked out, the cover, contents and one page each built
  report   reports.profiles.build_pdf alone, on the booklet's data read beforehand
  bare     a plain ReportLab document (SimpleDocTemplate) of the same pages: the same cover and
           contents lines, each profile's words as paragraphs and its photo as an Image, a header
           and footer drawn on each page; no measuring, no fitting, no checks

It checks the three have the same number of pages and photos, prints a table and writes
benchmarks/results/profiles-YYYY-MM-DD.json. Target: the booklet at most 1.5x the bare document.
Always exits 0.
"""
from __future__ import annotations

import datetime as dt
import io
import os
import random
import re
import sys
import tempfile
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # `benchmarks` as a package when run as a script

from benchmarks import startup  # noqa: E402
from benchmarks.registers import median_ms  # noqa: E402

CHILDREN = 200
SEED = 20261125
TARGET = 1.5
EVENT = "Benchmark profile evening"
LEVEL = "event"

NAMES = ["Ada", "Bea", "Cal", "Dot", "Eli", "Fay", "Gus", "Hal", "Ida", "Jem", "Kit", "Lou", "Max", "Ned",
         "Oli", "Pam", "Quin", "Ros", "Sid", "Tam"]
PERSONALITIES = ["A cheerful, chatty child who loves company and makes friends quickly.",
                 "Quiet at first, then full of jokes once settled; likes to know what comes next.",
                 "Busy and curious, always asking how things work and wanting to help.",
                 "Gentle and thoughtful, with a lovely laugh; enjoys a cuddle at bedtime."]
INTERESTS = ["Puddles, dinosaurs and the big swings in the park.", "Building dens, drawing and music.",
             "Football, bikes and feeding the ducks.", "Stories at bedtime, baking and the seaside."]
LEVELS = {"health": ["none", "minor", "ongoing"], "disability": ["none", "none", "mild"],
          "development": ["none", "some"], "drugs_alcohol": ["none", "suspected"],
          "education": ["none", "support"]}


# --- the data ---------------------------------------------------------------------------------

def picture(rng: random.Random, size=(640, 480)) -> bytes:
    """A child's-drawing-style picture, different for each draw of `rng`."""
    from PIL import Image, ImageDraw

    w, h = size
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    sky = (rng.randint(90, 200), rng.randint(150, 230), 255)
    for y in range(h):
        shade = y / h
        draw.line([(0, y), (w, y)], fill=tuple(int(c * (1 - 0.3 * shade)) for c in sky))
    draw.ellipse(_box(rng.randint(60, w - 60), rng.randint(50, 110), rng.randint(30, 50)), fill=(255, 210, 40))
    ground = (rng.randint(30, 90), rng.randint(140, 200), rng.randint(30, 80))
    draw.polygon([(0, h), (0, h * 0.65), (w * rng.uniform(0.3, 0.6), h * rng.uniform(0.55, 0.7)), (w, h * 0.7),
                  (w, h)], fill=ground)
    x = rng.randint(60, w - 260)
    wall = (rng.randint(150, 255), rng.randint(80, 200), rng.randint(60, 160))
    draw.rectangle([x, h * 0.45, x + 180, h * 0.8], fill=wall, outline=(40, 30, 30), width=4)
    draw.polygon([(x - 15, h * 0.45), (x + 90, h * 0.28), (x + 195, h * 0.45)], fill=(170, 40, 40))
    draw.rectangle([x + 70, h * 0.62, x + 110, h * 0.8], fill=(rng.randint(0, 255), 60, 120))
    for _ in range(rng.randint(3, 9)):  # flowers
        fx, fy = rng.randint(0, w), rng.randint(int(h * 0.82), h - 10)
        draw.ellipse(_box(fx, fy, 7), fill=(rng.randint(180, 255), rng.randint(0, 200), rng.randint(0, 255)))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def _box(x: float, y: float, r: float) -> list[float]:
    return [x - r, y - r, x + r, y + r]


def add_children(session, n: int, seed: int) -> list[int]:
    """`n` fictional children waiting alone, each with a picture cleared for public events."""
    from homefinder_desktop.domain.records import Child
    from homefinder_desktop.services import photos, records

    rng = random.Random(seed)
    today = session.today()
    ids = []
    for i in range(n):
        born = today - dt.timedelta(days=rng.randint(200, 365 * 9))
        child = Child(first_name=f"{NAMES[i % len(NAMES)]}{i:03d}", last_name=f"Benchmark{i:03d}",
                      date_of_birth=born, sex=rng.choice("FM"), stage="family_finding",
                      stage_date=today - dt.timedelta(days=rng.randint(10, 300)),
                      ethnicity="White British", religion="None", language="English",
                      personality=rng.choice(PERSONALITIES), interests=rng.choice(INTERESTS),
                      abuse=(rng.choice(["neglect", "emotional", "domestic"]),), contact=("letterbox",),
                      **{scale: rng.choice(codes) for scale, codes in LEVELS.items()})
        child_id = records.add(session, child).record_id
        photos.add_photo(session, child_id, picture(rng), f"Picture {i + 1}", public_ok=True)
        ids.append(child_id)
    return ids


# --- the bare document --------------------------------------------------------------------------

def bare_pdf(council: str, partner: str, booklet, images: list[list[bytes]], contents_pages: int) -> bytes:
    """The same cover and contents lines (over as many pages), words and photos, as plain
    paragraphs and Images."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Image, PageBreak, Paragraph, SimpleDocTemplate

    styles = getSampleStyleSheet()
    body, head = styles["BodyText"], styles["Heading2"]
    header = f"{council} with {partner} - {booklet.heading} - CONFIDENTIAL"

    def frame(canvas, doc):
        canvas.setFont("Helvetica", 9)
        canvas.drawString(18 * mm, A4[1] - 14 * mm, header)
        canvas.drawString(18 * mm, 10 * mm, f"CONFIDENTIAL - adoption records - Page {doc.page}")

    story = [Paragraph("Child profiles", head), Paragraph(booklet.event_title, styles["Title"]),
             Paragraph("CONFIDENTIAL", styles["Title"]), Paragraph(booklet.level.title, head),
             Paragraph(booklet.level.shows, body), Paragraph(booklet.level.handling, body),
             Paragraph(booklet.summary(), body)]
    lines = [Paragraph(f"{p.contents_name} {p.contents_facts} {n}", styles["Code"])
             for n, p in enumerate(booklet.profiles, 2 + contents_pages)]
    per_page = -(-len(lines) // contents_pages)
    for start in range(0, len(lines), per_page):
        story += [PageBreak(), Paragraph("Contents", styles["Title"])] + lines[start:start + per_page]
    for profile, photos in zip(booklet.profiles, images):
        story += [PageBreak(), Paragraph(profile.title, styles["Title"]), Paragraph(profile.subtitle, body)]
        story += [Image(io.BytesIO(data), width=72 * mm, height=54 * mm) for data in photos]
        for kid in profile.children:
            story += [Paragraph(kid.personality, body), Paragraph(kid.interests, body), Paragraph(kid.heritage, body)]
        story += [Paragraph("Needs", head)] + [Paragraph(f"{area}: {words}", body) for area, words in profile.needs]
        story += [Paragraph("The family we are looking for", head), Paragraph(profile.family_intro, body)]
        story += [Paragraph(f"- {want}", body) for want in profile.family_wants]
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, topMargin=22 * mm).build(story, onFirstPage=frame, onLaterPages=frame)
    return out.getvalue()


def counts(pdf: bytes) -> tuple[int, int]:
    """(pages, images) in a ReportLab PDF (uncompressed object dictionaries)."""
    return len(re.findall(rb"/Type /Page\b(?!s)", pdf)), len(re.findall(rb"/Subtype /Image", pdf))


# --- the run ----------------------------------------------------------------------------------

def measure(session, ids: list[int], repeats: int, warmup: int) -> list[dict]:
    from homefinder_desktop.reports import profiles as report
    from homefinder_desktop.services import profiles

    choice = dict(child_ids=ids, level=LEVEL, event_title=EVENT, event_date=session.today())
    data = profiles.booklet(session, **choice)
    photos = [[p.image for kid in profile.children for p in kid.photos] for profile in data.profiles]
    council, partner = session.council_name, session.partner_name
    contents_pages = report.ProfilesBooklet(council, partner, data, session.today()).contents_pages()
    runs = {
        "booklet": ("services.profiles.booklet_pdf: read, work out and build",
                    lambda: profiles.booklet_pdf(session, **choice)),
        "report": ("reports.profiles.build_pdf on the booklet's data",
                   lambda: report.build_pdf(council, partner, data, session.today())),
        "bare": ("a plain ReportLab document of the same pages, text and photos",
                 lambda: bare_pdf(council, partner, data, photos, contents_pages)),
    }
    timed = {}
    for round_ in range(warmup + repeats):  # alternately, so a change in the machine's load hits all alike
        for name, (_words, build) in runs.items():
            _ms, times, pdf = median_ms(build, 1, 0)
            if round_ >= warmup:
                timed.setdefault(name, ([], pdf))[0].extend(times)
        print(f"  {'warm-up' if round_ < warmup else f'{round_ - warmup + 1}/{repeats}'}: "
              + ", ".join(f"{name} {timed[name][0][-1]:.0f} ms" if name in timed else name for name in runs))
    import statistics

    bare_ms = statistics.median(timed["bare"][0])
    bare_counts = counts(timed["bare"][1])
    results = []
    for name, (words, _build) in runs.items():
        all_ms, pdf = timed[name]
        median = statistics.median(all_ms)
        pages, pictures = counts(pdf)
        same = (pages, pictures) == bare_counts
        ratio = median / bare_ms
        results.append({"name": name, "description": words, "pages": pages, "photos": pictures,
                        "pdf_bytes": len(pdf), "median_ms": round(median, 1), "bare_median_ms": round(bare_ms, 1),
                        "ratio": round(ratio, 2), "same_pages_and_photos": same,
                        "verdict": "floor" if name == "bare" else ("pass" if ratio <= TARGET else "over target")
                        if same else "pages differ",
                        "all_ms": [round(t, 1) for t in all_ms]})
    return results


def table(results: list[dict]) -> str:
    lines = [f"{'case':<8} {'pages':>5} {'photos':>6} {'PDF':>8} {'median':>9} {'ratio':>6}  verdict", "-" * 60]
    for r in results:
        lines.append(f"{r['name']:<8} {r['pages']:>5} {r['photos']:>6} {r['pdf_bytes'] / 1e6:>6.1f}MB "
                     f"{r['median_ms']:>7.0f}ms {r['ratio']:>5.2f}x  {r['verdict']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = startup.ratio_arguments("A 200-child booklet of profiles against a bare ReportLab document.",
                                   ["--repeats", "5"] + list(sys.argv[1:] if argv is None else argv))
    try:
        print("Child profiles benchmark")
        with tempfile.TemporaryDirectory(prefix="homefinder-bench-profiles-") as tmp:
            os.environ["HOMEFINDER_HOME"] = str(Path(tmp) / "home")
            from homefinder_desktop.services.session import create_database
            from homefinder_desktop.storage.keyfile import TEST_COST

            session, _key = create_database(Path(tmp) / "profiles.hfdb", "benchmark only, fictional", "Benchmark",
                                            "Northshire County Council", "Brightpath Adoption", kdf_cost=TEST_COST,
                                            check_strength=False)
            try:
                print(f"  adding {CHILDREN} children, each with a picture ...")
                ids = add_children(session, CHILDREN, SEED)
                results = measure(session, ids, args.repeats, args.warmup)
            finally:
                session.close()
        print()
        print(table(results))
        print(f"\nTarget: the booklet at most {TARGET:g}x the bare document (median of {args.repeats}).")
        out = startup.write_ratio_result(args, "profiles", "profiles", TARGET,
                                         {"children": CHILDREN, "level": LEVEL, "photo": "640 x 480 JPEG each"},
                                         results)
        print(f"Wrote {out}")
    except Exception:
        traceback.print_exc()
        print("The benchmark could not finish (see above).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
