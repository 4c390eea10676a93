"""Cause tags: which of the article's causes (core.article.causes) a cramp's night points to.

A tag is derived, never stored: it is recomputed from the night's context and
the person's thresholds (core.profile.Profile) every time, so changing a
threshold re-tags the whole history. Each tag carries its evidence in plain
words. `tag_episodes` tags a whole episodes frame at once; `tag_episode` tags
one episode by running the same code on a one-row frame.

Each cause is tagged where its rule in core.article.rules says yes; "no" and "unknown"
both give no tag. `RULES` pairs each cause with its rule: for example
dehydration with `below_water_target`, exercise_in_heat with `exercise_in_heat`
(heat alone is not tagged: the article names *exercising* in great heat), and
electrolyte_imbalance, as "possible" only, with the warning sign "cramps all
over the body", which may point to it.

`muscle_fatigue` is the general-list cause and reads only the workout;
`muscle_overuse` is the night-cramp-list cause and reads both the workout and
the hours standing, so the two are not the same tag twice.

Missing context (None, NaN, pandas NA, or a column absent from the frame)
never gives a tag and never raises.

The diary cannot see electrolytes, the four vitamin and mineral deficiencies
or sitting posture. They are never tagged as "likely-context"; the deficiencies
and posture are listed once for the whole diary as "possible" by
`possible_unmeasured_causes`, with the article's advice to ask a provider.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from core.article import rules
from core.article.causes import CAUSES
from core.article.evidence import (
    Value,
    Values,
    as_text,
    constant_evidence,
    fatigue_evidence,
    heat_evidence,
    hours_evidence,
    overuse_evidence,
    stress_evidence,
    water_evidence,
)
from core.article.threshold_text import pair_keys
from core.diary import CONTEXT_FIELDS, Episode, NightContext
from core.frames import CONTEXT_DTYPES
from core.profile import Profile
from core.vocab import LIST_SEPARATOR

Certainty = Literal["likely-context", "possible"]
LIKELY: Final = "likely-context"
POSSIBLE: Final = "possible"
CERTAINTIES: tuple[Certainty, ...] = (LIKELY, POSSIBLE)

TAG_COLUMNS: tuple[str, ...] = ("episode_id", "cause_id", "certainty", "evidence")


@dataclass(frozen=True)
class CauseTag:
    """One cause an episode's context points to, how sure the app is, and why."""

    cause_id: str
    certainty: Certainty
    evidence: str


# --- values as the evidence sees them ----------------------------------------------

Kind = Literal["number", "text"]
FloatArray = npt.NDArray[np.float64]


class _Columns:
    """Read-only, cached numpy views of the columns the evidence prints; absent reads as unknown."""

    def __init__(self, frame: pd.DataFrame, profile: Profile) -> None:
        self._frame = frame
        self._profile = profile
        self._numbers: dict[str, FloatArray] = {}
        self._texts: dict[str, npt.NDArray[np.object_]] = {}
        self._answers: dict[rules.Rule, npt.NDArray[np.bool_]] = {}

    def holds(self, rule: rules.Rule) -> npt.NDArray[np.bool_]:
        """Where the rule says yes ("no" and "unknown" are both False)."""
        if rule not in self._answers:
            answer = rule(self._frame, self._profile)
            self._answers[rule] = answer.to_numpy(dtype=bool, na_value=False)
        return self._answers[rule]

    def number(self, name: str) -> FloatArray:
        """The column as floats, NaN where unknown."""
        if name not in self._numbers:
            values = rules.number(self._frame, name).to_numpy(dtype="float64", na_value=np.nan)
            # + 0.0 turns -0.0 into 0.0, which would print as "-0.0".
            self._numbers[name] = values + 0.0
        return self._numbers[name]

    def text(self, name: str) -> npt.NDArray[np.object_]:
        """The column as Python strings, pandas NA where unknown."""
        if name not in self._texts:
            self._texts[name] = rules.text(self._frame, name).to_numpy(dtype=object)
        return self._texts[name]

    def value_at(self, name: str, kind: Kind, row: int) -> Value:
        """One cell as the evidence reads it: a float, a str, or None when unknown."""
        if kind == "text":
            return as_text(self.text(name)[row])
        number = float(self.number(name)[row])
        return None if math.isnan(number) else number


