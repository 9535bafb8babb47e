"""The printed record of a matching matrix: read back from the PDF with poppler's pdftotext, as a
worker (or an auditor) would read the page."""
from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date

import pytest

from homefinder_desktop.domain.links import Link
from homefinder_desktop.domain.matrix import DEFAULT_CATALOGUE, MatrixDecision
from homefinder_desktop.domain.records import SiblingGroup
from homefinder_desktop.services import links, matrix, records
from homefinder_desktop.services.matrix_record import matrix_record_pdf, save_matrix_record
from matrix_people import TODAY, child
from matrix_people import family as _family

BORN = "01/03/2022"   # Ivy's date of birth as printed
SURNAMES = ("Ashworth", "Oakley", "Brook", "Reed", "Fenwick", "Marsh")

pytestmark = pytest.mark.skipif(not (shutil.which("pdftotext") and shutil.which("pdfinfo")),
                                reason="poppler-utils (pdftotext, pdfinfo) is not installed")


def family(s, surname: str, **kw) -> int:
    """The "Oakley family": Sam Oakley and Alex Oakley, approved."""
    return _family(s, f"{surname} family", **kw)


def decide(s, matrix_id, family_id, reason="Sam and Alex Brook have nursed a child with cerebral palsy"):
    matrix.decide(s, matrix_id, MatrixDecision(family_id=family_id, decided_on=TODAY, reason=reason,
                                               social_worker="Dana Whitfield", manager="Morgan Hale"))


def three_family_matrix(s, decided: bool) -> tuple[int, list[int]]:
    """Ivy Ashworth with the Oakleys, the Brooks and the Reeds (who cannot meet her disability);
    the worker's words name her and the families by surname, as workers' notes do."""
    c = child(s)
    fams = [family(s, "Oakley", area="Elmstead"), family(s, "Brook", agency=2), family(s, "Reed", disability_max="mild")]
    for f in fams:   # links, so the decision has links to end
        links.add_link(s, Link(child_id=c, family_id=f, identified_on=date(2026, 11, 2), found_at="homefinder_meeting"))
    mx = matrix.start_matrix(s, fams, child_id=c).record_id
    matrix.write_need(s, mx, "health", "Ivy Ashworth has physiotherapy twice a week")
    matrix.rate(s, mx, "health", fams[0], "meets", "Alex Oakley is a nurse", "Lives in Elmstead, 40 miles from the hospital")
    matrix.rate(s, mx, "health", fams[1], "strength", "The Brooks have cared for a child with the same needs")
    matrix.rate(s, mx, "health", fams[2], "concern", "", "Mr Reed said they could not manage daily therapy")
    matrix.rate(s, mx, "education", fams[0], "partly")
    if decided:
        decide(s, mx, fams[1])
    return mx, fams


def pdf_pages(tmp_path, data: bytes) -> list[str]:
    """Each page's text with its white space folded. -raw keeps the order the PDF draws in, cell by
    cell, so a cell's words stay together (reading order would interleave the narrow columns)."""
    path = tmp_path / "record.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    pages = pages[:-1] if pages and not pages[-1].strip() else pages
    return [" ".join(page.split()) for page in pages]


def pdf_info(tmp_path, data: bytes) -> str:
    path = tmp_path / "info.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout


def test_a_decided_record_with_privacy_off_names_everyone(s, tmp_path):
    mx, _fams = three_family_matrix(s, decided=True)
    pages = pdf_pages(tmp_path, matrix_record_pdf(s, mx, private=False))
    text = " ".join(pages)
    assert all("CONFIDENTIAL" in page for page in pages)
    assert all(f"Page {n} of {len(pages)}" in page for n, page in enumerate(pages, 1))
    assert "Northshire County Council" in pages[0] and "Brightpath Adoption" in pages[0]
    assert "Matching matrix MX-0001 (version 1)" in pages[0]
    for words in (f"Ivy Ashworth (C-00001), born {BORN} (4 years old), girl", "Held on: 20/11/2026",
                  "catalogue version 1",
                  "Family chosen", "Brook family", "Date of decision 20/11/2026",
                  "Sam and Alex Brook have nursed a child with cerebral palsy", "Dana Whitfield", "Morgan Hale",
                  "CHOSEN", "Oakley family", "Reed family"):
        assert words in text, words
    # The links the decision ended, by reference and family.
    assert re.search(r"Links ended L-\d+ \(Oakley family\); L-\d+ \(Reed family\)", text)
    assert "++ Strength" in text and "+ Meets the need" in text and "! Concern" in text and "+/- Partly meets" in text
    assert "Hard mismatch (records): Disability — child: moderate; the family can meet up to mild" in text
    assert "+ Alex Oakley is a nurse" in text and "- Lives in Elmstead, 40 miles from the hospital" in text
    assert "Ivy Ashworth has physiotherapy twice a week" in text
    assert "What is the child like, and what do they enjoy?" in text   # no need written: the question
    assert "Not rated" in text
    assert "Rated 2 of 15 areas: 1 meets the need, 1 partly meets." in text
    assert text.count("The ratings explain; the child's social worker and manager decide.") == 1
    assert "The ratings explain" in pages[-1]
    assert "Privacy:" not in text
    assert "No decision recorded yet" not in text


