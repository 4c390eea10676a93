"""Which of the article's causes go with *this* person's cramp nights: one model for all at once.

The choices, and why:

- **Unit and outcome.** The night: was it a cramp night (yes/no)? Cramps per
  night add little (most cramp nights hold one cramp) and the yes/no outcome
  is what a person means by "a bad night".
- **One model.** Every factor sits in one logistic regression, so each is
  judged with the others held fixed: a habit that only goes with the real
  cause (long sitting on the days you skip the stretch) is not blamed.
- **Amounts as amounts, thresholds found, multiplicity paid for.** Each factor
  has a few candidate *shapes*: the person's own threshold (the one tagging and
  advice use), a few fixed cut points ("days under 1.5 L"), and a straight
  line per unit ("per litre less"). Each shape is scored against the model
  holding every other factor (a Rao score test, efficient score residualised on
  the other terms). The factor's p-value is that of the *best* shape, taken from
  the joint normal law of all its shapes' scores (a maximally selected
  statistic, Lausen & Schumacher 1992; the law is simulated with a fixed seed),
  so trying several cut points costs what it should and no more.
- **Combinations the article names** (vigorous exercise in heat) are a factor of
  their own: the extra effect of exercising on a hot day beyond heat and
  exercise apart, tested the same way against the model holding all factors.
- **Time of year.** A yearly wave (sine and cosine of the day of the year) is
  in every model once the diary spans `SEASON_MIN_NIGHTS`, so summer's heat,
  water and exercise are not mistaken for summer itself.
- **Few events.** Firth's penalised logistic regression (the `firthmodels`
  library; Jeffreys-prior penalty): finite, less biased estimates with twenty
  cramp nights and a dozen terms. Intervals are Firth's Wald 95% intervals
  for the chosen shape; they do not widen for the choice of shape (the verdict
  does).
- **Blanks.** A night with some context blank is kept. For each field left
  blank on at least `MIN_UNKNOWN_NIGHTS` nights the model gets a "not
  recorded" indicator, and the blank night's term is set to the mean of the
  recorded nights; so the factor's own effect is learnt from the nights where
  it was recorded, while those nights still inform every other factor.
- **False alarms.** Holm's step-down over the factors (and the combination) at
  a family-wise level of `FAMILY_ALPHA` = 10%: at most one diary in ten with no
  real effect shows any "linked". `python -m sample_data.validate` measures it.
- **Verdicts.** "linked" when the Holm-adjusted p is below `FAMILY_ALPHA`;
  otherwise "not enough data yet" while the diary could not yet find a
  strong effect more often than miss it (odds ratio `DETECTABLE_ODDS_RATIO`,
  at the first Holm level, for a factor at its share of your nights at your
  cramp rate), with the nights still needed; otherwise "no clear link yet".
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from statistics import NormalDist
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd
from firthmodels import FirthLogisticRegression
from scipy.special import expit
from threadpoolctl import threadpool_limits

from core.article import rules
from core.diary import CONTEXT_FIELDS
from core.profile import Profile
from core.stats import trigger_power
from core.vocab import INTENSITIES

FAMILY_ALPHA = 0.10
CONFIDENCE = 0.95
MIN_CRAMP_NIGHTS = 8  # cramp nights, and cramp-free nights, before any model is fitted
MIN_KNOWN_NIGHTS = 20  # nights with the field recorded before a factor enters the model
MIN_SIDE_NIGHTS = 8  # recorded nights on each side of a cut point for it to be a candidate
# A shape whose rarer side would hold fewer cramp nights than this, with no effect, is not tried;
# below the second figure its statistic is too skewed for the normal law (the bootstrap is used).
MIN_EXPECTED_CRAMP_NIGHTS = 2.0
NORMAL_MIN_EXPECTED = 5.0
MIN_UNKNOWN_NIGHTS = 5  # blank nights before a "not recorded" term is worth its place
OFTEN_BLANK_SHARE = 0.25  # a field blank this often gets its own "not recorded" term
SEASON_MIN_NIGHTS = 120  # a yearly wave needs a good part of a year to be told from noise
DETECTABLE_ODDS_RATIO = 3.0  # "enough data": this effect is found more often than missed
NULL_DRAWS = 20_000  # normal draws of the best-shape statistic under no effect
BOOTSTRAP_DRAWS = 2_000  # redrawn diaries under no effect, for diaries up to:
BOOTSTRAP_MAX_NIGHTS = 800
NULL_SEED = 12  # fixed: the same diary always gets the same answer

Verdict = Literal["linked", "no_clear_link", "not_enough_data"]
Array = npt.NDArray[np.float64]
Amounts = Mapping[str, Array]

# Intensities in the vocabulary's order, none to vigorous, as levels 0 to 3.
INTENSITY_LEVEL = {name: float(level) for level, name in enumerate(INTENSITIES)}


@dataclass(frozen=True)
class Shape:
    """One way a factor may act on cramp nights, as a model term built from the amounts."""

    words: str  # completes "the odds of a cramp night were 2 times as high …"
    per_unit: bool  # a straight line: the ratio is per unit ("per litre less")
    term: Callable[[Amounts], Array]  # NaN where the night's amount is not recorded


@dataclass(frozen=True)
class ModelFactor:
    """An article cause the model judges: its fields and its candidate shapes."""

    id: str  # the factor id of core.stats.triggers.FACTORS (for the cause it stands for)
    title: str
    cause_ids: tuple[str, ...]
    fields: tuple[str, ...]
    rule: rules.Rule  # yes/no at the person's own threshold (tagging's and advice's rule)
    shapes: Callable[[Profile], tuple[Shape, ...]]  # the person's own threshold first
    combination: bool = False


def _below(field: str, cut: float) -> Callable[[Amounts], Array]:
    return lambda a: np.where(np.isnan(a[field]), np.nan, (a[field] < cut).astype(float))


def _at_least(field: str, cut: float) -> Callable[[Amounts], Array]:
    return lambda a: np.where(np.isnan(a[field]), np.nan, (a[field] >= cut).astype(float))


def _scaled(field: str, scale: float) -> Callable[[Amounts], Array]:
    return lambda a: a[field] * scale


def _from_rule(a: Amounts) -> Array:
    """Marks the person's own-threshold shape: its term is the factor's rule (article.rules)."""
    raise AssertionError("the own-threshold term is read from the factor's rule")


def _own(words: str) -> Shape:
    return Shape(words, False, _from_rule)


def _others(own: float, grid: tuple[float, ...]) -> tuple[float, ...]:
    return tuple(c for c in grid if not math.isclose(c, own))


def _water(p: Profile) -> tuple[Shape, ...]:
    return (
        _own(f"on days under {p.water_target_l:g} L of water"),
        *(
            Shape(f"on days under {c:g} L of water", False, _below("water_l", c))
            for c in _others(p.water_target_l, (1.0, 1.5, 2.0, 2.5))
        ),
        Shape("per litre less water", True, _scaled("water_l", -1.0)),
    )


def _exercise(p: Profile) -> tuple[Shape, ...]:
    return (
        _own("on days with vigorous exercise"),
        Shape("on days with moderate or vigorous exercise", False, _at_least("intensity", 2)),
        Shape("per half hour of exercise", True, _scaled("exercise_min", 1 / 30)),
        *(
            Shape(
                f"on days with {m} minutes of exercise or more", False, _at_least("exercise_min", m)
            )
            for m in dict.fromkeys((p.long_exercise_min, 60))
        ),
    )


def _hours(field: str, what: str, own: float, grid: tuple[float, ...]) -> tuple[Shape, ...]:
    return (
        _own(f"on days of {own:g} hours {what} or more"),
        *(
            Shape(f"on days of {c:g} hours {what} or more", False, _at_least(field, c))
            for c in _others(own, grid)
        ),
        Shape(f"per hour {what}", True, _scaled(field, 1.0)),
    )


def _stress(p: Profile) -> tuple[Shape, ...]:
    return (
        _own(f"on days of stress {p.high_stress:g}/10 or more"),
        *(
            Shape(f"on days of stress {c:g}/10 or more", False, _at_least("stress", c))
            for c in _others(p.high_stress, (5, 7, 9))
        ),
        Shape("per point of stress (0–10)", True, _scaled("stress", 1.0)),
    )


def _only(words: str) -> Callable[[Profile], tuple[Shape, ...]]:
    return lambda p: (_own(words),)


def _in_heat(level: float, words: str) -> Shape:
    def term(a: Amounts) -> Array:
        both = (a["hot"] == 1) & (a["intensity"] >= level)
        return np.where(np.isnan(a["hot"]) | np.isnan(a["intensity"]), np.nan, both.astype(float))

    return Shape(words, False, term)


def _exercise_in_heat(p: Profile) -> tuple[Shape, ...]:
    return (
        _own("on hot days with some exercise"),
        _in_heat(3, "on hot days with vigorous exercise"),
        _in_heat(2, "on hot days with moderate or vigorous exercise"),
        Shape(
            "per half hour of exercise on a hot day",
            True,
            lambda a: a["hot"] * a["exercise_min"] / 30,
        ),
    )


MODEL_FACTORS: tuple[ModelFactor, ...] = (
    ModelFactor(
        "low_water", "Water", ("dehydration",), ("water_l",), rules.below_water_target, _water
    ),
    ModelFactor(
        "vigorous_exercise",
        "Exercise",
        ("high_intensity_exercise",),
        ("exercise_intensity", "exercise_min"),
        rules.vigorous_exercise,
        _exercise,
    ),
    ModelFactor(
        "heat", "Heat", ("exercise_in_heat",), ("hot",), rules.hot_day, _only("on hot days")
    ),
    ModelFactor(
        "no_stretching",
        "Stretching before bed",
        ("not_enough_stretching",),
        ("stretched",),
        rules.no_stretching,
        _only("on nights you did not stretch before bed"),
    ),
    ModelFactor(
        "long_sitting",
        "Sitting",
        ("long_sitting",),
        ("sitting_h",),
        rules.long_sitting,
        lambda p: _hours("sitting_h", "sitting", p.long_sitting_h, (4, 6, 8, 10)),
    ),
    ModelFactor(
        "hard_floor",
        "Standing on hard floors",
        ("hard_floors",),
        ("hard_floor_h",),
        rules.long_standing,
        lambda p: _hours("hard_floor_h", "on hard floors", p.long_standing_h, (2, 4, 6)),
    ),
    ModelFactor("high_stress", "Stress", ("stress",), ("stress",), rules.high_stress, _stress),
    ModelFactor(
        "new_medication",
        "New or changed medication",
        ("medication_side_effect",),
        ("new_medication",),
        rules.new_medication,
        _only("on days with a new or changed medication"),
    ),
    ModelFactor(
        "exercise_in_heat",
        "Exercise in heat",
        ("exercise_in_heat",),
        ("hot", "exercise_intensity", "exercise_min"),
        rules.exercise_in_heat,
        _exercise_in_heat,
        combination=True,
    ),
)


@dataclass(frozen=True)
class TriggerFinding:
    """What the diary says about one factor, in numbers and in one verdict."""

    factor: str
    title: str
    cause_ids: tuple[str, ...]
    verdict: Verdict
    nights_known: int  # nights with this factor's context recorded
    share_present: float | None  # share of those nights with it, at your own threshold
    shape: str | None = None  # the best-fitting shape, in words
    per_unit: bool = False
    odds_ratio: float | None = None
    low: float | None = None
    high: float | None = None
    p_value: float | None = None  # for the best shape, paid for trying every shape
    p_adjusted: float | None = None  # Holm, over every factor tested
    more_nights_needed: int | None = None
    factors_tested: int = 0
    combination: bool = False  # judged beyond its parts (exercise in heat)

    @property
    def linked(self) -> bool:
        """True when the factor is linked beyond chance (the only verdict that claims a link)."""
        return self.verdict == "linked"

    @property
    def direction(self) -> Literal["raises", "lowers"] | None:
        """Whether a linked factor goes with more or fewer cramp nights; None when not linked."""
        if not self.linked or self.odds_ratio is None:
            return None
        return "raises" if self.odds_ratio >= 1 else "lowers"

    @property
    def size(self) -> str | None:
        """The estimate and its interval in words, e.g. 'the odds … 2.6 times as high (…)'."""
        if self.odds_ratio is None or self.shape is None:
            return None
        ratio, low, high = (_ratio(v) for v in (self.odds_ratio, self.low, self.high))
        interval = f"95% CI {low}–{high}"
        if self.per_unit:
            return f"{self.shape}, the odds of a cramp night were {ratio} times ({interval})"
        beyond = " as heat and exercise apart would give" if self.combination else ""
        return (
            f"{self.shape} the odds of a cramp night were {ratio} times as high{beyond} "
            f"({interval})"
        )

    @property
    def sentence(self) -> str:
        """The finding in words a patient can read."""
        name = self.title.lower()
        if self.verdict == "not_enough_data":
            if self.share_present == 0:
                return (
                    f"Not enough data yet for {name}: none of the {self.nights_known} nights "
                    "with it recorded had it, so there is nothing to compare."
                )
            if self.more_nights_needed is None:
                need = f"Not enough data yet for {name}: record it on more nights."
            else:
                nights = "night" if self.more_nights_needed == 1 else "nights"
                need = (
                    f"Not enough data yet for {name}: about {self.more_nights_needed} more "
                    f"{nights} at your rate, with it recorded."
                )
            return f"{need} So far: {self.size}." if self.size else need
        size = self.size or ""
        size = size[0].upper() + size[1:]
        if self.linked:
            return f"Linked: {size}. Beyond chance, even with {self.factors_tested} factors tested."
        return f"No clear link yet with {name}. The best fit: {size} — chance could explain it."


def _ratio(value: float | None) -> str:
    if value is None or not math.isfinite(value):
        return "—"
    return f"{value:.2f}" if value < 10 else f"{value:.0f}"


@dataclass(frozen=True)
class TriggerAnalysis:
    """Every factor's finding from one model over the whole range of nights."""

    nights: int
    cramp_nights: int
    findings: tuple[TriggerFinding, ...]
    season_adjusted: bool

    @property
    def linked(self) -> tuple[TriggerFinding, ...]:
        """The findings called linked beyond chance."""
        return tuple(f for f in self.findings if f.linked)


