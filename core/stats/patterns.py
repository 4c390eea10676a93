"""Everything the Patterns page shows, computed in one place and returned as one typed value.

The page only draws: which figures exist, and how each is worked out, is decided here.
The trigger analysis is not among them: it is the one slow part (its model, and the
libraries behind it, take about a second on a ten-year diary), so the page asks
`core.stats.trigger_model.analyse_triggers` for it when its "Why" section is opened.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

from core.article.advice import cause_shares
from core.article.tagging import tag_episodes
from core.interventions import Intervention
from core.profile import Profile
from core.stats import analytics
from core.stats.triggers import InterventionEffect, compare_intervention


@dataclass(frozen=True)
class Patterns:
    """The Patterns page's figures for one date range of one diary (frames are not to be
    changed: they may be shared with a cache)."""

    nights: pd.DataFrame
    episodes: pd.DataFrame
    weekly: pd.DataFrame  # analytics.weekly_summary
    frequency: analytics.Frequency
    trend: analytics.Trend
    by_hour: pd.DataFrame  # cramps by clock hour, in night order
    grid: pd.DataFrame  # weekday × hour
    woke: analytics.Proportion
    typical_hours: tuple[str, str] | None  # half the cramps began between these
    by_muscle: pd.DataFrame
    calendar: pd.DataFrame
    severity: dict[str, float | None]  # analytics.severity_summary
    monthly: pd.DataFrame  # pain and duration month by month
    causes: pd.DataFrame  # advice.cause_shares: how many cramps each cause fits
    relief: pd.DataFrame
    interventions: tuple[Intervention, ...]
    effects: tuple[InterventionEffect, ...]  # one per intervention, same order

    def measurable_causes(self) -> pd.DataFrame:
        """The causes a diary can measure, as label and count (for the causes chart)."""
        shares = self.causes
        return shares[shares["measurable"]].rename(columns={"title": "label", "episodes": "count"})

    def change_markers(self, start: date, end: date) -> list[tuple[date, str]]:
        """The changes that started inside the range, for marks on the weekly chart."""
        return [(i.started_on, i.name) for i in self.interventions if start <= i.started_on <= end]


def compute_patterns(
    nights: pd.DataFrame,
    episodes: pd.DataFrame,
    profile: Profile,
    interventions: Sequence[Intervention],
) -> Patterns:
    """Every figure of the Patterns page from the range's frames, the profile and the changes."""
    tags = tag_episodes(episodes, profile)
    return Patterns(
        nights=nights,
        episodes=episodes,
        weekly=analytics.weekly_summary(nights),
        frequency=analytics.frequency(nights),
        trend=analytics.trend(nights),
        by_hour=analytics.onset_by_hour(episodes),
        grid=analytics.hour_weekday_grid(episodes),
        woke=analytics.woke_share(episodes),
        typical_hours=analytics.typical_hours(episodes),
        by_muscle=analytics.by_muscle_and_side(episodes),
        calendar=analytics.calendar(nights),
        severity=analytics.severity_summary(episodes),
        monthly=analytics.monthly_severity(episodes),
        causes=cause_shares(tags, len(episodes)),
        relief=analytics.relief_effect(episodes),
        interventions=tuple(interventions),
        effects=tuple(
            compare_intervention(nights, name=i.name, started_on=i.started_on, ended_on=i.ended_on)
            for i in interventions
        ),
    )
