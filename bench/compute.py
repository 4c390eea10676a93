"""Cause tagging and the Patterns page's analytics on a million episodes, tagging one
episode, and the Why section's compute on a ten-year diary."""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from datetime import time as clock_time
from datetime import timedelta
from functools import partial
from types import ModuleType

import pandas as pd

from bench.common import LAST_NIGHT, TEN_YEAR_NIGHTS, Row, fmt, median_time, say, timed
from core.diary import Episode, NightContext
from core.profile import Profile
from sample_data.generator import generate_frames
from sample_data.truth import DiaryParams

# Heavy, as the Why section's worst case: about 5,000 cramps over ten years.
HEAVY_TEN_YEARS = DiaryParams(base_risk=0.6, extra_cramps_mean=1.05, unlogged_share=0.0)
# A million episodes: far more than a person logs, so nearly every night has a cramp
# and most have eight or nine. Pandas' nanosecond timestamps span at most 292 years,
# so the million come from two such diaries over the same 100,000 nights (274 years).
MILLION = DiaryParams(base_risk=0.94, max_risk=0.95, extra_cramps_mean=12.0, unlogged_share=0.0)
MILLION_NIGHTS = 100_000
MILLION_SEEDS = (1, 2)
EPISODES = 1_000_000


def _optional(module: str) -> ModuleType | None:
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as error:
        if error.name != module:
            raise
        return None


def _frame_functions(module: ModuleType) -> list[tuple[str, Callable[..., object], str]]:
    """Public functions of `module` that take just the nights or just the episodes frame."""
    found: list[tuple[str, Callable[..., object], str]] = []
    for name, function in inspect.getmembers(module, inspect.isfunction):
        if name.startswith("_") or function.__module__ != module.__name__:
            continue
        required = [
            p.name
            for p in inspect.signature(function).parameters.values()
            if p.default is inspect.Parameter.empty
            and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
        ]
        if required in (["nights"], ["episodes"]):
            found.append((name, function, required[0]))
    return found


def _analytics(
    analytics: ModuleType, nights: pd.DataFrame, episodes: pd.DataFrame, tags: pd.DataFrame
) -> tuple[float, list[str]]:
    """Time every frame function of core.stats.analytics, plus the Patterns page's cause shares
    when that module exists; return the total and what ran."""
    frames = {"nights": nights, "episodes": episodes}
    calls: list[tuple[str, Callable[[], object]]] = [
        (name, partial(function, frames[arg]))
        for name, function, arg in _frame_functions(analytics)
    ]
    advice = _optional("core.article.advice")
    if advice is not None and hasattr(advice, "cause_shares"):
        calls.append(("cause_shares", lambda: advice.cause_shares(tags, len(episodes))))
    # The trigger model is timed on its own, on ten years (bench_why): it is the Why section's.
    total = 0.0
    notes = []
    for name, call in calls:
        try:
            elapsed, _ = timed(call)
        except Exception as error:  # a module still being written must not stop the bench
            notes.append(f"{name}: failed ({type(error).__name__})")
            continue
        total += elapsed
        notes.append(f"{name} {fmt(elapsed)}")
    return total, notes


def _million_diaries(count: int) -> list[tuple[int, int]]:
    """(seed, nights) of the generated diaries whose episodes, in turn, make up `count`."""
    plan = []
    left = count
    per_night = 8.0  # a little under what MILLION gives, so the last diary is big enough
    for seed in MILLION_SEEDS:
        nights = min(MILLION_NIGHTS, int(left / per_night) + 1_000)
        plan.append((seed, nights))
        left -= int(nights * per_night)
        if left <= 0:
            break
    return plan


