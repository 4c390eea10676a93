"""The trigger analysis, phase by phase: candidates, the shared design, tests, estimates, verdicts.

See the package docstring (`core.stats.trigger_model`) for the choices and why.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from core.profile import Profile
from core.stats.time_series import yearly_wave
from core.stats.trigger_model.config import (
    DEFAULT_CONFIG,
    DETECTABLE_ODDS_RATIO,
    MIN_CRAMP_NIGHTS,
    MIN_KNOWN_NIGHTS,
    MIN_UNKNOWN_NIGHTS,
    OFTEN_BLANK_SHARE,
    SEASON_MIN_NIGHTS,
    ModelConfig,
)
from core.stats.trigger_model.finding import TriggerAnalysis, TriggerFinding, Verdict
from core.stats.trigger_model.scores import (
    Candidate,
    Tested,
    estimates,
    exact_rare_test,
    filled,
    holm_adjusted,
    rare_usable,
    test_shapes,
    usable,
)
from core.stats.trigger_model.shapes import (
    MODEL_FACTORS,
    Array,
    ModelFactor,
    amounts,
    field_known,
    shape_terms,
)


@dataclass(frozen=True)
class Candidates:
    """A factor's shapes worth trying on this diary, and how it is tested."""

    shapes: list[Candidate]
    rare: bool  # too rare for the score test: the exact test judges its own shape


@dataclass(frozen=True)
class Diary:
    """The diary as the model sees it: outcome, amounts, and each factor's own-threshold term."""

    y: Array
    own: dict[str, Array]
    cramp_share: float
    season: bool

    @property
    def n(self) -> int:
        """Nights in the diary."""
        return len(self.y)


def analyse_triggers(
    nights: pd.DataFrame, profile: Profile, config: ModelConfig = DEFAULT_CONFIG
) -> TriggerAnalysis:
    """Judge every factor at once on the given nights (see the package docstring)."""
    # Many small matrix products: BLAS threads only contend with each other (and the server).
    with threadpool_limits(1, "blas"):
        return _analyse(nights.sort_values("night", ignore_index=True), profile, config)


def _analyse(nights: pd.DataFrame, profile: Profile, config: ModelConfig) -> TriggerAnalysis:
    y = (nights["episode_count"].fillna(0).to_numpy(dtype=float) > 0).astype(float)
    n = len(y)
    a = amounts(nights)
    span = int((nights["night"].max() - nights["night"].min()).days) + 1 if n else 0
    terms = {f.id: shape_terms(f, nights, profile, a) for f in MODEL_FACTORS}
    diary = Diary(
        y=y,
        own={f.id: terms[f.id][0][1] for f in MODEL_FACTORS},
        cramp_share=float(y.mean()) if n else 0.0,
        season=span >= SEASON_MIN_NIGHTS,
    )
    candidates = _candidates(diary, terms)
    base = _base_design(nights, a, diary, candidates)
    tested, estimated = _judge(base, diary, candidates, config)
    adjusted = dict(zip(tested, holm_adjusted([t.p_value for t in tested.values()]), strict=True))
    findings = tuple(
        _finding(
            f,
            diary,
            len(candidates),
            tested.get(f.id),
            adjusted.get(f.id),
            estimated.get(f.id),
            config,
        )
        for f in MODEL_FACTORS
    )
    return TriggerAnalysis(
        nights=n, cramp_nights=int(y.sum()), findings=findings, season_adjusted=diary.season
    )


def _candidates(diary: Diary, terms: dict[str, list[Candidate]]) -> dict[str, Candidates]:
    """Each factor's shapes that this diary can judge (none before enough cramp nights)."""
    cramp_nights = int(diary.y.sum())
    if min(cramp_nights, diary.n - cramp_nights) < MIN_CRAMP_NIGHTS:
        return {}
    out = {}
    for factor in MODEL_FACTORS:
        shapes = [(s, t) for s, t in terms[factor.id] if usable(t, diary.cramp_share)]
        if shapes:
            out[factor.id] = Candidates(_distinct(shapes), rare=False)
        elif rare_usable(terms[factor.id][0][1]):
            out[factor.id] = Candidates([terms[factor.id][0]], rare=True)
    return out


def _base_design(
    nights: pd.DataFrame, a: dict[str, Array], diary: Diary, candidates: dict[str, Candidates]
) -> Array:
    """Intercept, the yearly wave, and "not recorded" indicators for often-blank fields."""
    n = diary.n
    nuisance = [yearly_wave(nights)] if diary.season else []
    fields = {f for factor in MODEL_FACTORS if factor.id in candidates for f in factor.fields}
    blanks = [~field_known(a, f) for f in sorted(fields)]
    whole_night = np.logical_and.reduce(blanks) if blanks else np.zeros(n, dtype=bool)
    often_blank = [b for b in blanks if b.sum() >= OFTEN_BLANK_SHARE * n]
    nuisance.extend(
        _distinct_columns(
            [
                b.astype(float)
                for b in (whole_night, *often_blank)
                if MIN_UNKNOWN_NIGHTS <= b.sum() <= n - MIN_KNOWN_NIGHTS
            ]
        )
    )
    return np.column_stack([np.ones(n), *nuisance])


def _test(design: Array, y: Array, candidates: Candidates, config: ModelConfig) -> Tested | None:
    if candidates.rare:
        return exact_rare_test(design, y, candidates.shapes[0])
    return test_shapes(design, y, candidates.shapes, config)


