"""Problems in an imported diary file: each by row and column, every message kept short.

A hostile file can make any number of problems, each quoting any amount of its
text; both are capped here, once, so no page or terminal is ever flooded.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_LISTED_ERRORS = 200
MAX_MESSAGE_CHARS = 400  # the longest real message is about 200 characters
MAX_COLUMN_CHARS = 120  # a column cell may name several columns ("pain, stress")


def shortened(text: str, limit: int) -> str:
    """`text`, cut to at most `limit` characters with an ellipsis when it was longer."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def listed(names: list[str], limit: int = 10) -> str:
    """Names joined with commas: the first `limit` of them, then how many more there are."""
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit:,} more" if len(names) > limit else "")


@dataclass(frozen=True)
class RowError:
    """One problem in an imported file, at a spreadsheet row (the header is row 1) and column."""

    row: int
    column: str
    message: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "column", shortened(self.column, MAX_COLUMN_CHARS))
        object.__setattr__(self, "message", shortened(self.message, MAX_MESSAGE_CHARS))

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row else "file"
        return (
            f"{where}, {self.column}: {self.message}" if self.column else f"{where}: {self.message}"
        )


class DiaryImportError(ValueError):
    """A file the importer refuses as a whole; `errors` lists the problems found (at most
    MAX_LISTED_ERRORS of them: `truncated` says there were more)."""

    def __init__(self, errors: list[RowError], truncated: bool = False) -> None:
        self.errors = errors[:MAX_LISTED_ERRORS]
        self.truncated = truncated or len(errors) > MAX_LISTED_ERRORS
        lines = [str(e) for e in self.errors[:10]]
        more = len(self.errors) - len(lines)
        super().__init__("; ".join(lines) + (f"; and {more} more" if more > 0 else ""))
