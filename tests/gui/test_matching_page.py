"""The Matching page through its widgets: starting a matrix (the shortlist answers with families),
rating a cell and writing a need through their dialogs, a hard mismatch saying why in its cell,
the privacy switch hiding surnames and dates of birth, a decided matrix read-only under its banner,
the decision dialog's field errors, presentation mode and the keyboard, and the refusals."""
from __future__ import annotations

import sys
import types
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMessageBox, QRadioButton

from homefinder_desktop.domain.links import Link
from homefinder_desktop.domain.matrix import MatrixDecision
from homefinder_desktop.domain.records import Child, Family, SiblingGroup, Worker
from homefinder_desktop.services import links, matrix, records
from homefinder_desktop.ui import matching_page
from homefinder_desktop.ui.context import AppContext
from homefinder_desktop.ui.matching_page import MatchingPage
from homefinder_desktop.ui.matching_widgets import PickDialog
from homefinder_desktop.ui.matrix_cell_dialog import MatrixCellDialog, NeedDialog

TODAY = date(2026, 11, 20)


@pytest.fixture(autouse=True)
def warnings(monkeypatch):
    """Warnings are kept, not shown (a modal box would hang the test): a test says which it expects."""
    seen: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a, **k: seen.append(text))
    return seen


@pytest.fixture
def shortlist(monkeypatch):
    """The shortlist dialog (another module) answers with the families the test puts in `ids`."""

    class FakeShortlist:
        ids: list[int] = []
        seen: list[tuple] = []

        private: list[bool] = []

        def __init__(self, ctx, parent=None, *, child_id=None, group_id=None, private=False):
            FakeShortlist.seen.append((child_id, group_id))
            FakeShortlist.private.append(private)

        def exec(self):
            return QDialog.DialogCode.Accepted

        def chosen_family_ids(self):
            return list(FakeShortlist.ids)

    module = types.ModuleType("homefinder_desktop.ui.shortlist_dialog")
    module.ShortlistDialog = FakeShortlist
    monkeypatch.setitem(sys.modules, "homefinder_desktop.ui.shortlist_dialog", module)
    return FakeShortlist


@pytest.fixture
def s(new_session, monkeypatch):
    monkeypatch.setattr(new_session, "today", lambda: TODAY)
    s = new_session
    worker = records.add(s, Worker(name="Dana Whitfield", agency_id=1)).record_id
    s.ivy = records.add(s, Child(first_name="Ivy", last_name="Ashworth", date_of_birth=date(2022, 3, 1), sex="F",
                                 stage="family_finding", stage_date=date(2026, 9, 1), disability="moderate",
                                 health="minor", development="some", social_worker_id=worker, needs_notes="Ivy Ashworth sees a physiotherapist")).record_id
    s.rose = records.add(s, Child(first_name="Rose", last_name="Ashworth", date_of_birth=date(2021, 5, 1), sex="F",
                                  stage="placed", stage_date=date(2026, 10, 1))).record_id

    def family(name, agency=1, **kw):
        values = dict(name=name, adopter_one=f"Sam {name.split()[0]}", adopter_two=f"Alex {name.split()[0]}",
                      agency_id=agency, stage="approved", stage_date=date(2026, 1, 5),
                      approval_date=date(2026, 1, 5), age_min=0, age_max=6, sexes_wanted="either",
                      disability_max="moderate", health_max="complex", development_max="significant")
        values.update(kw)
        return records.add(s, Family(**values)).record_id

    s.fams = [family("Oakley family"), family("Brook family", agency=2), family("Reed family", disability_max="mild")]
    s.waiting_family = family("Hale family", stage="stage_two", approval_date=None)
    s.links = [links.add_link(s, Link(child_id=s.ivy, family_id=f, identified_on=date(2026, 11, 2),
                                      found_at="homefinder_meeting")).record_id for f in s.fams]
    return s


@pytest.fixture
def page(qtbot, s):
    page = MatchingPage(AppContext(s))
    qtbot.addWidget(page)
    page.resize(1280, 720)
    page.show()
    return page


