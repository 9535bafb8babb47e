"""The Fund page through its widgets, as both partners read it: the figures after instalments and
a draw, a balance check that does not agree shown in words, an instalment with an unreadable amount
refused at its field with nothing written, a fee drawn from "Fees due", a reversal (and a reversal
of a reversal refused), the link worker's salary split before saving, the page following changes
made elsewhere, and nothing left on screen while locked."""
from __future__ import annotations

from datetime import date


from fund_people import TODAY, agreement, page, placed, realistic, warnings  # noqa: F401 (fixtures)
from homefinder_desktop.services import fund
from homefinder_desktop.ui.fund_dialogs import DrawFeeDialog
from homefinder_desktop.ui.fund_page import LedgerModel





def entries(s) -> int:
    return s.database().execute("SELECT count(*) FROM fund_entries").fetchone()[0]


def figure(page, key) -> str:
    return page.figures[key].text()


def ledger_cell(page, row, column) -> str:
    return page.model.index(row, column).data()


def choose_row(page, row) -> None:
    page.ledger.setCurrentIndex(page.model.index(row, 0))


def test_with_no_agreement_the_page_says_how_to_start(page):
    assert page.empty.isVisible() and not page.body.isVisible()
    assert page.new_button.isEnabled() and not page.terms_button.isEnabled()


def test_the_figures_after_three_instalments_and_a_draw(page, s):
    deal = agreement(s)
    fund.draw_fee(s, deal, placed(s, "Ivy", "Ashworth", "Brook family", date(2025, 10, 6)), "placement")
    page.refresh()
    assert page.body.isVisible() and not page.empty.isVisible()
    assert page.picker.currentText() == "Block of 20 placements"
    assert figure(page, "balance") == "£522,000.00"
    assert figure(page, "paid_in") == "£540,000.00" and figure(page, "fees") == "£18,000.00"
    assert figure(page, "link_worker") == figure(page, "advertising") == figure(page, "returned") == "£0.00"
    assert figure(page, "placed") == "1 of 20" and "(5%)" in page.captions["placed"].text()
    assert figure(page, "affordable") == "19"
    assert "£27,000.00 for one child, after £9,000.00 of fees due" in page.captions["affordable"].text()
    assert "Held by Brightpath Adoption" in page.facts.text() and "£18,000.00 at placement" in page.facts.text()
    assert page.sums.text() == ("To the penny: £540,000.00 paid in − £18,000.00 fees − £0.00 link worker − £0.00 "
                                "advertising − £0.00 returned = £522,000.00 balance.")
    # the order fee fell due a year after the placement (06/10/2026) and is not drawn: it is spoken for
    assert page.forecast.text().startswith("The balance of £522,000.00, less £9,000.00 in fees due but not yet "
                                           "drawn, pays for 19 more children")
    assert [page.years.item(0, c).text() for c in range(6)] == ["2025/26", "£540,000.00", "£18,000.00", "–", "–", "–"]
    assert page.years.rowCount() == 2 and page.years.item(1, 0).text() == "Total"
    # The ledger: oldest first, with the running balance.
    assert page.model.rowCount() == 4
    assert [ledger_cell(page, 3, c) for c in range(7)] == [
        "05/01/2026", "E-000003", "Instalment 3 received: Paid by the council's finance team", "£180,000.00", "",
        "£522,000.00", "Test Worker"]
    assert ledger_cell(page, 2, LedgerModel.COL_OUT) == "£18,000.00"
    # The balance on any date.
    page.balance_date.setText("30/09/2025")
    assert page.balance_on.text() == "£360,000.00 at the end of 30/09/2025"
    page.balance_date.setText("31/02/2025")
    assert page.balance_on.text() == "type the date as dd/mm/yyyy"


def test_a_failing_balance_check_is_shown_in_words(page, s):
    deal = agreement(s)
    fund.add_assertion(s, deal, date(2025, 9, 30), 360_000_00, "Agency statement, September")
    page.refresh()
    assert not page.failing.isVisible()
    assert "the ledger agrees" in page.passing.text()
    fund.add_assertion(s, deal, date(2026, 1, 31), 530_000_00, "Agency statement, January")
    page.refresh()
    assert page.failing.isVisible()
    assert page.failing_heading.text().startswith("1 balance check does NOT AGREE with the agency's statement")
    assert ("the agency's statement says £530,000.00; the ledger says £540,000.00: DOES NOT AGREE, the ledger holds "
            "£10,000.00 more. (Agency statement, January)") in page.failing_lines.text()
    assert "30/09/2025" in page.passing.text() and "31/01/2026" not in page.passing.text()


