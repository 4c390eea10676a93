"""The medicines CSV: written for a spreadsheet, read back exactly, refused whole by row."""

from __future__ import annotations

from datetime import date

import pytest

from core.files.errors import DiaryImportError
from core.medicines.csv_file import MEDICINE_COLUMNS, parse_medicines_csv, write_medicines_csv
from core.medicines.medicine import Medicine
from tests.entries import thiazide

TODAY = date(2026, 6, 1)
LIST = [
    thiazide(
        date(2026, 1, 5),
        dose="25 mg, mornings",
        stopped_on=date(2026, 1, 26),
        note='line one\nline two, "quoted"',
    ),
    Medicine(name='=HYPERLINK("x")', dose="-1 tablet", purpose="@home", started_on=TODAY),
    Medicine(name="Hydrochlorothiazide", started_on=date(2026, 3, 1), note="'=already"),
]
HEADER = ",".join(MEDICINE_COLUMNS)


def test_the_list_survives_a_csv_round_trip_exactly() -> None:
    data = write_medicines_csv(LIST).encode("utf-8")
    assert parse_medicines_csv(data, today=TODAY) == LIST


def test_formulas_are_neutralised_in_the_file() -> None:
    text = write_medicines_csv(LIST)
    assert "'=HYPERLINK" in text and "'-1 tablet" in text and "'@home" in text
    assert "\n=" not in text and ",=" not in text


def refused(text: str) -> list[tuple[int, str, str]]:
    with pytest.raises(DiaryImportError) as caught:
        parse_medicines_csv(text.encode("utf-8"), today=TODAY)
    return [(e.row, e.column, e.message) for e in caught.value.errors]


@pytest.mark.parametrize(
    ("row", "column", "words"),
    [
        (",,,2026-01-01,,", "name", "Give the medicine's name"),
        (f"{'x' * 201},,,2026-01-01,,", "name", "the limit is 200"),
        ("Lipitor,,,2026-06-02,,", "started_on", "in the future"),
        ("Lipitor,,,2026-02-01,2026-01-01,", "stopped_on", "before the start date"),
        ("Lipitor,,,01/02/2026,,", "started_on", "not a date written YYYY-MM-DD"),
        ("Lipitor,,,2026-02-30,,", "started_on", "not a real calendar date"),
        ("Lipitor,,,,,", "started_on", "required"),
        ("Lipitor,,,2026-01-01,", "", "5 cells"),
    ],
)
def test_each_bad_row_is_named_by_row_and_column(row: str, column: str, words: str) -> None:
    [(at, where, message)] = refused(f"{HEADER}\r\nLosartan,,,2026-01-01,,\r\n{row}\r\n")
    assert (at, where) == (3, column)
    assert words in message


def test_two_overlapping_rows_of_one_medicine_are_refused_at_the_later_row() -> None:
    text = f"{HEADER}\nLosartan,,,2026-01-01,,\nLipitor,,,2026-01-01,,\nlosartan,,,2026-03-01,,\n"
    [(at, column, message)] = refused(text)
    assert at == 4 and "overlaps" in message


def test_a_wrong_header_is_refused_with_the_right_one() -> None:
    [(at, _, message)] = refused("name,dose,when\nLosartan,,2026-01-01\n")
    assert at == 1 and HEADER in message


def test_a_header_without_rows_is_refused() -> None:
    assert "no medicines" in refused(f"{HEADER}\n")[0][2]
