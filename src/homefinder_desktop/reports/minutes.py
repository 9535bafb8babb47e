"""Minutes of meetings on A4: the monthly Homefinder meeting (attendance, the agenda with each
line's decision, the children the partner is asked to find families for, actions), the weekly
partner call sheet (blank to fill in during the call, or as minutes after), the partnership's
meetings (decisions, milestones, the log of the in-house-first rule's versions) and events.

Only what the reader needs: names, ages and stages, never dates of birth or histories. The data
is plain: what services.meetings.minutes_data returns.
"""
from __future__ import annotations

from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Paragraph, Spacer

from ..domain.formatting import format_date
from . import styles
from .styles import esc, register_table

NOT_DONE = "[\u00a0\u00a0\u00a0\u00a0]"
DONE = "[ X ]"


def _lines(text: str) -> str:
    return "<br/>".join(esc(line) for line in (text or "").splitlines())


class Minutes(styles.Document):
    def __init__(self, council_name: str, partner_name: str, data: dict, printed: date, blank: bool = False):
        super().__init__(council_name, partner_name, printed)
        self.data = data
        self.meeting = data["meeting"]
        self.blank = blank and "call_sheet" in data
        what = "Call sheet" if self.blank else "Minutes"
        self.title = f"{what}: {self.meeting.display_title()}, {format_date(self.meeting.held_on)}"

    # -- pieces -------------------------------------------------------------------------------
    def _heading(self, text: str) -> Paragraph:
        return Paragraph(esc(text), self.styles["Heading"])

    def _para(self, text: str, style: str = "Body") -> Paragraph:
        return Paragraph(text, self.styles[style])

    def _table(self, columns: list[tuple[str, float]], rows: list[list[str]]):
        return register_table(self.styles, columns, rows, self.frame_size()[0], keep_lines=True)

    def _head(self) -> list:
        m = self.meeting
        state = "" if self.blank else (" Final (closed)." if m.closed else " Draft: not yet closed.")
        facts = [f"{self.data['kind']} {m.reference}, {format_date(m.held_on)}", m.place.strip()]
        story = [self._para(esc(self.title), "Title"),
                 self._para(esc(". ".join(f for f in facts if f) + ".") + state, "Subtitle")]
        if self.blank:
            return story
        story.append(self._para(f"<b>Attended:</b> {esc(m.attendees) or 'not recorded'}"))
        story.append(self._para(f"<b>Apologies:</b> {esc(m.apologies) or 'none'}"))
        return story

    def _agenda(self) -> list:
        lines = self.data["agenda"]
        story = [self._heading(f"Children waiting: agency decision to agreed match ({len(lines)})")]
        if not lines:
            return story + [self._para("No child was waiting when the meeting was made.")]
        rows = [[f"{line['who']}\n{line['detail']}", line["stage"], line["waiting"], str(line["active_links"]),
                 str(line["open_windows"]), "\n".join(x for x in (line["flag"].upper(), line["text"]) if x)]
                for line in lines]
        story.append(self._table([("Child or sibling group", 0.26), ("Stage", 0.12), ("Waiting", 0.1),
                                  ("Active links", 0.1), ("Open windows", 0.1), ("Decision or note", 0.32)],
                                 rows))
        asked = [line for line in lines if line["ask_partner"]]
        story.append(self._heading(f"The partner is asked for families for ({len(asked)})"))
        if not asked:
            story.append(self._para("Every child on the agenda had an active link."))
        for line in asked:
            story.append(Paragraph(esc(f"{line['who']}: {line['detail']}; {line['stage']}, waiting "
                                       f"{line['waiting']}"), self.styles["Bullet"], bulletText="\u2022"))
        return story

    def _call_sheet(self) -> list:
        sheet = self.data["call_sheet"]
        since = format_date(sheet["since"]) if sheet["since"] else "the start"
        lines = sheet["lines"]
        story = [self._heading(f"Links with the partner ({len(lines)})"),
                 self._para(esc(f"What fell due and what changed are counted from the last call ({since}) to "
                                f"{format_date(sheet['until'])}."), "Small"), Spacer(1, 2 * mm)]
        if not lines:
            return story + [self._para("No active link involved the partner when the call was made.")]
        rows = []
        for line in lines:
            answer = "\n\u00a0\n\u00a0\n\u00a0" if self.blank else line["text"]
            tick = NOT_DONE if self.blank or not line["checked"] else DONE
            news = "\n".join(x for x in (f"Due: {line['due']}" if line["due"] else "",
                                         f"Changed: {line['changed']}" if line["changed"] else "") if x)
            rows.append([tick, f"{line['reference']}\n{line['unit']}", f"{line['family']}\n{line['agency']}",
                         f"{line['status']}\n{line['window']}", news or "Nothing new", answer])
        story.append(self._table([("Done", 0.07), ("Link and child", 0.19), ("Family", 0.15),
                                  ("Status and window", 0.2), ("Since the last call", 0.19),
                                  ("Partner's answer", 0.2)], rows))
        return story

    def _policy_log(self) -> list:
        log = self.data["policy_log"]
        story = [self._heading("The in-house-first rule: its versions"),
                 self._para("The partnership's rule as it changed over time. “New” marks a version that took "
                            "effect since the last meeting of this kind.", "Small"), Spacer(1, 2 * mm)]
        if not any(p["note"] for p in log):  # no notes: the rule takes the width, not an empty column
            rows = [[format_date(p["effective_from"]), ("New. " if p["new"] else "") + p["rule"]] for p in log]
            return story + [self._table([("In force from", 0.15), ("Rule", 0.85)], rows)]
        rows = [[format_date(p["effective_from"]), ("New. " if p["new"] else "") + p["rule"], p["note"]]
                for p in log]
        return story + [self._table([("In force from", 0.15), ("Rule", 0.55), ("Note", 0.3)], rows)]

    def _event(self) -> list:
        event = self.data["event"]
        story = [self._heading(f"Children shown ({len(event['shown'])})")]
        story += [Paragraph(esc(f"{r['unit']}" + (f", {r['age']}" if r["age"] else "")), self.styles["Bullet"],
                            bulletText="\u2022") for r in event["shown"]] or [self._para("None recorded.")]
        story.append(self._heading(f"Families who came ({len(event['came'])})"))
        story += [Paragraph(esc(f"{r['family']} ({r['agency']})"), self.styles["Bullet"], bulletText="\u2022")
                  for r in event["came"]] or [self._para("None recorded.")]
        story.append(self._heading(f"Expressions of interest ({len(event['links'])})"))
        if event["links"]:
            story.append(self._table([("Link", 0.15), ("Child or sibling group", 0.4), ("Family", 0.3),
                                      ("Status now", 0.15)],
                                     [[r["reference"], r["unit"], r["family"], r["status"]] for r in event["links"]]))
        else:
            story.append(self._para("None recorded."))
        return story

    def _items(self) -> list:
        items = self.data["items"]
        if not items:
            return []
        return [self._heading("Decisions, milestones and notes"),
                self._table([("Kind", 0.15), ("What was decided or noted", 0.85)],
                            [[i["label"], i["text"]] for i in items])]

    def _actions(self) -> list:
        actions = self.data["actions"]
        story = [self._heading(f"Actions ({len(actions)})")]
        if not actions:
            return story + [self._para("No actions were agreed.")]
        rows = [[a["text"], a["owner"], format_date(a["due_on"]),
                 format_date(a["done_on"]) if a["done_on"] else a["state"], a["carried"]] for a in actions]
        return story + [self._table([("Action", 0.37), ("Who", 0.17), ("Due", 0.13), ("Done or state", 0.13),
                                     ("Carried from", 0.2)], rows)]

    def story(self) -> list:
        # A heading is never left alone at the foot of a page, away from what it heads.
        return [part for flowable in self._story() for part in (
            [CondPageBreak(35 * mm), flowable] if getattr(flowable, "style", None) is self.styles["Heading"]
            else [flowable])]

    def _story(self) -> list:
        story = self._head()
        if "agenda" in self.data:
            story += self._agenda()
        if "call_sheet" in self.data:
            story += self._call_sheet()
        if "event" in self.data:
            story += self._event()
        if self.blank:
            return story
        story += self._items()
        story += self._actions()
        if "policy_log" in self.data:
            story += self._policy_log()
        if self.meeting.minutes.strip():
            story += [self._heading("Minutes"), self._para(_lines(self.meeting.minutes))]
        return story


def build_pdf(council_name: str, partner_name: str, data: dict, printed: date, blank: bool = False) -> bytes:
    """The minutes as PDF bytes; `blank` prints a partner call's sheet to fill in during the call."""
    return Minutes(council_name, partner_name, data, printed, blank).render()
