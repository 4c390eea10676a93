"""The diary CSV: the public file format, read and written (see README, "Diary CSV")."""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import TypeVar

from core.diary import (
    CONTEXT_FIELDS,
    Episode,
    Night,
    NightContext,
    context_errors,
    episode_errors,
    sorted_episodes,
)
from core.vocab import LIST_SEPARATOR

COLUMNS: tuple[str, ...] = (
    "night",
    "time",
    "muscle",
    "side",
    "duration_s",
    "pain",
    "woke",
    "felt",
    "relief",
    "relief_helped",
    "warning_signs",
    "note",
    "water_l",
    "exercise_min",
    "exercise_intensity",
    "hot",
    "stretched",
    "sitting_h",
    "hard_floor_h",
    "stress",
    "new_medication",
)
EPISODE_COLUMNS: tuple[str, ...] = COLUMNS[2:12]

MAX_IMPORT_BYTES = 50 * 1024 * 1024
MAX_LISTED_ERRORS = 200

# Spreadsheets run a cell starting with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_NEUTRALISED = re.compile(r"^'+[=+\-@\t\r]")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^\d{2}:\d{2}$")
_INT = re.compile(r"^[+-]?\d+$")
_MAX_DIGITS = 15  # more is outside every range the diary has (and may be beyond int()'s limit)
_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


@dataclass(frozen=True)
class RowError:
    """One problem in an imported file, at a spreadsheet row (the header is row 1) and column."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row else "file"
        return (
            f"{where}, {self.column}: {self.message}" if self.column else f"{where}: {self.message}"
        )


class DiaryImportError(ValueError):
    """A file the importer refuses as a whole; `errors` lists every problem found."""

    def __init__(self, errors: list[RowError], truncated: bool = False) -> None:
        self.errors = errors
        self.truncated = truncated
        lines = [str(e) for e in errors[:10]]
        more = len(errors) - len(lines)
        super().__init__("; ".join(lines) + (f"; and {more} more" if more > 0 else ""))


@dataclass
class ParsedDiary:
    """A file that passed every check: its nights (all of them) and episodes, with their rows."""

    nights: dict[date, NightContext] = field(default_factory=dict)
    episodes: list[Episode] = field(default_factory=list)
    episode_rows: list[int] = field(default_factory=list)
    night_rows: dict[date, int] = field(default_factory=dict)

    @property
    def cramp_free_nights(self) -> list[date]:
        """Nights in the file that have no episodes."""
        with_episodes = {e.night for e in self.episodes}
        return sorted(n for n in self.nights if n not in with_episodes)


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


# --- writing -----------------------------------------------------------------


def _fmt_bool(value: bool | None) -> str:
    return "" if value is None else ("true" if value else "false")


def _fmt_num(value: float | int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    text = repr(float(value))  # the shortest text that reads back as the same float
    if "e" in text:
        text = format(Decimal(text), "f")  # spreadsheets and our reader want no exponent
    return text


def _context_cells(context: NightContext) -> list[str]:
    return [
        _fmt_num(context.water_l),
        _fmt_num(context.exercise_min),
        context.exercise_intensity or "",
        _fmt_bool(context.hot),
        _fmt_bool(context.stretched),
        _fmt_num(context.sitting_h),
        _fmt_num(context.hard_floor_h),
        _fmt_num(context.stress),
        _fmt_bool(context.new_medication),
    ]


def _episode_cells(episode: Episode) -> list[str]:
    return [
        episode.time.strftime("%H:%M"),
        episode.muscle,
        episode.side or "",
        _fmt_num(episode.duration_s),
        _fmt_num(episode.pain),
        _fmt_bool(episode.woke),
        LIST_SEPARATOR.join(episode.felt),
        LIST_SEPARATOR.join(episode.relief),
        _fmt_bool(episode.relief_helped),
        LIST_SEPARATOR.join(episode.warning_signs),
        neutralise_formula(episode.note),
    ]


def diary_rows(nights: Iterable[Night], episodes: Iterable[Episode]) -> Iterable[list[str]]:
    """The CSV rows of a diary, header first: nights in date order, episodes in onset order."""
    yield list(COLUMNS)
    by_night: dict[date, list[Episode]] = {}
    for episode in sorted_episodes(list(episodes)):
        by_night.setdefault(episode.night, []).append(episode)
    contexts = {n.night: n.context for n in nights}
    for night in sorted(set(contexts) | set(by_night)):
        context_cells = _context_cells(contexts.get(night, NightContext()))
        night_cell = night.isoformat()
        night_episodes = by_night.get(night)
        if not night_episodes:
            yield [night_cell, "", *[""] * len(EPISODE_COLUMNS), *context_cells]
            continue
        for episode in night_episodes:
            yield [night_cell, *_episode_cells(episode), *context_cells]


def write_diary_csv(nights: Iterable[Night], episodes: Iterable[Episode]) -> str:
    """The diary as CSV text (encode as UTF-8), with CRLF line ends as RFC 4180 has it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # RFC 4180; also quotes a lone \\r
    writer.writerows(diary_rows(nights, episodes))
    return buffer.getvalue()