@pytest.fixture
def started(page, s):
    """A matrix for Ivy with the three families, shown on the page."""
    mx = matrix.start_matrix(s, s.fams, child_id=s.ivy).record_id
    page.refresh()
    page.show_matrix(mx)
    return mx


def cell_text(page, code, family_id) -> str:
    model = page.model
    return model.index(model.row_of(code), model.column_of(family_id)).data()


def everything_shown(page) -> str:
    """Every word the page shows of the matrix: heading, facts, banner, list, headings and cells."""
    model = page.model
    words = [page.heading.text(), page.facts.text(), page.banner.text()]
    words += [page.list.item(r).text() for r in range(page.list.count())]
    words += [str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(model.columnCount())]
    words += [model.index(r, c).data() or "" for r in range(model.rowCount()) for c in range(model.columnCount())]
    return "\n".join(words)


def test_starting_a_matrix_from_the_page(page, s, shortlist, monkeypatch):
    assert page.model.sheet is None and "New matrix" in page.heading.text()
    units = page.waiting_units()
    assert f"child:{s.ivy}" in units and f"child:{s.rose}" not in units   # Rose is placed: not waiting

    def pick_ivy(dialog):
        dialog.choice.setCurrentIndex(dialog.choice.findData(f"child:{s.ivy}"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(PickDialog, "exec", pick_ivy)
    shortlist.ids = [s.fams[1], s.fams[0]]
    made = page.new_matrix()
    assert shortlist.seen == [(s.ivy, None)]
    sheet = matrix.open_matrix(s, made)
    assert [f.id for f in sheet.families] == [s.fams[1], s.fams[0]]   # in the order ticked
    assert page.model.sheet.reference == "MX-0001" and page.model.columnCount() == 3
    assert page.list.count() == 1 and "MX-0001" in page.list.item(0).text() and "Open" in page.list.item(0).text()
    assert page.model.headerData(1, Qt.Orientation.Horizontal).startswith("Brook family\n")


def test_refusals_are_shown_and_nothing_is_made(page, s, shortlist, warnings):
    shortlist.ids = [s.fams[0]]
    assert page.new_matrix(child_id=s.ivy) is None
    assert "Families: A matrix needs at least two families: with one family there is nothing to compare" in warnings[-1]
    shortlist.ids = [s.fams[0], s.waiting_family]
    assert page.new_matrix(child_id=s.ivy) is None
    assert "Hale family are not approved" in warnings[-1]
    shortlist.ids = s.fams[:2]
    assert page.new_matrix(child_id=s.rose) is None
    assert "a matrix is only for a child still waiting" in warnings[-1]
    assert matrix.matrix_rows(s) == [] and page.list.count() == 0


def test_rating_a_cell_through_its_dialog_stores_it(page, s, started):
    model = page.model
    index = model.index(model.row_of("health"), model.column_of(s.fams[0]))
    dialog = page.open_cell(index)
    assert isinstance(dialog, MatrixCellDialog) and dialog.isVisible()
    assert "The records suggest: Meets the need" in dialog.records.text()
    dialog.choose("strength")
    dialog.strengths.setPlainText("A paediatric nurse")
    dialog.weaknesses.setPlainText("No car")
    dialog.save_button.click()
    cell = matrix.open_matrix(s, started).cells[("health", s.fams[0])]
    assert (cell.rating, cell.strengths, cell.weaknesses) == ("strength", "A paediatric nurse", "No car")
    shown = cell_text(page, "health", s.fams[0])
    assert shown.startswith("++ Strength\n") and "Strengths: A paediatric nurse" in shown
    summary = model.index(model.rowCount() - 1, model.column_of(s.fams[0])).data()
    assert summary.startswith("Rated 1 of 15 areas: 1 strength.")


def test_writing_the_childs_need(page, s, started):
    model = page.model
    row = model.row_of("education")
    assert "What does the child need at nursery or school?" in model.index(row, 0).data()
    dialog = page.open_cell(model.index(row, 0))
    assert isinstance(dialog, NeedDialog)
    dialog.need.setPlainText("A place at a school with a nurture group")
    dialog.save_button.click()
    assert matrix.open_matrix(s, started).needs["education"] == "A place at a school with a nurture group"
    assert model.index(row, 0).data() == "Education\nA place at a school with a nurture group"


def test_a_hard_mismatch_says_why_in_its_cell(page, s, started):
    shown = cell_text(page, "health", s.fams[2])
    assert "Records: hard mismatch — Disability — child: moderate; the family can meet up to mild" in shown
    assert "hard mismatch" not in cell_text(page, "health", s.fams[0])
    assert "Records suggest: Meets the need" in cell_text(page, "health", s.fams[0])
    summary = page.model.index(page.model.rowCount() - 1, page.model.column_of(s.fams[2])).data()
    assert "The records show 1 hard mismatch" in summary


def test_privacy_hides_surnames_and_dates_of_birth(page, s, started, qtbot):
    matrix.rate(s, started, "health", s.fams[0], "meets", "Met the Ashworth family's paediatrician", "")
    matrix.write_need(s, started, "identity", "Ivy Ashworth needs her life story book")
    page.show_matrix(started)
    shown = everything_shown(page)
    for word in ("Ashworth", "01/03/2022", "Oakley family", "Ivy Ashworth (C-"):
        assert word in shown, word
    page.privacy_button.click()
    assert page.privacy_button.isChecked() and page.model.private
    shown = everything_shown(page)
    for word in ("Ashworth", "01/03/2022", "Oakley"):
        assert word not in shown, word
    assert "4 years old, girl" in page.facts.text()
    assert page.model.headerData(1, Qt.Orientation.Horizontal).startswith("Family A: Sam and Alex\n")
    assert "Met the A. family's paediatrician" in cell_text(page, "health", s.fams[0])
    # A text holding a surname cannot be edited with privacy on (it would save the initial).
    model = page.model
    dialog = page.open_cell(model.index(model.row_of("health"), model.column_of(s.fams[0])))
    assert dialog.strengths.isReadOnly() and "A. family" in dialog.strengths.toPlainText()
    dialog.choose("strength")
    dialog.save_button.click()
    cell = matrix.open_matrix(s, started).cells[("health", s.fams[0])]
    assert (cell.rating, cell.strengths) == ("strength", "Met the Ashworth family's paediatrician")
    need = page.open_cell(model.index(model.row_of("health"), 0))
    assert "physiotherapist" not in "\n".join(label.text() for label in need.findChildren(type(page.heading)))
    need.reject()
    # Remembered on this laptop (a boolean only): the page opens with privacy on next time.
    again = MatchingPage(page.ctx)
    qtbot.addWidget(again)
    assert again.privacy_button.isChecked()


def test_a_decided_matrix_is_read_only_under_its_banner(page, s, started):
    matrix.decide(s, started, MatrixDecision(s.fams[1], TODAY, "Best placed for Ivy's needs", "Dana Whitfield",
                                             "Morgan Hale"))
    page.show_matrix(started)
    assert page.banner.isVisible()
    text = page.banner.text()
    assert text.startswith("Decided on 20/11/2026 by Dana Whitfield with Morgan Hale: Brook family chosen. "
                           "Reason: Best placed for Ivy's needs. This record does not change; reopen it as a new "
                           "version to look again.")
    ended = [records.get(s, Link, i).reference for i in (s.links[0], s.links[2])]
    assert f"Links the decision ended: {ended[0]} (Oakley family); {ended[1]} (Reed family)." in text
    for button in (page.refresh_button, page.add_button, page.remove_button, page.decide_button):
        assert not button.isEnabled(), button.text()
    assert page.reopen_button.isEnabled() and page.print_button.isEnabled()
    model = page.model
    dialog = page.open_cell(model.index(model.row_of("health"), model.column_of(s.fams[0])))
    assert dialog.save_button is None and dialog.decided_note.isVisible()
    assert "does not change" in dialog.decided_note.text()
    assert not any(button.isEnabled() for button in dialog.rating_buttons.values())
    assert dialog.strengths.isReadOnly()
    assert page.record_decision() is None


def test_the_decision_dialog_shows_field_errors_and_saves_nothing(page, s, started):
    audit_before = s.database().execute("SELECT count(*) FROM audit").fetchone()[0]
    dialog = page.record_decision()
    assert dialog.social_worker.text() == "Dana Whitfield"   # the child's social worker, from her record
    assert dialog.decided_on.text() == "20/11/2026"
    dialog.family.setValue(s.fams[1])
    ended = [records.get(s, Link, i).reference for i in (s.links[0], s.links[2])]
    words = dialog.consequences.text()
    assert f"{ended[0]} with Oakley family" in words and f"{ended[1]} with Reed family" in words
    brook = records.get(s, Link, s.links[1]).reference
    assert f"Brook family's link {brook} moves on to Matching." in words
    dialog.social_worker.clear()
    assert dialog.save() is False
    assert set(dialog.errors.shown) == {"Reason", "Child's social worker", "Manager"}
    assert dialog.errors.message_label("Manager").isVisible()
    assert "Manager is required" in dialog.errors.message_label("Manager").text()
    assert dialog.isVisible() and not matrix.open_matrix(s, started).decided
    assert s.database().execute("SELECT count(*) FROM audit").fetchone()[0] == audit_before
    dialog.decided_on.setText("31/02/2026")
    assert dialog.save() is False and "Date of decision" in dialog.errors.shown
    dialog.decided_on.setText("20/11/2026")
    dialog.reason.setPlainText("Best placed for Ivy's needs")
    dialog.social_worker.setText("Dana Whitfield")
    dialog.manager.setText("Morgan Hale")
    assert dialog.save() is True
    sheet = matrix.open_matrix(s, started)
    assert sheet.decided and sheet.decision.family_id == s.fams[1]
    assert page.banner.isVisible() and not page.decide_button.isEnabled()


def test_presentation_mode_full_screen_large_privacy_on_and_esc_leaves(page, s, started, qtbot):
    assert not page.model.private
    window = page.present()
    qtbot.waitUntil(window.isVisible)
    assert window.isFullScreen() and window.windowFlags() & Qt.WindowType.FramelessWindowHint
    assert window.points() >= 20 and window.points() > page.view.font().pointSizeF() * 1.7
    assert page.model.private and page.privacy_button.isChecked() and "PRIVACY ON" in window.privacy_label.text()
    assert "Ashworth" not in window.title.text() and window.title.text().startswith("Ivy — MX-0001")
    view = window.view
    before = window.points()
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    assert window.points() == before + 2
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    assert window.points() == before
    qtbot.keyClick(view, Qt.Key.Key_P)
    assert not page.model.private and not page.privacy_button.isChecked()
    assert "Oakley family" in page.model.headerData(1, Qt.Orientation.Horizontal)
    qtbot.keyClick(view, Qt.Key.Key_P)
    assert page.model.private
    view.setCurrentIndex(page.model.index(0, 1))
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert (view.currentIndex().row(), view.currentIndex().column()) == (1, 2)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    dialogs = [d for d in window.findChildren(MatrixCellDialog) if d.isVisible()]
    assert len(dialogs) == 1 and dialogs[0].font().pointSizeF() > 14   # large too
    dialogs[0].reject()
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.presentation is None)
    assert not window.isVisible()
    assert (page.view.currentIndex().row(), page.view.currentIndex().column()) == (1, 2)   # carried back
    qtbot.wait(20)  # the window is deleted; the model it shared must not call it any more
    page.privacy_button.click()
    page.show_matrix(started)
    assert not page.model.private


def test_the_keyboard_moves_between_areas_and_families(page, s, started, qtbot):
    view = page.view
    view.setFocus()
    view.setCurrentIndex(page.model.index(0, 0))
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.currentIndex().column() == 1
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert view.currentIndex().column() == 2
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert (view.currentIndex().row(), view.currentIndex().column()) == (1, 2)
    qtbot.keyClick(view, Qt.Key.Key_Enter)
    opened = [d for d in page.findChildren(MatrixCellDialog) if d.isVisible()]
    assert len(opened) == 1 and opened[0].family.id == s.fams[1] and opened[0].criterion.code == "appearance"
    opened[0].reject()


def test_remove_and_add_a_family(page, s, started, monkeypatch, warnings):
    answers = {}

    def answer(dialog):
        dialog.choice.setCurrentIndex(dialog.choice.findData(answers["family"]))
        if dialog.reason is not None:
            dialog.reason.setPlainText(answers.get("reason", ""))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(PickDialog, "exec", answer)
    answers.update(family=s.fams[2], reason="Cannot meet Ivy's disability")
    assert page.remove_family() is True
    assert [f.id for f in matrix.open_matrix(s, started).families] == s.fams[:2]
    assert page.model.columnCount() == 3
    answers.update(family=s.fams[1], reason="Second thoughts")
    assert page.remove_family() is False
    assert "A matrix needs at least two families: add another before taking this one out" in warnings[-1]
    answers.update(family=s.fams[2])
    assert page.add_family() is True and page.model.columnCount() == 4


def test_reopen_as_a_new_version(page, s, started, monkeypatch):
    matrix.decide(s, started, MatrixDecision(s.fams[0], TODAY, "Reason", "Dana Whitfield", "Morgan Hale"))
    page.show_matrix(started)
    monkeypatch.setattr("homefinder_desktop.ui.widgets.ask_reason", lambda *a, **k: "New information from school")
    newer = page.reopen()
    assert newer is not None and page.model.sheet.id == newer and page.model.sheet.version == 2
    assert "Reopened from MX-0001: New information from school" in page.facts.text()
    assert page.decide_button.isEnabled()
    listed = [page.list.item(r).text() for r in range(page.list.count())]
    assert any("MX-0001" in t and "Superseded by MX-0002" in t for t in listed)
    page.filter.setCurrentIndex(page.filter.findData("open"))
    assert [page.list.item(r).text().split()[0] for r in range(page.list.count())] == ["MX-0002"]


def test_print_record_saves_through_the_save_dialog(page, s, started, monkeypatch, tmp_path):
    target = tmp_path / "record.pdf"
    monkeypatch.setattr(matching_page, "ask_where_to_save_pdf", lambda *a, **k: target)
    offered = []
    monkeypatch.setattr(matching_page, "offer_to_open_pdf", lambda *a: offered.append(a[2]) or False)
    saved = page.print_record()
    assert saved is not None and saved.read_bytes().startswith(b"%PDF")
    assert offered == ["The record of MX-0001"]


def test_areas_opens_the_catalogue_dialog(page, monkeypatch):
    opened = []

    class FakeCatalogue:
        def __init__(self, ctx, parent=None):
            opened.append(ctx)

        def open(self):
            pass

    module = types.ModuleType("homefinder_desktop.ui.catalogue_dialog")
    module.CatalogueDialog = FakeCatalogue
    monkeypatch.setitem(sys.modules, "homefinder_desktop.ui.catalogue_dialog", module)
    page.areas_button.click()
    assert opened == [page.ctx]


def test_f5_presents_and_locking_leaves_nothing_of_the_matrix_on_screen(page, s, started, qtbot):
    f5 = [a for a in page.actions() if a.shortcut().toString() == "F5"]
    assert len(f5) == 1
    f5[0].trigger()
    window = page.presentation
    assert window is not None and window.isVisible()
    page.ctx.locked.emit()
    qtbot.waitUntil(lambda: page.presentation is None)
    assert page.model.sheet is None and page.model.rowCount() == 0 and page.list.count() == 0
    assert not window.isVisible()
    page.ctx.unlocked.emit()
    assert page.model.sheet is not None and page.model.sheet.id == started


def test_matching_has_ctrl_0_and_the_other_pages_keep_their_keys():
    from homefinder_desktop.ui import pages
    from homefinder_desktop.ui.main_window import page_shortcuts

    keys = {cls.title: key for cls, key in zip(pages.PAGES, page_shortcuts(pages.PAGES))}
    # Pages added since (the Fund) bring keys of their own; these must not move.
    expected = {"Start": "Ctrl+1", "Children": "Ctrl+2", "Families": "Ctrl+3", "Referrals": "Ctrl+6",
                "Links": "Ctrl+7", "Matching": "Ctrl+0", "Meetings": "Ctrl+8", "Sibling groups": "Ctrl+4",
                "Agencies & contacts": "Ctrl+5", "History": "Ctrl+9"}
    assert {title: keys.get(title) for title in expected} == expected
    assert list(keys.values()).count("Ctrl+0") == 1
    titles = [cls.title for cls in pages.PAGES]
    assert titles.index("Matching") == titles.index("Links") + 1


def test_another_page_can_ask_the_window_to_show_a_matrix(qtbot, s, started):
    from homefinder_desktop.ui.main_window import MainWindow

    window = MainWindow(AppContext(s))
    qtbot.addWidget(window)
    window.ctx.show_record.emit("Matching", started)
    shown = window.current_page()
    assert isinstance(shown, MatchingPage) and shown.matrix_id == started
    assert shown.list.currentItem().data(Qt.ItemDataRole.UserRole) == started


# --- found in review ---------------------------------------------------------------------------

def test_dialogs_opened_while_presenting_are_in_large_type_throughout(page, s, started, qtbot):
    """The presentation window's own style sheet stops a dialog's font reaching its children: every
    label and rating must be large, not only the dialog."""
    window = page.present()
    qtbot.waitUntil(window.isVisible)
    for column in (1, 0):   # a family's cell, then the child's need
        window.view.setCurrentIndex(page.model.index(1, column))
        qtbot.keyClick(window.view, Qt.Key.Key_Return)
        dialog = QApplication.activeModalWidget() or [d for d in window.findChildren(QDialog) if d.isVisible()][-1]
        words = [w for w in dialog.findChildren(QLabel) + dialog.findChildren(QRadioButton) if w.text()]
        assert words and all(w.font().pointSizeF() >= window.points() * 0.75 for w in words), \
            [(w.text()[:20], w.font().pointSizeF()) for w in words if w.font().pointSizeF() < window.points() * 0.75]
        dialog.reject()
    window.close()


def test_the_rating_dialog_starts_on_the_rating_and_tabs_in_reading_order(page, s, started, qtbot):
    matrix.rate(s, started, "health", s.fams[0], "partly")
    page.show_matrix(started)
    model = page.model
    dialog = page.open_cell(model.index(model.row_of("health"), model.column_of(s.fams[0])))
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    assert dialog.focusWidget() is dialog.rating_buttons["partly"]   # the rating, not a hidden scroll area
    order = []
    for _ in range(4):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget())
    assert order == [dialog.strengths, dialog.weaknesses, dialog.save_button,
                     dialog.buttons.button(dialog.buttons.StandardButton.Cancel)]
    need = page.open_cell(model.index(model.row_of("health"), 0))
    assert need.focusWidget() is need.need
    need.reject()