def test_an_instalment_with_an_unreadable_amount_is_refused_at_its_field(page, s):
    deal = agreement(s)
    page.refresh()
    before = entries(s)
    dialog = page.record_instalment()
    assert dialog.number.value() == 4  # the next instalment
    dialog.amount.setText("12,5x")
    assert not dialog.save()
    message = dialog.fields.errors.message_label("Amount")
    assert message.isVisible() and message.text() == "Amount “12,5x” is not an amount of money, e.g. £27,000.00."
    assert "Nothing was saved" in dialog.fields.errors.summary.text()
    dialog.amount.setText("-5")
    assert not dialog.save()
    assert message.text() == "Amount must be more than £0.00."
    dialog.amount.setText("1000")
    dialog.on.setText("01/06/2024")
    assert not dialog.save()
    assert "is outside the agreement's financial years (2025/26, 2026/27)" in \
        dialog.fields.errors.message_label("Date").text()
    assert entries(s) == before and fund.balance(s, deal) == 540_000_00
    dialog.on.setText("02/06/2025")
    dialog.amount.setText("£1,000")
    assert dialog.save()
    assert figure(page, "paid_in") == "£541,000.00"  # the page followed the change


def test_a_draw_from_fees_due_moves_the_balance(page, s):
    deal = agreement(s)
    placed(s, "Ivy", "Ashworth", "Brook family", date(2026, 1, 12))
    page.refresh()
    assert page.dues_title.text() == "Fees due (1)"
    page.due_buttons[0].click()
    dialog = page.findChild(DrawFeeDialog)
    assert "Draw £18,000.00, the fee at placement for Ivy Ashworth with Brook family" in dialog.intro.text()
    assert dialog.on.text() == "12/01/2026"
    assert dialog.ok.text() == "Draw £18,000.00"
    assert dialog.save()
    assert figure(page, "balance") == "£522,000.00" and figure(page, "placed") == "1 of 20"
    assert page.dues == [] and page.dues_hint.text().startswith("No fee is due")
    assert fund.balance(s, deal) == 522_000_00


def test_a_reversal_and_a_reversal_of_a_reversal(page, s):
    deal = agreement(s)
    fund.draw_fee(s, deal, placed(s, "Ivy", "Ashworth", "Brook family", date(2025, 10, 6)), "placement")
    page.refresh()
    assert not page.reverse_button.isEnabled()
    choose_row(page, 2)
    assert page.reverse_button.isEnabled()
    dialog = page.reverse_chosen()
    assert dialog.intro.text().startswith("Reverse E-000004, “Fee drawn at placement: link L-00001” of 06/10/2025 "
                                          "(£18,000.00)?")
    assert not dialog.save()
    assert dialog.fields.errors.message_label("Reason").text().startswith("Reason is required")
    assert entries(s) == 4
    dialog.reason.setPlainText("Drawn against the wrong agreement")
    assert dialog.save()
    assert figure(page, "balance") == "£540,000.00" and figure(page, "placed") == "0 of 20"
    # Each names the other by the number the statements and the command line give it, first, where
    # a narrow column does not cut it off.
    assert ledger_cell(page, 2, LedgerModel.COL_ENTRY) == "E-000004"
    assert ledger_cell(page, 2, LedgerModel.COL_WHAT).startswith("[Reversed by E-000005] Fee drawn at placement")
    assert ledger_cell(page, 4, LedgerModel.COL_WHAT) == "Reversal of E-000004: Drawn against the wrong agreement"
    assert ledger_cell(page, 4, LedgerModel.COL_IN) == "£18,000.00"
    choose_row(page, 4)
    # Neither a reversal nor an entry already reversed can be reversed: the button says so.
    assert not page.reverse_button.isEnabled()
    assert page.reverse_button.toolTip() == ("E-000005 is itself a reversal: a reversal is not reversed; record the "
                                             "movement again instead")
    choose_row(page, 2)
    assert not page.reverse_button.isEnabled()
    assert page.reverse_button.toolTip() == "E-000004 was already reversed, by E-000005"
    choose_row(page, 1)
    assert page.reverse_button.isEnabled()
    assert page.reverse_button.toolTip() == "Correct the chosen entry with a linked reversal"
    choose_row(page, 4)   # the use case refuses it too, if asked
    dialog = page.reverse_chosen()
    dialog.reason.setPlainText("undo the undo")
    assert not dialog.save()
    assert "Entry is itself a reversal" in dialog.fields.errors.summary.text()
    dialog.close()
    choose_row(page, 2)
    dialog = page.reverse_chosen()
    dialog.reason.setPlainText("again")
    assert not dialog.save()
    assert "Entry was already reversed." in dialog.fields.errors.summary.text()
    assert entries(s) == 5


