"""From a file's bytes to CSV text, and where in that text a problem lies.

Every step here is linear in the size of the file, so a hostile file costs no
more to refuse than a good one of the same size costs to read.
"""

from __future__ import annotations

import codecs
import csv
import io
import math

from core.files.errors import DiaryImportError, RowError

MAX_IMPORT_BYTES = 50 * 1024 * 1024
# The header has 21 names, about 230 characters; ten times that is no diary file.
MAX_HEADER_CHARS = 4_000
MAX_HEADER_COLUMNS = 100

UTF16_MESSAGE = (
    "The file is UTF-16 text (what Excel saves as 'Unicode Text'), which the diary does not "
    "read. In Excel choose File > Save As > 'CSV UTF-8 (Comma delimited) (.csv)' and import "
    "that file."
)


def _refused(message: str, row: int = 0, column: str = "") -> DiaryImportError:
    return DiaryImportError([RowError(row, column, message)])


def _is_utf16(data: bytes) -> bool:
    """A UTF-16 file: with a byte-order mark, or one whose first bytes read as the header."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    sample = data[:512]
    for encoding in ("utf-16-le", "utf-16-be"):
        if "night" in sample.decode(encoding, errors="ignore")[:200]:
            return True
    return False


def decode(data: bytes) -> str:
    """The file as text, or DiaryImportError saying (in a patient's words) why it is not."""
    if len(data) > MAX_IMPORT_BYTES:
        size_mb = math.ceil(len(data) / 1024 / 1024 * 10) / 10
        raise _refused(
            f"The file is {size_mb:.1f} MB; the limit is {MAX_IMPORT_BYTES // 1024 // 1024} "
            "MB. Split it by date range and import the parts."
        )
    if not data or data.isspace():  # (not strip(): no copy of a 50 MB file)
        raise _refused("The file is empty.")
    if _is_utf16(data):
        raise _refused(UTF16_MESSAGE)
    if b"\x00" in data[:65536]:
        raise _refused("This is not a text file (it holds binary data). Choose a CSV file.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        readable = data[: exc.start].decode("utf-8", errors="replace")
        row, column = locate(readable, delimiter_of(first_line(readable)))
        raise _refused(
            "The file is not UTF-8 text (it may be Latin-1/Windows-1252). In your "
            "spreadsheet, save it as 'CSV UTF-8' and import it again.",
            row,
            column,
        ) from None
    if not text or text.isspace():  # only a byte-order mark, or blank lines
        raise _refused("The file is empty.")
    if "\x00" in text:  # binary data further in: a database cannot store it in a note
        row, column = locate(text[: text.index("\x00")], delimiter_of(first_line(text)))
        raise _refused(
            "This cell holds a NUL character (binary data), which the diary cannot "
            "store. Remove it, or choose the right file.",
            row,
            column,
        )
    return text


def first_line(text: str) -> str:
    """The text up to the first line break (at most MAX_HEADER_CHARS + 1 characters)."""
    head = text[: MAX_HEADER_CHARS + 1]
    end = min((i for i in (head.find("\n"), head.find("\r")) if i >= 0), default=len(head))
    return head[:end]


def check_header_size(text: str) -> None:
    """Refuse, before any work per column, a header far longer or wider than a diary's."""
    line = first_line(text)
    if len(line) > MAX_HEADER_CHARS:
        raise _refused(
            f"The first row is over {MAX_HEADER_CHARS:,} characters long; a diary file's first "
            "row is its 21 column names. Choose a diary CSV file.",
            1,
        )
    cells = line.count(delimiter_of(line)) + 1
    if cells > MAX_HEADER_COLUMNS:
        raise _refused(
            f"The first row has {cells:,} columns; a diary file has 21. Choose a diary CSV file.",
            1,
        )


def delimiter_of(header_line: str) -> str:
    """The file's cell separator: ';' when the header uses only that, else ','."""
    if ";" in header_line and "," not in header_line:
        return ";"
    return ","


def locate(prefix: str, delimiter: str) -> tuple[int, str]:
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


def quote_problem(row_text: str, delimiter: str) -> tuple[int, str] | None:
    """The cell of a row (text from the row's start) whose quotes break the CSV, and why."""
    cell = 0
    at_cell_start = True
    i = 0
    while i < len(row_text):
        char = row_text[i]
        if char == '"' and at_cell_start:
            # Jump from quote to quote (not character by character): a quote left open at
            # the top of a 50 MB file is found in one pass of str.find.
            close = row_text.find('"', i + 1)
            while close >= 0 and row_text[close + 1 : close + 2] == '"':
                close = row_text.find('"', close + 2)
            if close < 0:
                return cell, "unclosed"
            if row_text[close + 1 : close + 2] not in ("", delimiter, "\r", "\n"):
                return cell, "after"
            i = close + 1
            at_cell_start = False
            continue
        if char == delimiter:
            cell += 1
            at_cell_start = True
        elif char in "\r\n":
            return None
        else:
            at_cell_start = False
        i += 1
    return None


def csv_error(
    error: csv.Error, text: str, delimiter: str, header: list[str], row: int, line: int
) -> RowError:
    """A row the csv module cannot read, named by row and, when it can be found, column."""
    start = 0
    for _ in range(line):  # the offset of the row's first line, without splitting the file
        start = text.find("\n", start) + 1
        if start == 0:
            start = len(text)
            break
    problem = quote_problem(text[start:], delimiter)
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
