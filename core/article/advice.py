"""Prevention suggestions ranked by how much of the person's own diary they address.

Both functions read the long tags frame of `core.article.tagging.tag_episodes`, so a
change of threshold (which re-tags) changes the ranking too.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from core.article.causes import CAUSES, PREVENTION_TIPS, PreventionTip

SHARE_COLUMNS: tuple[str, ...] = ("cause_id", "title", "measurable", "episodes", "share")


@dataclass(frozen=True)
class Suggestion:
    """A prevention tip, the causes in this diary it answers, and the episodes behind them.

    `cause_ids` are the tip's causes that tag at least one episode (in the
    order of core.article.causes.CAUSES); `episode_ids` are the episodes carrying any
    of them, ascending. `share` is their part of all episodes considered.
    """

    tip: PreventionTip
    cause_ids: tuple[str, ...]
    episode_ids: tuple[int, ...]
    share: float

    @property
    def episode_count(self) -> int:
        """How many episodes this tip addresses."""
        return len(self.episode_ids)

    @property
    def general_night_advice(self) -> bool:
        """True for the article's always-shown advice for night cramps."""
        return self.tip.general_night_advice


def _sorted_unique(values: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Distinct values, ascending (a sort and a diff beat np.unique's hashing on big arrays)."""
    ordered = np.sort(values)
    if ordered.size == 0:
        return ordered
    keep = np.empty(ordered.size, dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def _episodes_by_cause(
    tags: pd.DataFrame, episode_ids: npt.NDArray[np.int64]
) -> dict[str, npt.NDArray[np.int64]]:
    """For each cause in the tags, the sorted ids of the given episodes that carry it."""
    ids = tags["episode_id"].to_numpy(dtype="int64", na_value=-1)
    kept = np.isin(ids, episode_ids)
    # Factorising the (categorical) column directly avoids millions of string objects.
    codes, causes = pd.factorize(tags["cause_id"])
    codes, ids = codes[kept], ids[kept]
    return {str(cause_id): _sorted_unique(ids[codes == i]) for i, cause_id in enumerate(causes)}


def rank_suggestions(tags: pd.DataFrame, episodes: pd.DataFrame) -> list[Suggestion]:
    """Every prevention tip, ranked by how many of these episodes its causes tag.

    `tags` is a `tag_episodes` frame; only tags of episodes in `episodes` count,
    so a filtered episodes frame (a date range) ranks for that range. Tags of
    either certainty count; no tip answers a cause the diary cannot see, so in
    practice only context-based tags move the ranking. Ties, and the tips that
    cover nothing (which come last), keep the article's order. The general
    advice for night cramps is always in the list; see
    `Suggestion.general_night_advice`.
    """
    episode_ids = _sorted_unique(episodes["episode_id"].to_numpy(dtype="int64", na_value=-1))
    total = len(episode_ids)
    by_cause = _episodes_by_cause(tags, episode_ids)
    suggestions = []
    for tip in PREVENTION_TIPS:
        found = tuple(c.id for c in CAUSES if c.id in tip.answers and c.id in by_cause)
        covered = (
            _sorted_unique(np.concatenate([by_cause[c] for c in found]))
            if found
            else np.empty(0, dtype=np.int64)
        )
        suggestions.append(
            Suggestion(
                tip=tip,
                cause_ids=found,
                episode_ids=tuple(covered.tolist()),
                share=len(covered) / total if total else 0.0,
            )
        )
    article_order = {tip.id: i for i, tip in enumerate(PREVENTION_TIPS)}
    return sorted(suggestions, key=lambda s: (-s.episode_count, article_order[s.tip.id]))


def cause_shares(tags: pd.DataFrame, episode_count: int) -> pd.DataFrame:
    """The share of episodes carrying each cause, most common first.

    One row per cause that tags at least one episode: `cause_id`, `title`,
    `measurable` (False for causes only ever tagged as "possible"), `episodes`
    (how many carry it) and `share` (that count over `episode_count`). Ties keep
    the order of core.article.causes.CAUSES.
    """
    tagged = tags["episode_id"].nunique() if len(tags) else 0
    if episode_count < tagged:
        raise ValueError(
            f"episode_count ({episode_count}) is smaller than the {tagged} tagged episodes."
        )
    counts = tags.groupby("cause_id", observed=True)["episode_id"].nunique()
    rows = [
        {
            "cause_id": cause.id,
            "title": cause.title,
            "measurable": cause.measurable,
            "episodes": int(counts[cause.id]),
            "share": int(counts[cause.id]) / episode_count,
        }
        for cause in CAUSES
        if cause.id in counts.index and int(counts[cause.id]) > 0
    ]
    frame = pd.DataFrame(rows, columns=list(SHARE_COLUMNS))
    order = {cause.id: i for i, cause in enumerate(CAUSES)}
    frame = frame.assign(_order=frame["cause_id"].map(order)).sort_values(
        ["episodes", "_order"], ascending=[False, True], kind="stable"
    )
    return (
        frame.drop(columns="_order")
        .reset_index(drop=True)
        .astype(
            {
                "cause_id": "string",
                "title": "string",
                "measurable": "bool",
                "episodes": "int64",
                "share": "float64",
            }
        )
    )