def test_the_link_worker_dialog_shows_both_halves_before_saving(page, s):
    agreement(s)
    page.refresh()
    dialog = page.reallocate()
    assert dialog.purpose.value() == "link_worker"
    assert dialog.salary.isVisible() and not dialog.amount.isVisible()
    dialog.salary.setText("30,000.01")
    assert dialog.halves.text() == ("The council's half, drawn from the fund: £15,000.00\n"
                                    "The agency's half, its own money (recorded beside it): £15,000.01")
    dialog.on.setText("01/02/2026")
    assert dialog.save()
    assert figure(page, "link_worker") == "£15,000.00" and figure(page, "balance") == "£525,000.00"
    assert "(the agency's own half, £15,000.01, recorded beside it)" in ledger_cell(page, 3, LedgerModel.COL_WHAT)
    dialog = page.reallocate()
    dialog.purpose.setValue("advertising")
    assert dialog.amount.isVisible() and not dialog.salary.isVisible()
    dialog.amount.setText("600000")
    dialog.on.setText("01/02/2026")
    assert not dialog.save()
    assert "would take the holding account 2025/26 below £0.00" in dialog.fields.errors.message_label("Amount").text()


def test_the_realistic_fund_and_changes_made_elsewhere(page, s):
    facts = realistic(s)
    page.refresh()
    assert figure(page, "balance") == "£419,500.00" and figure(page, "placed") == "5 of 20"
    assert figure(page, "link_worker") == "£15,000.00" and figure(page, "advertising") == "£6,500.00"
    assert page.failing.isVisible() and "the ledger holds £10,500.00 more" in page.failing_lines.text()
    assert {d.placement.link_id for d in page.dues} >= {facts["due_placement"], facts["due_order"]}
    rollover = next(r for r in range(page.model.rowCount())
                    if ledger_cell(page, r, LedgerModel.COL_WHAT).startswith("Rolled over"))
    assert "(£468,000.00 moved between the years' holding accounts)" in ledger_cell(page, rollover,
                                                                                  LedgerModel.COL_WHAT)
    assert ledger_cell(page, rollover, LedgerModel.COL_IN) == ledger_cell(page, rollover, LedgerModel.COL_OUT) == ""
    # A change made through another view reaches the page.
    page.ctx.run(page, fund.return_money, s, facts["agreement"], date(2026, 11, 2), 1_000_00, "Unspent")
    assert figure(page, "returned") == "£1,000.00" and figure(page, "balance") == "£418,500.00"


def test_several_agreements_side_by_side(page, s):
    agreement(s)
    second = agreement(s, "Sibling groups block")
    page.refresh()
    assert [page.picker.itemText(i) for i in range(2)] == ["Block of 20 placements", "Sibling groups block"]
    page.picker.setCurrentIndex(page.picker.findData(second))
    assert page.agreement.id == second and page.picker.currentText().startswith("Sibling groups block")
    page.refresh()
    assert page.agreement.id == second  # kept across a refresh


def test_nothing_stays_on_screen_while_locked(page, s):
    realistic(s)
    page.refresh()
    page.ctx.locked.emit()
    assert page.model.rowCount() == 0 and page.picker.count() == 0
    assert figure(page, "balance") == "–" and page.facts.text() == "" and not page.body.isVisible()
    page.ctx.unlocked.emit()
    assert figure(page, "balance") == "£419,500.00"


def test_fund_comes_after_meetings_and_history_keeps_ctrl_9():
    from homefinder_desktop.ui import pages
    from homefinder_desktop.ui.main_window import page_shortcuts

    titles = [cls.title for cls in pages.PAGES]
    assert titles.index("Fund") == titles.index("Meetings") + 1
    keys = dict(zip(titles, page_shortcuts(pages.PAGES)))
    assert keys["Fund"] == "Ctrl+Shift+F" and keys["History"] == "Ctrl+9" and keys["Meetings"] == "Ctrl+8"
    assert len(set(keys.values())) == len(keys)


