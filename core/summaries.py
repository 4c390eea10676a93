"""Counts told in words, the same on the pages and on the command line."""

from __future__ import annotations

from typing import Protocol


class ImportCounts(Protocol):
    """What an import did or would do (db.repository.ImportSummary has these)."""

    @property
    def nights_added(self) -> int: ...
    @property
    def nights_updated(self) -> int: ...
    @property
    def episodes_added(self) -> int: ...
    @property
    def episodes_already_there(self) -> int: ...
    @property
    def cramp_free_nights_added(self) -> int: ...


def plural(count: int, word: str) -> str:
    """'1 cramp', '2 cramps', '1,204 nights', '3 entries'."""
    if count == 1:
        return f"1 {word}"
    plural_word = (
        word[:-1] + "ies" if word.endswith("y") and word[-2] not in "aeiou" else word + "s"
    )
    return f"{count:,} {plural_word}"


def describe_import(summary: ImportCounts) -> str:
    """What an import adds, in one line: new cramps and nights, details filled in, skipped."""
    parts = [
        f"{plural(summary.episodes_added, 'new cramp')}",
        f"{plural(summary.nights_added, 'new night')} "
        f"({summary.cramp_free_nights_added:,} of them cramp-free)",
    ]
    if summary.nights_updated:
        parts.append(f"{plural(summary.nights_updated, 'night')} get missing details filled in")
    if summary.episodes_already_there:
        parts.append(
            f"{plural(summary.episodes_already_there, 'cramp')} already in your diary skipped"
        )
    return "; ".join(parts)
