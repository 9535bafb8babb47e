"""The referrals page end to end, through its widgets, on the demo database."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from homefinder_desktop.domain.records import Child, Referral
from homefinder_desktop.services import records
from homefinder_desktop.services.records import ReferralQuery
from homefinder_desktop.ui.context import AppContext
from homefinder_desktop.ui.models import ReferralsModel
from homefinder_desktop.ui.referrals_page import ReferralsPage, ReferralStatusDialog


@pytest.fixture(autouse=True)
def no_message_boxes(monkeypatch):
    def warning(parent, title, text, *a, **k):
        raise AssertionError(f"unexpected message box: {title}: {text}")

    monkeypatch.setattr(QMessageBox, "warning", warning)


@pytest.fixture
def ctx(demo_session):
    return AppContext(demo_session)


@pytest.fixture
def page(qtbot, ctx):
    page = ReferralsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    return page


def all_referrals(session) -> list[Referral]:
    return records.all_of(session, Referral, include_archived=True)


def a_child(session) -> Child:
    return records.all_of(session, Child)[0]


def test_the_list_shows_open_referrals_by_default(page, ctx):
    assert page.open_only.isChecked()
    assert page.model.ids == records.referral_ids(ctx.session, ReferralQuery())
    statuses = {page.model.index(r, ReferralsModel.COL_STATUS).data(Qt.ItemDataRole.UserRole)
                for r in range(page.model.rowCount())}
    assert statuses <= {"open", "acknowledged"}
    page.open_only.setChecked(False)
    assert page.model.rowCount() == len(all_referrals(ctx.session))
    page.kind_filter.setCurrentIndex(page.kind_filter.findData("adopter"))
    kinds = {page.model.index(r, ReferralsModel.COL_KIND).data() for r in range(page.model.rowCount())}
    assert kinds == {"Adopter"}


def test_a_new_referral_defaults_to_the_council_and_the_partner(page, ctx):
    e = page.editor
    names = records.names(ctx.session, type(records.all_of(ctx.session, Child)[0]))
    assert names  # children fill the pick list by name and reference
    assert e.widgets["from_agency_id"].currentText() == ctx.session.council_name
    assert e.widgets["to_agency_id"].currentText() == ctx.session.partner_name
    assert e.widgets["referred_on"].text() == ctx.session.today().strftime("%d/%m/%Y")
    assert e.widgets["child_id"].isEnabled() and not e.widgets["family_id"].isEnabled()
    e.widgets["kind"].setValue("adopter")
    assert e.widgets["family_id"].isEnabled() and not e.widgets["child_id"].isEnabled()


def test_add_a_referral_through_the_form(qtbot, page, ctx):
    before = len(all_referrals(ctx.session))
    child = a_child(ctx.session)
    page.new_action.trigger()
    page.editor.widgets["child_id"].setValue(child.id)
    page.editor.widgets["referred_on"].setText("02/11/2026")
    page.editor.widgets["reason"].setPlainText("No in-house family fits")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    after = all_referrals(ctx.session)
    assert len(after) == before + 1
    saved = max(after, key=lambda r: r.id)
    assert (saved.kind, saved.child_id, saved.referred_on, saved.status) == ("child", child.id, date(2026, 11, 2), "open")
    assert page.current_id == saved.id and page.record_title.text() == f"Referral {saved.reference}"
    assert page.model.row_of(saved.id) >= 0  # open: listed


def test_a_bad_date_shows_at_the_field_and_nothing_is_saved(qtbot, page, ctx):
    before = len(all_referrals(ctx.session))
    page.new_action.trigger()
    page.editor.widgets["child_id"].setValue(a_child(ctx.session).id)
    page.editor.widgets["referred_on"].setText("31/02/2026")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert len(all_referrals(ctx.session)) == before
    message = page.editor.findChild(type(page.editor.summary), "error_referred_on")
    assert message.isVisibleTo(page) and message.text().startswith("Referred on")
    page.editor.widgets["referred_on"].setText("01/01/2030")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert len(all_referrals(ctx.session)) == before
    assert message.text() == "Referred on is in the future."
    page.editor.widgets["to_agency_id"].setValue(page.editor.widgets["from_agency_id"].value())
    page.editor.widgets["referred_on"].setText("01/11/2026")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.editor.errors.shown == {"To agency": ["must be a different agency from the one referring"]}
    assert len(all_referrals(ctx.session)) == before


def test_record_a_status(qtbot, page, ctx):
    rid = page.model.ids[0]
    page.select_record(rid)
    dialog = page.open_stage_dialog()
    assert isinstance(dialog, ReferralStatusDialog)
    qtbot.addWidget(dialog)
    dialog.status.setValue("declined")
    assert not dialog.record()  # closing needs the outcome
    assert dialog.errors.shown == {"Outcome": ["is required to close a referral"]}
    dialog.outcome.setPlainText("Partner has no capacity this quarter")
    assert dialog.record()
    saved = records.get(ctx.session, Referral, rid)
    assert saved.status == "declined" and saved.outcome == "Partner has no capacity this quarter"
    assert saved.response_date is not None
    assert page.model.row_of(rid) == -1  # closed: gone from the open list
    assert page.editor.widgets["status"].text() == "Declined"
    assert page.stages_box.current.text().startswith("Now: Declined")


def test_history_reads_referral_and_reference(qtbot, page, ctx):
    from homefinder_desktop.ui.audit_text import AuditWords

    rid = page.model.ids[0]
    reference = records.get(ctx.session, Referral, rid).reference
    rows = records.history(ctx.session, Referral, rid)
    words = AuditWords(ctx.session)
    assert words.record({**rows[0], "record_id": rid}) == f"Referral: {reference}"
    what, lines = words.describe(rows[0])
    assert what == "Added" and any(line.startswith("Child: ") or line.startswith("Family: ") for line in lines)
    assert any(line.startswith("To agency: Brightpath Adoption") for line in lines)
    step = next(r for r in rows if r["table_name"] == "referral_statuses")
    assert words.describe(step)[0] == "Status recorded: Open"


def test_referrals_model_passes_the_model_tester(qtmodeltester, ctx):
    model = ReferralsModel(ctx, ReferralQuery(open_only=False))
    model.reload()
    qtmodeltester.check(model)
    row = next(r for r in range(model.rowCount())
               if model.index(r, ReferralsModel.COL_DAYS).data(Qt.ItemDataRole.UserRole) is not None)
    days = model.index(row, ReferralsModel.COL_DAYS).data(Qt.ItemDataRole.UserRole)
    assert model.index(row, ReferralsModel.COL_DAYS).data() == (f"{days} days" if days != 1 else "1 day")
    raw = model.index(row, ReferralsModel.COL_REFERRED_ON).data(Qt.ItemDataRole.UserRole)
    assert model.index(row, ReferralsModel.COL_REFERRED_ON).data() == date.fromisoformat(raw).strftime("%d/%m/%Y")
    model.sort(ReferralsModel.COL_AGE, Qt.SortOrder.AscendingOrder)
    qtmodeltester.check(model)


def test_lock_clears_the_model(page, ctx):
    assert page.model.rowCount() > 0
    ctx.session.lock_now()
    page.on_locked()
    assert page.model.rowCount() == 0 and page.model.cached_row_count() == 0