def test_the_ledger_model_stays_quick_with_many_entries(qtbot):
    """100,000 lines: the model makes words only for the rows asked for."""
    from homefinder_desktop.domain.fund import Entry, Posting, Statement, StatementLine

    lines = [StatementLine(Entry(1, date(2025, 5, 1), "instalment", (Posting("moved", 100),), instalment=n, id=n),
                           100, 100 * n) for n in range(1, 100_001)]
    model = LedgerModel()
    model.set_statement(Statement(None, date(2025, 4, 1), date(2026, 3, 31), 0, lines, 100_000_00))
    assert model.rowCount() == 100_000
    assert model.index(99_999, LedgerModel.COL_BALANCE).data() == "£100,000.00"


def test_the_ledger_is_read_again_only_when_it_changed(page, s, monkeypatch):
    deal = agreement(s)
    page.refresh()
    reads = []
    original = fund.statement
    monkeypatch.setattr(fund, "statement", lambda *a, **k: reads.append(a[1:]) or original(*a, **k))
    page.ctx.run(page, fund.add_assertion, s, deal, date(2025, 9, 30), 360_000_00)
    assert reads == [] and "the ledger agrees" in page.passing.text()  # the figures follow; the ledger is as it was
    page.ctx.run(page, fund.return_money, s, deal, date(2025, 10, 1), 100)
    assert len(reads) == 1 and page.model.rowCount() == 4


def test_the_money_figures_fit_a_laptop_without_scrolling_sideways(page, s):
    """A laptop's window beside the navigation leaves the page about 1,040 pixels: five six-figure
    sums cannot sit in one row there, so they go three and two; a wide screen keeps one row."""
    import dataclasses

    from PySide6.QtWidgets import QApplication, QScrollArea

    agreement(s)
    page.refresh()
    big = dataclasses.replace(page.summary, paid_in=540_000_00, fees=486_000_00, returned=108_000_00,
                              reallocated={"link_worker": 123_456_78, "advertising": 100_000_00})
    page._show_figures(big)
    scroll = page.findChild(QScrollArea)
    page.resize(1040, 720)
    QApplication.processEvents()
    assert scroll.horizontalScrollBar().maximum() == 0
    for key in ("paid_in", "fees", "link_worker", "advertising", "returned"):
        label = page.figures[key]
        assert label.width() >= label.sizeHint().width(), key   # every figure whole, to the penny
    page.resize(1700, 900)
    QApplication.processEvents()
    rows = {page.figures[key].mapTo(page, page.figures[key].rect().topLeft()).y()
            for key in ("paid_in", "fees", "link_worker", "advertising", "returned")}
    assert len(rows) == 1 and scroll.horizontalScrollBar().maximum() == 0


def test_a_fee_drawn_leaves_no_old_line_behind_on_the_list(page, s):
    """The list of fees due is made again after each change: the old lines go at once, not when Qt
    gets round to deleting them (until then they were painted under the new ones)."""
    from PySide6.QtWidgets import QApplication, QPushButton

    deal = agreement(s)
    first = placed(s, "Ivy", "Ashworth", "Brook family", date(2026, 1, 12))
    placed(s, "Rose", "Pelham", "Oakley family", date(2026, 2, 9))
    page.refresh()
    assert page.dues_title.text() == "Fees due (2)"
    page.ctx.run(page, fund.draw_fee, s, deal, first, "placement")
    QApplication.processEvents()   # a new line is shown on the next events; DeferredDelete is not run by them
    shown = [b for b in page.body.findChildren(QPushButton) if b.text() == "Draw…" and b.isVisible()]
    assert page.dues_title.text() == "Fees due (1)" and len(shown) == 1


def test_a_balance_check_is_withdrawn_from_the_page_with_a_reason(page, s, monkeypatch):
    from PySide6.QtWidgets import QDialog

    from homefinder_desktop.ui import matching_widgets

    deal = agreement(s)
    fund.add_assertion(s, deal, date(2026, 1, 31), 530_000_00, "Agency statement, January")
    page.refresh()
    assert page.failing.isVisible() and page.withdraw_button.isEnabled()

    def answer(dialog):
        dialog.reason.setPlainText("Corrected statement received")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(matching_widgets.PickDialog, "exec", answer)
    assert page.withdraw_check()
    assert not page.failing.isVisible() and not page.withdraw_button.isEnabled()