def test_the_rating_dialog_names_the_childs_need_by_first_name(page, s, started):
    model = page.model
    dialog = page.open_cell(model.index(model.row_of("health"), model.column_of(s.fams[0])))
    captions = [label.text() for label in dialog.findChildren(QLabel)]
    assert "Ivy's need" in captions and not any("(C-" in text for text in captions)
    dialog.reject()


def test_a_group_to_be_placed_apart_is_not_offered_for_a_group_matrix(page, s):
    together = records.add(s, SiblingGroup(name="Quill siblings", decision="together")).record_id
    apart = records.add(s, SiblingGroup(name="Vane siblings", decision="apart", decision_date=date(2026, 1, 5),
                                        decision_reason="Their needs are best met apart")).record_id
    for name, group in (("Ada", together), ("Bea", together), ("Cal", apart), ("Dot", apart)):
        records.add(s, Child(first_name=name, last_name="Quill" if group == together else "Vane",
                             date_of_birth=date(2021, 1, 1), sex="F", stage="family_finding",
                             stage_date=date(2026, 9, 1), sibling_group_id=group))
    units = page.waiting_units()
    assert f"group:{together}" in units and f"group:{apart}" not in units
    cal = next(c for c in records.all_of(s, Child) if c.first_name == "Cal")
    assert f"child:{cal.id}" in units   # each child of a group placed apart has a matrix of their own


