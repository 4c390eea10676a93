"""Counts told in words, the same on the pages and on the command line."""

from __future__ import annotations

from core.files.import_plan import ImportSummary
from core.wording import plural


def describe_import(summary: ImportSummary) -> str:
    """What an import adds, in one line: new cramps and nights, details filled in, skipped."""
    parts = [
        f"{plural(summary.episodes_added, 'new cramp')}",
        f"{plural(summary.nights_added, 'new night')} "
        f"({summary.cramp_free_nights_added:,} of them cramp-free)",
    ]
    if summary.nights_updated:
        parts.append(f"missing details filled in on {plural(summary.nights_updated, 'night')}")
    if summary.episodes_already_there:
        parts.append(
            f"{plural(summary.episodes_already_there, 'cramp')} already in your diary skipped"
        )
    return "; ".join(parts)
