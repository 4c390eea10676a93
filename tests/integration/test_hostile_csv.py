"""Bad, messy and hostile CSV files: refused with the row and column, and nothing written."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from sqlalchemy import Engine

from core.diary import Episode, NightContext
from core.files.csv_format import (
    COLUMNS,
    MAX_IMPORT_BYTES,
    MAX_LISTED_ERRORS,
    DiaryImportError,
    parse_diary_csv,
)
from core.files.errors import MAX_COLUMN_CHARS, MAX_MESSAGE_CHARS
from db.repository import (
    add_episode,
    check_in_cramp_free,
    diary_version,
    import_diary,
    list_records,
)
from tests.entries import calf_cramp
from tests.unit.test_csv_fuzz import mangled_files

DATA = Path(__file__).resolve().parents[1] / "data"
BAD = DATA / "bad_csv"
NOW = datetime(2026, 11, 1, 12, 0)

# file -> every (row, column) it must be refused for, and words the first message must hold
EXPECTED: dict[str, tuple[list[tuple[int, str]], str]] = {
    "wrong_header.csv": ([(1, "night, time"), (1, "date, when"), (1, "")], "Missing column"),
    "missing_columns.csv": ([(1, "pain, stress"), (1, "")], "Missing column(s): pain, stress"),
    "extra_column.csv": ([(1, "mood"), (1, "")], "Unknown column(s): 'mood'"),
    "bad_dates.csv": (
        [(2, "night"), (3, "night"), (4, "night"), (5, "night")],
        "'2026-02-30' is not a real calendar date",
    ),
    "bad_times.csv": (
        [(2, "time"), (3, "time"), (4, "time"), (5, "time")],
        "'25:00' is not a real clock time",
    ),
    "out_of_range.csv": (
        [
            (2, "pain"),
            (3, "duration_s"),
            (4, "duration_s"),
            (5, "stress"),
            (6, "water_l"),
            (7, "exercise_min"),
            (8, "sitting_h"),
        ],
        "Pain must be between 0 and 10 (got 11)",
    ),
    "not_numbers.csv": (
        [(2, "pain"), (3, "duration_s"), (4, "water_l"), (5, "woke"), (6, "water_l")],
        "'seven' is not a whole number",
    ),
    "unknown_tokens.csv": (
        [
            (2, "muscle"),
            (3, "side"),
            (4, "felt"),
            (5, "relief"),
            (6, "warning_signs"),
            (7, "exercise_intensity"),
        ],
        "Unknown muscle 'leg'",
    ),
    "conflicting_night_context.csv": ([(3, "water_l")], "disagree: '2.0' here, but '1.0' in row 2"),
    "cramp_free_night_with_a_cramp.csv": ([(3, "time")], "marked cramp-free in row 2"),
    "duplicate_rows.csv": ([(4, "time")], "repeats row 2"),
    "empty.csv": ([(0, "")], "The file is empty"),
    "header_only.csv": ([(0, "")], "has a header but no rows"),
    "binary_garbage.csv": ([(0, "")], "not a text file"),
    "latin1.csv": ([(3, "note")], "not UTF-8"),
    "broken_quotes.csv": ([(3, "side")], "never closed"),
    "text_after_closing_quote.csv": ([(3, "side")], "text after its closing quote"),
    "too_few_cells.csv": ([(2, "")], "The row has 3 cells; the header has 21"),
    "year_0026.csv": ([(3, "night")], "The night 0026-05-01 is before 2000"),
    "future_night.csv": ([(2, "night"), (3, "night")], "in the future (the year 2099"),
    "same_minute_different_cramps.csv": ([(3, "time")], "but different duration_s, pain"),
    "only_commas.csv": ([(0, "")], "has a header but no rows"),
    "excel_unicode_text.csv": ([(0, "")], "UTF-16 text (what Excel saves as 'Unicode Text')"),
    "wide_header.csv": ([(1, "")], "The first row has 150 columns; a diary file has 21"),
    "long_header.csv": ([(1, "")], "The first row is over 4,000 characters long"),
}


def export(engine: Engine) -> tuple[object, ...]:
    return (list_records(engine=engine), diary_version(engine=engine))


def import_bytes(engine: Engine, data: bytes) -> object:
    return import_diary(engine=engine, parsed=parse_diary_csv(data, now=NOW))


def generated_bad_files() -> dict[str, bytes]:
    """Bad files too big, or too odd, to keep in the repository."""
    header = ",".join(COLUMNS).encode()
    good = b"2026-03-13,02:30,calf,left,60,5,,,,,,,,,,,,,,,"
    lines = [f"2026-01-{d:02d},02:30,calf,,60,5,,,,,,ok,,,,,,,,,".encode() for d in range(1, 29)]
    filler = b"\n".join(lines * 120)  # over 64 KB, so the NUL is not in the first block
    return {
        "huge": header + b"\n" + good * (MAX_IMPORT_BYTES // len(good) + 1),
        "million_columns": b",".join(b"c%d" % i for i in range(1_000_000)) + b"\n",
        "million_cells_in_a_row": header + b"\n" + b"," * 1_000_000 + b"x\n",
        "quote_left_open": header + b'\n2026-03-13,"02:30' + b",calf" * 2_000_000 + b"\n",
        "thousands_of_bad_rows": header
        + b"\n"
        + b"2026-13-45,25:99,leg,up,-1,99,maybe,,,,,,,,,,,,,,\n" * 20_000,
        "nul_deep_inside": header
        + b"\n"
        + filler
        + b"\n2026-03-13,02:30,calf,,60,5,,,,,,a\x00b,,,,,,,,,\n",
    }


def test_the_corpus_holds_every_kind_of_bad_file() -> None:
    assert sorted(p.name for p in BAD.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_bad_file_is_refused_naming_each_row_and_column(name: str) -> None:
    places, words = EXPECTED[name]
    with pytest.raises(DiaryImportError) as caught:
        parse_diary_csv((BAD / name).read_bytes(), now=NOW)
    assert [(e.row, e.column) for e in caught.value.errors] == places
    assert words in caught.value.errors[0].message


def test_a_file_over_the_size_limit_is_refused_before_reading_it() -> None:
    with pytest.raises(DiaryImportError) as caught:
        parse_diary_csv(generated_bad_files()["huge"])
    assert "the limit is 50 MB" in str(caught.value)
    assert "50.1 MB" in str(caught.value)  # never "50.0 MB; the limit is 50 MB"


def test_a_nul_character_deep_in_a_file_is_refused_at_its_row_and_column() -> None:
    data = generated_bad_files()["nul_deep_inside"]
    with pytest.raises(DiaryImportError) as caught:
        parse_diary_csv(data)
    assert [(e.row, e.column) for e in caught.value.errors] == [(28 * 120 + 2, "note")]
    assert "NUL" in caught.value.errors[0].message


def test_no_bad_file_changes_the_stored_diary(engine: Engine) -> None:
    check_in_cramp_free(engine=engine, night=date(2026, 3, 12), context=NightContext(stress=2))
    add_episode(
        engine=engine,
        episode=Episode(night=date(2026, 3, 13), time=time(4, 0), muscle="foot", pain=2),
        context=NightContext(water_l=1.0),
        now=NOW,
    )
    before = export(engine)
    files = {p.name: p.read_bytes() for p in BAD.iterdir()} | generated_bad_files()
    for name, data in files.items():
        with pytest.raises(DiaryImportError):
            import_bytes(engine, data)
        assert export(engine) == before, name


@pytest.mark.parametrize("name", ["utf8_bom.csv", "crlf.csv", "semicolon_decimal_comma.csv"])
def test_files_saved_by_spreadsheets_import(engine: Engine, name: str) -> None:
    summary = import_bytes(engine, (DATA / "spreadsheet" / name).read_bytes())
    assert summary.episodes_added == 2 and summary.cramp_free_nights_added == 1  # type: ignore[attr-defined]
    nights, episodes = list_records(engine=engine)
    by_night = {n.night: n.context for n in nights}
    assert by_night == {
        date(2026, 3, 13): NightContext(water_l=1.5, hot=False, stress=4),
        date(2026, 3, 14): NightContext(water_l=2.25, stretched=True, sitting_h=7.5),
    }
    calf = next(e for e in episodes if e.muscle == "calf")
    assert calf == calf_cramp(
        time=time(23, 10),
        felt=("hard_knot", "soreness_after"),
        relief_helped=False,
        note="Woke me, 'ouch'",
    )
    assert next(e for e in episodes if e.muscle == "foot").note == 'said "again", twice'


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=mangled_files())
def test_a_mangled_file_either_imports_whole_or_changes_nothing(
    engine: Engine, data: bytes
) -> None:
    # The same diary takes every example: later files meet what earlier ones stored.
    before = export(engine)
    try:
        import_bytes(engine, data)
    except DiaryImportError as error:
        assert error.errors
        assert export(engine) == before


def refusal(data: bytes) -> DiaryImportError:
    with pytest.raises(DiaryImportError) as caught:
        parse_diary_csv(data, now=NOW)
    return caught.value


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("million_columns", "The first row is over 4,000 characters long"),
        ("million_cells_in_a_row", "The row has 1,000,001 cells; the header has 21"),
        ("quote_left_open", "opens a quote"),
        ("thousands_of_bad_rows", "is not a real calendar date"),
    ],
)
def test_a_pathological_file_is_refused_with_short_messages(name: str, words: str) -> None:
    error = refusal(generated_bad_files()[name])
    assert words in error.errors[0].message
    assert len(error.errors) <= MAX_LISTED_ERRORS
    assert all(len(e.message) <= MAX_MESSAGE_CHARS for e in error.errors)
    assert all(len(e.column) <= MAX_COLUMN_CHARS for e in error.errors)
    assert len(str(error)) < 10 * (MAX_MESSAGE_CHARS + MAX_COLUMN_CHARS + 40)


def test_a_header_of_many_unknown_names_lists_a_few_and_counts_the_rest() -> None:
    names = [*COLUMNS, *(f"extra{i}" for i in range(60))]
    error = refusal((",".join(names) + "\n").encode())
    assert error.errors[0].message.startswith("Unknown column(s): 'extra0', 'extra1'")
    assert "and 50 more" in error.errors[0].message


def test_a_header_that_repeats_every_column_names_each_once() -> None:
    error = refusal((",".join(COLUMNS * 2) + "\n").encode())
    assert error.errors[0].message.startswith("Repeated column(s): ")
    assert "and 11 more" in error.errors[0].message


def test_too_many_problems_are_cut_to_the_listed_maximum() -> None:
    error = refusal(generated_bad_files()["thousands_of_bad_rows"])
    assert error.truncated and len(error.errors) == MAX_LISTED_ERRORS


def test_two_identical_rows_are_called_repeats_but_two_different_cramps_are_not() -> None:
    identical = refusal((BAD / "duplicate_rows.csv").read_bytes())
    assert "repeats row 2" in identical.errors[0].message
    different = refusal((BAD / "same_minute_different_cramps.csv").read_bytes())
    assert "repeats" not in different.errors[0].message
    assert "same night, time, muscle and side as row 2" in different.errors[0].message
