"""The medicine list as its own CSV file: written for a spreadsheet, read back exactly.

Columns: name, dose, purpose, started_on, stopped_on, note. Dates are
YYYY-MM-DD; an empty stopped_on means still taking it. Free text that a
spreadsheet would run as a formula is written with a leading ' (as in the diary
CSV) and read back without it. A file is read whole or refused whole: every
problem is listed by row (the header is row 1) and column.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date

from core.files.cells import parse_date, read_cell
from core.files.csv_format import neutralise_formula, restore_formula
from core.files.errors import MAX_LISTED_ERRORS, DiaryImportError, RowError, listed
from core.files.text import check_header_size, decode, delimiter_of, first_line
from core.medicines.medicine import Medicine, medicine_errors, overlap_errors, same_medicine

MEDICINE_COLUMNS = ("name", "dose", "purpose", "started_on", "stopped_on", "note")
TEXT_COLUMNS = ("name", "dose", "purpose", "note")


def write_medicines_csv(medicines: Iterable[Medicine]) -> str:
    """The list as CSV text (encode as UTF-8), CRLF line ends as RFC 4180 has it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(MEDICINE_COLUMNS)
    for item in medicines:
        writer.writerow(
            [
                neutralise_formula(item.name),
                neutralise_formula(item.dose),
                neutralise_formula(item.purpose),
                item.started_on.isoformat(),
                item.stopped_on.isoformat() if item.stopped_on else "",
                neutralise_formula(item.note),
            ]
        )
    return buffer.getvalue()


def _optional_date(text: str) -> date | None:
    return None if text == "" else parse_date(text)


def _header_errors(header: list[str]) -> list[RowError]:
    names = [h.strip() for h in header]
    if sorted(names) == sorted(MEDICINE_COLUMNS):
        return []
    missing = [c for c in MEDICINE_COLUMNS if c not in names]
    extra = [n[:40] for n in names if n not in MEDICINE_COLUMNS]
    words = [f"missing {listed(missing)}"] if missing else []
    words += [f"unknown {listed(extra)}"] if extra else []
    words += ["a column repeated"] if not words else []
    return [
        RowError(
            1, "", f"The header has {'; '.join(words)}. It must be: {','.join(MEDICINE_COLUMNS)}"
        )
    ]


def _read_row(
    cells: list[str], position: dict[str, int], row: int, today: date | None
) -> tuple[Medicine | None, list[RowError]]:
    errors: list[RowError] = []
    values = {name: cells[i] for name, i in position.items()}
    if values["started_on"].strip() == "":
        errors.append(RowError(row, "started_on", "The start date is required."))
        started = None
    else:
        started = read_cell(values, "started_on", lambda t: parse_date(t.strip()), row, errors)
    stopped = read_cell(values, "stopped_on", lambda t: _optional_date(t.strip()), row, errors)
    if errors or started is None:
        return None, errors
    text = {name: restore_formula(values[name]) for name in TEXT_COLUMNS}
    item = Medicine(
        name=" ".join(text["name"].split()),
        dose=text["dose"].strip(),
        purpose=text["purpose"].strip(),
        note=text["note"],
        started_on=started,
        stopped_on=stopped,
    )
    errors += [RowError(row, e.field, e.message) for e in medicine_errors(item, today)]
    return item, errors


def parse_medicines_csv(data: bytes, *, today: date | None = None) -> list[Medicine]:
    """Read and check a whole medicines CSV; raise DiaryImportError listing every problem.

    `today`, when given, refuses a start in the future (every caller that stores
    the result should give it).
    """
    text = decode(data)
    check_header_size(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter_of(first_line(text)))
    errors: list[RowError] = []
    items: list[tuple[Medicine, int]] = []
    try:
        header = next(reader, [])
        header_errors = _header_errors(header)
        if header_errors:
            raise DiaryImportError(header_errors)
        position = {name.strip(): i for i, name in enumerate(header)}
        for row, cells in enumerate(reader, start=2):
            if not cells or all(c.strip() == "" for c in cells):
                continue
            if len(cells) != len(header):
                errors.append(
                    RowError(
                        row, "", f"The row has {len(cells)} cells; the header has {len(header)}."
                    )
                )
                continue
            item, problems = _read_row(cells, position, row, today)
            errors += problems
            if item is not None and not problems:
                items.append((item, row))
            if len(errors) >= MAX_LISTED_ERRORS:
                raise DiaryImportError(errors, truncated=True)
    except csv.Error as error:
        errors.append(RowError(reader.line_num, "", f"The file is not valid CSV: {error}."))
    errors += _overlap_rows(items)
    if errors:
        raise DiaryImportError(sorted(errors, key=lambda e: e.row))
    if not items:
        raise DiaryImportError([RowError(0, "", "The file has a header but no medicines.")])
    return [item for item, _ in items]


def _overlap_rows(items: list[tuple[Medicine, int]]) -> list[RowError]:
    """Two rows of the same medicine whose dates overlap, at the later row."""
    errors = []
    for index, (item, row) in enumerate(items):
        for earlier, _ in items[:index]:
            if same_medicine(item.name, earlier.name):
                errors += [
                    RowError(row, e.field, e.message) for e in overlap_errors([earlier, item])
                ]
    return errors
