"""The look of every report: page sizes, margins, type scale, tables, header and footer.

Black on white with greys for structure, so a report prints well on any office printer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from facilitator.errors import ValidationError
from facilitator.report.fonts import BOLD, ITALIC, REGULAR
from facilitator.report.metadata import DocInfo
from facilitator.report.pagination import ContinuedTable, group_keep_with_next
from facilitator.report.text import Text

PAPERS = {"a4": A4, "letter": LETTER}


def _charts_start_in_our_font() -> None:
    """reportlab's drawings set Helvetica before their first label: a font the PDF would
    name without embedding. Our charts start from the bundled font instead."""
    from reportlab.graphics import shapes

    shapes.STATE_DEFAULTS["fontName"] = REGULAR


_charts_start_in_our_font()


INK = colors.black
SOFT = colors.Color(0.33, 0.33, 0.33)  # secondary text
RULE = colors.Color(0.6, 0.6, 0.6)
FAINT = colors.Color(0.82, 0.82, 0.82)
SHADE = colors.Color(0.93, 0.93, 0.93)  # table header and card backgrounds
DARK = colors.Color(0.25, 0.25, 0.25)  # chart bars

MARGIN_X = 20 * mm
MARGIN_TOP = 24 * mm
MARGIN_BOTTOM = 20 * mm


def paper_size(paper: str) -> tuple[float, float]:
    try:
        width, height = PAPERS[paper.lower()]
        return float(width), float(height)
    except KeyError:
        raise ValidationError(f"Unknown paper size {paper!r}; use a4 or letter.") from None


def _style(name: str, **kw: Any) -> ParagraphStyle:
    base: dict[str, Any] = {
        "fontName": REGULAR,
        "fontSize": 9.5,
        "leading": 13.5,
        "textColor": INK,
        "alignment": TA_LEFT,
        "splitLongWords": 1,
    }
    base.update(kw)
    return ParagraphStyle(name, **base)


@dataclass(frozen=True)
class Styles:
    body = _style("body")
    small = _style("small", fontSize=8, leading=10.5, textColor=SOFT)
    cell = _style("cell", fontSize=8.8, leading=11.8)
    cell_bold = _style("cell_bold", fontName=BOLD, fontSize=8.8, leading=11.8)
    cell_small = _style("cell_small", fontSize=7.8, leading=10, textColor=SOFT)
    cell_right = _style("cell_right", fontSize=8.8, leading=11.8, alignment=TA_RIGHT)
    cell_bold_right = _style(
        "cell_bold_right", fontName=BOLD, fontSize=8.8, leading=11.8, alignment=TA_RIGHT
    )
    small_right = _style(
        "small_right", fontName=BOLD, fontSize=7.5, leading=9.5, alignment=TA_RIGHT
    )
    head = _style("head", fontName=BOLD, fontSize=8, leading=10, textColor=INK)
    head_right = _style("head_right", fontName=BOLD, fontSize=8, leading=10, alignment=TA_RIGHT)
    label = _style("label", fontName=BOLD, fontSize=8, leading=11.8, textColor=SOFT)
    kicker = _style("kicker", fontName=BOLD, fontSize=9, leading=12, textColor=SOFT, spaceAfter=4)
    title = _style("title", fontName=BOLD, fontSize=24, leading=29, spaceAfter=6)
    subtitle = _style("subtitle", fontSize=12, leading=16, textColor=SOFT, spaceAfter=14)
    # Headings keep with the start of what follows them (pagination.KeepWithStart).
    h1 = _style(
        "h1", fontName=BOLD, fontSize=14, leading=18, spaceBefore=14, spaceAfter=3, keepWithNext=1
    )
    h2 = _style(
        "h2", fontName=BOLD, fontSize=10.5, leading=14, spaceBefore=8, spaceAfter=3, keepWithNext=1
    )
    lead = _style("lead", fontSize=10.5, leading=15)
    item = _style("item", fontName=BOLD, fontSize=10, leading=14)
    empty = _style("empty", fontName=ITALIC, textColor=SOFT)
    note = _style("note", fontName=ITALIC, fontSize=8.5, leading=11.5, textColor=SOFT)


S = Styles()


class Rule(Flowable):  # type: ignore[misc]
    """A thin horizontal line across the frame."""

    def __init__(
        self,
        thickness: float = 0.6,
        color: colors.Color = INK,
        space_before: float = 1,
        space_after: float = 6,
    ) -> None:
        super().__init__()
        self.thickness = thickness
        self.color = color
        self.spaceBefore = space_before
        self.spaceAfter = space_after

    def wrap(self, avail_width: float, _avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.thickness

    def draw(self) -> None:
        self.canv.setStrokeColor(self.color)
        self.canv.setLineWidth(self.thickness)
        self.canv.line(0, 0, self.width, 0)


def heading(title: str) -> list[Flowable]:
    """A section heading kept with the start of what follows (never alone at a page foot);
    it is the section's bookmark in the PDF's outline."""
    rule = Rule()
    rule.keepWithNext = 1
    return [Paragraph(title, S.h1), rule]


CONTINUED = ("(continued)", "(cont.)", "cont.", "…")  # longest first: the first that fits


def _continued(width: float) -> Paragraph:
    """The note on a continued row: "(continued)", or a shorter form where that would be
    broken mid-word (an action's narrow number column)."""
    style = S.cell_small
    note = next(
        (n for n in CONTINUED if stringWidth(n, style.fontName, style.fontSize) <= width),
        CONTINUED[-1],
    )
    return Paragraph(note, style)


def empty(text: str) -> Paragraph:
    """The one line an empty section prints instead of vanishing."""
    return Paragraph(text, S.empty)


def table(
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    *,
    header: bool = True,
    right: Sequence[int] = (),
    extra: Sequence[Any] = (),
    identify: Sequence[int] = (0,),
) -> Table:
    """A data table: bold header on a grey band repeated once on each page, hairline rows.

    Rows may be taller than a page: they split inside the cell (``splitInRow``), and the
    part on the next page repeats the ``identify`` columns (whose row it is), marked
    "(continued)".
    """
    t = ContinuedTable.made(
        rows,
        identify,
        _continued,
        colWidths=list(widths),
        repeatRows=1 if header else 0,
        splitInRow=1,
        hAlign="LEFT",
    )
    cmds: list[Any] = [
        ("FONT", (0, 0), (-1, -1), REGULAR, 8.8),  # plain-text cells: never Helvetica
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, FAINT),
    ]
    if header:
        cmds += [
            ("BACKGROUND", (0, 0), (-1, 0), SHADE),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
            ("LINEABOVE", (0, 0), (-1, 0), 0.8, INK),
        ]
    for col in right:
        cmds.append(("ALIGN", (col, 0), (col, -1), "RIGHT"))
    cmds += list(extra)
    t.setStyle(TableStyle(cmds))
    return t


