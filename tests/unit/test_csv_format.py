import csv
import io
from datetime import date, datetime, time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.diary import MAX_DURATION_S, Episode, Night, NightContext, sorted_episodes
from core.files.csv_format import (
    COLUMNS,
    DiaryImportError,
    neutralise_formula,
    parse_diary_csv,
    restore_formula,
    write_diary_csv,
)
from core.vocab import FEELINGS, INTENSITIES, MUSCLES, RELIEF_METHODS, SIDES, WARNING_SIGNS

HEADER = ",".join(COLUMNS)


def row(**cells: str) -> str:
    return ",".join(cells.get(c, "") for c in COLUMNS)


def csv_of(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def errors_of(data: bytes) -> list[tuple[int, str]]:
    with pytest.raises(DiaryImportError) as caught:
        parse_diary_csv(data)
    return [(e.row, e.column) for e in caught.value.errors]


# --- strategies ------------------------------------------------------------


def tokens(vocabulary: dict[str, str] | object) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(st.sampled_from(list(vocabulary)), unique=True, max_size=3).map(tuple)  # type: ignore[call-overload]


notes = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=60,
) | st.sampled_from(["=1+1", "'=x", "''+y", "-3", "@SUM(A1)", "\ttab", 'a,b"c\nd', " pad "])

contexts = st.builds(
    NightContext,
    water_l=st.none() | st.floats(0, 15, allow_nan=False),
    exercise_min=st.none() | st.integers(0, 1440),
    exercise_intensity=st.none() | st.sampled_from(list(INTENSITIES)),
    hot=st.none() | st.booleans(),
    stretched=st.none() | st.booleans(),
    sitting_h=st.none() | st.floats(0, 12, allow_nan=False),
    hard_floor_h=st.none() | st.floats(0, 12, allow_nan=False),
    stress=st.none() | st.integers(0, 10),
    new_medication=st.none() | st.booleans(),
)


@st.composite
def diaries(draw: st.DrawFn) -> tuple[list[Night], list[Episode]]:
    night_dates = draw(
        st.lists(st.dates(date(2015, 1, 1), date(2026, 1, 1)), unique=True, min_size=1, max_size=6)
    )
    nights = [Night(d, draw(contexts)) for d in night_dates]
    episodes: dict[tuple[object, ...], Episode] = {}
    for night in night_dates:
        for _ in range(draw(st.integers(0, 3))):
            relief = draw(tokens(RELIEF_METHODS))
            episode = Episode(
                night=night,
                time=draw(st.times().map(lambda t: t.replace(second=0, microsecond=0))),
                muscle=draw(st.sampled_from(list(MUSCLES))),
                side=draw(st.none() | st.sampled_from(list(SIDES))),
                duration_s=draw(st.none() | st.integers(1, MAX_DURATION_S)),
                pain=draw(st.none() | st.integers(0, 10)),
                woke=draw(st.none() | st.booleans()),
                felt=draw(tokens(FEELINGS)),
                relief=relief,
                relief_helped=draw(st.none() | st.booleans()) if relief else None,
                warning_signs=draw(tokens(WARNING_SIGNS)),
                note=draw(notes),
            )
            episodes.setdefault(episode.key(), episode)
    return nights, list(episodes.values())


@settings(max_examples=150, deadline=None)
@given(diaries())
def test_write_then_read_gives_back_the_same_diary(
    diary: tuple[list[Night], list[Episode]],
) -> None:
    nights, episodes = diary
    parsed = parse_diary_csv(write_diary_csv(nights, episodes).encode())
    assert parsed.nights == {n.night: n.context for n in nights}
    assert sorted_episodes(parsed.episodes) == sorted_episodes(episodes)


@settings(max_examples=60, deadline=None)
@given(diaries())
def test_writing_a_read_file_again_is_byte_identical(
    diary: tuple[list[Night], list[Episode]],
) -> None:
    text = write_diary_csv(*diary)
    parsed = parse_diary_csv(text.encode())
    again = write_diary_csv([Night(n, c) for n, c in parsed.nights.items()], parsed.episodes)
    assert again == text


@given(notes)
def test_formula_neutralising_is_undone_exactly(note: str) -> None:
    safe = neutralise_formula(note)
    assert not safe.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert restore_formula(safe) == note


@pytest.mark.parametrize("note", ['=HYPERLINK("x")', "+1", "-1", "@cmd"])
def test_export_writes_formula_notes_with_a_leading_quote(note: str) -> None:
    episode = Episode(night=date(2026, 3, 13), time=time(2, 0), muscle="calf", note=note)
    text = write_diary_csv([Night(date(2026, 3, 13))], [episode])
    cells = list(csv.reader(io.StringIO(text)))[1]
    assert cells[COLUMNS.index("note")] == "'" + note
    assert parse_diary_csv(text.encode()).episodes[0].note == note


def test_morning_rows_sort_after_evening_rows_of_the_same_night() -> None:
    night = date(2026, 3, 13)
    early = Episode(night=night, time=time(1, 0), muscle="calf")
    late = Episode(night=night, time=time(23, 0), muscle="calf")
    lines = write_diary_csv([Night(night)], [early, late]).splitlines()
    assert lines[1].split(",")[1] == "23:00"
    assert lines[2].split(",")[1] == "01:00"


def test_cramp_free_night_is_a_row_without_time() -> None:
    text = write_diary_csv([Night(date(2026, 3, 14), NightContext(stress=2))], [])
    assert text.splitlines()[1] == row(night="2026-03-14", stress="2")