def _judge(
    base: Array, diary: Diary, candidates: dict[str, Candidates], config: ModelConfig
) -> tuple[dict[str, Tested], dict[str, tuple[float, float, float]]]:
    """Test each factor against the model of all the others; estimate all in one model."""
    y = diary.y
    mains = [f for f in MODEL_FACTORS if f.id in candidates and not f.combination]
    combos = [f for f in MODEL_FACTORS if f.id in candidates and f.combination]
    tested: dict[str, Tested] = {}
    for factor in mains:
        others = [filled(candidates[f.id].shapes[0][1]) for f in mains if f is not factor]
        result = _test(np.column_stack([base, *others]), y, candidates[factor.id], config)
        if result is not None:
            tested[factor.id] = result
    # Estimates come from one model holding every factor at its best shape; the combination
    # is tested against that same model, then estimated with it added.
    judged = [f.id for f in mains if f.id in tested]
    final = np.column_stack([base, *(filled(tested[i].term) for i in judged)])
    estimated = estimates(final, y, judged, _any_exact(tested))
    for factor in combos:
        _judge_combination(factor, final, diary, candidates[factor.id], config, tested, estimated)
    return tested, estimated


def _any_exact(tested: dict[str, Tested]) -> bool:
    """True when a rare factor was judged exactly (its interval is then profiled)."""
    return any(t.exact for t in tested.values())


def _judge_combination(
    factor: ModelFactor,
    final: Array,
    diary: Diary,
    candidates: Candidates,
    config: ModelConfig,
    tested: dict[str, Tested],
    estimated: dict[str, tuple[float, float, float]],
) -> None:
    """A combination, beyond its parts: tested against the model of every factor, then added."""
    result = _test(final, diary.y, candidates, config)
    if result is not None:
        tested[factor.id] = result
        with_it = np.column_stack([final, filled(result.term)])
        estimated |= estimates(with_it, diary.y, [factor.id], result.exact)


def _finding(
    factor: ModelFactor,
    diary: Diary,
    tests: int,
    tested: Tested | None,
    p_adjusted: float | None,
    estimate: tuple[float, float, float] | None,
    config: ModelConfig,
) -> TriggerFinding:
    own = diary.own[factor.id]
    known = int(np.count_nonzero(~np.isnan(own)))
    share = _own_share(own)
    common: dict[str, Any] = {
        "factor": factor.id,
        "title": factor.title,
        "cause_ids": factor.cause_ids,
        "nights_known": known,
        "share_present": share,
        "factors_tested": tests,
        "combination": factor.combination,
    }
    # The whole family's size, not today's: what the diary will be judged against.
    needed = _nights_needed(
        share if share is not None else 0.5, diary.cramp_share, len(MODEL_FACTORS), config
    )
    more = (
        max(1, math.ceil((needed - known) * diary.n / max(known, 1)))
        if math.isfinite(needed) and known
        else None
    )
    if tested is None or estimate is None or p_adjusted is None:
        return TriggerFinding(**common, verdict="not_enough_data", more_nights_needed=more)
    ratio, low, high = estimate
    verdict = _verdict(p_adjusted, low, high, known < needed, config)
    return TriggerFinding(
        **common,
        verdict=verdict,
        shape=tested.shape.words,
        per_unit=tested.shape.per_unit,
        odds_ratio=ratio,
        low=low,
        high=high,
        p_value=tested.p_value,
        p_adjusted=p_adjusted,
        exact=tested.exact,
        more_nights_needed=more if verdict == "not_enough_data" else None,
    )


def _verdict(
    p_adjusted: float, low: float, high: float, short: bool, config: ModelConfig
) -> Verdict:
    """Linked only when the family-wise test and the interval agree; a lone interval is a hint."""
    excludes_one = low > 1 or high < 1
    if p_adjusted < config.family_alpha and excludes_one:
        return "linked"
    if short and not excludes_one:
        return "not_enough_data"
    return "no_clear_link"


def _distinct(shapes: list[Candidate]) -> list[Candidate]:
    """Shapes whose terms differ on this diary (two cut points may split the nights alike)."""
    seen: list[Array] = []
    out = []
    for shape, term in shapes:
        if not any(np.array_equal(term, s, equal_nan=True) for s in seen):
            seen.append(term)
            out.append((shape, term))
    return out


def _distinct_columns(columns: list[Array]) -> list[Array]:
    out: list[Array] = []
    for column in columns:
        if not any(np.array_equal(column, c) for c in out):
            out.append(column)
    return out


def _nights_needed(share: float, cramp_share: float, tests: int, config: ModelConfig) -> float:
    """Recorded nights at which a `DETECTABLE_ODDS_RATIO` effect is found as often as missed."""
    from statistics import NormalDist

    z = NormalDist().inv_cdf(1 - config.family_alpha / (2 * max(tests, 1)))
    effect = math.log(DETECTABLE_ODDS_RATIO)
    spread = share * (1 - share) * cramp_share * (1 - cramp_share)
    return z**2 / (effect**2 * spread) if spread > 0 else math.inf


def _own_share(term: Array) -> float | None:
    known = term[~np.isnan(term)]
    if len(known) == 0 or not set(np.unique(known)) <= {0.0, 1.0}:
        return None
    return float(known.mean())