def amounts(nights: pd.DataFrame) -> dict[str, Array]:
    """The night frame's context as float arrays (NaN where not recorded)."""
    out: dict[str, Array] = {}
    for column in CONTEXT_FIELDS:
        values = nights[column]
        name = column
        if column == "exercise_intensity":
            values, name = values.map(INTENSITY_LEVEL), "intensity"
        out[name] = np.asarray(
            values.astype("Float64").to_numpy(dtype=float, na_value=np.nan), dtype=np.float64
        )
    return out


def _rule_values(answer: pd.Series) -> Array:
    """A rule's yes/no/unknown as 1/0/NaN."""
    return np.asarray(answer.astype("Float64").to_numpy(dtype=float, na_value=np.nan))


def _field_known(a: Amounts, field: str) -> npt.NDArray[np.bool_]:
    return ~np.isnan(a["intensity" if field == "exercise_intensity" else field])


@cache
def _normal_draws(k: int) -> Array:
    """Standard normal draws for the best-shape statistic; fixed seed, made once."""
    return np.random.default_rng(NULL_SEED).standard_normal((NULL_DRAWS, k))


def _best_shape_p(scores: Scores, skewed: bool) -> float:
    """P(the best shape's z reaches the observed one, with no effect), over every shape tried.

    Short diaries, and shapes with few expected cramp nights on their rarer
    side: the no-effect model's nights are redrawn `BOOTSTRAP_DRAWS` times (a
    parametric bootstrap of the scores), which keeps the skew of few cramp
    nights that makes the normal law too hopeful in its tail. Otherwise: the
    scores' joint normal law, where that skew has gone.
    """
    observed = float(scores.z.max())
    if skewed or len(scores.fitted) <= BOOTSTRAP_MAX_NIGHTS:
        rng = np.random.default_rng(NULL_SEED)
        redrawn = rng.random((BOOTSTRAP_DRAWS, len(scores.fitted))) < scores.fitted
        z = ((redrawn - scores.fitted) @ scores.residual) / scores.sd
        best = z.max(axis=1)
        return float((np.count_nonzero(best >= observed - 1e-9) + 1) / (BOOTSTRAP_DRAWS + 1))
    if len(scores.z) == 1:
        return NormalDist().cdf(-observed)
    values, vectors = np.linalg.eigh(scores.corr)
    root = vectors * np.sqrt(np.clip(values, 0, None))
    simulated = (_normal_draws(len(scores.z)) @ root.T).max(axis=1)
    return float((np.count_nonzero(simulated >= observed) + 1) / (NULL_DRAWS + 1))


