"""Testing one factor's shapes against the model of everything else, and estimating it.

- **Score test.** Each candidate shape is scored against the Firth logistic
  model without the factor (a Rao score test, efficient score residualised on
  the other terms). The factor's p-value is that of the *best* shape, from the
  joint law of all its shapes' scores (a maximally selected statistic, Lausen &
  Schumacher 1992), so trying several cut points costs what it should.
- **Spells.** Cramps and context come in spells, so nights are not
  independent: each score's variance is the larger of the model's and a
  Newey–West (Bartlett) estimate over `SPELL_LAG_NIGHTS` nights of lag, read
  from the residuals left once the term's own coefficient is fitted (else a
  real effect on a run of nights would count as a spell against itself).
- **Short diaries and skewed shapes.** The no-effect model's nights are
  redrawn `BOOTSTRAP_DRAWS` times. The uniforms are drawn night by night from
  a fixed seed, so one more logged night adds a row and leaves every earlier
  night's draws as they were: a verdict does not flicker with the diary's length.
- **Rare yes/no factors** (a medicine for two weeks) are judged by an exact
  test: the count of cramp nights on the factor's rarer side against its
  Poisson-binomial law under the no-effect model. Overwhelming evidence on a
  few nights is never "not enough data".
- **Estimates** come from one Firth model holding every factor at its best
  shape, with profile-likelihood 95% intervals (`firthmodels`).
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from functools import cache
from statistics import NormalDist
from typing import Literal

import numpy as np
from firthmodels import FirthLogisticRegression
from scipy.special import expit
from statsmodels.discrete.discrete_model import Logit
from statsmodels.tools.sm_exceptions import PerfectSeparationError

from core.stats.trigger_model.config import (
    ALTERNATIVE_STEPS,
    BETA_BOUND,
    BOOTSTRAP_DRAWS,
    BOOTSTRAP_MAX_NIGHTS,
    CONFIDENCE,
    MIN_EXPECTED_CRAMP_NIGHTS,
    MIN_KNOWN_NIGHTS,
    MIN_RARE_NIGHTS,
    MIN_SIDE_NIGHTS,
    NORMAL_MIN_EXPECTED,
    NULL_DRAWS,
    NULL_SEED,
    SPELL_LAG_NIGHTS,
    TIE_TOLERANCE,
    ModelConfig,
)
from core.stats.trigger_model.shapes import Array, Shape

Candidate = tuple[Shape, Array]


@dataclass(frozen=True)
class Scores:
    """Each candidate shape's score against the model without the factor."""

    z: Array  # standardised, with the variance widened for spells
    corr: Array
    residual: Array  # the shapes' terms, less what the other terms explain
    sd: Array  # the independent-nights standard deviation of each score
    fitted: Array  # each night's chance of a cramp under the model without the factor


@dataclass(frozen=True)
class Tested:
    """One factor's test: its p-value (before Holm) and the shape it chose."""

    p_value: float
    shape: Shape
    term: Array
    exact: bool = False  # judged by the exact test for rare factors


