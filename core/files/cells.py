"""Reading one cell of a diary CSV: booleans, whole numbers, decimals, lists, dates, times."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date, time
from typing import TypeVar

from core.files.errors import RowError
from core.vocab import LIST_SEPARATOR

T = TypeVar("T")

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^\d{2}:\d{2}$")
_INT = re.compile(r"^[+-]?\d+$")
_MAX_DIGITS = 15  # more is outside every range the diary has (and may be beyond int()'s limit)
_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


class CellError(ValueError):
    """A cell that cannot be read as what its column holds; the message says why."""


def quoted(text: str) -> str:
    """A cell's text for a message, cut short so a huge cell cannot flood the page."""
    return repr(text) if len(text) <= 40 else repr(text[:37] + "…")


def parse_bool(text: str) -> bool | None:
    """true, false or empty (None), in any letter case."""
    lowered = text.lower()
    if lowered == "":
        return None
    if lowered == "true":
        return True
    if lowered == "false":
        return False
    raise CellError(f"{quoted(text)} is not true, false or empty.")


def parse_int(text: str) -> int | None:
    """A whole number, or None for an empty cell."""
    if text == "":
        return None
    if not _INT.match(text):
        raise CellError(f"{quoted(text)} is not a whole number.")
    if len(text.lstrip("+-").lstrip("0")) > _MAX_DIGITS:
        raise CellError(f"{quoted(text)} is far too large.")
    return int(text)


def decimal_parser(decimal_comma: bool) -> Callable[[str], float | None]:
    """A reader of decimals written with a point (or, in a ;-separated file, a comma)."""

    def parse(text: str) -> float | None:
        if text == "":
            return None
        candidate = text.replace(",", ".") if decimal_comma else text
        if not _DECIMAL.match(candidate):
            raise CellError(f"{quoted(text)} is not a number (use a '.' as the decimal point).")
        value = float(candidate)
        if not math.isfinite(value):
            raise CellError(f"{quoted(text)} is not a finite number.")
        return value + 0.0  # turns -0.0 into 0.0, which databases store anyway

    return parse


def parse_list(text: str) -> tuple[str, ...]:
    """The choices of a list cell, separated by LIST_SEPARATOR, blanks dropped."""
    if text == "":
        return ()
    return tuple(token.strip() for token in text.split(LIST_SEPARATOR) if token.strip())


def _iso(text: str, form: re.Pattern[str], parse: Callable[[str], T], what: tuple[str, str]) -> T:
    """`text` read by `parse` once it has the written `form`; `what` names both for messages."""
    written, real = what
    if not form.match(text):
        raise CellError(f"{quoted(text)} is not {written}.")
    try:
        return parse(text)
    except ValueError:
        raise CellError(f"{quoted(text)} is not a real {real}.") from None


def parse_date(text: str) -> date:
    """A calendar date written YYYY-MM-DD."""
    return _iso(text, _DATE, date.fromisoformat, ("a date written YYYY-MM-DD", "calendar date"))


def parse_time(text: str) -> time:
    """A clock time written HH:MM on the 24-hour clock."""
    what = ("a time written HH:MM (24-hour clock)", "clock time")
    return _iso(text, _TIME, time.fromisoformat, what)


def value_text(value: object, *, none: str, yes: str, no: str) -> str:
    """A stored value as a message shows it: `none` for not recorded, `yes`/`no` for a bool."""
    if value is None:
        return none
    if isinstance(value, bool):
        return yes if value else no
    return str(value)


def read_cell(
    row: dict[str, str],
    column: str,
    parse: Callable[[str], T],
    row_number: int,
    errors: list[RowError],
) -> T | None:
    """The cell's value, or None with the problem added to `errors`."""
    try:
        return parse(row[column])
    except CellError as exc:
        errors.append(RowError(row_number, column, str(exc)))
        return None


# Spreadsheets run a cell starting with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_NEUTRALISED = re.compile(r"^'+[=+\-@\t\r]")


def neutralise_formula(text: str) -> str:
    """Make free text safe to open in a spreadsheet; `restore_formula` undoes it exactly."""
    if text.startswith(FORMULA_PREFIXES) or _NEUTRALISED.match(text):
        return "'" + text
    return text


def restore_formula(text: str) -> str:
    """Undo `neutralise_formula`."""
    if _NEUTRALISED.match(text):
        return text[1:]
    return text