def _fit(design: Array, y: Array) -> FirthLogisticRegression | None:
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


@dataclass(frozen=True)
class Scores:
    """Each candidate shape's score against the model without the factor."""

    z: Array
    corr: Array
    residual: Array  # the shapes' terms, less what the other terms explain
    sd: Array
    fitted: Array  # each night's chance of a cramp under the model without the factor


def _score_test(design: Array, y: Array, fitted: Array, terms: Array) -> Scores:
    """Rao score test of each candidate term against a fitted model (efficient scores)."""
    x = design
    w = fitted * (1 - fitted)
    xtw = x.T * w
    # Least squares, not solve: a design that is only nearly of full rank must not raise.
    residual = terms - x @ np.linalg.lstsq(xtw @ x, xtw @ terms, rcond=None)[0]
    score = residual.T @ (y - fitted)
    info = (residual.T * w) @ residual
    sd = np.sqrt(np.clip(np.diag(info), 1e-12, None))
    return Scores(score / sd, info / np.outer(sd, sd), residual, sd, fitted)


def _filled(term: Array) -> Array:
    known = ~np.isnan(term)
    return np.where(known, term, term[known].mean() if known.any() else 0.0)


def _rarer_side(term: Array) -> int:
    """Recorded nights on the rarer side of a term (where it is 0, or where it is not)."""
    known = term[~np.isnan(term)]
    present = int(np.count_nonzero(known))
    return min(present, len(known) - present)


