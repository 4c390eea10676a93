"""The medicine list's rules, the drug classes and their source, and the list as a factor."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from core.frames import frames_from_records
from core.medicines.classes import (
    CLASSES,
    GARRISON_SHORT,
    PRESCRIBER_WORDING,
    class_of,
)
from core.medicines.factor import (
    linked_medicines,
    medication_nights,
    named_summary,
    on_medicine,
)
from core.medicines.medicine import (
    MAX_MEDICINE_NAME_CHARS,
    Medicine,
    list_errors,
    medicine_errors,
    overlap_errors,
)

TODAY = date(2026, 6, 1)


@pytest.mark.parametrize(
    ("name", "class_id"),
    [
        ("Hydrochlorothiazide", "thiazide"),
        ("hydrochlorothiazide 25 mg", "thiazide"),
        ("Lipitor", "statin"),
        ("Atorvastatin 20mg", "statin"),
        ("Symbicort inhaler", "laba"),
        ("Spironolactone", "potassium_sparing"),
        ("Furosemide", "loop"),
        ("Losartan", "arb"),
        ("Aricept", "donepezil"),
    ],
)
def test_generic_and_brand_names_map_to_their_class(name: str, class_id: str) -> None:
    found = class_of(name)
    assert found is not None and found.id == class_id


def test_an_unknown_name_has_no_class() -> None:
    assert class_of("Grandma's tonic") is None
    assert Medicine(name="Grandma's tonic", started_on=TODAY).drug_class is None


@pytest.mark.parametrize(
    ("class_id", "figure"),
    [
        ("laba", "ratio 2.42, 95% CI 2.02–2.89"),
        ("potassium_sparing", "ratio 2.12, 95% CI 1.61–2.78"),
        ("thiazide", "ratio 1.48"),
        ("statin", "ratio 1.16, 95% CI 1.04–1.29"),
        ("loop", None),
        ("arb", None),
    ],
)
def test_each_class_carries_the_cited_figure_and_only_that(
    class_id: str, figure: str | None
) -> None:
    drug_class = next(c for c in CLASSES if c.id == class_id)
    assert drug_class.figure == figure
    if figure is not None:
        assert GARRISON_SHORT in drug_class.evidence and figure in drug_class.evidence


def test_loop_diuretics_are_not_counted_as_linked() -> None:
    loop = class_of("Furosemide")
    assert loop is not None and not loop.linked
    assert "not clearly linked" in loop.evidence


def test_the_wording_never_tells_anyone_to_stop_a_medicine() -> None:
    assert "never stop or change a medicine on your own" in PRESCRIBER_WORDING


@pytest.mark.parametrize(
    ("item", "field", "words"),
    [
        (Medicine(name="  ", started_on=TODAY), "name", "Give the medicine's name"),
        (Medicine(name="x" * (MAX_MEDICINE_NAME_CHARS + 1), started_on=TODAY), "name", "limit"),
        (Medicine(name="Losartan", started_on=TODAY + timedelta(days=1)), "started_on", "future"),
        (
            Medicine(name="Losartan", started_on=TODAY, stopped_on=TODAY - timedelta(days=1)),
            "stopped_on",
            "before the start",
        ),
        (Medicine(name="Losartan", started_on=TODAY, dose="d" * 101), "dose", "limit"),
        (Medicine(name="Los\x00artan", started_on=TODAY), "name", "NUL"),
    ],
)
def test_each_bad_medicine_is_refused_with_its_field(
    item: Medicine, field: str, words: str
) -> None:
    errors = medicine_errors(item, TODAY)
    assert [e.field for e in errors] == [field]
    assert words in errors[0].message


def test_a_name_of_exactly_the_limit_is_accepted() -> None:
    assert medicine_errors(Medicine(name="x" * MAX_MEDICINE_NAME_CHARS, started_on=TODAY)) == []


def test_two_overlapping_entries_of_the_same_medicine_are_refused() -> None:
    first = Medicine(name="Losartan", started_on=date(2026, 1, 1), stopped_on=date(2026, 2, 1))
    second = Medicine(name=" losartan ", started_on=date(2026, 2, 1))
    assert overlap_errors([first, second])
    assert "overlaps" in list_errors([first, second])[0].message


def test_entries_of_the_same_medicine_one_after_the_other_are_fine() -> None:
    first = Medicine(name="Losartan", started_on=date(2026, 1, 1), stopped_on=date(2026, 2, 1))
    second = Medicine(name="Losartan", started_on=date(2026, 2, 2))
    other = Medicine(name="Lipitor", started_on=date(2026, 1, 15))
    assert list_errors([first, second, other]) == []


def test_a_still_running_entry_overlaps_any_later_one() -> None:
    first = Medicine(name="Losartan", started_on=date(2026, 1, 1))
    later = Medicine(name="Losartan", started_on=date(2026, 5, 1), stopped_on=date(2026, 5, 2))
    assert overlap_errors([later, first])


def _nights(days: int) -> pd.DataFrame:
    from core.diary import Night, NightContext

    start = date(2026, 1, 1)
    return frames_from_records(
        [
            Night(start + timedelta(days=i), NightContext(new_medication=i == 0))
            for i in range(days)
        ],
        [],
    )[0]


def test_nights_on_a_medicine_run_from_its_start_to_its_stop_inclusive() -> None:
    nights = _nights(10)
    item = Medicine(name="Lipitor", started_on=date(2026, 1, 3), stopped_on=date(2026, 1, 5))
    on = on_medicine(nights["night"], [item])
    assert on.tolist() == [False, False, True, True, True, False, False, False, False, False]


def test_the_list_replaces_the_flag_only_when_it_holds_a_linked_medicine() -> None:
    nights = _nights(5)
    unknown = Medicine(name="Paracetamol", started_on=date(2026, 1, 2))
    loop = Medicine(name="Furosemide", started_on=date(2026, 1, 2))
    kept = medication_nights(nights, [unknown, loop])
    assert kept.label is None
    assert kept.nights["new_medication"].tolist() == nights["new_medication"].tolist()
    statin = Medicine(name="Lipitor", started_on=date(2026, 1, 4))
    used = medication_nights(nights, [unknown, loop, statin])
    assert used.nights["new_medication"].tolist() == [False, False, False, True, True]
    assert used.label == "nights on Lipitor (statins)"
    assert linked_medicines([unknown, loop, statin]) == (statin,)
    assert nights["new_medication"].tolist()[0] is True  # the caller's frame is not changed


@pytest.mark.parametrize(
    "summary",
    [
        "Linked: On days with a new or changed medication the odds were 3 times as high.",
        "No clear link yet with new or changed medication. The best fit: …",
        "Not enough data yet for new or changed medication: about 40 more nights.",
    ],
)
def test_the_medication_sentence_names_the_medicine(summary: str) -> None:
    named = named_summary(summary, "nights on Lipitor (statins)")
    assert "Lipitor (statins)" in named
    assert "new or changed medication" not in named


def test_a_sentence_in_new_words_still_says_which_medicine() -> None:
    named = named_summary("Some future wording of the model.", "nights on Lipitor (statins)")
    assert named.startswith("From your medicine list, nights on Lipitor (statins):")