def another_child(s) -> int:
    """A second waiting child (one matrix at a time per child)."""
    return records.add(s, Child(first_name="Theo", last_name="Ashworth", date_of_birth=date(2021, 5, 1), sex="M",
                                stage="family_finding", stage_date=date(2026, 9, 1))).record_id


def test_add_family_is_off_with_five_and_remove_with_two(page, s, started):
    assert page.add_button.isEnabled() and page.remove_button.isEnabled()
    for name in ("Ashby family", "Cole family"):
        family = records.add(s, Family(name=name, adopter_one="Sam " + name.split()[0], agency_id=1, stage="approved",
                                       stage_date=date(2026, 1, 5), approval_date=date(2026, 1, 5))).record_id
        matrix.add_family(s, started, family)
    page.show_matrix(started)
    assert page.model.columnCount() == 6 and not page.add_button.isEnabled()
    assert "at most five" in page.add_button.toolTip()
    two = matrix.start_matrix(s, s.fams[:2], child_id=another_child(s)).record_id
    page.show_matrix(two)
    assert page.add_button.isEnabled() and not page.remove_button.isEnabled()
    assert "at least two" in page.remove_button.toolTip()


def test_buttons_say_what_they_do_again_after_a_decided_matrix(page, s, started):
    tips = {b: b.toolTip() for b in (page.refresh_button, page.add_button, page.decide_button)}
    other = matrix.start_matrix(s, s.fams[:2], child_id=another_child(s)).record_id
    matrix.decide(s, other, MatrixDecision(s.fams[0], TODAY, "Reason", "Dana Whitfield", "Morgan Hale"))
    page.show_matrix(other)
    assert all(b.toolTip() == matching_page.DECIDED_TIP for b in tips)
    page.show_matrix(started)
    assert {b: b.toolTip() for b in tips} == tips