def _usable(term: Array, cramp_share: float) -> bool:
    """Enough recorded nights, and enough expected cramp nights where the term is not 0."""
    known = term[~np.isnan(term)]
    if len(known) < MIN_KNOWN_NIGHTS or np.ptp(known) == 0:
        return False
    side = _rarer_side(term)
    rarer_outcome = min(cramp_share, 1 - cramp_share)
    return side >= MIN_SIDE_NIGHTS and side * rarer_outcome >= MIN_EXPECTED_CRAMP_NIGHTS


def _distinct(shapes: list[tuple[Shape, Array]]) -> list[tuple[Shape, Array]]:
    """Shapes whose terms differ on this diary (two cut points may split the nights alike)."""
    seen: list[Array] = []
    out = []
    for shape, term in shapes:
        if not any(np.array_equal(term, s, equal_nan=True) for s in seen):
            seen.append(term)
            out.append((shape, term))
    return out


def _nights_needed(known: int, share: float, cramp_share: float, tests: int) -> float:
    """Recorded nights at which a `DETECTABLE_ODDS_RATIO` effect is found as often as missed."""
    z = NormalDist().inv_cdf(1 - FAMILY_ALPHA / (2 * max(tests, 1)))
    effect = math.log(DETECTABLE_ODDS_RATIO)
    spread = share * (1 - share) * cramp_share * (1 - cramp_share)
    return z**2 / (effect**2 * spread) if spread > 0 else math.inf


