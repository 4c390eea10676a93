"""The trigger model's fixed choices, and the switches a validation test turns to break it.

`ModelConfig` holds the three choices that keep false alarms in check: paying
for trying several shapes, the family-wise level, and allowing for cramps that
come in spells (nights are not independent). The app always runs the default;
tests/unit/test_trigger_validation.py runs deliberately broken variants to show
the validation check notices each.
"""

from __future__ import annotations

from dataclasses import dataclass

FAMILY_ALPHA = 0.10
CONFIDENCE = 0.95
MIN_CRAMP_NIGHTS = 8  # cramp nights, and cramp-free nights, before any model is fitted
MIN_KNOWN_NIGHTS = 20  # nights with the field recorded before a factor enters the model
MIN_SIDE_NIGHTS = 8  # recorded nights on each side of a cut point for it to be a candidate
# A shape whose rarer side would hold fewer cramp nights than this, with no effect, is not tried
# by the score test; below the second figure its statistic is too skewed for the normal law
# (the bootstrap is used).
MIN_EXPECTED_CRAMP_NIGHTS = 2.0
NORMAL_MIN_EXPECTED = 5.0
# A yes/no factor present (or absent) on too few nights for the score test, but on at least
# this many, is judged by an exact test of its cramp nights (a new medicine for two weeks).
MIN_RARE_NIGHTS = 5
MIN_UNKNOWN_NIGHTS = 5  # blank nights before a "not recorded" term is worth its place
OFTEN_BLANK_SHARE = 0.25  # a field blank this often gets its own "not recorded" term
SEASON_MIN_NIGHTS = 120  # a yearly wave needs a good part of a year to be told from noise
DETECTABLE_ODDS_RATIO = 3.0  # "enough data": this effect is found more often than missed
NULL_DRAWS = 20_000  # normal draws of the best-shape statistic under no effect
BOOTSTRAP_DRAWS = 4_000  # redrawn diaries under no effect, for diaries up to:
BOOTSTRAP_MAX_NIGHTS = 800
NULL_SEED = 12  # fixed: the same diary always gets the same answer
# Cramps come in spells: the score's variance is widened by a Newey–West (Bartlett) estimate
# over this many nights of lag, when that is larger than the independent-nights variance.
SPELL_LAG_NIGHTS = 14
# The spell check reads the residuals left once each term's own coefficient is fitted: this many
# Newton steps, the log odds ratio kept within this bound (a term that separates the nights).
ALTERNATIVE_STEPS = 4
BETA_BOUND = 8.0
# Two shapes whose statistics differ by less than this are a tie: the simpler one is named.
TIE_TOLERANCE = 1e-6


@dataclass(frozen=True)
class ModelConfig:
    """Choices of the model that validation must be able to see broken."""

    family_alpha: float = FAMILY_ALPHA
    pay_for_shapes: bool = True  # the best shape's p allows for every shape tried
    allow_spells: bool = True  # widen the score's variance for nights that come in spells


DEFAULT_CONFIG = ModelConfig()