# --- reading -----------------------------------------------------------------

T = TypeVar("T")


class _CellError(ValueError):
    pass


def _quoted(text: str) -> str:
    """A cell's text for a message, cut short so a huge cell cannot flood the page."""
    return repr(text) if len(text) <= 40 else repr(text[:37] + "…")


def _parse_bool(text: str) -> bool | None:
    lowered = text.lower()
    if lowered == "":
        return None
    if lowered == "true":
        return True
    if lowered == "false":
        return False
    raise _CellError(f"{_quoted(text)} is not true, false or empty.")


def _parse_int(text: str) -> int | None:
    if text == "":
        return None
    if not _INT.match(text):
        raise _CellError(f"{_quoted(text)} is not a whole number.")
    if len(text.lstrip("+-").lstrip("0")) > _MAX_DIGITS:
        raise _CellError(f"{_quoted(text)} is far too large.")
    return int(text)


def _decimal_parser(decimal_comma: bool) -> Callable[[str], float | None]:
    def parse(text: str) -> float | None:
        if text == "":
            return None
        candidate = text.replace(",", ".") if decimal_comma else text
        if not _DECIMAL.match(candidate):
            raise _CellError(f"{_quoted(text)} is not a number (use a '.' as the decimal point).")
        value = float(candidate)
        if not math.isfinite(value):
            raise _CellError(f"{_quoted(text)} is not a finite number.")
        return value + 0.0  # turns -0.0 into 0.0, which databases store anyway

    return parse


def _parse_list(text: str) -> tuple[str, ...]:
    if text == "":
        return ()
    return tuple(token.strip() for token in text.split(LIST_SEPARATOR) if token.strip())


def _parse_date(text: str) -> date:
    if not _DATE.match(text):
        raise _CellError(f"{_quoted(text)} is not a date written YYYY-MM-DD.")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise _CellError(f"{_quoted(text)} is not a real calendar date.") from None


def _parse_time(text: str) -> time:
    if not _TIME.match(text):
        raise _CellError(f"{_quoted(text)} is not a time written HH:MM (24-hour clock).")
    try:
        return time.fromisoformat(text)
    except ValueError:
        raise _CellError(f"{_quoted(text)} is not a real clock time.") from None


def _locate(prefix: str, delimiter: str) -> tuple[int, str]:
    """The spreadsheet row and column at the end of `prefix`, the file's text up to a problem."""
    prefix = prefix.removeprefix("\ufeff")
    try:
        rows = list(csv.reader(io.StringIO(prefix, newline=""), delimiter=delimiter))
    except csv.Error:  # e.g. a cell over the csv module's size limit: name the line only
        return prefix.count("\n") + 1, ""
    header = [h.strip() for h in rows[0]] if rows else []
    if not rows or prefix.endswith(("\n", "\r")):
        return len(rows) + 1, header[0] if header and rows else ""
    index = len(rows[-1]) - 1
    return len(rows), header[index] if len(rows) > 1 and index < len(header) else ""


