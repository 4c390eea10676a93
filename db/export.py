"""The diary as it leaves the app: the CSV export and the provider report.

The Data page, the Provider report page and the command line all call these,
so a file made on the page and one made by `cramp-diary` are the same.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from core.context.values import WEATHER
from core.context.weather import CREDIT
from core.files.csv_format import write_diary_csv
from core.profile import Profile
from db.repository import (
    diary_span,
    list_experiments,
    list_interventions,
    list_medicines,
    list_records,
    load_frames,
    value_sources,
)

if TYPE_CHECKING:
    from core.report.build import ProviderReport

# The report's statistics (scipy, statsmodels, firthmodels) are imported inside
# provider_report: a CSV export or a backup needs none of them and must not wait for them.


def export_csv(*, engine: Engine, start: date | None = None, end: date | None = None) -> bytes:
    """The diary CSV (UTF-8) of the nights from `start` to `end` (the whole diary by default)."""
    return write_diary_csv(*list_records(engine=engine, start=start, end=end)).encode("utf-8")


def provider_report(
    *,
    engine: Engine,
    start: date,
    end: date,
    profile: Profile,
    today: date,
    questions: Iterable[str] = (),
    own_questions: str | Iterable[str] = (),
) -> ProviderReport:
    """The provider report for the nights from `start` to `end`, with the changes, red flags
    and the tips tested in self-experiments (each judged on all of its own nights), crediting
    the weather's source when the range uses it.

    Raises core.report.build.ReportError when no night is logged in the range.
    """
    from core.article.red_flags import find_red_flags
    from core.report.build import build_report

    nights, episodes = load_frames(engine=engine, start=start, end=end)
    whole = diary_span(engine=engine)
    changes = [(i.name, i.started_on, i.ended_on) for i in list_interventions(engine=engine)]
    return build_report(
        nights,
        episodes,
        profile=profile,
        interventions=changes,
        red_flags=find_red_flags(nights, episodes, today),
        today=today,
        start=start,
        end=end,
        questions=questions,
        own_questions=own_questions,
        first_entry=whole[0] if whole else None,
        tested_tips=_tested_tips(engine, today),
        credits=_credits(engine, start, end),
        medicines=list_medicines(engine=engine),
    )


def _credits(engine: Engine, start: date, end: date) -> tuple[str, ...]:
    """Open-Meteo's credit, when a night in the range has a value from the weather."""
    sources = value_sources(engine=engine, start=start, end=end)
    used = any(WEATHER in by_field.values() for by_field in sources.values())
    return (f"{CREDIT}.",) if used else ()


def _tested_tips(engine: Engine, today: date) -> list[str]:
    from core.experiments.result import result_sentences

    records = list_experiments(engine=engine)
    if not records:
        return []
    first = min(r.experiment.started_on for r in records)
    nights, _ = load_frames(engine=engine, start=first)
    return result_sentences(records, nights, today)