def card(
    rows: Sequence[Sequence[Any]], widths: Sequence[float], extra: Sequence[Any] = ()
) -> Table:
    """A labelled record (decision, experiment): label column, value column, left bar.

    A card longer than a page continues on the next with the label of the row it is in.
    """
    t = ContinuedTable.made(
        rows, (0,), _continued, colWidths=list(widths), splitInRow=1, hAlign="LEFT"
    )
    t.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), REGULAR, 8.8),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                ("LINEBEFORE", (0, 0), (0, -1), 2, INK),
                *extra,
            ]
        )
    )
    return t


def shaded_box(
    rows: Sequence[Sequence[Any]], width: float, *, top: float = 6, bottom: float = 7
) -> Table:
    """A shaded card one column wide with a heavy left bar: the dilemma as typed, set apart
    from the report's own words (``top``/``bottom``: its padding, tighter on page 1)."""
    return card(
        rows,
        [width],
        extra=[
            ("BACKGROUND", (0, 0), (-1, -1), SHADE),
            ("LEFTPADDING", (0, 0), (-1, -1), 10),
            ("RIGHTPADDING", (0, 0), (-1, -1), 10),
            ("TOPPADDING", (0, 0), (0, 0), top),
            ("BOTTOMPADDING", (0, -1), (-1, -1), bottom),
            ("LINEBEFORE", (0, 0), (0, -1), 2.5, INK),
        ],
    )


def keep(*flowables: Flowable) -> KeepTogether:
    return KeepTogether(list(flowables))


def gap(height_mm: float = 3) -> Spacer:
    return Spacer(1, height_mm * mm)


# ------------------------------------------------------------------ pages


class NumberedCanvas(Canvas):  # type: ignore[misc]
    """Draws "Page X of Y" once the page count is known (pages are kept until save)."""

    footer_left = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._saved: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._saved.append(dict(self.__dict__))
        self._startPage()
        self._marks: list[tuple[str, dict[str, Any]]] = []

    def bookmarkPage(self, key: str, **kwargs: Any) -> None:  # noqa: N802 - reportlab's name
        """Bookmarks wait for their page to be written (pages are kept until save)."""
        self.__dict__.setdefault("_marks", []).append((key, kwargs))

    def save(self) -> None:
        total = len(self._saved)
        for state in self._saved:
            self.__dict__.update(state)
            for key, kwargs in state.get("_marks", []):
                super().bookmarkPage(key, **kwargs)
            self._draw_footer(total)
            super().showPage()
        super().save()

    def _draw_footer(self, total: int) -> None:
        width, _ = self._pagesize
        self.saveState()
        self.setFont(REGULAR, 7.5)
        self.setFillColor(SOFT)
        self.drawRightString(width - MARGIN_X, 11 * mm, f"Page {self._pageNumber} of {total}")
        if self.footer_left:
            self.drawString(MARGIN_X, 11 * mm, self.footer_left)
        self.restoreState()