# --- the rules' tags ----------------------------------------------------------------


@dataclass(frozen=True)
class _Rule:
    """One cause's tag: the rule (article.rules) that sets it, and the words that explain it."""

    cause_id: str
    certainty: Certainty
    holds: rules.Rule
    # The context values the evidence prints, in the order `evidence` reads them.
    inputs: tuple[tuple[str, Kind], ...]
    evidence: Callable[[Values, Profile], str]
    describe: Callable[[Profile], str]
    # Inputs the evidence prints with `pair` next to a profile threshold.
    shown_against: Mapping[str, Callable[[Profile], float]] = field(default_factory=dict)
    # Rules whose yes (True) or not (False) the evidence reads after the inputs.
    reads: tuple[rules.Rule, ...] = ()


RULES: tuple[_Rule, ...] = (
    _Rule(
        "not_enough_stretching",
        LIKELY,
        rules.no_stretching,
        (),
        constant_evidence("You did not stretch before bed"),
        lambda p: "you did not stretch before bed",
    ),
    _Rule(
        "muscle_fatigue",
        LIKELY,
        rules.long_exercise,
        (("exercise_min", "number"),),
        fatigue_evidence,
        lambda p: f"{p.long_exercise_min} min of exercise or more",
    ),
    _Rule(
        "exercise_in_heat",
        LIKELY,
        rules.exercise_in_heat,
        (("exercise_min", "number"), ("exercise_intensity", "text")),
        heat_evidence,
        lambda p: "a hot day on which you exercised",
    ),
    _Rule(
        "dehydration",
        LIKELY,
        rules.below_water_target,
        (("water_l", "number"),),
        water_evidence,
        lambda p: f"less than {p.water_target_l:.1f} L of water",
        shown_against={"water_l": lambda p: p.water_target_l},
    ),
    _Rule(
        "electrolyte_imbalance",
        POSSIBLE,
        rules.cramps_all_over,
        (),
        constant_evidence(
            "Cramps all over the body can point to an electrolyte imbalance, which a diary "
            "cannot measure; this is also a sign to get emergency care, and to ask your "
            "provider about it"
        ),
        lambda p: "possible only: the cramp came with cramps all over the body",
    ),
    _Rule(
        "stress",
        LIKELY,
        rules.high_stress,
        (("stress", "number"),),
        stress_evidence,
        lambda p: f"stress of {p.high_stress}/10 or more",
    ),
    _Rule(
        "high_intensity_exercise",
        LIKELY,
        rules.vigorous_exercise,
        (),
        constant_evidence("Vigorous exercise that day"),
        lambda p: "vigorous exercise",
    ),
    _Rule(
        "long_sitting",
        LIKELY,
        rules.long_sitting,
        (("sitting_h", "number"),),
        hours_evidence("sitting", "sitting"),
        lambda p: f"{p.long_sitting_h:g} h of sitting or more",
        shown_against={"sitting_h": lambda p: p.long_sitting_h},
    ),
    _Rule(
        "muscle_overuse",
        LIKELY,
        rules.heavy_muscle_load,
        (("exercise_min", "number"), ("hard_floor_h", "number")),
        overuse_evidence,
        lambda p: (
            f"{p.long_exercise_min} min of exercise or {p.long_standing_h:g} h standing on "
            "hard floors, or more"
        ),
        shown_against={"hard_floor_h": lambda p: p.long_standing_h},
        reads=(rules.long_exercise, rules.long_standing),
    ),
    _Rule(
        "hard_floors",
        LIKELY,
        rules.long_standing,
        (("hard_floor_h", "number"),),
        hours_evidence("standing on hard floors", "standing"),
        lambda p: f"{p.long_standing_h:g} h standing on hard floors or more",
        shown_against={"hard_floor_h": lambda p: p.long_standing_h},
    ),
    _Rule(
        "medication_side_effect",
        LIKELY,
        rules.new_medication,
        (),
        constant_evidence(
            "A new or changed medication that day; ask your provider whether it can cause cramps"
        ),
        lambda p: "a new or changed medication",
    ),
)