def test_the_decision_dialog_names_links_outside_the_matrix_that_stay_open(page, s, started):
    outside = records.add(s, Family(name="Hart family", adopter_one="Jo Hart", agency_id=1, stage="approved",
                                    stage_date=date(2026, 1, 5), approval_date=date(2026, 1, 5))).record_id
    kept = links.add_link(s, Link(child_id=s.ivy, family_id=outside, identified_on=date(2026, 11, 3),
                                  found_at="homefinder_meeting")).record_id
    reference = records.get(s, Link, kept).reference
    dialog = page.record_decision()
    dialog.family.setValue(s.fams[1])
    words = dialog.consequences.text()
    assert f"{reference} with Hart family" in words and "stays open" in words and "Links page" in words
    dialog.reject()
    page.set_private(True)
    dialog = page.record_decision()
    dialog.family.setValue(s.fams[1])
    assert reference in dialog.consequences.text() and "Hart" not in dialog.consequences.text()
    dialog.reject()


def test_the_shortlist_keeps_the_privacy_switch(page, s, shortlist):
    shortlist.ids = []
    page.set_private(True)
    page.new_matrix(child_id=s.ivy)
    page.set_private(False)
    page.new_matrix(child_id=s.ivy)
    assert shortlist.private[-2:] == [True, False]