def test_spreadsheet_variants_are_read() -> None:
    body = row(night="2026-03-13", time="02:30", muscle="calf", woke="TRUE", water_l="1.5")
    plain = parse_diary_csv(csv_of(body))
    bom_crlf = ("\ufeff" + HEADER + "\r\n" + body + "\r\n").encode("utf-8")
    assert parse_diary_csv(bom_crlf) == plain
    semicolon = HEADER.replace(",", ";") + "\n" + body.replace(",", ";").replace("1.5", "1,5")
    assert parse_diary_csv(semicolon.encode()) == plain


def test_reordered_columns_are_read_by_name() -> None:
    columns = list(reversed(COLUMNS))
    values = {"night": "2026-03-13", "time": "02:30", "muscle": "foot"}
    text = ",".join(columns) + "\n" + ",".join(values.get(c, "") for c in columns) + "\n"
    assert parse_diary_csv(text.encode()).episodes[0].muscle == "foot"


@pytest.mark.parametrize(
    ("cells", "column"),
    [
        ({"night": "13/03/2026", "time": "02:30", "muscle": "calf"}, "night"),
        ({"night": "2026-02-30", "time": "02:30", "muscle": "calf"}, "night"),
        ({"night": "2026-03-13", "time": "2:30pm", "muscle": "calf"}, "time"),
        ({"night": "2026-03-13", "time": "24:10", "muscle": "calf"}, "time"),
        ({"night": "2026-03-13", "time": "02:30", "muscle": "calves"}, "muscle"),
        ({"night": "2026-03-13", "time": "02:30"}, "muscle"),
        ({"night": "2026-03-13", "time": "02:30", "muscle": "calf", "pain": "11"}, "pain"),
        ({"night": "2026-03-13", "time": "02:30", "muscle": "calf", "pain": "5.5"}, "pain"),
        (
            {"night": "2026-03-13", "time": "02:30", "muscle": "calf", "duration_s": "0"},
            "duration_s",
        ),
        ({"night": "2026-03-13", "time": "02:30", "muscle": "calf", "woke": "yes"}, "woke"),
        ({"night": "2026-03-13", "time": "02:30", "muscle": "calf", "felt": "itchy"}, "felt"),
        ({"night": "2026-03-13", "time": "02:30", "muscle": "calf", "water_l": "lots"}, "water_l"),
        ({"night": "2026-03-13", "time": "02:30", "muscle": "calf", "water_l": "inf"}, "water_l"),
        ({"night": "2026-03-13", "time": "02:30", "muscle": "calf", "stress": "12"}, "stress"),
        ({"night": "2026-03-13", "muscle": "calf"}, "time"),
        ({"time": "02:30", "muscle": "calf"}, "night"),
    ],
)
def test_a_bad_cell_is_reported_at_its_row_and_column(cells: dict[str, str], column: str) -> None:
    good = row(night="2026-03-12", time="23:00", muscle="calf")
    assert errors_of(csv_of(good, row(**cells))) == [(3, column)]


def test_every_bad_row_is_listed_not_just_the_first() -> None:
    data = csv_of(
        row(night="2026-03-13", time="02:30", muscle="calf", pain="99"),
        row(night="2026-03-14", time="02:30", muscle="calf"),
        row(night="2026-03-15", time="xx", muscle="calf"),
    )
    assert errors_of(data) == [(2, "pain"), (4, "time")]


def test_rows_of_one_night_that_disagree_are_an_error() -> None:
    data = csv_of(
        row(night="2026-03-13", time="23:00", muscle="calf", water_l="1.0"),
        row(night="2026-03-13", time="02:30", muscle="foot", water_l="2.0"),
    )
    assert errors_of(data) == [(3, "water_l")]


def test_a_repeated_cramp_row_is_an_error() -> None:
    line = row(night="2026-03-13", time="02:30", muscle="calf", side="left")
    assert errors_of(csv_of(line, line)) == [(3, "time")]


def test_a_night_both_cramp_free_and_with_a_cramp_is_an_error() -> None:
    data = csv_of(row(night="2026-03-13"), row(night="2026-03-13", time="02:30", muscle="calf"))
    assert errors_of(data) == [(3, "time")]


def test_cramp_details_on_a_row_without_time_are_an_error() -> None:
    assert errors_of(csv_of(row(night="2026-03-13", pain="4"))) == [(2, "time")]


def test_a_future_cramp_is_refused_when_now_is_given() -> None:
    data = csv_of(row(night="2026-03-13", time="02:30", muscle="calf"))
    with pytest.raises(DiaryImportError):
        parse_diary_csv(data, now=datetime(2026, 3, 14, 1, 0))
    assert parse_diary_csv(data, now=datetime(2026, 3, 14, 3, 0)).episodes


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (HEADER.encode() + b"\n", "no rows"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        ("night,time\n2026-03-13,café\n".encode("latin-1"), "UTF-8"),
        (b"date,when\n2026-03-13,02:30\n", "Missing column"),
        ((HEADER + ",mood\n").encode(), "Unknown column"),
        ((HEADER + ",note\n").encode(), "Repeated column"),
    ],
)
def test_whole_file_problems_have_a_specific_message(data: bytes, words: str) -> None:
    with pytest.raises(DiaryImportError) as caught:
        parse_diary_csv(data)
    assert words in str(caught.value)


def test_a_row_with_too_few_cells_is_named() -> None:
    assert errors_of(csv_of("2026-03-13,02:30,calf")) == [(2, "")]


def test_progress_reaches_one() -> None:
    seen: list[float] = []
    lines = [row(night=f"2026-01-{d:02d}", time="02:30", muscle="calf") for d in range(1, 29)]
    parse_diary_csv(csv_of(*lines), progress=seen.append)
    assert seen[-1] == 1.0
