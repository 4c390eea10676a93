"""Fitting the report on two pages is planned from measurements alone, without drawing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from core.report.build import DETAIL, ESSENTIAL, OPTIONAL, SUPPORTING, ReportSection
from dashboard.printouts.fit import (
    CHART,
    LINE,
    MAX_PAGES,
    QUESTIONS,
    SMALL,
    WEEKLY,
    Cuts,
    Measure,
    cut_steps,
    plan_fit,
    step_height,
)

PAGE = 100.0  # mm of text a page holds, in this paper model
ROW = 4.0  # every bullet and every "left out" note is one row
HEADING = 6.0
CHARTS = {WEEKLY: 20.0, SMALL: 30.0}


def section(
    section_id: str, lines: int, priority: int, keep: int = 1, footer: int = 0
) -> ReportSection:
    return ReportSection(
        section_id,
        section_id.title(),
        tuple(f"{section_id} {i}" for i in range(lines)),
        priority,
        keep,
        tuple(f"{section_id} footer {i}" for i in range(footer)),
    )


@dataclass
class Paper:
    """Arithmetic in place of fpdf2: rows stack on pages of PAGE mm; records what it measured."""

    sections: Sequence[ReportSection]
    questions: Sequence[str] = ()
    note_row: float = ROW  # what the "left out" note really costs
    measured: list[Cuts] = field(default_factory=list)

    def measure(self, cuts: Cuts) -> Measure:
        self.measured.append(cuts)
        heights: dict[str, list[float]] = {}
        total = sum(height for name, height in CHARTS.items() if name not in cuts.charts)
        blocks = [(s.id, len(s.lines), len(s.footer)) for s in self.sections]
        for key, lines, footer in [*blocks, (QUESTIONS, len(self.questions), 0)]:
            shown = lines - cuts.cut(key)
            heights[key] = [ROW] * shown
            total += HEADING + ROW * (shown + footer) + (self.note_row if cuts.cut(key) else 0)
        room = MAX_PAGES * PAGE
        pages = max(1, -int(-total // PAGE))
        return Measure(pages, max(total - room, 0.0), max(room - total, 0.0), heights)

    def plan(self, steps: Sequence[tuple[str, str]] | None = None) -> tuple[Cuts, bool]:
        chosen = cut_steps(self.sections, self.questions) if steps is None else steps
        plan = plan_fit(chosen, self.measure, CHARTS, ROW)
        return plan.cuts, plan.hard_stop


def report_of(extra_notes: int) -> Paper:
    """About 170 mm of essentials and detail, plus as many note lines as asked."""
    return Paper(
        [
            section("frequency", 4, ESSENTIAL, keep=3),
            section("pain", 2, ESSENTIAL),
            section("muscles", 6, DETAIL),
            section("causes", 5, SUPPORTING, keep=0, footer=2),
            section("notes", extra_notes, OPTIONAL, keep=0),
        ],
        questions=("Do I need a specialist?",),
    )


def test_a_report_that_fits_is_measured_once_and_nothing_is_left_out() -> None:
    paper = report_of(extra_notes=2)
    cuts, hard = paper.plan()
    assert cuts == Cuts() and not hard
    assert paper.measured == [Cuts()]


def test_the_diary_notes_go_first_and_only_as_many_as_the_overflow_needs() -> None:
    paper = report_of(extra_notes=10)
    overflow = paper.measure(Cuts()).overflow
    assert 0 < overflow < 5 * ROW
    cuts, hard = paper.plan()
    assert not hard
    assert dict(cuts.lines) == {"notes": cuts.cut("notes")}  # nothing but notes
    assert cuts.charts == frozenset()
    assert paper.measure(cuts).pages <= MAX_PAGES
    fewer = cuts.removed((LINE, "notes"))
    assert paper.measure(fewer).pages > MAX_PAGES  # one note fewer left out would not fit


def test_notes_supporting_and_detail_lines_and_the_charts_go_before_any_essential() -> None:
    paper = Paper(
        [
            section("frequency", 30, ESSENTIAL, keep=3),
            section("pain", 2, ESSENTIAL),
            section("muscles", 3, DETAIL),
            section("causes", 3, SUPPORTING, keep=0, footer=2),
            section("notes", 2, OPTIONAL, keep=0),
        ],
        questions=("Do I need a specialist?",),
    )
    cuts, hard = paper.plan()
    assert not hard and paper.measure(cuts).pages <= MAX_PAGES
    assert cuts.cut("notes") == 2 and cuts.cut("causes") == 3
    assert cuts.charts == {SMALL, WEEKLY}
    assert cuts.cut("muscles") == 1  # one of its two lines came back once the report fit
    assert cuts.cut("frequency") == 0 and cuts.cut("pain") == 0 and cuts.cut(QUESTIONS) == 0


def test_the_lines_a_section_keeps_are_never_left_out_and_the_rest_stops_hard() -> None:
    paper = Paper([section("frequency", 60, ESSENTIAL, keep=50)], questions=("Q1", "Q2"))
    cuts, hard = paper.plan()
    assert hard
    assert cuts.cut("frequency") == 10  # all but the 50 it keeps
    assert cuts.cut(QUESTIONS) == 1  # the first question stays
    assert cuts.charts == {WEEKLY, SMALL}


def test_with_nothing_left_to_leave_out_the_plan_is_a_hard_stop() -> None:
    paper = report_of(extra_notes=40)
    cuts, hard = paper.plan(steps=[])
    assert hard and cuts == Cuts()


def test_when_leaving_out_frees_more_than_expected_the_last_line_comes_back() -> None:
    # The planner counts a row for the "left out" note; this paper prints it for free.
    paper = report_of(extra_notes=12)
    paper.note_row = 0.0
    assert paper.measure(Cuts()).overflow == 14.0
    paper.measured.clear()
    cuts, hard = paper.plan()
    assert not hard
    # Five notes were left out on the estimate, then one came back: four rows free 16 mm.
    assert paper.measured == [Cuts(), Cuts((("notes", 5),)), Cuts((("notes", 4),))]
    assert cuts == Cuts((("notes", 4),))


def test_the_order_of_steps_is_notes_supporting_detail_charts_questions_essentials() -> None:
    sections = [
        section("frequency", 4, ESSENTIAL, keep=3),
        section("feel", 3, DETAIL, keep=2),
        section("risk", 2, DETAIL),
        section("changes", 2, SUPPORTING),
        section("causes", 3, SUPPORTING, keep=0),
        section("notes", 2, OPTIONAL, keep=0),
    ]
    questions = [f"Q{i}" for i in range(5)]
    assert cut_steps(sections, questions) == [
        (LINE, "notes"),
        (LINE, "notes"),
        (LINE, "causes"),  # the longer supporting section first
        (LINE, "causes"),
        (LINE, "causes"),
        (LINE, "changes"),
        (LINE, "feel"),
        (LINE, "risk"),
        (CHART, SMALL),
        (LINE, QUESTIONS),  # the fifth and fourth questions
        (LINE, QUESTIONS),
        (CHART, WEEKLY),
        (LINE, "frequency"),
        (LINE, QUESTIONS),  # the third and second; the first always stays
        (LINE, QUESTIONS),
    ]


def test_a_step_frees_its_measured_height_less_the_note_the_first_cut_adds() -> None:
    heights = {"notes": [4.0, 8.0, 12.0]}
    assert step_height((LINE, "notes"), 0, heights, CHARTS, ROW) == 12.0 - ROW
    assert step_height((LINE, "notes"), 1, heights, CHARTS, ROW) == 8.0
    assert step_height((LINE, "notes"), 5, heights, CHARTS, ROW) == ROW  # not measured
    assert step_height((CHART, WEEKLY), 0, heights, CHARTS, ROW) == CHARTS[WEEKLY]


def test_cuts_added_then_removed_are_the_same_cuts() -> None:
    steps = [(LINE, "notes"), (CHART, SMALL), (LINE, "notes"), (LINE, "causes")]
    cuts = Cuts()
    for step in steps:
        cuts = cuts.added(step)
    assert cuts.cut("notes") == 2 and cuts.cut("causes") == 1 and cuts.charts == {SMALL}
    for step in steps:
        cuts = cuts.removed(step)
    assert cuts == Cuts() and hash(cuts) == hash(Cuts())