def test_privacy_on_withholds_surnames_and_dates_of_birth(s, tmp_path):
    mx, _fams = three_family_matrix(s, decided=True)
    pages = pdf_pages(tmp_path, matrix_record_pdf(s, mx, private=True))
    text = " ".join(pages)
    for surname in SURNAMES:
        assert surname.lower() not in text.lower(), surname
    assert BORN not in text and "born" not in text.lower() and "C-0" not in text   # nor the child's reference
    assert "For: Ivy, 4 years old, girl" in text
    assert "Family B: Sam and Alex" in text and "Family A: Sam and Alex" in text
    assert "A. has physiotherapy" in text and "Alex O. is a nurse" in text
    assert "Elmstead" not in text and "Lives in their area, 40 miles" in text   # nor where a family lives
    assert "Sam and Alex B. have nursed" in text
    assert "Dana Whitfield" in text   # the professionals who decided are named
    assert all("Privacy: names and dates of birth withheld".lower() in page.lower() for page in pages)
    assert "Hard mismatch (records): Disability — child: moderate" in text
    assert all("CONFIDENTIAL" in page for page in pages)
    # Nor in what a file manager or a PDF viewer shows of the file.
    info = pdf_info(tmp_path, matrix_record_pdf(s, mx, private=True))
    assert re.search(r"^Title:\s+Matching matrix MX-0001 \(version 1\)", info, re.M)
    assert not any(surname in info for surname in SURNAMES)


def test_an_undecided_matrix_is_a_draft(s, tmp_path):
    mx, _fams = three_family_matrix(s, decided=False)
    pages = pdf_pages(tmp_path, matrix_record_pdf(s, mx, private=True))
    assert "DRAFT – No decision recorded yet" in pages[0]
    assert all("Matching matrix MX-0001 (version 1), draft" in page for page in pages)   # a loose page too
    text = " ".join(pages)
    assert "Family chosen" not in text and "CHOSEN" not in text and "Links ended" not in text


def test_five_families_with_long_notes_split_with_the_header_on_every_page(s, tmp_path):
    c = child(s)
    surnames = ("Oakley", "Brook", "Reed", "Fenwick", "Marsh")
    fams = [family(s, name, agency=1 + n % 2) for n, name in enumerate(surnames)]
    mx = matrix.start_matrix(s, fams, child_id=c).record_id
    long_note = ("The family have talked at length with the child's carers and understand the routine; "
                 "they have visited the school and met the special educational needs co-ordinator, "
                 "and they have a network of friends with children of a similar age nearby. ") * 2
    for criterion in DEFAULT_CATALOGUE.codes:
        matrix.write_need(s, mx, criterion, "Ivy needs " + long_note)
        for f in fams:
            matrix.rate(s, mx, criterion, f, "partly", long_note, long_note)
    data = matrix_record_pdf(s, mx, private=True)
    pages = pdf_pages(tmp_path, data)
    assert len(pages) > 3
    for n, page in enumerate(pages, 1):
        assert "CONFIDENTIAL" in page, n
        assert "Family A: Sam and Alex" in page and "Family E: Sam and Alex" in page, n   # the header row
        assert f"Page {n} of {len(pages)}" in page
    text = " ".join(pages)
    # Every area and every note is printed: nothing fell off a page.
    assert all(DEFAULT_CATALOGUE.criterion(code).title in text for code in DEFAULT_CATALOGUE.codes)
    assert text.count("network of friends") == 2 * (1 + 2 * len(fams)) * len(DEFAULT_CATALOGUE.codes)
    assert "Rated 15 of 15 areas: 15 partly meet." in text


def test_a_sibling_group_in_private_is_first_names_and_ages(s, tmp_path):
    g = records.add(s, SiblingGroup(name="Ashworth siblings", decision="together")).record_id
    child(s, "Ivy", sibling_group_id=g)
    child(s, "Theo", sex="M", date_of_birth=date(2020, 5, 1), sibling_group_id=g)
    a = family(s, "Oakley", max_children=2, siblings_ok="yes")
    b = family(s, "Brook", max_children=1)
    mx = matrix.start_matrix(s, [a, b], group_id=g).record_id
    private = " ".join(pdf_pages(tmp_path, matrix_record_pdf(s, mx, private=True)))
    assert "For: Theo and Ivy (a sibling group)" in private
    assert "Theo, 6 years old, boy" in private and "Ivy, 4 years old, girl" in private
    assert "Ashworth" not in private and "01/05/2020" not in private
    assert "Hard mismatch (records): A sibling group of 2, to be placed together; the family can take up to 1" \
        in private
    shown = " ".join(pdf_pages(tmp_path, matrix_record_pdf(s, mx, private=False)))
    assert "For: Ashworth siblings" in shown and "born 01/05/2020" in shown


def test_a_reopened_matrix_says_where_from_and_why(s, tmp_path):
    mx, _fams = three_family_matrix(s, decided=True)
    new = matrix.reopen(s, mx, "The Brook family withdrew before panel").record_id
    text = " ".join(pdf_pages(tmp_path, matrix_record_pdf(s, new, private=True)))
    assert "Matching matrix MX-0002 (version 2)" in text
    assert "Reopened from MX-0001: The B. family withdrew before panel" in text
    assert "No decision recorded yet" in text
    old = " ".join(pdf_pages(tmp_path, matrix_record_pdf(s, mx, private=False)))
    assert "Superseded: this decision was reopened as MX-0002" in old


def test_save_writes_the_pdf_where_chosen(s, tmp_path):
    mx, _fams = three_family_matrix(s, decided=False)
    path = save_matrix_record(s, mx, tmp_path / "Matrix MX-0001", private=True)
    assert path == tmp_path / "Matrix MX-0001.pdf"
    assert path.read_bytes().startswith(b"%PDF")
    assert "MX-0001" in " ".join(pdf_pages(tmp_path, path.read_bytes()))
