"""The trend and before/after keep their false claims within target on realistic diaries, and
the check is sharp enough to fail the earlier method, which ignored spells and seasons.

Each test draws DIARIES seeded one-year diaries (sample_data.realistic: risk in spells,
a summer rise, gaps in runs). The tolerance is binomial: a method whose true rate is
exactly the 6% target passes with 99% probability (`within_target`).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sample_data.validate_changes import (
    FALSE_CLAIM_TARGET,
    MEASURES,
    Rate,
    change_claims,
    naive_fit,
    trend_claims,
    within_target,
)

pytestmark = pytest.mark.validation

DIARIES = 150
CHANGE_DIARIES = 120  # before/after is slower: it also sizes each side for a halving


# (what is checked, its claim counter, diaries drawn, share of them it must judge)
CHECKS = pytest.mark.parametrize(
    ("claims", "diaries", "judged_share"),
    [
        pytest.param(trend_claims, DIARIES, 0.9, id="the trend"),
        pytest.param(change_claims, CHANGE_DIARIES, 0.4, id="before-after"),
    ],
)


@CHECKS
def test_a_check_rarely_claims_a_change_when_nothing_changed(
    claims: Callable[..., tuple[int, int]], diaries: int, judged_share: float
) -> None:
    rate = Rate(*claims(diaries, clean=False))
    assert rate.judged > diaries * judged_share
    assert within_target(rate, FALSE_CLAIM_TARGET), rate


@CHECKS
def test_a_check_fails_plain_poisson_blind_to_spells_and_seasons(
    claims: Callable[..., tuple[int, int]], diaries: int, judged_share: float
) -> None:
    rate = Rate(*claims(diaries, clean=False, method=naive_fit))
    assert not within_target(rate, FALSE_CLAIM_TARGET), rate


def test_the_tolerance_is_a_binomial_quantile() -> None:
    assert within_target(Rate(9, 150), 0.06)
    assert within_target(Rate(16, 150), 0.06)  # the 99% quantile of Binomial(150, 6%)
    assert not within_target(Rate(17, 150), 0.06)


def test_the_readme_table_shows_the_stored_figures() -> None:
    from core.stats import change_power
    from tests.conftest import REPO

    readme = (REPO / "README.md").read_text()
    section = readme[readme.index("### Validation: clean and realistic diaries side by side") :]
    for key, label in MEASURES.items():
        row = next(line for line in section.splitlines() if line.startswith(f"| {label} |"))
        clean, realistic = row.split(" | ")[2:4]
        assert clean.startswith(f"{change_power.CLEAN[key]:.1%}"), row
        assert realistic.startswith(f"{change_power.REALISTIC[key]:.1%}"), row
