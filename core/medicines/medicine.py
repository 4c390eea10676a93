"""A medicine on the person's list, and the rules for recording one.

The limits are named here once: the table's checks (db.models), the CSV and the
page's widgets all read them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from core.diary import MAX_NOTE_CHARS, FieldError
from core.medicines.classes import DrugClass, class_of
from core.wording import day_text

MAX_MEDICINE_NAME_CHARS = 200
MAX_DOSE_CHARS = 100
MAX_PURPOSE_CHARS = 200


@dataclass(frozen=True)
class Medicine:
    """A medicine taken from `started_on` to `stopped_on` (None: still taking it)."""

    name: str
    started_on: date
    stopped_on: date | None = None
    dose: str = ""
    purpose: str = ""
    note: str = ""
    id: int | None = None

    @property
    def drug_class(self) -> DrugClass | None:
        """The drug class of the name as written; None when the table does not know it."""
        return class_of(self.name)

    def taken_on(self, day: date) -> bool:
        """Whether the medicine was being taken on `day` (its start and stop days included)."""
        return self.started_on <= day and (self.stopped_on is None or day <= self.stopped_on)

    @property
    def period(self) -> str:
        """'since 3 Mar 2026' or '3 Mar 2026 – 24 Mar 2026'."""
        if self.stopped_on is None:
            return f"since {day_text(self.started_on)}"
        return f"{day_text(self.started_on)} – {day_text(self.stopped_on)}"


def same_medicine(first: str, second: str) -> bool:
    """Whether two names are one medicine as written (case and spacing aside)."""
    return _key(first) == _key(second)


def _key(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip().casefold()


def _too_long(field: str, what: str, text: str, limit: int) -> list[FieldError]:
    if len(text) <= limit:
        return []
    return [FieldError(field, f"The {what} is {len(text):,} characters; the limit is {limit:,}.")]


def medicine_errors(item: Medicine, today: date | None = None) -> list[FieldError]:
    """Every problem with one medicine; `today` (when given) refuses a start in the future."""
    errors = []
    if not item.name.strip():
        errors.append(FieldError("name", "Give the medicine's name, e.g. 'Hydrochlorothiazide'."))
    errors += _too_long("name", "name", item.name, MAX_MEDICINE_NAME_CHARS)
    errors += _too_long("dose", "dose", item.dose, MAX_DOSE_CHARS)
    errors += _too_long("purpose", "purpose", item.purpose, MAX_PURPOSE_CHARS)
    errors += _too_long("note", "note", item.note, MAX_NOTE_CHARS)
    for field in ("name", "dose", "purpose", "note"):
        if "\x00" in getattr(item, field):
            errors.append(FieldError(field, f"The {field} holds a NUL character."))
    if today is not None and item.started_on > today:
        errors.append(
            FieldError("started_on", f"The start date {item.started_on} is in the future.")
        )
    if item.stopped_on is not None and item.stopped_on < item.started_on:
        errors.append(
            FieldError(
                "stopped_on",
                f"The stop date {item.stopped_on} is before the start date {item.started_on}.",
            )
        )
    return errors


def overlap_errors(items: list[Medicine]) -> list[FieldError]:
    """Two entries of the same medicine whose dates overlap: one of them is a mistake."""
    errors = []
    ordered = sorted(items, key=lambda m: (_key(m.name), m.started_on))
    for first, second in zip(ordered, ordered[1:], strict=False):
        if same_medicine(first.name, second.name) and (
            first.stopped_on is None or second.started_on <= first.stopped_on
        ):
            errors.append(
                FieldError(
                    "started_on",
                    f"'{second.name[:60]}' is already on the list {first.period}; the entry "
                    f"from {day_text(second.started_on)} overlaps it. Stop the earlier one "
                    "first, or edit it.",
                )
            )
    return errors


def list_errors(items: list[Medicine], today: date | None = None) -> list[FieldError]:
    """Every problem with a whole list (say, from a backup or a CSV), entry by entry."""
    errors = [
        FieldError(e.field, f"Medicine '{item.name[:60]}': {e.message}")
        for item in items
        for e in medicine_errors(item, today)
    ]
    return errors + overlap_errors(items)
