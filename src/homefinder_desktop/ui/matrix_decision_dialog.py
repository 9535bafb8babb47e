"""Recording the decision of a matching matrix: which family, when, why, and who decided (the
child's social worker with their manager). Before anything is saved the dialog says, in words,
which links the decision will end; problems are shown at their fields and nothing is saved."""
from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from ..domain.errors import FieldProblem
from ..domain.formatting import date_problem, format_date
from ..domain.links import ACTIVE_LINK_STATUSES, LINK_STATUSES, Link
from ..domain.matrix import CHOSEN_ELSEWHERE, MatrixDecision, links_ended_by_decision
from ..domain.records import Family, Worker
from ..services import matrix, records
from .links_page import BANNER
from .matrix_cell_dialog import MatrixDialogBase, text_label
from .matrix_view import MatrixModel
from .widgets import DateEdit, LookupCombo

LABELS = MatrixDecision.LABELS
LINK_ORDER = list(ACTIVE_LINK_STATUSES)


class MatrixDecisionDialog(MatrixDialogBase):
    def __init__(self, ctx, model: MatrixModel, parent: QWidget | None = None, font_points: float | None = None):
        super().__init__(ctx, model, "Record the decision", parent, font_points)
        self.setObjectName("matrixDecisionDialog")
        sheet = self.sheet
        self.heading(f"Record the decision — {model.unit_label()} ({sheet.reference})")
        self.body.addWidget(text_label("The child's social worker decides, with their manager, which family to go "
                                   "forward with. The ratings explain; they do not decide.", self, "hint"))
        self.family = LookupCombo(self, "(choose the family)")
        self.family.set_names({f.id: model.family_label(f) for f in sheet.families})
        self.family.currentIndexChanged.connect(self._show_consequences)
        self.field(LABELS["family_id"], self.family)
        # What the choice does, right under it: the links it ends are read before anything is saved.
        self.consequences = text_label("", self)
        self.consequences.setObjectName("linksToEnd")
        self.consequences.setStyleSheet(BANNER)
        self.body.addWidget(self.consequences)
        self.decided_on = DateEdit(self)
        self.decided_on.setDate(ctx.session.today())
        self.field(LABELS["decided_on"], self.decided_on)
        self.reason = QPlainTextEdit(self)
        self.reason.setTabChangesFocus(True)
        self.reason.setPlaceholderText("Why this family: what they offer this child that the others do not")
        lines = self.reason.fontMetrics().lineSpacing()
        self.reason.setMinimumHeight(lines * 3 + 16)
        self.reason.setMaximumHeight(lines * 6 + 16)
        self.field(LABELS["reason"], self.reason)
        self.social_worker = QLineEdit(self)
        self.social_worker.setText(self._childs_social_worker())
        self.field(LABELS["social_worker"], self.social_worker)
        self.manager = QLineEdit(self)
        self.field(LABELS["manager"], self.manager)
        self._unit_links = self.ctx.run(self, matrix.active_links, self.ctx.session, self.sheet.id) or []
        self._show_consequences()
        self.finish("Record the decision", self.save)

    def tab_fields(self) -> list[QWidget]:
        return [self.family, self.decided_on.line, self.reason, self.social_worker, self.manager]

    def _childs_social_worker(self) -> str:
        """The name of the (first) child's social worker, when the record has one."""
        for child in self.sheet.unit.children:
            if child.social_worker_id is not None:
                worker = self.ctx.run(self, records.get, self.ctx.session, Worker, child.social_worker_id)
                if worker is not None:
                    return worker.name
        return ""

    def ending_links(self, family_id: int | None) -> list[Link]:
        if family_id is None:
            return []
        return links_ended_by_decision(family_id, [f.id for f in self.sheet.families], self._unit_links)

    def _show_consequences(self) -> None:
        chosen = self.family.value()
        if chosen is None:
            self.consequences.setText("Choose the family to see which links the decision ends.")
            return
        label = self.model.family_label(self.sheet.family(chosen))
        ending = self.ending_links(chosen)
        if ending:
            lines = [f"• {link.reference} with {self.model.family_label(self.sheet.family(link.family_id))} "
                     f"({LINK_STATUSES.get(link.status, link.status).lower()})" for link in ending]
            ends = (f"It ends {'this link' if len(ending) == 1 else f'these {len(ending)} links'}, as "
                    f"“{CHOSEN_ELSEWHERE}”:\n" + "\n".join(lines))
        else:
            ends = "No other family in this matrix has a link in progress with this child: no link ends."
        # Links with families not in the matrix were not weighed here: the decision leaves them, and
        # says so, or the worker would take "no link ends" to mean the child has no other link.
        ids = [f.id for f in self.sheet.families]
        outside = [link for link in self._unit_links if link.family_id not in ids]
        if outside:
            lines = [f"• {link.reference} with {self._outside_family(link.family_id)} "
                     f"({LINK_STATUSES.get(link.status, link.status).lower()})" for link in outside]
            head = ("This link stays open: its family is not in this matrix. End it on the Links page if it "
                    "should end." if len(outside) == 1 else f"These {len(outside)} links stay open: their "
                    "families are not in this matrix. End them on the Links page if they should end.")
            ends += f"\n{head}\n" + "\n".join(lines)
        own = next((link for link in self._unit_links if link.family_id == chosen), None)
        if own is None:
            moves = f"{label} have no link in progress with this child: one is made, at Matching."
        elif LINK_ORDER.index(own.status) < LINK_ORDER.index(matrix.CHOSEN_MOVES_TO):
            moves = f"{label}'s link {own.reference} moves on to Matching."
        else:
            moves = f"{label}'s link {own.reference} stays at {LINK_STATUSES[own.status]}."
        self.consequences.setText(f"{ends}\n{moves}\nAfterwards this matrix does not change: to look again it "
                                  "is reopened as a new version.")

    def _outside_family(self, family_id: int) -> str:
        """A family not in the matrix: by name, or with privacy on only as that."""
        if self.model.private:
            return "a family not in this matrix"
        family = self.ctx.run(self, records.get, self.ctx.session, Family, family_id)
        return family.name if family is not None else "a family not in this matrix"

    def decision(self) -> MatrixDecision:
        """What was typed; raises ValueError (with the sentence) for a date that does not read."""
        return MatrixDecision(family_id=self.family.value(), decided_on=self.decided_on.date(),
                              reason=self.reason.toPlainText(), social_worker=self.social_worker.text(),
                              manager=self.manager.text())

    def save(self) -> bool:
        try:
            decision = self.decision()
        except ValueError:
            self.errors.show([FieldProblem(LABELS["decided_on"], date_problem(self.decided_on.text()))])
            return False
        saved = self.run_save(matrix.decide, self.sheet.id, decision)
        if saved:
            self.ctx.status.emit(f"Decision recorded for {self.sheet.reference} on {format_date(decision.decided_on)}")
        return saved


__all__ = ["MatrixDecisionDialog"]