# Tags come out in CAUSES order; RULES follows it (a test checks), which the
# vectorised sort in `tag_episodes` relies on.
_CAUSE_IDS: tuple[str, ...] = tuple(c.id for c in CAUSES)


def rule_descriptions(profile: Profile) -> Mapping[str, str]:
    """For each taggable cause, when it is tagged, in plain words with this profile's numbers."""
    return {rule.cause_id: rule.describe(profile) for rule in RULES}


# --- one episode -----------------------------------------------------------------


def tag_episode(episode: Episode, context: NightContext, profile: Profile) -> tuple[CauseTag, ...]:
    """The cause tags of one episode, from its night's context and the person's thresholds.

    It runs `tag_episodes` on a one-row frame, so one cramp and a whole diary
    are tagged by the very same rules.
    """
    row: dict[str, object] = {name: getattr(context, name) for name in CONTEXT_FIELDS}
    frame = pd.DataFrame(
        [{"episode_id": 1, "warning_signs": LIST_SEPARATOR.join(episode.warning_signs), **row}]
    ).astype({"episode_id": "Int64", "warning_signs": "string", **CONTEXT_DTYPES})
    return tags_by_episode(tag_episodes(frame, profile)).get(1, ())


# --- a whole frame ---------------------------------------------------------------


def _evidence_codes(
    rule: _Rule, columns: _Columns, rows: npt.NDArray[np.intp], profile: Profile
) -> tuple[list[str], npt.NDArray[np.intp]]:
    """Evidence for the tagged rows: the distinct texts and, per row, which one it gets.

    Rows whose inputs would print alike share one text, so the (scalar)
    evidence function runs once per distinct printed combination, not per row.
    """
    keys: list[npt.NDArray[Any]] = []
    for name, kind in rule.inputs:
        if name in rule.shown_against:
            threshold = rule.shown_against[name](profile)
            keys.extend(pair_keys(columns.number(name)[rows], threshold))
        else:
            keys.append((columns.number(name) if kind == "number" else columns.text(name))[rows])
    keys.extend(columns.holds(read)[rows] for read in rule.reads)
    combined = np.zeros(rows.size, dtype=np.int64)
    for key in keys:
        codes, uniques = pd.factorize(key, use_na_sentinel=True)
        # Re-factorising after each step keeps the combined code below rows.size.
        combined = pd.factorize(combined * (len(uniques) + 1) + (codes + 1))[0].astype(np.int64)
    group, distinct = pd.factorize(combined)
    first = np.empty(len(distinct), dtype=np.intp)
    # Assigning in reverse leaves each group's first row in place.
    first[group[::-1]] = np.arange(rows.size, dtype=np.intp)[::-1]
    texts = [
        rule.evidence(
            tuple(columns.value_at(name, kind, int(rows[i])) for name, kind in rule.inputs)
            + tuple(bool(columns.holds(read)[rows[i]]) for read in rule.reads),
            profile,
        )
        for i in first
    ]
    return texts, group.astype(np.intp)


def empty_tags() -> pd.DataFrame:
    """A tags frame with no rows but every column and dtype."""
    return pd.DataFrame(
        {
            "episode_id": pd.Series(dtype="Int64"),
            "cause_id": pd.Categorical([], categories=list(_CAUSE_IDS)),
            "certainty": pd.Categorical([], categories=list(CERTAINTIES)),
            "evidence": pd.Categorical([]),
        }
    )