def _decode(data: bytes) -> str:
    if len(data) > MAX_IMPORT_BYTES:
        size_mb = math.ceil(len(data) / 1024 / 1024 * 10) / 10
        raise DiaryImportError(
            [
                RowError(
                    0,
                    "",
                    f"The file is {size_mb:.1f} MB; the limit is "
                    f"{MAX_IMPORT_BYTES // 1024 // 1024} MB. Split it by date range and import "
                    "the parts.",
                )
            ]
        )
    if not data.strip():
        raise DiaryImportError([RowError(0, "", "The file is empty.")])
    if b"\x00" in data[:65536]:
        raise DiaryImportError(
            [RowError(0, "", "This is not a text file (it holds binary data). Choose a CSV file.")]
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        readable = data[: exc.start].decode("utf-8", errors="replace")
        row, column = _locate(readable, _delimiter(readable.split("\n", 1)[0]))
        raise DiaryImportError(
            [
                RowError(
                    row,
                    column,
                    "The file is not UTF-8 text (it may be Latin-1/Windows-1252). In your "
                    "spreadsheet, save it as 'CSV UTF-8' and import it again.",
                )
            ]
        ) from None
    if not text.strip():  # only a byte-order mark, or blank lines
        raise DiaryImportError([RowError(0, "", "The file is empty.")])
    if "\x00" in text:  # binary data further in: a database cannot store it in a note
        row, column = _locate(text[: text.index("\x00")], _delimiter(text.split("\n", 1)[0]))
        raise DiaryImportError(
            [
                RowError(
                    row,
                    column,
                    "This cell holds a NUL character (binary data), which the diary cannot "
                    "store. Remove it, or choose the right file.",
                )
            ]
        )
    return text


def _delimiter(header_line: str) -> str:
    if ";" in header_line and "," not in header_line:
        return ";"
    return ","


def _header_errors(header: list[str]) -> list[RowError]:
    names = [h.strip() for h in header]
    missing = [c for c in COLUMNS if c not in names]
    extra = [n for n in names if n not in COLUMNS]
    repeated = sorted({n for n in names if names.count(n) > 1})
    errors = []
    if missing:
        errors.append(RowError(1, ", ".join(missing), f"Missing column(s): {', '.join(missing)}."))
    if extra:
        errors.append(
            RowError(
                1, ", ".join(extra), f"Unknown column(s): {', '.join(repr(x) for x in extra)}."
            )
        )
    if repeated:
        errors.append(
            RowError(1, ", ".join(repeated), f"Repeated column(s): {', '.join(repeated)}.")
        )
    if errors:
        errors.append(RowError(1, "", "The first row must be: " + ",".join(COLUMNS)))
    return errors


def _quote_problem(row_text: str, delimiter: str) -> tuple[int, str] | None:
    """The cell of a row (text from the row's start) whose quotes break the CSV, and why."""
    cell = 0
    at_cell_start = True
    in_quotes = False
    i = 0
    while i < len(row_text):
        char = row_text[i]
        if in_quotes:
            if char == '"':
                if row_text[i + 1 : i + 2] == '"':
                    i += 2
                    continue
                in_quotes = False
                following = row_text[i + 1 : i + 2]
                if following not in ("", delimiter, "\r", "\n"):
                    return cell, "after"
        elif char == '"' and at_cell_start:
            in_quotes = True
        elif char == delimiter:
            cell += 1
            at_cell_start = True
            i += 1
            continue
        elif char in "\r\n":
            return None
        at_cell_start = False
        i += 1
    return (cell, "unclosed") if in_quotes else None


def _csv_error(
    error: csv.Error, text: str, delimiter: str, header: list[str], row: int, line: int
) -> RowError:
    """A row the csv module cannot read, named by row and, when it can be found, column."""
    row_text = "\n".join(text.split("\n")[line:])
    problem = _quote_problem(row_text, delimiter)
    if problem is None:
        if "field larger than field limit" in str(error):
            return RowError(
                row, "", f"A cell is over {csv.field_size_limit():,} characters long, far too long."
            )
        return RowError(row, "", 'The row cannot be read as CSV (check its quotes ").')
    cell, kind = problem
    column = header[cell].strip() if cell < len(header) else ""
    if kind == "unclosed":
        message = (
            'This cell opens a quote (") that is never closed, so the rest of the file '
            "would read as one cell. Close the quote or remove it."
        )
    else:
        message = (
            "This cell has text after its closing quote. Put the whole cell in quotes and write "
            'each " inside it twice ("").'
        )
    return RowError(row, column, message)


def parse_diary_csv(
    data: bytes,
    *,
    now: datetime | None = None,
    progress: Callable[[float], None] | None = None,
) -> ParsedDiary:
    """Read and check a whole diary CSV; raise DiaryImportError listing every problem.

    `now`, when given, refuses cramps dated in the future. `progress` is called
    with the share of rows read so far.
    """
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = _delimiter(first_line)
    parse_decimal = _decimal_parser(decimal_comma=delimiter == ";")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    errors: list[RowError] = []
    try:
        header = next(reader, [])
    except csv.Error as exc:
        raise DiaryImportError([_csv_error(exc, text, delimiter, list(COLUMNS), 1, 0)]) from None
    header_errors = _header_errors(header)
    if header_errors:
        raise DiaryImportError(header_errors)
    position = {name.strip(): i for i, name in enumerate(header)}
    total_estimate = max(text.count("\n"), 1)

    parsed = ParsedDiary()
    first_row_of_night: dict[date, int] = {}
    seen_keys: dict[tuple[date, time, str, str], int] = {}
    cramp_free_rows: dict[date, int] = {}
    episode_nights: dict[date, int] = {}
    row_number = 1
    lines_read = reader.line_num
    try:
        for cells in reader:
            row_number += 1
            lines_read = reader.line_num
            if progress is not None and row_number % 2000 == 0:
                progress(min(row_number / total_estimate, 1.0))
            if len(errors) >= MAX_LISTED_ERRORS:
                raise DiaryImportError(errors, truncated=True)
            if not cells or all(c.strip() == "" for c in cells):
                continue
            if len(cells) != len(header):
                errors.append(
                    RowError(
                        row_number,
                        "",
                        f"The row has {len(cells)} cells; the header has {len(header)}.",
                    )
                )
                continue
            row = {name: cells[i].strip() for name, i in position.items()}
            row["note"] = cells[position["note"]]  # free text keeps its spaces
            _read_row(
                row,
                row_number,
                parse_decimal,
                now,
                parsed,
                errors,
                first_row_of_night,
                seen_keys,
                cramp_free_rows,
                episode_nights,
            )
    except csv.Error as exc:
        errors.append(_csv_error(exc, text, delimiter, header, row_number + 1, lines_read))
    if row_number == 1 and not errors:
        raise DiaryImportError([RowError(0, "", "The file has a header but no rows.")])
    if errors:
        raise DiaryImportError(errors)
    if progress is not None:
        progress(1.0)
    return parsed


def _cell(
    row: dict[str, str],
    column: str,
    parse: Callable[[str], T],
    row_number: int,
    errors: list[RowError],
) -> T | None:
    try:
        return parse(row[column])
    except _CellError as exc:
        errors.append(RowError(row_number, column, str(exc)))
        return None


def _read_row(
    row: dict[str, str],
    row_number: int,
    parse_decimal: Callable[[str], float | None],
    now: datetime | None,
    parsed: ParsedDiary,
    errors: list[RowError],
    first_row_of_night: dict[date, int],
    seen_keys: dict[tuple[date, time, str, str], int],
    cramp_free_rows: dict[date, int],
    episode_nights: dict[date, int],
) -> None:
    errors_before = len(errors)
    if row["night"] == "":
        errors.append(RowError(row_number, "night", "The night date is required."))
        return
    night = _cell(row, "night", _parse_date, row_number, errors)
    context = NightContext(
        water_l=_cell(row, "water_l", parse_decimal, row_number, errors),
        exercise_min=_cell(row, "exercise_min", _parse_int, row_number, errors),
        exercise_intensity=row["exercise_intensity"] or None,
        hot=_cell(row, "hot", _parse_bool, row_number, errors),
        stretched=_cell(row, "stretched", _parse_bool, row_number, errors),
        sitting_h=_cell(row, "sitting_h", parse_decimal, row_number, errors),
        hard_floor_h=_cell(row, "hard_floor_h", parse_decimal, row_number, errors),
        stress=_cell(row, "stress", _parse_int, row_number, errors),
        new_medication=_cell(row, "new_medication", _parse_bool, row_number, errors),
    )
    if len(errors) == errors_before:
        errors.extend(RowError(row_number, e.field, e.message) for e in context_errors(context))
    context_ok = len(errors) == errors_before
    if night is None:
        return

    if row["time"] == "":
        filled = [c for c in EPISODE_COLUMNS if row[c] != ""]
        if filled:
            errors.append(
                RowError(
                    row_number,
                    "time",
                    "The time is empty, which marks a cramp-free night, but the row has "
                    f"cramp details ({', '.join(filled)}). Add the time or clear those cells.",
                )
            )
        elif night in cramp_free_rows:
            errors.append(
                RowError(
                    row_number,
                    "night",
                    f"The cramp-free night {night} is already in row {cramp_free_rows[night]}.",
                )
            )
        else:
            cramp_free_rows[night] = row_number
    else:
        episode = _read_episode(row, row_number, night, now, errors)
        if episode is not None:
            key = episode.key()
            if key in seen_keys:
                errors.append(
                    RowError(
                        row_number,
                        "time",
                        f"This cramp ({night} {row['time']}, {episode.muscle}"
                        f"{', ' + episode.side if episode.side else ''}) repeats row "
                        f"{seen_keys[key]}.",
                    )
                )
            else:
                seen_keys[key] = row_number
                episode_nights.setdefault(night, row_number)
                parsed.episodes.append(episode)
                parsed.episode_rows.append(row_number)

    if night in cramp_free_rows and night in episode_nights:
        errors.append(
            RowError(
                max(cramp_free_rows[night], episode_nights[night]),
                "time",
                f"The night {night} is marked cramp-free in row {cramp_free_rows[night]} "
                f"but has a cramp in row {episode_nights[night]}.",
            )
        )
        return

    if not context_ok:
        return
    stored = parsed.nights.get(night)
    if stored is None:
        parsed.nights[night] = context
        parsed.night_rows[night] = row_number
        first_row_of_night[night] = row_number
        return
    for column in CONTEXT_FIELDS:
        if getattr(context, column) != getattr(stored, column):
            errors.append(
                RowError(
                    row_number,
                    column,
                    f"Rows of the night {night} disagree: '{row[column]}' here, but "
                    f"'{_show(getattr(stored, column))}' in row {first_row_of_night[night]}.",
                )
            )


def _show(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _read_episode(
    row: dict[str, str],
    row_number: int,
    night: date,
    now: datetime | None,
    errors: list[RowError],
) -> Episode | None:
    errors_before = len(errors)
    clock = _cell(row, "time", _parse_time, row_number, errors)
    if row["muscle"] == "":
        errors.append(RowError(row_number, "muscle", "A cramp needs the muscle."))
    duration = _cell(row, "duration_s", _parse_int, row_number, errors)
    pain = _cell(row, "pain", _parse_int, row_number, errors)
    woke = _cell(row, "woke", _parse_bool, row_number, errors)
    helped = _cell(row, "relief_helped", _parse_bool, row_number, errors)
    if len(errors) > errors_before or clock is None:
        return None
    episode = Episode(
        night=night,
        time=clock,
        muscle=row["muscle"],
        side=row["side"] or None,
        duration_s=duration,
        pain=pain,
        woke=woke,
        felt=_parse_list(row["felt"]),
        relief=_parse_list(row["relief"]),
        relief_helped=helped,
        warning_signs=_parse_list(row["warning_signs"]),
        note=restore_formula(row["note"]),
    )
    problems = episode_errors(episode, now)
    if problems:
        errors.extend(RowError(row_number, e.field, e.message) for e in problems)
        return None
    return episode
