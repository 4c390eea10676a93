"""The provider report as an A4 PDF of one or two pages (fpdf2, no browser needed).

Text is set in DejaVu Sans, which matplotlib ships, so notes and questions in
most scripts print; right-to-left text (Arabic, Hebrew) is shaped when the
optional uharfbuzz package is installed. Characters the font lacks never
break the PDF: letters and digits it cannot show (Chinese, Japanese, Korean,
...) print as a white square, and symbols such as most emoji are left out.

The report never spills onto a third page: when the content is too long, the
least important lines (diary notes first, then supporting detail, then the
charts) are left out and the section says how many were left out.
"""

from __future__ import annotations

import io
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from fpdf import FPDF
from fpdf.enums import MethodReturnValue, XPos, YPos

from core.report.build import SHORT_DISCLAIMER, ProviderReport, ReportSection
from core.wording import day_text
from dashboard.printouts import charts as print_charts
from dashboard.printouts import fit
from dashboard.printouts.pdf_text import (
    CAN_SHAPE,
    FONT,
    FONT_DIR,
    FONT_FILES,
    MISSING_LETTER,
    no_markup,
    printable,
    right_to_left,
)

MARGIN, TOP, BOTTOM = 14.0, 12.0, 15.0
TEXT_PT, SMALL_PT, HEADING_PT = 8.8, 7.2, 10.2
LINE_H = 4.1
BULLET_W = 3.6
WEEKLY_H, SMALL_CHART_H = 44.0, 54.0
GREY = (90, 90, 90)
NOT_SHOWN = "The rest did not fit on two pages; the HTML report has everything."


# --- layout ---------------------------------------------------------------------------


class _Full(Exception):
    """The second page is full (only raised in the last-resort layout)."""


