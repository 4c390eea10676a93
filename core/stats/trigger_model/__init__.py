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
  holding every other factor (a Rao score test). The factor's p-value is that
  of the *best* shape, from the joint law of all its shapes' scores (a maximally
  selected statistic, Lausen & Schumacher 1992), so trying several cut points
  costs what it should and no more. A continuous shape counts its rarer side in
  its own units (nights above or below its median), so "per litre less water"
  is tried. Ties between shapes go to the simplest, in a fixed order.
- **Spells.** Cramps, and context, come in spells: each score's variance is
  widened by a Newey–West estimate when the nights are correlated.
- **Rare factors.** A yes/no factor on too few nights for the score test (a
  new medicine for two weeks) is judged by an exact test of its cramp nights.
- **Combinations the article names** (vigorous exercise in heat) are a factor of
  their own: the extra effect of exercising on a hot day beyond heat and
  exercise apart, tested the same way against the model holding all factors.
- **Time of year.** A yearly wave (sine and cosine of the day of the year) is
  in every model once the diary spans `SEASON_MIN_NIGHTS`, so summer's heat,
  water and exercise are not mistaken for summer itself.
- **Few events.** Firth's penalised logistic regression (the `firthmodels`
  library; Jeffreys-prior penalty): finite, less biased estimates with twenty
  cramp nights and a dozen terms. Intervals are Firth's profile-likelihood
  95% intervals for the chosen shape, from the same model as the verdict.
- **Blanks.** A night with some context blank is kept. For each field left
  blank on at least `MIN_UNKNOWN_NIGHTS` nights the model gets a "not
  recorded" indicator, and the blank night's term is set to the mean of the
  recorded nights; so the factor's own effect is learnt from the nights where
  it was recorded, while those nights still inform every other factor.
- **False alarms.** Holm's step-down over the factors (and the combination) at
  a family-wise level of `FAMILY_ALPHA` = 10%: at most one diary in ten with no
  real effect shows any "linked". `python -m sample_data.validate` measures it.
- **Verdicts.** "linked" when the Holm-adjusted p is below `FAMILY_ALPHA` and
  the interval excludes 1 (an interval that excludes 1 alone is "a hint");
  otherwise "not enough data yet" while the diary could not yet find a
  strong effect more often than miss it (odds ratio `DETECTABLE_ODDS_RATIO`,
  at the first Holm level, for a factor at its share of your nights at your
  cramp rate), with the nights still needed; otherwise "no clear link yet".

Phases, one module each: `shapes` (factors and candidate shapes), `scores`
(tests and estimates), `analysis` (the diary, phase by phase), `finding`
(verdicts in words), `config` (fixed choices, and the switches validation turns).
"""

from core.stats.trigger_model.analysis import analyse_triggers
from core.stats.trigger_model.config import (
    CONFIDENCE,
    DEFAULT_CONFIG,
    FAMILY_ALPHA,
    ModelConfig,
)
from core.stats.trigger_model.finding import (
    TriggerAnalysis,
    TriggerFinding,
    Verdict,
    power_sentence,
)
from core.stats.trigger_model.scores import holm_adjusted
from core.stats.trigger_model.shapes import MODEL_FACTORS, ModelFactor, Shape, amounts

__all__ = [
    "CONFIDENCE",
    "DEFAULT_CONFIG",
    "FAMILY_ALPHA",
    "MODEL_FACTORS",
    "ModelConfig",
    "ModelFactor",
    "Shape",
    "TriggerAnalysis",
    "TriggerFinding",
    "Verdict",
    "amounts",
    "analyse_triggers",
    "holm_adjusted",
    "power_sentence",
]
