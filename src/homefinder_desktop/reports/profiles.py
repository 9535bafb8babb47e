"""The booklet of child profiles for an event, on portrait A4: a cover (the event, its date,
CONFIDENTIAL and the privacy level in words), the contents with page numbers, then one page per
child or sibling group: photo, name and age, what they are like and enjoy, their needs in words
for adopters, and the family sought.

Every page is exactly one page (a profile too long for it is shrunk to fit), so the contents'
page numbers are known before the pages are laid out and the booklet is built in one pass.

Printed in black and white: black text, grey only as a light background, a photo framed by a
thin rule. A photo that is not an image, is damaged, or is too large to decode safely prints as a
plain "No photo" box; a very large one is scaled down first. Never an exception mid-booklet.

`booklet` is a domain.profiles.Booklet; it is read, never changed.
"""
from __future__ import annotations

import math
from datetime import date

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import PageBreak, Paragraph, Spacer, Table, TableStyle

from ..domain.formatting import format_date
from ..domain.profiles import PHOTOS_ALL, PHOTOS_NONE, Booklet, ChildProfile, Profile
from . import styles
from .profile_layout import Columns, ForWidth, OnePage, PhotoBox
from .styles import esc

NOT_WRITTEN = "Not written yet."

PHOTO_BOX = (72 * mm, 72 * mm)
THUMB_BOX = (30 * mm, 30 * mm)
GROUP_PHOTO_HEIGHT = 46 * mm
MAX_THUMBS = 4
CONTENTS_ROW = 15          # points: every contents line is one line, so a page's count is known
CONTENTS_HEAD_ROW = 17
FIT_SLACK = 2              # points kept spare in a page, against rounding
NEEDS_SIZE, NEEDS_LEADING = 9.5, 11.5
CELL_PADDING = 4


# --- the document -----------------------------------------------------------------------------