def tag_episodes(episodes: pd.DataFrame, profile: Profile) -> pd.DataFrame:
    """Tag every episode of a standard episodes frame (core.frames) at once.

    Returns a long frame, one row per tag: `episode_id` (Int64), `cause_id`
    (categorical over core.article.causes.CAUSES ids, in that order), `certainty`
    (categorical: "likely-context", "possible") and `evidence` (categorical
    text: a diary repeats the same few sentences, and turning millions of rows
    into separate strings would cost more than the tagging itself).
    Rows follow the episodes' order, and within an episode the order of CAUSES,
    exactly as `tag_episode` returns them. Untagged episodes have no rows.
    """
    if len(episodes) == 0:
        return empty_tags()
    columns = _Columns(episodes, profile)
    row_parts: list[npt.NDArray[np.intp]] = []
    cause_parts: list[npt.NDArray[np.intp]] = []
    certainty_parts: list[npt.NDArray[np.intp]] = []
    evidence_parts: list[npt.NDArray[np.intp]] = []
    evidence_index: dict[str, int] = {}
    for rule in RULES:
        rows = np.flatnonzero(columns.holds(rule.holds))
        if rows.size == 0:
            continue
        texts, group = _evidence_codes(rule, columns, rows, profile)
        text_codes = np.array(
            [evidence_index.setdefault(t, len(evidence_index)) for t in texts], dtype=np.intp
        )
        row_parts.append(rows)
        cause_parts.append(np.full(rows.size, _CAUSE_IDS.index(rule.cause_id), dtype=np.intp))
        certainty_parts.append(np.full(rows.size, CERTAINTIES.index(rule.certainty), dtype=np.intp))
        evidence_parts.append(text_codes[group])
    if not row_parts:
        return empty_tags()
    all_rows = np.concatenate(row_parts)
    # Parts were added in rule (= CAUSES) order; a stable sort by row keeps it per episode.
    order = np.argsort(all_rows, kind="stable")
    ids = episodes["episode_id"].array.take(all_rows[order])
    evidence = pd.Categorical.from_codes(
        np.concatenate(evidence_parts)[order], dtype=pd.CategoricalDtype(list(evidence_index))
    )
    return pd.DataFrame(
        {
            "episode_id": pd.array(ids, dtype="Int64"),
            "cause_id": pd.Categorical.from_codes(
                np.concatenate(cause_parts)[order], dtype=pd.CategoricalDtype(list(_CAUSE_IDS))
            ),
            "certainty": pd.Categorical.from_codes(
                np.concatenate(certainty_parts)[order], dtype=pd.CategoricalDtype(list(CERTAINTIES))
            ),
            "evidence": evidence,
        }
    )


def tags_by_episode(tags: pd.DataFrame) -> dict[int, tuple[CauseTag, ...]]:
    """Turn a `tag_episodes` frame into per-episode tuples, as `tag_episode` returns them.

    Meant for small frames (a page's detail view, tests): it walks the rows.
    Episodes without tags are absent from the result.
    """
    result: dict[int, list[CauseTag]] = {}
    for episode_id, cause_id, certainty, evidence in zip(
        tags["episode_id"], tags["cause_id"], tags["certainty"], tags["evidence"], strict=True
    ):
        tag = CauseTag(str(cause_id), LIKELY if certainty == LIKELY else POSSIBLE, str(evidence))
        result.setdefault(int(episode_id), []).append(tag)
    return {episode_id: tuple(found) for episode_id, found in result.items()}


def possible_unmeasured_causes() -> tuple[CauseTag, ...]:
    """Causes a diary cannot see, listed once for the whole diary as "possible".

    These are the vitamin and mineral deficiencies, electrolyte imbalance and
    sitting posture; the evidence is the article's advice (ask a provider about
    testing or supplements) or says that the diary does not record it.
    """
    return tuple(
        CauseTag(
            cause.id,
            POSSIBLE,
            cause.advice
            or "The diary does not record this, so it can neither be shown nor ruled out.",
        )
        for cause in CAUSES
        if not cause.measurable
    )
