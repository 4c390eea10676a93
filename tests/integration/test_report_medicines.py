"""The provider report's Medicines block, in the report, the PDF (still on its pages) and
the HTML (escaped)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from core.medicines.medicine import Medicine
from core.report.medicines import shown_medicines
from dashboard.printouts.fit import MAX_PAGES
from dashboard.printouts.html import render_html
from dashboard.printouts.pdf import render_pdf
from tests.entries import thiazide
from tests.integration.test_report_pdf import demo_frames, make_report, pdf_text  # noqa: F401

MEDICINES = [
    thiazide(date(2026, 7, 20)),
    Medicine(name="Atorvastatin", dose="20 mg", started_on=date(2026, 8, 10)),
    Medicine(name="<b>Grandma's tonic</b>", started_on=date(2026, 9, 1)),
    Medicine(name="Old cough syrup", started_on=date(2020, 1, 1), stopped_on=date(2020, 2, 1)),
]


def test_the_block_names_each_medicine_with_dates_dose_class_figure_and_source(
    demo_frames: tuple[pd.DataFrame, pd.DataFrame],  # noqa: F811
) -> None:
    report = make_report(*demo_frames, medicines=MEDICINES)
    section = report.section("medicines")
    lines = " ".join(section.lines)
    assert "Hydrochlorothiazide, 25 mg (for blood pressure): since 20 Jul 2026." in lines
    assert "Thiazide-like diuretics, ratio 1.48." in lines
    assert "Atorvastatin, 20 mg: since 10 Aug 2026." in lines
    assert "ratio 1.16, 95% CI 1.04–1.29" in lines
    assert "Old cough syrup" not in lines  # stopped years before the report
    footer = " ".join(section.footer)
    assert "Arch Intern Med 2012;172:120–126" in footer
    assert "never stop or change a medicine on your own" in footer
    # Enough nights before and after the thiazide's start: cramps a week, with the interval.
    thiazide = next(line for line in section.lines if line.startswith("Hydrochlorothiazide"))
    assert "a week after" in thiazide and "95% CI" in thiazide
    assert "Before/after is weak evidence" in footer


def test_without_a_list_there_is_no_block(
    demo_frames: tuple[pd.DataFrame, pd.DataFrame],  # noqa: F811
) -> None:
    report = make_report(*demo_frames)
    with pytest.raises(KeyError):
        report.section("medicines")


def test_the_report_lists_what_was_taken_around_its_range() -> None:
    shown = shown_medicines(MEDICINES, date(2026, 8, 1), date(2026, 10, 31))
    assert [m.name for m in shown] == [
        "Atorvastatin",
        "Hydrochlorothiazide",
        "<b>Grandma's tonic</b>",
    ]


def test_the_pdf_with_medicines_still_fits_its_pages_and_the_html_escapes_names(
    demo_frames: tuple[pd.DataFrame, pd.DataFrame],  # noqa: F811
) -> None:
    report = make_report(*demo_frames, medicines=MEDICINES)
    pages, text = pdf_text(render_pdf(report))
    assert pages <= MAX_PAGES
    assert "Medicines" in text and "Atorvastatin" in " ".join(text.split())
    html = render_html(report)
    assert "&lt;b&gt;Grandma" in html and "<b>Grandma" not in html