def yearly_wave(nights: pd.DataFrame) -> Array:
    """The time of year as two columns, sine and cosine of the day of the year (also the
    season term of core.stats.time_series)."""
    angle = 2 * np.pi * nights["night"].dt.day_of_year.to_numpy(dtype=float) / 365.25
    return np.column_stack([np.sin(angle), np.cos(angle)])


def _own_share(term: Array) -> float | None:
    known = term[~np.isnan(term)]
    if len(known) == 0 or not set(np.unique(known)) <= {0.0, 1.0}:
        return None
    return float(known.mean())


def analyse_triggers(nights: pd.DataFrame, profile: Profile) -> TriggerAnalysis:
    """Judge every factor at once on the given nights (see the module docstring)."""
    # Many small matrix products: BLAS threads only contend with each other (and the server).
    with threadpool_limits(1, "blas"):
        return _analyse(nights, profile)


def _analyse(nights: pd.DataFrame, profile: Profile) -> TriggerAnalysis:
    y = (nights["episode_count"].fillna(0).to_numpy(dtype=float) > 0).astype(float)
    n, cramp_nights = len(y), int(y.sum())
    a = amounts(nights)
    cramp_share = cramp_nights / n if n else 0.0
    span = int((nights["night"].max() - nights["night"].min()).days) + 1 if n else 0
    season = span >= SEASON_MIN_NIGHTS

    candidates: dict[str, list[tuple[Shape, Array]]] = {}
    own: dict[str, tuple[Array, int]] = {}
    for factor in MODEL_FACTORS:
        own_term = _rule_values(factor.rule(nights, profile))
        own[factor.id] = (own_term, int(np.count_nonzero(~np.isnan(own_term))))
        terms = [
            (s, own_term if s.term is _from_rule else s.term(a)) for s in factor.shapes(profile)
        ]
        usable = [(s, t) for s, t in terms if _usable(t, cramp_share)]
        if usable and min(cramp_nights, n - cramp_nights) >= MIN_CRAMP_NIGHTS:
            candidates[factor.id] = _distinct(usable)
    tests = len(candidates)

    nuisance = [yearly_wave(nights)] if season else []
    fields = {f for factor in MODEL_FACTORS if factor.id in candidates for f in factor.fields}
    blanks = [~_field_known(a, f) for f in sorted(fields)]
    whole_night = np.logical_and.reduce(blanks) if blanks else np.zeros(n, dtype=bool)
    often_blank = [b for b in blanks if b.sum() >= OFTEN_BLANK_SHARE * n]
    indicators = _distinct_columns(
        [
            b.astype(float)
            for b in (whole_night, *often_blank)
            if MIN_UNKNOWN_NIGHTS <= b.sum() <= n - MIN_KNOWN_NIGHTS
        ]
    )
    nuisance.extend(indicators)
    base = np.column_stack([np.ones(n), *nuisance])

    mains = [f for f in MODEL_FACTORS if f.id in candidates and not f.combination]
    combos = [f for f in MODEL_FACTORS if f.id in candidates and f.combination]
    chosen: dict[str, tuple[Shape, Array]] = {}
    p_values: dict[str, float] = {}

    def own_column(factor: ModelFactor) -> Array:
        shape, term = candidates[factor.id][0]
        return _filled(term)

    for factor in mains:
        others = [own_column(f) for f in mains if f is not factor]
        tested = _test(np.column_stack([base, *others]), y, candidates[factor.id])
        if tested is not None:
            p_values[factor.id], chosen[factor.id] = tested
    # Estimates come from one model holding every factor at its best shape; the combination
    # is tested against that same model, then estimated with it added.
    judged = [f for f in mains if f.id in chosen]
    final = np.column_stack([base, *(_filled(chosen[f.id][1]) for f in judged)])
    estimates = _estimates(final, y, [f.id for f in judged])
    for factor in combos:
        tested = _test(final, y, candidates[factor.id])
        if tested is not None:
            p_values[factor.id], chosen[factor.id] = tested
            with_combo = np.column_stack([final, _filled(chosen[factor.id][1])])
            estimates |= _estimates(with_combo, y, [factor.id])

    adjusted = dict(zip(p_values, holm_adjusted(list(p_values.values())), strict=True))

    findings = []
    for factor in MODEL_FACTORS:
        own_term, known = own[factor.id]
        share = _own_share(own_term)
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
            known, share if share is not None else 0.5, cramp_share, len(MODEL_FACTORS)
        )
        more = (
            max(1, math.ceil((needed - known) * n / max(known, 1)))
            if math.isfinite(needed) and known
            else None
        )
        if factor.id not in chosen or factor.id not in estimates:
            findings.append(
                TriggerFinding(**common, verdict="not_enough_data", more_nights_needed=more)
            )
            continue
        shape = chosen[factor.id][0]
        ratio, low, high = estimates[factor.id]
        p_adj = adjusted[factor.id]
        if p_adj < FAMILY_ALPHA:
            verdict: Verdict = "linked"
        elif known < needed:
            verdict = "not_enough_data"
        else:
            verdict = "no_clear_link"
        findings.append(
            TriggerFinding(
                **common,
                verdict=verdict,
                shape=shape.words,
                per_unit=shape.per_unit,
                odds_ratio=ratio,
                low=low,
                high=high,
                p_value=p_values[factor.id],
                p_adjusted=p_adj,
                more_nights_needed=more if verdict == "not_enough_data" else None,
            )
        )
    return TriggerAnalysis(
        nights=n, cramp_nights=cramp_nights, findings=tuple(findings), season_adjusted=season
    )


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


