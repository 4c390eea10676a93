"""Is the trigger model honest on diaries where nothing matters? A check sharp enough to fail.

Two measures on seeded diaries with nothing planted, half of them realistic
(`sample_data.realistic`: risk, stress and sitting in spells, a summer rise, a
medicine for a few weeks) and half clean (independent nights):

- **family-wise false alarms**: the share of diaries with any factor called
  linked, against the 10% the model promises;
- **calibration**: every factor's p-value before Holm (paid for its shapes)
  should be uniform or larger when nothing matters: a one-sided
  Kolmogorov–Smirnov test of the pooled p-values against the uniform law
  (sharper than counting p-values below 5%);
- **the promise at face value**: no factor is called linked with a Holm
  p-value of 10% or more.

The model's `ModelConfig` is a parameter, so the test suite can run this
check against deliberately broken variants (no payment for shapes, a 30%
family-wise level, spells ignored) and see it fail for each
(tests/unit/test_trigger_validation.py). `flicker` measures how often one
more logged night changes a verdict.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from scipy.stats import binom, kstest
from threadpoolctl import threadpool_limits

from core.profile import Profile
from core.stats.trigger_model import DEFAULT_CONFIG, ModelConfig, analyse_triggers
from sample_data.realistic import REALISTIC, Realism, realistic_nights

PROMISED_FAMILY_RATE = 0.10  # what the model promises (FAMILY_ALPHA), measured here
CALIBRATION_LEVEL = 0.05
CHECK_SEED = 7000  # apart from the seeds `python -m sample_data.validate` uses
SURPRISE = 0.005  # a count this unlikely under the promised rate fails the check
# Long spells, a month at a time, of risk and of stress, sitting and a medicine: the hard case
# for a model that takes nights as independent.
LONG_SPELLS = Realism(
    spell_nights=(21, 35), spell_shape=1.0, context_spell_nights=28.0, medicine_nights=28.0
)


@dataclass(frozen=True)
class CheckResult:
    """What the check saw: counts, and the bounds each must stay within."""

    diaries: int
    alarms: int
    alarm_bound: int
    p_values: int
    small_p: int  # p-values below CALIBRATION_LEVEL (reported)
    calibration_p: float  # one-sided KS test: are the p-values smaller than uniform?
    linked_beyond_promise: int  # linked findings with a Holm p of PROMISED_FAMILY_RATE or more

    @property
    def failures(self) -> list[str]:
        """What the check saw go wrong, in words (empty when it passed)."""
        out = []
        if self.alarms > self.alarm_bound:
            out.append(f"{self.alarms} of {self.diaries} null diaries had a factor linked")
        if self.calibration_p < SURPRISE:
            out.append(f"p-values smaller than chance allows (KS p = {self.calibration_p:.2g})")
        if self.linked_beyond_promise:
            out.append(f"{self.linked_beyond_promise} linked with a Holm p of 10% or more")
        return out

    @property
    def passed(self) -> bool:
        """True when the false alarms, the calibration and the promise all hold."""
        return not self.failures


def null_diary(seed: int, nights: int, clean: bool, realism: Realism = REALISTIC) -> pd.DataFrame:
    """A diary with nothing planted: realistic (spells, season) or clean."""
    return realistic_nights(nights=nights, seed=seed, clean=clean, realism=realism, scenario="none")


def trigger_check(
    config: ModelConfig = DEFAULT_CONFIG,
    *,
    diaries: int = 40,
    nights: int = 365,
    first_seed: int = CHECK_SEED,
    realism: Realism = LONG_SPELLS,
    clean_share: int = 2,
) -> CheckResult:
    """Run the model (with `config`) on `diaries` null diaries; every `clean_share`-th is clean.

    `clean_share=0` makes every diary realistic.
    """
    alarms = beyond = 0
    p_values: list[float] = []
    with threadpool_limits(1, "blas"):
        for i in range(diaries):
            analysis = analyse_triggers(
                null_diary(
                    first_seed + i,
                    nights,
                    clean=clean_share > 0 and i % clean_share == clean_share - 1,
                    realism=realism,
                ),
                Profile(),
                config,
            )
            alarms += bool(analysis.linked)
            p_values.extend(f.p_value for f in analysis.findings if f.p_value is not None)
            beyond += sum((f.p_adjusted or 0.0) >= PROMISED_FAMILY_RATE for f in analysis.linked)
    return CheckResult(
        diaries=diaries,
        alarms=alarms,
        alarm_bound=int(binom.isf(SURPRISE, diaries, PROMISED_FAMILY_RATE)),
        p_values=len(p_values),
        small_p=sum(p < CALIBRATION_LEVEL for p in p_values),
        calibration_p=float(kstest(p_values, "uniform", alternative="greater").pvalue)
        if p_values
        else 1.0,
        linked_beyond_promise=beyond,
    )


def linked_sets(nights: pd.DataFrame) -> tuple[frozenset[str], frozenset[str]]:
    """The factors called linked without the diary's last night, and with it."""
    profile = Profile()
    before = analyse_triggers(nights.iloc[:-1], profile).linked
    after = analyse_triggers(nights, profile).linked
    return frozenset(f.factor for f in before), frozenset(f.factor for f in after)


def flicker(
    *, diaries: int, nights: int = 365, first_seed: int = CHECK_SEED, scenario: str = "threshold"
) -> float:
    """Share of diaries in which logging one more night changes any factor's verdict."""
    changed = 0
    with threadpool_limits(1, "blas"):
        for i in range(diaries):
            frame = realistic_nights(
                nights=nights, seed=first_seed + i, clean=i % 2 == 1, scenario=scenario
            )
            before, after = linked_sets(frame)
            changed += before != after
    return changed / diaries if diaries else 0.0
