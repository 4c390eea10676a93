"""Fuzzing the importer: any bytes at all are either a diary or a DiaryImportError."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from core.files.csv_format import (
    COLUMNS,
    DiaryImportError,
    ParsedDiary,
    parse_diary_csv,
    write_diary_csv,
)
from tests.unit.test_csv_format import diaries

# What a file can have inside that trips parsers up.
NASTY = [
    '"', '""', ",", ";", "\n", "\r", "\r\n", "\x00", "\ufeff", "\t", "'", "=", "\\",
    "\u2028", "\u202e", "🦵", "é", "٣", "true", "TRUE", "nan", "inf", "1e400", "-0",
    "9" * 30, "9" * 5000, "2026-02-30", "24:00", "25:61", "calf", "calf;calf", " ",
]  # fmt: skip


def _check(data: bytes) -> ParsedDiary | None:
    """Parse; the only failure allowed is the app's own error, with a message for every row."""
    try:
        return parse_diary_csv(data)
    except DiaryImportError as error:
        assert error.errors, "an import error must say what is wrong"
        assert all(e.message for e in error.errors)
        return None


@st.composite
def mangled_files(draw: st.DrawFn) -> bytes:
    """A valid diary CSV, then a few edits of the kinds people and programs make."""
    text = write_diary_csv(*draw(diaries()))
    if draw(st.booleans()):
        text = text.replace("\r\n", draw(st.sampled_from(["\n", "\r", "\r\n"])))
    for _ in range(draw(st.integers(1, 4))):
        position = draw(st.integers(0, len(text)))
        edit = draw(st.sampled_from(["insert", "delete", "replace", "line", "delimiter"]))
        if edit == "insert":
            text = (
                text[:position]
                + draw(st.sampled_from(NASTY) | st.text(max_size=5))
                + text[position:]
            )
        elif edit == "delete":
            text = text[:position] + text[position + draw(st.integers(1, 20)) :]
        elif edit == "replace":  # one cell's content swapped for something else
            lines = text.split("\n")
            line = draw(st.integers(0, len(lines) - 1))
            cells = lines[line].split(",")
            cells[draw(st.integers(0, len(cells) - 1))] = draw(st.sampled_from(NASTY))
            lines[line] = ",".join(cells)
            text = "\n".join(lines)
        elif edit == "line":  # a line repeated, dropped or moved
            lines = text.split("\n")
            line = draw(st.integers(0, len(lines) - 1))
            moved = lines.pop(line)
            if draw(st.booleans()):
                lines.insert(draw(st.integers(0, len(lines))), moved)
            if draw(st.booleans()):
                lines.insert(draw(st.integers(0, len(lines))), moved)
            text = "\n".join(lines)
        else:
            text = text.replace(",", ";")
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "latin-1", "utf-16"]))
    return text.encode(encoding, errors="replace")


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=3000))
@example(b"")
@example(b"\xff\xfe\x00n")
@example(",".join(COLUMNS).encode() + b"\n" + b"9" * 5000)
@example(",".join(COLUMNS).encode() + b'\n2026-03-13,"' + b"x" * 200_000 + b"\n")
@example(",".join(COLUMNS).encode() + b'\n2026-03-13,"' + b"x" * 200_000 + b'"\n')
@example(b'night,"' + b"y" * 200_000 + b"\xe9\n")
@example(b'night,"' + b"y" * 70_000 + b"\x00\n")
def test_random_bytes_are_a_diary_or_the_apps_own_error(data: bytes) -> None:
    _check(data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mangled_files())
def test_a_mangled_diary_file_is_a_diary_or_the_apps_own_error(data: bytes) -> None:
    _check(data)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(NASTY) | st.text(max_size=8), min_size=21, max_size=21))
def test_any_cells_under_a_good_header_are_a_diary_or_the_apps_own_error(cells: list[str]) -> None:
    row = ",".join(cells)
    _check(f"{','.join(COLUMNS)}\n{row}\n".encode())


def test_a_number_too_long_for_python_is_refused_as_a_bad_cell() -> None:
    cells = dict.fromkeys(COLUMNS, "")
    cells.update(night="2026-03-13", time="02:30", muscle="calf", pain="9" * 5000)
    try:
        parse_diary_csv(f"{','.join(COLUMNS)}\n{','.join(cells.values())}\n".encode())
    except DiaryImportError as error:
        assert [(e.row, e.column) for e in error.errors] == [(2, "pain")]
        assert len(error.errors[0].message) < 200  # the cell is not quoted in full
    else:
        raise AssertionError("a 5000-digit pain score was accepted")
