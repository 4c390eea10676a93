"""Planted diaries: cramps rise while on a thiazide for three weeks, the per-night flag blank.

The medicine list alone must let the analysis find the medication cause, naming
the medicine; without the list it cannot, and with no planted effect it rarely
calls it linked. README states the power `python -m sample_data.medicine_diary`
measures on 200 diaries; these 20 each keep the suite quick.
"""

from __future__ import annotations

from core.medicines.analysis import analyse_with_medicines
from core.profile import Profile
from core.stats.findings import analyse_nights
from sample_data.medicine_diary import linked_share, thiazide_diary

DIARIES = 20


def test_the_list_finds_the_thiazide_in_planted_diaries_as_often_as_measured() -> None:
    # Measured on 200 diaries the power at the planted risk is 82.5% (README); these 20
    # seeded diaries found it in 18. Below 12 in 20 (the 0.5% point of the binomial law at
    # 82.5%) the list-based factor has lost power, as it had when the spell allowance read the
    # course's own effect as a spell (6 in 20).
    assert linked_share(DIARIES, 0.5) >= 0.6


def test_with_no_effect_the_list_rarely_raises_a_false_alarm() -> None:
    assert linked_share(DIARIES, None, first_seed=500) <= 0.2


def test_the_finding_names_the_medicine_and_its_class_and_the_flag_alone_finds_nothing() -> None:
    nights, medicines = thiazide_diary(3, on_risk=0.7)
    with_list = analyse_with_medicines(nights, Profile(), medicines)
    factor = next(f for f in with_list.factors if f.factor == "new_medication")
    assert factor.linked and factor.direction == "raises"
    assert factor.cause == "medication_side_effect"
    assert "Hydrochlorothiazide (thiazide-like diuretics)" in factor.summary
    assert "never stop or change a medicine on your own" in factor.summary
    without = next(
        f for f in analyse_nights(nights, Profile()).factors if f.factor == "new_medication"
    )
    assert not without.linked and not without.tested