class _ReportPDF(FPDF):
    def __init__(self, footer: str, hard_stop: bool) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.footer_text = footer
        self.hard_stop = hard_stop
        self.replaced = False
        self.heights: dict[str, list[float]] = {}
        self.set_margins(MARGIN, TOP, MARGIN)
        self.set_auto_page_break(True, margin=BOTTOM)
        for style, name in FONT_FILES.items():
            self.add_font(FONT, style, os.path.join(FONT_DIR, name))
        self.set_font(FONT, size=TEXT_PT)

    # fpdf2 calls this on every page.
    def footer(self) -> None:
        self.set_y(-10)
        self.set_font(FONT, size=SMALL_PT - 0.4)
        self.set_text_color(*GREY)
        self.cell(0, 4, f"Page {self.page_no()} of {{nb}} · {self.footer_text}", align="C")
        self.set_text_color(0, 0, 0)

    @property
    def accept_page_break(self) -> bool:  # fpdf2 reads this property before breaking a page
        # In the last-resort layout a page break past the last page must not add a page.
        return not (self.hard_stop and self.page >= fit.MAX_PAGES)

    @property
    def width(self) -> float:
        return self.w - self.l_margin - self.r_margin

    def clean(self, text: str) -> str:
        shown = printable(text)
        self.replaced |= MISSING_LETTER in shown and MISSING_LETTER not in text
        return shown

    def room(self, height: float, reserve: float = 0.0) -> None:
        """Start a new page unless `height` fits; on the last page of a hard stop, give up."""
        if self.y + height <= self.page_break_trigger - reserve:
            return
        if self.hard_stop and self.page >= fit.MAX_PAGES:
            raise _Full
        self.add_page()

    def shaped(self, text: str) -> None:
        self.set_text_shaping(CAN_SHAPE and right_to_left(text))

    def text_height(self, width: float, text: str, height: float = LINE_H) -> float:
        self.shaped(text)
        measured = self.multi_cell(
            width, height, text, dry_run=True, output=MethodReturnValue.HEIGHT
        )
        self.set_text_shaping(False)
        return float(measured)  # type: ignore[arg-type]  # HEIGHT asked: a float

    def lines(
        self, width: float, text: str, height: float = LINE_H, *, markdown: bool = False
    ) -> None:
        """Text wrapped to `width`, left-aligned, the cursor left at the next line's start."""
        self.multi_cell(
            width, height, text, markdown=markdown, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L"
        )

    def paragraph(self, text: str, size: float = TEXT_PT, bold: bool = False) -> None:
        text = self.clean(text)
        self.set_font(FONT, "B" if bold else "", size)
        height = LINE_H * size / TEXT_PT
        self.room(self.text_height(self.width, text, height), reserve=self.reserve)
        self.shaped(text)
        self.lines(self.width, text, height)
        self.set_text_shaping(False)

    def bullet(self, text: str, bold: bool = False) -> None:
        text = self.clean(text)
        self.set_font(FONT, "B" if bold else "", TEXT_PT)
        width = self.width - BULLET_W
        self.room(self.text_height(width, text), reserve=self.reserve)
        top = self.y
        self.set_x(self.l_margin)
        self.cell(BULLET_W, LINE_H, "•")
        self.set_xy(self.l_margin + BULLET_W, top)
        self.shaped(text)
        self.lines(width, text)
        self.set_text_shaping(False)

    def heading(self, text: str) -> None:
        self.set_font(FONT, "B", HEADING_PT)
        # Keep a heading with at least its first line.
        self.room(2.5 + LINE_H * 1.2 + LINE_H, reserve=self.reserve)
        self.ln(2.5)
        self.cell(0, LINE_H * 1.2, self.clean(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
        self.set_draw_color(*GREY)
        self.set_line_width(0.2)
        self.line(self.l_margin, self.y, self.l_margin + self.width, self.y)
        self.ln(0.8)
        self.set_font(FONT, "", TEXT_PT)

    @property
    def reserve(self) -> float:
        """Space kept free at the foot of the last page for the 'did not fit' line."""
        return LINE_H * 2 if self.hard_stop and self.page >= fit.MAX_PAGES else 0.0


def _header(pdf: _ReportPDF, report: ProviderReport) -> None:
    pdf.set_font(FONT, "B", 14)
    pdf.cell(0, 7, report.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
    pdf.set_font(FONT, "", SMALL_PT + 0.6)
    pdf.set_text_color(*GREY)
    pdf.cell(0, 4.5, report.subtitle, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
    pdf.set_text_color(0, 0, 0)
    pdf.ln(1.5)


def _red_flags(pdf: _ReportPDF, report: ProviderReport) -> None:
    top = pdf.y
    pdf.ln(1.5)
    if not report.red_flag_groups:
        pdf.set_font(FONT, "B", HEADING_PT)
        pdf.set_x(pdf.l_margin + 2)
        pdf.cell(0, LINE_H * 1.2, "Warning signs", new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
        pdf.set_x(pdf.l_margin + 2)
        pdf.set_font(FONT, "", TEXT_PT)
        pdf.lines(pdf.width - 4, pdf.clean(report.red_flag_note))
        pdf.ln(1.5)
        pdf.set_line_width(0.3)
        pdf.set_draw_color(0, 0, 0)
        pdf.rect(pdf.l_margin, top, pdf.width, pdf.y - top)
        pdf.ln(1)
        return
    pdf.set_font(FONT, "B", HEADING_PT + 1)
    pdf.set_x(pdf.l_margin + 2.5)
    pdf.cell(
        0, LINE_H * 1.4, "WARNING SIGNS FOUND IN THIS DIARY", new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    for group in report.red_flag_groups:
        pdf.set_x(pdf.l_margin + 2.5)
        pdf.set_font(FONT, "", TEXT_PT + 0.4)
        pdf.lines(
            pdf.width - 5,
            f"**{group.heading.upper()}:** {no_markup(group.advice)}",
            markdown=True,
        )
        for flag in group.flags:
            pdf.set_x(pdf.l_margin + 2.5)
            pdf.set_font(FONT, "B", TEXT_PT)
            pdf.cell(BULLET_W, LINE_H, "!")
            pdf.set_font(FONT, "", TEXT_PT)
            pdf.lines(
                pdf.width - 5 - BULLET_W,
                f"**{flag.title}:** {no_markup(pdf.clean(flag.evidence))}.",
                markdown=True,
            )
            pdf.set_font(FONT, "", TEXT_PT)
        pdf.ln(0.8)
    pdf.ln(0.7)
    pdf.set_line_width(0.8)
    pdf.set_draw_color(0, 0, 0)
    pdf.rect(pdf.l_margin, top, pdf.width, pdf.y - top)
    pdf.set_line_width(0.2)
    pdf.ln(1)


def _key_figures(pdf: _ReportPDF, report: ProviderReport) -> None:
    columns = 4
    box_w, box_h = pdf.width / columns, 14.5
    figures = report.key_figures
    rows = math.ceil(len(figures) / columns)
    pdf.room(rows * box_h + 3)
    pdf.ln(1.5)
    top = pdf.y
    pdf.set_draw_color(*GREY)
    pdf.set_line_width(0.2)
    for i, figure in enumerate(figures):
        x = pdf.l_margin + (i % columns) * box_w
        y = top + (i // columns) * box_h
        pdf.rect(x, y, box_w, box_h)
        pdf.set_xy(x + 1.5, y + 1)
        pdf.set_font(FONT, "", SMALL_PT)
        pdf.set_text_color(*GREY)
        pdf.cell(box_w - 3, 3.4, figure.label)
        pdf.set_text_color(0, 0, 0)
        pdf.set_xy(x + 1.5, y + 4.6)
        pdf.set_font(FONT, "B", 12)
        pdf.cell(box_w - 3, 5, figure.value)
        pdf.set_xy(x + 1.5, y + 10)
        pdf.set_font(FONT, "", SMALL_PT - 0.4)
        pdf.cell(box_w - 3, 3.4, figure.detail)
    pdf.set_xy(pdf.l_margin, top + rows * box_h)
    pdf.set_font(FONT, "", TEXT_PT)


def _left_out(pdf: _ReportPDF, count: int, all_of_them: bool) -> None:
    more = "" if all_of_them else " more"
    pdf.paragraph(f"({count}{more} left out to fit two pages; see the HTML report.)", SMALL_PT)


def _lines(
    pdf: _ReportPDF, key: str, lines: tuple[str, ...], cut: int, footer: tuple[str, ...] = ()
) -> None:
    """Bullets, less the last `cut`, then the footer; records each bullet's height under `key`."""
    heights = pdf.heights.setdefault(key, [])
    for line in lines[: len(lines) - cut]:
        before_page, before_y = pdf.page, pdf.y
        pdf.bullet(line)
        # Across a page break the height is the line's own, measured again.
        moved = pdf.y - before_y if pdf.page == before_page else pdf.y - pdf.t_margin
        heights.append(moved)
    if cut:
        _left_out(pdf, cut, all_of_them=cut >= len(lines))
    for line in footer:
        pdf.bullet(line)


def _section(pdf: _ReportPDF, section: ReportSection, cut: int) -> None:
    pdf.heading(section.title)
    _lines(pdf, section.id, section.lines, cut, section.footer)


def _image(pdf: _ReportPDF, png: bytes, x: float, y: float, w: float, h: float) -> None:
    pdf.image(io.BytesIO(png), x=x, y=y, w=w, h=h)


def _weekly_chart(pdf: _ReportPDF, charts: Mapping[str, bytes]) -> None:
    pdf.room(WEEKLY_H + 2, reserve=pdf.reserve)
    pdf.ln(1.5)
    _image(pdf, charts["weekly"], pdf.l_margin, pdf.y, pdf.width, WEEKLY_H)
    pdf.set_y(pdf.y + WEEKLY_H)


def _small_charts(pdf: _ReportPDF, charts: Mapping[str, bytes]) -> None:
    pdf.room(SMALL_CHART_H + 3, reserve=pdf.reserve)
    pdf.ln(2)
    gap = 4.0
    w = (pdf.width - gap) / 2
    _image(pdf, charts["hour"], pdf.l_margin, pdf.y, w, SMALL_CHART_H)
    _image(pdf, charts["muscle"], pdf.l_margin + w + gap, pdf.y, w, SMALL_CHART_H)
    pdf.set_y(pdf.y + SMALL_CHART_H)


def _questions(pdf: _ReportPDF, report: ProviderReport, cut: int) -> None:
    pdf.heading("Questions the patient wants to ask")
    if not report.questions:
        pdf.paragraph("None written down.")
    _lines(pdf, fit.QUESTIONS, report.questions, cut)


def _layout(
    report: ProviderReport, charts: Mapping[str, bytes], cuts: fit.Cuts, hard_stop: bool
) -> _ReportPDF:
    footer = f"Cramp diary report {day_text(report.start)} – {day_text(report.end)} · "
    pdf = _ReportPDF(footer + SHORT_DISCLAIMER, hard_stop)
    pdf.set_title(report.title)
    pdf.set_creator("Cramp Diary")
    pdf.set_creation_date(datetime.combine(report.today, datetime.min.time()))
    pdf.add_page()
    _header(pdf, report)
    _red_flags(pdf, report)
    _key_figures(pdf, report)
    try:
        for section in report.sections:
            _section(pdf, section, cuts.cut(section.id))
            if section.id == "frequency" and fit.WEEKLY not in cuts.charts:
                _weekly_chart(pdf, charts)
            if section.id == "muscles" and fit.SMALL not in cuts.charts and report.frequency.cramps:
                _small_charts(pdf, charts)
        _questions(pdf, report, cuts.cut(fit.QUESTIONS))
        if pdf.replaced:
            pdf.paragraph(
                f"{MISSING_LETTER} marks characters this PDF's font cannot show; the HTML "
                "report shows them.",
                SMALL_PT,
            )
        pdf.ln(2)
        pdf.set_text_color(*GREY)
        pdf.paragraph(report.disclaimer, SMALL_PT)
        pdf.set_text_color(0, 0, 0)
    except _Full:
        pdf.set_text_color(0, 0, 0)
        pdf.set_y(pdf.page_break_trigger - LINE_H * 1.5)
        pdf.set_font(FONT, "B", SMALL_PT)
        pdf.cell(0, LINE_H, NOT_SHOWN)
    return pdf


def _overflow(pdf: _ReportPDF) -> float:
    """How far (mm) the content runs past the last allowed page."""
    if pdf.page <= fit.MAX_PAGES:
        return 0.0
    usable = pdf.page_break_trigger - pdf.t_margin
    return (pdf.page - fit.MAX_PAGES - 1) * usable + (pdf.y - pdf.t_margin)


def _free(pdf: _ReportPDF) -> float:
    """Room (mm) left on the allowed pages after the content."""
    if pdf.page > fit.MAX_PAGES:
        return 0.0
    usable = pdf.page_break_trigger - pdf.t_margin
    return (fit.MAX_PAGES - pdf.page) * usable + (pdf.page_break_trigger - pdf.y)


@dataclass(frozen=True)
class RenderedPdf:
    """The PDF and what had to be left out to fit it on two pages."""

    data: bytes
    pages: int
    left_out: Mapping[str, int]
    charts_left_out: tuple[str, ...]
    hard_stopped: bool


def report_charts(report: ProviderReport) -> dict[str, bytes]:
    """The three print charts of a report, as PNG bytes."""
    return {
        "weekly": print_charts.frequency_png(report.weekly, report.monthly, height_mm=WEEKLY_H),
        "hour": print_charts.hour_png(report.by_hour, height_mm=SMALL_CHART_H),
        "muscle": print_charts.muscle_png(report.by_muscle, height_mm=SMALL_CHART_H),
    }


def render_pdf_details(
    report: ProviderReport, charts: Mapping[str, bytes] | None = None
) -> RenderedPdf:
    """Lay the report out on at most two A4 pages, shortening it if it must; say what was cut."""
    charts = charts if charts is not None else report_charts(report)
    drawn: dict[fit.Cuts, _ReportPDF] = {}

    def measure(cuts: fit.Cuts) -> fit.Measure:
        pdf = drawn[cuts] = _layout(report, charts, cuts, hard_stop=False)
        return fit.Measure(pdf.page, _overflow(pdf), _free(pdf), pdf.heights)

    plan = fit.plan_fit(
        fit.cut_steps(report.sections, report.questions),
        measure,
        # with the gap above
        chart_heights={fit.WEEKLY: WEEKLY_H + 2, fit.SMALL: SMALL_CHART_H + 2},
        note_height=LINE_H,
    )
    if plan.hard_stop or plan.cuts not in drawn:
        pdf = _layout(report, charts, plan.cuts, hard_stop=plan.hard_stop)
    else:
        pdf = drawn[plan.cuts]
    return RenderedPdf(
        bytes(pdf.output()),
        pdf.page,
        dict(plan.cuts.lines),
        tuple(sorted(plan.cuts.charts)),
        plan.hard_stop,
    )


def render_pdf(report: ProviderReport, charts: Mapping[str, bytes] | None = None) -> bytes:
    """The provider report as PDF bytes: A4, one or two pages, page numbers in the footer."""
    return render_pdf_details(report, charts).data