def _distinct_columns(columns: list[Array]) -> list[Array]:
    out: list[Array] = []
    for column in columns:
        if not any(np.array_equal(column, c) for c in out):
            out.append(column)
    return out


def _test(
    design: Array, y: Array, shapes: list[tuple[Shape, Array]]
) -> tuple[float, tuple[Shape, Array]] | None:
    """One factor's best shape and its p-value, against the model of everything else."""
    reduced = _fit(design, y)
    if reduced is None:
        return None
    fitted = expit(design @ reduced.coef_)
    terms = np.column_stack([_filled(t) for _, t in shapes])
    scores = _score_test(design, y, fitted, terms)
    rarer_outcome = min(float(y.mean()), 1 - float(y.mean()))
    skewed = any(_rarer_side(t) * rarer_outcome < NORMAL_MIN_EXPECTED for _, t in shapes)
    return _best_shape_p(scores, skewed), shapes[int(np.argmax(scores.z))]


def _estimates(
    design: Array, y: Array, factor_ids: list[str]
) -> dict[str, tuple[float, float, float]]:
    """Odds ratios with 95% intervals for the design's last columns, one per factor id."""
    model = _fit(design, y)
    if model is None or not factor_ids:
        return {}
    first = design.shape[1] - len(factor_ids)
    intervals = model.conf_int(alpha=1 - CONFIDENCE)
    return {
        factor_id: (
            math.exp(float(model.coef_[first + i])),
            math.exp(float(intervals[first + i, 0])),
            math.exp(float(intervals[first + i, 1])),
        )
        for i, factor_id in enumerate(factor_ids)
    }


def power_sentence(nights: int) -> str:
    """What the app's own validation measured, for diaries this long (stats.trigger_power)."""
    lengths = sorted(trigger_power.LENGTH_NIGHTS.items(), key=lambda item: item[1])
    length, length_nights = min(lengths, key=lambda item: abs(item[1] - nights))
    found = trigger_power.RATES["threshold"][length]
    alarm = trigger_power.RATES["none"][length]
    shorter = (
        f" Your {nights} nights are fewer than that, so expect it to find less."
        if nights < 0.9 * length_nights
        else ""
    )
    return (
        f"How often this finds a real effect: on {trigger_power.DIARIES} made-up diaries of "
        f"{length}, a 2.5-fold rise in cramp nights on days under 1.5 L of water was found in "
        f"{found:.0%} of them; with nothing planted, something was called linked in "
        f"{alarm:.0%}.{shorter} “Keep logging” is an honest answer."
    )