def _fit(text: str, font: str, size: float, width: float) -> str:
    """`text` cut with "…" to fit `width` on one line."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "\u2026", font, size) > width:
        text = text[:-1]
    return text.rstrip(" ,;:") + "\u2026"


class ProfilesBooklet(styles.Document):
    def __init__(self, council_name: str, partner_name: str, booklet: Booklet, printed: date):
        super().__init__(council_name, partner_name, printed)
        self.booklet = booklet
        self.level = booklet.level
        self.title = self._running_title()
        s = self.styles
        s.add(ParagraphStyle("Name", parent=s["Title"], fontSize=22, leading=26, spaceAfter=2))
        s.add(ParagraphStyle("CoverKind", parent=s["Subtitle"], fontSize=14, leading=18, spaceAfter=2))
        s.add(ParagraphStyle("CoverTitle", parent=s["Title"], fontSize=26, leading=31, spaceAfter=6))
        s.add(ParagraphStyle("CoverDate", parent=s["Body"], fontName=styles.FONT_BOLD, fontSize=16, leading=20))
        s.add(ParagraphStyle("Confidential", parent=s["Title"], fontSize=30, leading=36, alignment=TA_CENTER))
        s.add(ParagraphStyle("BoxText", parent=s["Body"], fontSize=11.5, leading=15, alignment=TA_CENTER))
        s.add(ParagraphStyle("Missing", parent=s["Body"], fontName=styles.FONT_ITALIC, textColor=styles.DARK_GREY))
        s.add(ParagraphStyle("Caption", parent=s["Small"], fontName=styles.FONT_ITALIC, fontSize=8.5,
                             leading=10, alignment=TA_CENTER, textColor=styles.DARK_GREY))
        s.add(ParagraphStyle("Privacy", parent=s["Small"], fontName=styles.FONT_ITALIC, textColor=styles.DARK_GREY))
        s.add(ParagraphStyle("ProfileHeading", parent=s["Heading"], spaceBefore=8, spaceAfter=2))

    def _running_title(self) -> str:
        """The event and its date on every page, cut to the room between the header's left and
        right texts (the date is never cut)."""
        width = self.pagesize[0]
        left = max(stringWidth(self.council_name, styles.FONT_BOLD, 10),
                   stringWidth(f"with {self.partner_name}", styles.FONT, 9))
        right = stringWidth(styles.CONFIDENTIAL, styles.FONT_BOLD, 13)
        room = 2 * (width / 2 - styles.MARGIN - max(left, right) - 14)
        when = f", {format_date(self.booklet.event_date)}"
        return _fit(self.booklet.event_title, styles.FONT, 9, room - stringWidth(when, styles.FONT, 9)) + when

    def _more_photos(self, kid: ChildProfile, style: str) -> list:
        """"2 more photos on record": only the panel's copy promises every photo, so only it counts."""
        n = kid.more_photos
        if not n or self.level.photos != PHOTOS_ALL:
            return []
        return [self._para(f"{n} more photo{'' if n == 1 else 's'} on record, not printed here.", style)]

    def _para(self, markup: str, style: str = "Body") -> Paragraph:
        return Paragraph(markup, self.styles[style])

    # -- the cover ------------------------------------------------------------------------------
    def _cover(self) -> list:
        booklet, level, width = self.booklet, self.level, self.frame_size()[0]
        box = Table([[self._para(styles.CONFIDENTIAL, "Confidential")],
                     [self._para(f"<b>Privacy level: {esc(level.title)}</b>", "BoxText")],
                     [self._para(esc(level.shows), "BoxText")],
                     [self._para(esc(level.handling), "BoxText")]], colWidths=[width])
        box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 2.5, styles.BLACK),
                                 ("TOPPADDING", (0, 0), (-1, 0), 10), ("BOTTOMPADDING", (0, -1), (-1, -1), 12),
                                 ("LEFTPADDING", (0, 0), (-1, -1), 14), ("RIGHTPADDING", (0, 0), (-1, -1), 14)]))
        story = [Spacer(1, 28 * mm), self._para("Child profiles", "CoverKind"),
                 self._para(esc(booklet.event_title), "CoverTitle"),
                 self._para(esc(format_date(booklet.event_date)), "CoverDate"),
                 Spacer(1, 14 * mm), box, Spacer(1, 10 * mm)]
        if booklet.profiles:
            story.append(self._para(esc(booklet.summary()) + ".", "Body"))
        else:
            story += [self._para("No child or sibling group was chosen for this booklet.", "Heading"),
                      self._para("Choose the children on the Children page, by hand or with the list's "
                                 "filters, and print the booklet again.")]
        partner = f" with {esc(self.partner_name)}" if self.partner_name else ""
        story.append(self._para(f"Prepared by {esc(self.council_name)}{partner}. "
                                f"Printed {format_date(self.printed)}.", "Small"))
        return story

    # -- the contents ---------------------------------------------------------------------------
    def _contents_heading(self, first: bool) -> list:
        title = "Contents" if first else "Contents (continued)"
        return [self._para(title, "Title"), Spacer(1, 2 * mm)]

    def _contents_capacity(self, first: bool) -> int:
        width, height = self.frame_size()
        used = sum(f.wrap(width, height)[1] + f.getSpaceAfter() for f in self._contents_heading(first))
        return max(1, int((height - used - CONTENTS_HEAD_ROW - FIT_SLACK) // CONTENTS_ROW))

    def contents_pages(self) -> int:
        n = len(self.booklet.profiles)
        if not n:
            return 0
        first, rest = self._contents_capacity(True), self._contents_capacity(False)
        return 1 if n <= first else 1 + math.ceil((n - first) / rest)

    def _contents(self, first_profile_page: int) -> list:
        width = self.frame_size()[0]
        widths = [width * 0.44, width * 0.44, width * 0.12]
        entries = [(p.contents_name, p.contents_facts, str(first_profile_page + n))
                   for n, p in enumerate(self.booklet.profiles)]
        story, start, first = [], 0, True
        while start < len(entries):
            stop = start + self._contents_capacity(first)
            rows = [[_fit(name, styles.FONT, 9.5, widths[0] - 8), _fit(facts, styles.FONT, 9.5, widths[1] - 8), page]
                    for name, facts, page in entries[start:stop]]
            table = Table([["Child or sibling group", "About", "Page"]] + rows, colWidths=widths,
                          rowHeights=[CONTENTS_HEAD_ROW] + [CONTENTS_ROW] * len(rows), hAlign="LEFT")
            table.setStyle(TableStyle([
                ("FONT", (0, 0), (-1, 0), styles.FONT_BOLD, 9.5), ("FONT", (0, 1), (-1, -1), styles.FONT, 9.5),
                ("ALIGN", (2, 0), (2, -1), "RIGHT"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("BACKGROUND", (0, 0), (-1, 0), styles.HEADER_FILL),
                ("LINEABOVE", (0, 0), (-1, 0), 1.2, styles.BLACK), ("LINEBELOW", (0, 0), (-1, 0), 1.2, styles.BLACK),
                ("LINEBELOW", (0, -1), (-1, -1), 1.2, styles.BLACK),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [None, styles.ZEBRA_FILL])]))
            story += ([PageBreak()] if story else []) + self._contents_heading(first) + [table]
            start, first = stop, False
        return story

    # -- a profile ------------------------------------------------------------------------------
    def _words(self, text: str) -> Paragraph:
        return self._para(esc(text), "Body") if text else self._para(NOT_WRITTEN, "Missing")

    def _heading(self, text: str) -> Paragraph:
        return self._para(esc(text), "ProfileHeading")

    def _about_one(self, kid: ChildProfile) -> list:
        out = [self._heading(f"What {kid.first_name} is like"), self._words(kid.personality),
               self._heading(f"What {kid.first_name} enjoys"), self._words(kid.interests)]
        if kid.heritage:
            out += [Spacer(1, 2 * mm), self._para(esc(kid.heritage), "Small")]
        return out

    def _photos_alone(self, kid: ChildProfile) -> list:
        """The first photo large beside what the child is like; any more small underneath."""
        about = self._about_one(kid)
        if self.level.photos == PHOTOS_NONE:
            return about
        main = kid.photos[0] if kid.photos else None
        left = [PhotoBox(main.image if main else None, *PHOTO_BOX),
                self._para(esc(main.caption), "Caption") if main and main.caption else None]
        story = [Columns([left, about], [PHOTO_BOX[0], None], gap=6 * mm)]
        thumbs = [[PhotoBox(p.image, *THUMB_BOX)] for p in kid.photos[1:1 + MAX_THUMBS]]
        if thumbs:
            story += [Spacer(1, 3 * mm), Columns(thumbs, [THUMB_BOX[0]] * len(thumbs), gap=4 * mm)]
        story += self._more_photos(kid, "Small")
        return story

    def _group_row(self, profile: Profile) -> list:
        """One column per child: their photo (unless the level prints none), name and age."""
        width = self.frame_size()[0]
        n = len(profile.children)
        gap = 4 * mm
        column = (width - gap * (n - 1)) / n
        cells = []
        for kid in profile.children:
            cell = []
            if self.level.photos != PHOTOS_NONE:
                photo = kid.photos[0] if kid.photos else None
                cell.append(PhotoBox(photo.image if photo else None, min(column, 62 * mm), GROUP_PHOTO_HEIGHT,
                                     keep_height=True))
            cell += [self._para(f"<b>{esc(kid.name)}</b>", "Centred"), self._para(esc(kid.facts), "Caption")]
            if kid.heritage:  # here, where the column has room, rather than a line of its own below
                cell.append(self._para(esc(kid.heritage), "Caption"))
            cell += self._more_photos(kid, "Caption")
            cells.append(cell)
        story = [Columns(cells, [None] * n, gap=gap, centre=True),
                 self._heading("What they are like, and what they enjoy")]
        for kid in profile.children:
            words = " ".join(w for w in (kid.personality, f"Enjoys: {kid.interests}" if kid.interests else "") if w)
            story.append(self._para(f"<b>{esc(kid.first_name)}:</b> " + (esc(words) if words else
                                    f"<i>{NOT_WRITTEN}</i>")))
        return story

    def _needs_words(self, words: str, width: float):
        """Plain text where every line fits (a table draws it without breaking lines), else a paragraph."""
        if all(stringWidth(line, styles.FONT, NEEDS_SIZE) <= width for line in words.split("\n")):
            return words
        return self._para(esc(words).replace("\n", "<br/>"), "Cell")

    def _needs_table(self, profile: Profile, width: float) -> Table:
        label = 44 * mm
        rows = [[area, self._needs_words(words, width - label - 2 * CELL_PADDING)] for area, words in profile.needs]
        table = Table(rows, colWidths=[label, width - label], hAlign="LEFT")
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("FONT", (0, 0), (0, -1), styles.FONT_BOLD, NEEDS_SIZE, NEEDS_LEADING),
                                   ("FONT", (1, 0), (1, -1), styles.FONT, NEEDS_SIZE, NEEDS_LEADING),
                                   ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
                                   ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
                                   ("LINEABOVE", (0, 0), (-1, 0), 1, styles.BLACK),
                                   ("LINEBELOW", (0, -1), (-1, -1), 1, styles.BLACK),
                                   ("ROWBACKGROUNDS", (0, 0), (-1, -1), [styles.ZEBRA_FILL, None])]))
        return table

    def _needs(self, profile: Profile) -> list:
        story = [self._heading("Needs"), ForWidth(lambda width: self._needs_table(profile, width))]
        if profile.needs_notes:
            story += [Spacer(1, 2 * mm),
                      self._para(f"<b>More about these needs:</b> {esc(profile.needs_notes)}", "Small")]
        return story

    def _family(self, profile: Profile) -> list:
        story = [self._heading("The family we are looking for"), self._para(esc(profile.family_intro))]
        if profile.family_wants:
            story.append(self._para("A family who:"))
            story += [Paragraph(esc(want), self.styles["Bullet"], bulletText="\u2022")
                      for want in profile.family_wants]
        return story

    def _profile_page(self, profile: Profile) -> OnePage:
        width, height = self.frame_size()
        story = [self._para(esc(profile.title), "Name"), self._para(esc(profile.subtitle), "Subtitle")]
        story += self._group_row(profile) if profile.is_group else self._photos_alone(profile.children[0])
        story += self._needs(profile) + self._family(profile)
        story += [Spacer(1, 4 * mm), self._para(f"{esc(self.level.title)} copy. {esc(self.level.shows)}", "Privacy")]
        return OnePage(story, width, height - FIT_SLACK)

    def story(self) -> list:
        story = self._cover()
        profiles = self.booklet.profiles
        if profiles:
            first_profile_page = 2 + self.contents_pages()
            story += [PageBreak()] + self._contents(first_profile_page)
            for profile in profiles:
                story += [PageBreak(), self._profile_page(profile)]
        return story


def build_pdf(council_name: str, partner_name: str, booklet: Booklet, printed: date) -> bytes:
    """The booklet as PDF bytes."""
    return ProfilesBooklet(council_name, partner_name, booklet, printed).render()