def canvas_class(footer: str) -> type[NumberedCanvas]:
    return type("ReportCanvas", (NumberedCanvas,), {"footer_left": footer})


def fit(text: str, font: str, size: float, width: float) -> str:
    """Shorten a header line with an ellipsis so it never runs into its neighbour."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


_OUTLINE_LEVELS = {"h1": 0, "h2": 1}


class ReportDoc(BaseDocTemplate):  # type: ignore[misc]
    """A report's document: headings keep with what follows and make the PDF's outline.

    Page 1 is the "Summary" bookmark; each ``S.h1`` heading is one after it, each ``S.h2``
    one nested under the heading above it (on page 1: under "Summary").
    """

    def __init__(self, target: Any, **kwargs: Any) -> None:
        super().__init__(target, **kwargs)
        self._outline_level = -1
        self._marks = 0

    def handle_keepWithNext(self, flowables: list[Flowable]) -> None:  # noqa: N802
        group_keep_with_next(flowables)

    def build(self, flowables: list[Flowable], **kwargs: Any) -> None:
        """Build with binary compressed streams: reportlab's default also encodes them as
        ASCII85 text, for 7-bit mail of old, which makes files a quarter larger and costs
        time to write."""
        from reportlab import rl_config

        ascii85 = rl_config.useA85
        rl_config.useA85 = 0
        try:
            super().build(flowables, **kwargs)
        finally:
            rl_config.useA85 = ascii85

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - reportlab's name
        if self._marks == 0:
            self.canv.showOutline()  # the viewer opens with the bookmarks shown
            self._mark("Summary", 0, None)  # page 1, where the first flowable is
        style = getattr(flowable, "style", None)
        level = _OUTLINE_LEVELS.get(getattr(style, "name", ""))
        if level is None or not hasattr(flowable, "getPlainText"):  # a Paragraph, BidiParagraph
            return
        top = self.frame._y + flowable.height + flowable.getSpaceAfter() + 4
        while self._outline_level + 1 < level:
            self._mark("Summary", self._outline_level + 1, None)
        self._mark(flowable.getPlainText(), level, top)

    def _mark(self, title: str, level: int, top: float | None) -> None:
        self._marks += 1
        key = f"section-{self._marks}"
        if top is None:
            self.canv.bookmarkPage(key)
        else:
            self.canv.bookmarkPage(key, fit="XYZ", left=0, top=top)
        self.canv.addOutlineEntry(title, key, level=level)
        self._outline_level = level


def make_doc(
    target: Any,
    paper: str,
    title: str,
    header_left: str,
    header_right: str,
    text: Text,
    info: DocInfo | None = None,
) -> BaseDocTemplate:
    """A document with a plain first page and a running header on the pages after it.

    ``info`` is what the PDF says about itself (subject, author, keywords, language).
    """
    size = paper_size(paper)
    info = info or DocInfo(title)
    doc = ReportDoc(
        target,
        pagesize=size,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=info.title,
        author=info.author or "Facilitator",
        creator="Facilitator",
        subject=info.subject or info.title,
        keywords=list(info.keywords),
        lang=info.lang,
        displayDocTitle=1,
        initialFontName=REGULAR,  # the canvas's start font: no unembedded Helvetica
    )
    width, height = size
    frame = Frame(
        MARGIN_X,
        MARGIN_BOTTOM,
        width - 2 * MARGIN_X,
        height - MARGIN_TOP - MARGIN_BOTTOM,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    left = text.plain(header_left, bold=True)
    right = text.plain(header_right)

    def running_header(canvas: Canvas, _doc: BaseDocTemplate) -> None:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        canvas.saveState()
        y = height - 14 * mm
        canvas.setFont(REGULAR, 7.5)
        canvas.setFillColor(SOFT)
        right_w = stringWidth(right, REGULAR, 7.5)
        canvas.drawRightString(width - MARGIN_X, y, right)
        canvas.setFont(BOLD, 7.5)
        canvas.setFillColor(INK)
        canvas.drawString(
            MARGIN_X, y, fit(left, BOLD, 7.5, width - 2 * MARGIN_X - right_w - 8 * mm)
        )
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.4)
        canvas.line(MARGIN_X, y - 2.5 * mm, width - MARGIN_X, y - 2.5 * mm)
        canvas.restoreState()

    def first_page(canvas: Canvas, _doc: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.setFillColor(INK)
        canvas.rect(MARGIN_X, height - 14 * mm, width - 2 * MARGIN_X, 1.2 * mm, stroke=0, fill=1)
        canvas.restoreState()

    doc.addPageTemplates(
        [
            PageTemplate(
                id="first", frames=[frame], onPage=first_page, autoNextPageTemplate="later"
            ),
            PageTemplate(id="later", frames=[frame], onPage=running_header),
        ]
    )
    return doc


def frame_width(paper: str) -> float:
    return float(paper_size(paper)[0] - 2 * MARGIN_X)


Builder = Callable[[], list[Flowable]]
