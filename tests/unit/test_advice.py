"""Prevention suggestions ranked by the person's own diary, and the share of each cause."""

from __future__ import annotations

from datetime import date, time, timedelta

import pandas as pd
import pytest

from core.article.advice import SHARE_COLUMNS, Suggestion, cause_shares, rank_suggestions
from core.article.causes import PREVENTION_TIPS
from core.article.tagging import tag_episodes
from core.diary import Episode, Night, NightContext
from core.frames import frames_from_records
from core.profile import Profile

START = date(2026, 3, 1)


def diary(*contexts: NightContext) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One calf cramp on each of these nights; returns (episodes, tags)."""
    nights = [Night(START + timedelta(days=i), c) for i, c in enumerate(contexts)]
    _, episodes = frames_from_records(
        nights, [Episode(n.night, time(2, 0), "calf") for n in nights]
    )
    return episodes, tag_episodes(episodes, Profile())


def by_tip(suggestions: list[Suggestion]) -> dict[str, Suggestion]:
    return {s.tip.id: s for s in suggestions}


def test_the_tip_whose_causes_cover_most_episodes_comes_first() -> None:
    episodes, tags = diary(
        NightContext(water_l=1.0),
        NightContext(water_l=1.0),
        NightContext(water_l=1.0, stretched=False),
    )
    ranked = rank_suggestions(tags, episodes)
    assert ranked[0].tip.id == "drink_water"
    assert ranked[0].episode_ids == (1, 2, 3) and ranked[0].cause_ids == ("dehydration",)
    assert ranked[0].share == 1.0


def test_a_tip_answering_two_causes_counts_each_episode_once() -> None:
    episodes, tags = diary(
        NightContext(exercise_min=120),  # fatigue and overuse
        NightContext(hard_floor_h=6.0),  # overuse (and hard floors)
        NightContext(water_l=1.0),
    )
    fitness = by_tip(rank_suggestions(tags, episodes))["overall_fitness"]
    assert fitness.cause_ids == ("muscle_fatigue", "muscle_overuse")
    assert fitness.episode_ids == (1, 2) and fitness.episode_count == 2


def test_ties_keep_the_articles_order_and_uncovered_tips_come_last() -> None:
    episodes, tags = diary(NightContext(water_l=1.0), NightContext(stretched=False))
    ranked = rank_suggestions(tags, episodes)
    counts = [s.episode_count for s in ranked]
    assert counts == sorted(counts, reverse=True)
    covered = [s.tip.id for s in ranked if s.episode_count]
    # Four tips cover one episode each; the article lists them in this order.
    assert covered == [
        "flexibility_exercises",
        "stretch_regularly",
        "drink_water",
        "stretch_before_sleep",
    ]
    article_order = [t.id for t in PREVENTION_TIPS]
    uncovered = [s.tip.id for s in ranked if not s.episode_count]
    assert uncovered == [t for t in article_order if t not in covered]


def test_general_night_advice_is_always_included_and_flagged() -> None:
    episodes, tags = diary(NightContext())
    ranked = rank_suggestions(tags, episodes)
    assert len(ranked) == len(PREVENTION_TIPS)
    general = {s.tip.id for s in ranked if s.general_night_advice}
    assert general == {"foot_position_in_bed", "stretch_before_sleep", "loose_bedding"}


def test_an_empty_diary_still_lists_every_tip_with_nothing_covered() -> None:
    episodes, tags = diary()
    ranked = rank_suggestions(tags, episodes)
    assert [s.tip.id for s in ranked] == [t.id for t in PREVENTION_TIPS]
    assert all(s.episode_count == 0 and s.share == 0.0 for s in ranked)


def test_only_tags_of_the_episodes_given_count() -> None:
    episodes, tags = diary(NightContext(water_l=1.0), NightContext(water_l=1.0))
    first_only = episodes[episodes["episode_id"] == 1]
    water = by_tip(rank_suggestions(tags, first_only))["drink_water"]
    assert water.episode_ids == (1,) and water.share == 1.0


def test_a_lower_water_target_changes_the_ranking() -> None:
    episodes, _ = diary(NightContext(stress=9, water_l=1.8), NightContext(water_l=1.8))
    strict = tag_episodes(episodes, Profile(water_target_l=1.5))
    assert by_tip(rank_suggestions(strict, episodes))["drink_water"].episode_count == 0
    default = tag_episodes(episodes, Profile())
    assert by_tip(rank_suggestions(default, episodes))["drink_water"].episode_count == 2


def test_cause_shares_count_episodes_per_cause_most_common_first() -> None:
    episodes, tags = diary(
        NightContext(water_l=1.0, stress=8),
        NightContext(water_l=1.0),
        NightContext(stretched=False),
        NightContext(),
    )
    shares = cause_shares(tags, len(episodes))
    assert list(shares.columns) == list(SHARE_COLUMNS)
    assert list(shares["cause_id"]) == ["dehydration", "not_enough_stretching", "stress"]
    assert list(shares["episodes"]) == [2, 1, 1]
    assert list(shares["share"]) == [0.5, 0.25, 0.25]
    assert shares["measurable"].all()


def test_cause_shares_mark_possible_only_causes_as_unmeasurable() -> None:
    nights = [Night(START)]
    _, episodes = frames_from_records(
        nights, [Episode(START, time(2, 0), "calf", warning_signs=("all_over_body",))]
    )
    shares = cause_shares(tag_episodes(episodes, Profile()), 1)
    assert shares.to_dict("records") == [
        {
            "cause_id": "electrolyte_imbalance",
            "title": "Electrolyte imbalance",
            "measurable": False,
            "episodes": 1,
            "share": 1.0,
        }
    ]


def test_cause_shares_of_an_untagged_diary_are_empty() -> None:
    episodes, tags = diary(NightContext(), NightContext())
    shares = cause_shares(tags, len(episodes))
    assert shares.empty and list(shares.columns) == list(SHARE_COLUMNS)
    assert cause_shares(tags, 0).empty


def test_cause_shares_refuse_fewer_episodes_than_were_tagged() -> None:
    episodes, tags = diary(NightContext(water_l=1.0), NightContext(water_l=1.0))
    with pytest.raises(ValueError, match="smaller"):
        cause_shares(tags, 1)