def fit(design: Array, y: Array) -> FirthLogisticRegression | None:
    """Firth logistic regression; None when the design cannot be fitted."""
    # The intercept is the design's first column, so a model of the intercept alone can be fitted.
    model = FirthLogisticRegression(backend="numpy", fit_intercept=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            model.fit(design, y)
        except (ValueError, np.linalg.LinAlgError):
            return None
    if not model.converged_ or not np.all(np.isfinite(model.bse_)):
        return None
    return model


def filled(term: Array) -> Array:
    """A term with its blank nights set to the mean of the recorded ones."""
    known = ~np.isnan(term)
    return np.where(known, term, term[known].mean() if known.any() else 0.0)


def is_yes_no(term: Array) -> bool:
    """True when every recorded value of the term is 0 or 1."""
    known = term[~np.isnan(term)]
    return bool(np.all((known == 0) | (known == 1)))


def rarer_side(term: Array) -> int:
    """Recorded nights on the term's rarer side, in the units that matter.

    A yes/no term: the nights with it, or without it, whichever are fewer. An
    amount: the nights above its median, or at or below it, whichever are fewer
    (so "per litre less water" counts half the nights, and "per half hour of
    exercise on a hot day", mostly 0, counts the nights that are not 0).
    """
    known = term[~np.isnan(term)]
    if len(known) == 0:
        return 0
    if is_yes_no(term):
        present = int(np.count_nonzero(known))
        return min(present, len(known) - present)
    above = int(np.count_nonzero(known > np.median(known)))
    return min(above, len(known) - above)


def usable(term: Array, cramp_share: float) -> bool:
    """Enough recorded nights, and enough expected cramp nights on the rarer side."""
    known = term[~np.isnan(term)]
    if len(known) < MIN_KNOWN_NIGHTS or np.ptp(known) == 0:
        return False
    side = rarer_side(term)
    rarer_outcome = min(cramp_share, 1 - cramp_share)
    return side >= MIN_SIDE_NIGHTS and side * rarer_outcome >= MIN_EXPECTED_CRAMP_NIGHTS


def rare_usable(term: Array) -> bool:
    """A yes/no term too rare for the score test that the exact test can still judge."""
    known = term[~np.isnan(term)]
    return (
        len(known) >= MIN_KNOWN_NIGHTS and is_yes_no(term) and rarer_side(term) >= MIN_RARE_NIGHTS
    )


def score_test(design: Array, y: Array, fitted: Array, terms: Array, config: ModelConfig) -> Scores:
    """Rao score test of each candidate term against a fitted model (efficient scores)."""
    x = design
    w = fitted * (1 - fitted)
    xtw = x.T * w
    # Least squares, not solve: a design that is only nearly of full rank must not raise.
    residual = terms - x @ np.linalg.lstsq(xtw @ x, xtw @ terms, rcond=None)[0]
    score = residual.T @ (y - fitted)
    info = (residual.T * w) @ residual
    sd = np.sqrt(np.clip(np.diag(info), 1e-12, None))
    spread = sd
    if config.allow_spells:
        contributions = residual * _alternative_residuals(residual, y, fitted)
        spread = sd * np.sqrt(_spell_inflation(contributions, sd**2))
    return Scores(score / spread, info / np.outer(sd, sd), residual, sd, fitted)


def _alternative_residuals(residual: Array, y: Array, fitted: Array) -> Array:
    """Each night's cramp minus its chance once each term's own coefficient is fitted.

    Spells are judged on what a term leaves unexplained: with the no-effect
    model's residuals, a real effect on a run of nights (three weeks on a
    medicine) looks like a spell itself and widens its own variance until no
    effect, however strong, can stand out. A few Newton steps fit each term's
    coefficient with the rest of the model held (bounded, for a term that
    separates the nights).
    """
    eta = np.log(fitted / (1 - fitted))[:, None]
    beta = np.zeros(residual.shape[1])
    for _ in range(ALTERNATIVE_STEPS):
        chance = expit(eta + residual * beta)
        gradient = residual.T @ y - np.einsum("ij,ij->j", residual, chance)
        curvature = np.einsum("ij,ij->j", residual**2, chance * (1 - chance))
        beta = np.clip(beta + gradient / np.maximum(curvature, 1e-12), -BETA_BOUND, BETA_BOUND)
    return np.asarray(y[:, None] - expit(eta + residual * beta), dtype=float)


def _spell_inflation(contributions: Array, variance: Array) -> Array:
    """How much spells widen each score's variance: the Newey–West ratio, never below 1.

    The contributions come from the residuals left once the term is fitted
    (`_alternative_residuals`), so a real effect does not widen its own
    variance. The ratio is taken as it is: taking it one standard error down
    (to spare clean diaries) let family-wise false alarms reach 10% of 300
    realistic one-year diaries once the residuals no longer held the effect.
    """
    ratio = _spell_variance(contributions) / variance
    return np.asarray(np.maximum(1.0, ratio), dtype=float)


def _spell_variance(contributions: Array) -> Array:
    """Newey–West variance of each column's sum (Bartlett weights, `SPELL_LAG_NIGHTS` lags)."""
    total = np.einsum("ij,ij->j", contributions, contributions)
    for lag in range(1, min(SPELL_LAG_NIGHTS, len(contributions) - 1) + 1):
        weight = 1 - lag / (SPELL_LAG_NIGHTS + 1)
        total = total + 2 * weight * np.einsum(
            "ij,ij->j", contributions[lag:], contributions[:-lag]
        )
    return np.asarray(total, dtype=float)


def best_index(z: Array) -> int:
    """The best shape: the highest statistic; within `TIE_TOLERANCE`, the first (simplest)."""
    best = float(z.max())
    return int(np.flatnonzero(z >= best - TIE_TOLERANCE * max(1.0, abs(best)))[0])


@cache
def _normal_draws(k: int) -> Array:
    """Standard normal draws for the best-shape statistic; fixed seed, made once."""
    return np.random.default_rng(NULL_SEED).standard_normal((NULL_DRAWS, k))


_uniforms: list[np.ndarray] = []


def _night_uniforms(n: int) -> np.ndarray:
    """`BOOTSTRAP_DRAWS` uniforms for each of the first n nights, night by night, fixed seed.

    Drawn in night order from one stream, so night i's draws are the same
    whatever the diary's length (a longer block starts with the shorter one).
    """
    if not _uniforms or len(_uniforms[0]) < n:
        rows = max(n, BOOTSTRAP_MAX_NIGHTS)
        rng = np.random.default_rng(NULL_SEED)
        _uniforms[:] = [rng.random((rows, BOOTSTRAP_DRAWS), dtype=np.float32)]
    return _uniforms[0][:n]


def best_shape_p(scores: Scores, skewed: bool, config: ModelConfig) -> float:
    """P(the best shape's z reaches the observed one, with no effect), over every shape tried.

    Without `pay_for_shapes` (a broken variant for validation only) the best
    shape is judged as if it had been the only one tried.
    """
    observed = float(scores.z.max())
    if skewed or len(scores.fitted) <= BOOTSTRAP_MAX_NIGHTS:
        fitted = scores.fitted.astype(np.float32)
        redrawn = _night_uniforms(len(fitted)) < fitted[:, None]
        z = (scores.residual.T @ (redrawn - fitted[:, None])) / scores.sd[:, None]
        best = z.max(axis=0) if config.pay_for_shapes else z[best_index(scores.z)]
        return float((np.count_nonzero(best >= observed - 1e-9) + 1) / (BOOTSTRAP_DRAWS + 1))
    if len(scores.z) == 1 or not config.pay_for_shapes:
        return NormalDist().cdf(-observed)
    values, vectors = np.linalg.eigh(scores.corr)
    root = vectors * np.sqrt(np.clip(values, 0, None))
    simulated = (_normal_draws(len(scores.z)) @ root.T).max(axis=1)
    return float((np.count_nonzero(simulated >= observed) + 1) / (NULL_DRAWS + 1))


def null_fitted(design: Array, y: Array) -> Array | None:
    """Each night's chance of a cramp under the model without the factor; None if unfit.

    Firth's model for diaries up to `BOOTSTRAP_MAX_NIGHTS`; on longer ones, where
    Firth's penalty no longer matters, plain maximum likelihood (statsmodels),
    several times faster, so Why on a ten-year diary stays quick.
    """
    if len(y) > BOOTSTRAP_MAX_NIGHTS:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                result = Logit(y, design, check_rank=False).fit(method="newton", disp=0, maxiter=50)
            except (ValueError, np.linalg.LinAlgError, PerfectSeparationError):
                result = None
        if result is not None and result.mle_retvals["converged"]:
            return np.asarray(expit(design @ result.params), dtype=float)
    model = fit(design, y)
    return None if model is None else np.asarray(expit(design @ model.coef_), dtype=float)


def test_shapes(
    design: Array, y: Array, shapes: list[Candidate], config: ModelConfig
) -> Tested | None:
    """One factor's best shape and its p-value, against the model of everything else."""
    fitted = null_fitted(design, y)
    if fitted is None:
        return None
    terms = np.column_stack([filled(t) for _, t in shapes])
    scores = score_test(design, y, fitted, terms, config)
    rarer_outcome = min(float(y.mean()), 1 - float(y.mean()))
    skewed = any(rarer_side(t) * rarer_outcome < NORMAL_MIN_EXPECTED for _, t in shapes)
    shape, term = shapes[best_index(scores.z)]
    return Tested(best_shape_p(scores, skewed, config), shape, term)


def exact_rare_test(design: Array, y: Array, candidate: Candidate) -> Tested | None:
    """A rare yes/no factor: are its cramp nights more than the no-effect model expects?

    The count of cramp nights on the factor's rarer side (the nights with it,
    or the few without it) against its exact Poisson-binomial law, each night's
    chance from the model without the factor. One-sided, like the score test:
    a factor that raises the chance of a cramp night.
    """
    fitted = null_fitted(design, y)
    if fitted is None:
        return None
    shape, term = candidate
    known = ~np.isnan(term)
    present = known & (term == 1)
    absent = known & (term == 0)
    side = present if present.sum() <= absent.sum() else absent
    law = poisson_binomial(fitted[side])
    count = int(y[side].sum())
    # With the factor on its rarer side, "raises" means many cramp nights there; without, few.
    p = float(law[count:].sum()) if side is present else float(law[: count + 1].sum())
    return Tested(min(1.0, p), shape, term, exact=True)


def poisson_binomial(chances: Array) -> Array:
    """The law of a count of independent yes/no nights with these chances (index = count)."""
    law = np.array([1.0])
    for chance in chances:
        law = np.convolve(law, [1 - chance, chance])
    return law


def estimates(
    design: Array, y: Array, factor_ids: list[str], profiled: bool = False
) -> dict[str, tuple[float, float, float]]:
    """Odds ratios with Firth 95% intervals for the design's last columns, one per factor id."""
    model = fit(design, y)
    if model is None or not factor_ids:
        return {}
    first = design.shape[1] - len(factor_ids)
    columns = list(range(first, design.shape[1]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # Profile likelihood where the likelihood is lopsided (few nights, or a rare factor:
        # `profiled`); on long diaries it is near quadratic and Wald's interval is the same.
        method: Literal["pl", "wald"] = (
            "pl" if profiled or len(y) <= BOOTSTRAP_MAX_NIGHTS else "wald"
        )
        intervals = model.conf_int(alpha=1 - CONFIDENCE, method=method, features=columns)
    out = {}
    for i, factor_id in enumerate(factor_ids):
        low, high = (float(v) for v in intervals[first + i])
        if math.isnan(low) or math.isnan(high):
            continue
        out[factor_id] = (
            math.exp(float(model.coef_[first + i])),
            math.exp(low),
            math.exp(high),
        )
    return out


def holm_adjusted(p_values: list[float]) -> list[float]:
    """Holm's step-down adjusted p-values (as statsmodels' `multipletests(method="holm")`).

    Written out because statsmodels' version runs a full garbage collection on
    every call: half a second inside a Streamlit server holding many objects.
    """
    p = np.asarray(p_values, dtype=float)
    order = np.argsort(p)
    m = len(p)
    stepped = np.maximum.accumulate(p[order] * (m - np.arange(m)))
    adjusted = np.empty(m)
    adjusted[order] = np.minimum(stepped, 1.0)
    return adjusted.tolist()
