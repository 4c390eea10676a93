"""Fitting the provider report on two pages: what to leave out, decided apart from the drawing.

The PDF is drawn, measured and drawn again with less. `plan_fit` takes every
decision (what goes first, how much at a time, what to put back, when to stop
and cut at the foot of the last page) from measurements alone: it asks its
`measure` function how a set of cuts lays out, and never draws. The PDF
renderer passes a `measure` that lays the report out with fpdf2; a test can
pass arithmetic.

Least important first: diary notes, then supporting and detail lines, the two
small charts, most of the patient's own questions, the weekly chart, and only
then the essential lines. The first `keep` lines of a section always stay.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from core.report.build import DETAIL, ESSENTIAL, OPTIONAL, SUPPORTING, ReportSection

MAX_PAGES = 2
ATTEMPTS = 12  # rounds of "leave out about the overflow, then measure again"
GIVE_BACK = 3  # of the last things left out, how many are tried back once the report fits
QUESTIONS = "questions"  # the cut key of the patient's questions
KEEP_QUESTIONS = 3  # questions left out only after the essential lines
WEEKLY, SMALL = "weekly", "small"  # the chart groups that can be left out
LINE, CHART = "line", "chart"

# A step leaves out one line of a section (LINE, section id or QUESTIONS) or a chart group
# (CHART, WEEKLY or SMALL).
Step = tuple[str, str]


@dataclass(frozen=True)
class Cuts:
    """What is left out: how many lines from the end of each section, and which chart groups."""

    lines: tuple[tuple[str, int], ...] = ()  # (key, count), sorted, no zero counts
    charts: frozenset[str] = frozenset()

    def cut(self, key: str) -> int:
        """How many lines from the end of this section (or of the questions) are left out."""
        return dict(self.lines).get(key, 0)

    def added(self, step: Step) -> Cuts:
        """These cuts and the step."""
        kind, name = step
        if kind == CHART:
            return Cuts(self.lines, self.charts | {name})
        return self._with_lines(name, self.cut(name) + 1)

    def removed(self, step: Step) -> Cuts:
        """These cuts without the step (the line or chart is put back)."""
        kind, name = step
        if kind == CHART:
            return Cuts(self.lines, self.charts - {name})
        return self._with_lines(name, max(self.cut(name) - 1, 0))

    def _with_lines(self, key: str, count: int) -> Cuts:
        counts = {**dict(self.lines), key: count}
        return Cuts(tuple(sorted((k, n) for k, n in counts.items() if n)), self.charts)


@dataclass(frozen=True)
class Measure:
    """How one set of cuts lays out: pages used, mm past the last page, mm still free.

    `heights` are the printed heights (mm) of each bullet, by section id, in order.
    """

    pages: int
    overflow: float
    free: float
    heights: Mapping[str, Sequence[float]]


@dataclass(frozen=True)
class Plan:
    """The cuts to draw with; `hard_stop` when even they run past the last page."""

    cuts: Cuts
    hard_stop: bool


def cut_steps(sections: Sequence[ReportSection], questions: Sequence[str]) -> list[Step]:
    """Every way to shorten the report, least important first (see the module docstring)."""
    steps: list[Step] = []

    def lines_of(priority: int) -> None:
        ordered = sorted(
            (s for s in sections if s.priority == priority), key=lambda s: -len(s.lines)
        )
        for section in ordered:
            steps.extend((LINE, section.id) for _ in section.lines[section.keep :])

    for priority in (OPTIONAL, SUPPORTING, DETAIL):
        lines_of(priority)
    steps.append((CHART, SMALL))
    steps.extend((LINE, QUESTIONS) for _ in questions[KEEP_QUESTIONS:])
    steps.append((CHART, WEEKLY))
    lines_of(ESSENTIAL)
    steps.extend((LINE, QUESTIONS) for _ in questions[1:KEEP_QUESTIONS])
    return steps


def step_height(
    step: Step,
    done: int,
    heights: Mapping[str, Sequence[float]],
    chart_heights: Mapping[str, float],
    note_height: float,
) -> float:
    """About how much height (mm) a step frees when `done` lines of its section are already out.

    `heights` are the bullets' heights measured with nothing left out. The first
    line left out of a section costs the short "left out" note (`note_height`).
    """
    kind, name = step
    if kind == CHART:
        return chart_heights[name]
    measured = heights.get(name, [])
    index = len(measured) - 1 - done
    height = measured[index] if 0 <= index < len(measured) else note_height
    return height - (note_height if done == 0 else 0.0)


def plan_fit(
    steps: Sequence[Step],
    measure: Callable[[Cuts], Measure],
    chart_heights: Mapping[str, float],
    note_height: float,
) -> Plan:
    """What to leave out so the report fits on MAX_PAGES pages, leaving out as little as it can.

    Each round leaves out the next steps until about the overflow is freed and
    measures again; once it fits, the last few things left out are put back if
    the room left holds them. When the steps run out first, the plan is a hard stop.
    """
    cuts = Cuts()
    fit = measure(cuts)
    heights = fit.heights  # measured once, with nothing left out
    remaining = iter(steps)
    applied: list[Step] = []

    def frees(step: Step, done: int) -> float:
        return step_height(step, done, heights, chart_heights, note_height)

    for _ in range(ATTEMPTS):
        if fit.overflow <= 0:
            break
        freed = 0.0
        for step in remaining:
            freed += frees(step, cuts.cut(step[1]) if step[0] == LINE else 0)
            cuts = cuts.added(step)
            applied.append(step)
            if freed >= fit.overflow:
                break
        if freed <= 0:  # nothing left to leave out
            return Plan(cuts, hard_stop=True)
        fit = measure(cuts)
    if fit.pages > MAX_PAGES:
        return Plan(cuts, hard_stop=True)
    # The last things left out matter most: put back what the room left would hold.
    for step in applied[::-1][:GIVE_BACK]:
        done = cuts.cut(step[1]) - 1 if step[0] == LINE else 0
        if frees(step, done) > fit.free:
            continue
        trial = measure(cuts.removed(step))
        if trial.pages <= MAX_PAGES:
            cuts, fit = cuts.removed(step), trial
    return Plan(cuts, hard_stop=False)
