"""The medicine list (see core.medicines for what a medicine is and the rules for one)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import Engine, delete, select
from sqlmodel import Session, col

from core.diary import DiaryInputError, FieldError
from core.medicines.medicine import (
    Medicine,
    list_errors,
    medicine_errors,
    overlap_errors,
    same_medicine,
)
from db.models import MedicineRow
from db.repository.sessions import add_or_replace, reading, writing

COLUMNS = ("name", "dose", "purpose", "started_on", "stopped_on", "note")  # all but the id


def _columns(item: Medicine) -> dict[str, Any]:
    return {name: getattr(item, name) for name in COLUMNS}


def _medicine(row: MedicineRow) -> Medicine:
    return Medicine(id=row.id, **{name: getattr(row, name) for name in COLUMNS})


def _stored(session: Session) -> list[Medicine]:
    rows = session.scalars(
        select(MedicineRow).order_by(col(MedicineRow.started_on), col(MedicineRow.id))
    ).all()
    return [_medicine(r) for r in rows]


def _cleaned(item: Medicine) -> Medicine:
    return dataclasses.replace(
        item, name=" ".join(item.name.split()), dose=item.dose.strip(), purpose=item.purpose.strip()
    )


def save_medicine(*, engine: Engine, medicine: Medicine, today: date) -> int:
    """Add (id None) or replace a medicine; return its id.

    Raises DiaryInputError, with nothing saved, for a bad entry or one that
    overlaps another entry of the same medicine.
    """
    item = _cleaned(medicine)
    errors = medicine_errors(item, today)
    if errors:
        raise DiaryInputError(errors)
    with writing(engine) as session:
        others = [m for m in _stored(session) if m.id != item.id]
        overlaps = overlap_errors([*others, item])
        if overlaps:
            raise DiaryInputError(overlaps)
        gone = FieldError("medicine", "That medicine no longer exists.")
        return add_or_replace(session, MedicineRow, item.id, _columns(item), gone)


def stop_medicine(*, engine: Engine, name: str, stopped_on: date, today: date) -> Medicine:
    """Stop the current entry of the medicine called `name` (case and spacing aside) on
    `stopped_on`; return it. Raises DiaryInputError, nothing saved, when there is no such
    current medicine or the date is wrong."""
    with writing(engine) as session:
        taking = [m for m in _stored(session) if m.stopped_on is None]
        current = [m for m in taking if same_medicine(m.name, name)]
        if not current:  # "meds stop losartan" for "Losartan 50 mg", when that is the only one
            start = " ".join(name.split()).casefold()
            begins = [m for m in taking if start and m.name.casefold().startswith(start)]
            current = begins if len(begins) == 1 else []
        if not current:
            raise DiaryInputError(
                [FieldError("name", f"'{name[:60]}' is not a medicine you are taking now.")]
            )
        stopped = dataclasses.replace(current[-1], stopped_on=stopped_on)
        errors = medicine_errors(stopped, today)
        if stopped_on > today:
            errors.append(FieldError("stopped_on", f"The stop date {stopped_on} is in the future."))
        if errors:
            raise DiaryInputError(errors)
        row = session.get(MedicineRow, stopped.id)
        assert row is not None
        row.stopped_on = stopped_on
        return stopped


def list_medicines(*, engine: Engine) -> list[Medicine]:
    """Every medicine on the list, oldest start first."""
    with reading(engine) as session:
        return _stored(session)


def delete_medicine(*, engine: Engine, medicine_id: int) -> None:
    """Delete a medicine from the list; raises DiaryInputError when there is none by that id."""
    with writing(engine) as session:
        if session.get(MedicineRow, medicine_id) is None:
            raise DiaryInputError(
                [FieldError("id", f"There is no medicine {medicine_id} on the list.")]
            )
        session.execute(delete(MedicineRow).where(col(MedicineRow.id) == medicine_id))


def replace_medicines(session: Session, medicines: Iterable[Medicine]) -> None:
    """Replace the whole list, inside the caller's transaction (already checked)."""
    session.execute(delete(MedicineRow))
    for item in sorted(medicines, key=lambda m: (m.started_on, m.id or 0)):
        session.add(MedicineRow(**_columns(item)))


def import_medicines(*, engine: Engine, medicines: list[Medicine], today: date) -> int:
    """Add a medicines CSV's entries to the list, all or nothing; return how many were added.

    An entry already on the list (same medicine, same start) is skipped, so a
    file imported twice adds nothing the second time; nothing stored is
    overwritten. DiaryInputError lists every problem (an entry overlapping
    another of the same medicine, stored or in the file) and nothing is saved.
    """
    cleaned = [_cleaned(m) for m in medicines]
    errors = list_errors(cleaned, today)
    if errors:
        raise DiaryInputError(errors)
    with writing(engine) as session:
        stored = _stored(session)
        new = [
            m
            for m in cleaned
            if not any(
                same_medicine(m.name, s.name) and m.started_on == s.started_on for s in stored
            )
        ]
        overlaps = overlap_errors([*stored, *new])
        if overlaps:
            raise DiaryInputError(overlaps)
        for item in new:
            session.add(MedicineRow(**_columns(dataclasses.replace(item, id=None))))
        return len(new)
