"""The import planner: a checked file and what the diary holds -> what to add, fill in or refuse."""

from dataclasses import replace
from datetime import date, time

import pytest

from core.diary import Episode, NightContext
from core.files.csv_format import DiaryImportError, ParsedDiary, RowError
from core.files.import_plan import ImportSummary, plan_import

NIGHT = date(2026, 3, 13)
OTHER_NIGHT = date(2026, 3, 14)
CRAMP = Episode(night=NIGHT, time=time(2, 30), muscle="calf", side="left", duration_s=90, pain=6)
CONTEXT = NightContext(water_l=1.5, stress=4)


def parsed(nights: dict[date, NightContext], episodes: list[Episode] | None = None) -> ParsedDiary:
    """A file as the parser hands it over: nights first (rows 2, 3, ...), then the cramps."""
    episodes = episodes or []
    return ParsedDiary(
        nights=nights,
        episodes=episodes,
        episode_rows=[2 + i for i in range(len(episodes))],
        night_rows={night: 2 + i for i, night in enumerate(nights)},
    )


def refused(file: ParsedDiary, stored_nights: dict, stored_episodes: list) -> list[RowError]:  # type: ignore[type-arg]
    with pytest.raises(DiaryImportError) as caught:
        plan_import(file, stored_nights, stored_episodes)
    return caught.value.errors


def test_into_an_empty_diary_everything_is_added_in_file_order() -> None:
    later = replace(CRAMP, night=OTHER_NIGHT, time=time(1, 0))
    file = parsed({OTHER_NIGHT: NightContext(), NIGHT: CONTEXT}, [later, CRAMP])
    plan = plan_import(file, {}, [])
    assert list(plan.new_nights) == [OTHER_NIGHT, NIGHT]
    assert plan.new_nights[NIGHT] == CONTEXT
    assert plan.new_episodes == (later, CRAMP)
    assert plan.filled_nights == {}
    assert plan.summary == ImportSummary(
        nights_added=2,
        nights_updated=0,
        episodes_added=2,
        episodes_already_there=0,
        cramp_free_nights_added=0,
    )


def test_an_identical_cramp_is_skipped_and_counted() -> None:
    plan = plan_import(parsed({NIGHT: CONTEXT}, [CRAMP]), {NIGHT: CONTEXT}, [CRAMP])
    assert plan.new_episodes == ()
    assert plan.summary.episodes_already_there == 1
    assert not plan.summary.changes_anything


@pytest.mark.parametrize(
    ("stored", "in_file", "filled"),
    [
        (NightContext(), CONTEXT, CONTEXT),
        (NightContext(water_l=1.5), NightContext(stress=4), CONTEXT),
        (
            NightContext(water_l=1.5),
            NightContext(water_l=1.5, hot=False),
            replace(NightContext(water_l=1.5), hot=False),
        ),
    ],
    ids=["empty context filled", "other field filled", "agreeing value plus a new one"],
)
def test_empty_stored_context_is_filled_from_the_file(
    stored: NightContext, in_file: NightContext, filled: NightContext
) -> None:
    plan = plan_import(parsed({NIGHT: in_file}, [CRAMP]), {NIGHT: stored}, [CRAMP])
    assert plan.filled_nights == {NIGHT: filled}
    assert plan.new_nights == {}
    assert plan.summary.nights_updated == 1
    assert plan.summary.changes_anything


@pytest.mark.parametrize(
    "in_file",
    [NightContext(), NightContext(water_l=1.5), CONTEXT],
    ids=["file says nothing", "file says part of it", "file says the same"],
)
def test_a_night_the_file_adds_nothing_to_is_left_alone(in_file: NightContext) -> None:
    plan = plan_import(parsed({NIGHT: in_file}), {NIGHT: CONTEXT}, [])
    assert plan.filled_nights == {}
    assert not plan.summary.changes_anything


@pytest.mark.parametrize(
    ("stored", "in_file", "column", "words"),
    [
        (CONTEXT, replace(CONTEXT, water_l=2.0), "water_l", "already has 1.5"),
        (NightContext(hot=True), NightContext(hot=False), "hot", "already has yes"),
        (CONTEXT, replace(CONTEXT, stress=9), "stress", "the file says 9"),
    ],
    ids=["water", "yes/no", "stress"],
)
def test_a_conflicting_context_value_is_refused_with_row_and_column(
    stored: NightContext, in_file: NightContext, column: str, words: str
) -> None:
    file = parsed({OTHER_NIGHT: NightContext(), NIGHT: in_file})
    (error,) = refused(file, {NIGHT: stored}, [])
    assert (error.row, error.column) == (3, column)
    assert words in error.message
    assert f"night of {NIGHT}" in error.message


@pytest.mark.parametrize(
    ("changed", "column"),
    [
        (replace(CRAMP, pain=8), "pain"),
        (replace(CRAMP, duration_s=None), "duration_s"),
        (replace(CRAMP, note="after the walk"), "note"),
    ],
    ids=["pain", "duration", "note"],
)
def test_a_stored_cramp_with_other_details_is_refused_with_row_and_column(
    changed: Episode, column: str
) -> None:
    file = parsed({NIGHT: CONTEXT}, [replace(CRAMP, time=time(3, 0)), changed])
    (error,) = refused(file, {NIGHT: CONTEXT}, [CRAMP])
    assert (error.row, error.column) == (3, column)
    assert f"different details ({column})" in error.message


def test_every_differing_detail_is_named() -> None:
    (error,) = refused(
        parsed({NIGHT: CONTEXT}, [replace(CRAMP, pain=8, woke=True)]), {NIGHT: CONTEXT}, [CRAMP]
    )
    assert error.column == "pain"
    assert "(pain, woke)" in error.message


def test_a_night_with_stored_cramps_cannot_be_cramp_free_in_the_file() -> None:
    (error,) = refused(parsed({NIGHT: CONTEXT}), {NIGHT: CONTEXT}, [CRAMP])
    assert (error.row, error.column) == (2, "time")
    assert "cramp-free" in error.message


def test_a_note_holding_nul_is_refused_even_from_a_hand_made_file() -> None:
    (error,) = refused(parsed({NIGHT: CONTEXT}, [replace(CRAMP, note="a\x00b")]), {}, [])
    assert (error.row, error.column) == (2, "note")


def test_every_problem_is_listed_nights_first_then_cramps() -> None:
    file = parsed(
        {NIGHT: replace(CONTEXT, stress=9), OTHER_NIGHT: NightContext(hot=True)},
        [replace(CRAMP, pain=1)],
    )
    stored_other = Episode(night=OTHER_NIGHT, time=time(4, 0), muscle="foot")
    errors = refused(
        file, {NIGHT: CONTEXT, OTHER_NIGHT: NightContext(hot=False)}, [CRAMP, stored_other]
    )
    assert [(e.row, e.column) for e in errors] == [
        (2, "stress"),
        (3, "hot"),
        (3, "time"),
        (2, "pain"),
    ]


def test_new_cramp_free_nights_are_counted_apart() -> None:
    file = parsed({NIGHT: CONTEXT, OTHER_NIGHT: NightContext()}, [CRAMP])
    summary = plan_import(file, {}, []).summary
    assert (summary.nights_added, summary.cramp_free_nights_added) == (2, 1)