def million_frames(count: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The (nights, episodes) frames of exactly `count` episodes (see MILLION)."""
    start = LAST_NIGHT - timedelta(days=MILLION_NIGHTS - 1)
    nights = pd.DataFrame()
    parts: list[pd.DataFrame] = []
    for seed, span in _million_diaries(count):
        night_frame, episode_frame = generate_frames(
            start=start, nights=span, seed=seed, params=MILLION
        )
        episode_frame["episode_id"] += sum(len(p) for p in parts)
        parts.append(episode_frame)
        if nights.empty:
            nights = night_frame
    episodes = pd.concat(parts, ignore_index=True).iloc[:count].copy()
    counts = nights["night"].map(episodes["night"].value_counts()).fillna(0)
    nights["episode_count"] = counts.astype(nights["episode_count"].dtype)
    return nights, episodes


def bench_tagging(episode_count: int) -> tuple[list[Row], list[str]]:
    """Vectorised tagging and analytics on a million episodes; tagging one episode."""
    tagging = _optional("core.article.tagging")
    analytics = _optional("core.stats.analytics")
    if tagging is None and analytics is None:
        return [
            Row("Tagging", "n/a (core.article.tagging not present)"),
            Row("Analytics", "n/a (core.stats.analytics not present)"),
        ], []
    say(f"tagging: generating {episode_count:,} episodes")
    nights, episodes = million_frames(episode_count)
    where = f"{len(episodes):,} episodes, {len(nights):,} nights"
    profile = Profile()
    rows: list[Row] = []
    notes: list[str] = []
    tag_s: float | None = None
    tags = pd.DataFrame()
    if tagging is None:
        rows.append(Row("Tagging", "n/a (core.article.tagging not present)"))
    else:
        say("tagging: vectorised")
        tags = tagging.tag_episodes(episodes, profile)
        tag_s = median_time(lambda: tagging.tag_episodes(episodes, profile), 3)
        rows.append(Row(f"Tagging (`tag_episodes`), {where}", f"{fmt(tag_s)} ({len(tags):,} tags)"))
    analytics_s: float | None = None
    if analytics is None:
        rows.append(Row("Analytics", "n/a (core.stats.analytics not present)"))
    else:
        say("analytics")
        analytics_s, ran = _analytics(analytics, nights, episodes, tags)
        rows.append(Row(f"Analytics (the Patterns page's figures), {where}", fmt(analytics_s)))
        notes.append("Analytics timed: " + ", ".join(ran) + ".")
    if tag_s is not None and analytics_s is not None:
        total = tag_s + analytics_s
        rows.append(Row("Tagging + analytics", fmt(total), target="< 3 s", met=total < 3))
    if tagging is not None:
        # tag_episode runs tag_episodes on a one-row frame: what a Diary detail costs.
        say("tagging: one episode")
        episode = Episode(LAST_NIGHT, clock_time(3, 0), "calf")
        context = NightContext(water_l=1.5, exercise_min=120, stress=8, hard_floor_h=5.0)
        one_s = median_time(lambda: tagging.tag_episode(episode, context, profile), 20)
        rows.append(Row("Tagging one episode (`tag_episode`, a Diary detail)", fmt(one_s)))
    return rows, notes


# --- the Why section ------------------------------------------------------------


def bench_why(repeat: int) -> list[Row]:
    """The Why section's compute on a ten-year diary (one model over every factor, plus the
    cause shares), as after a new entry: nothing cached, median of `repeat` runs."""
    from core.article.advice import cause_shares
    from core.article.tagging import tag_episodes
    from core.stats.trigger_model import analyse_triggers

    nights, episodes = generate_frames(
        start=LAST_NIGHT - timedelta(days=TEN_YEAR_NIGHTS - 1),
        nights=TEN_YEAR_NIGHTS,
        seed=7,
        params=HEAVY_TEN_YEARS,
    )
    profile = Profile()

    def why() -> None:
        cause_shares(tag_episodes(episodes, profile), len(episodes))
        analyse_triggers(nights, profile)

    say("Why section on ten years …")
    why()  # imports and first-call set-up are the server's, not the rerun's
    median = median_time(why, repeat)
    model = median_time(lambda: analyse_triggers(nights, profile), repeat)
    return [
        Row(
            "Why section compute, ten-year diary (cold cache)",
            f"{fmt(median)} (of which the trigger model {fmt(model)}; {len(nights):,} nights)",
            target="< 300 ms",
            met=median < 0.3,
        )
    ]
