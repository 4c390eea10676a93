"""The stored changes a person tried (see core.interventions for what one is)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import Engine, delete, select
from sqlmodel import Session, col

from core.diary import DiaryInputError, FieldError
from core.interventions import Intervention, intervention_errors
from db.models import InterventionRow
from db.repository.rows import refuse_nul
from db.repository.sessions import add_or_replace, reading, writing

COLUMNS = ("name", "kind", "started_on", "ended_on", "note")  # all but the id


def _columns(item: Intervention) -> dict[str, Any]:
    return {name: getattr(item, name) for name in COLUMNS}


def save_intervention(*, engine: Engine, intervention: Intervention, today: date) -> int:
    """Add (id None) or replace an intervention; return its id."""
    errors = intervention_errors(intervention, today)
    if errors:
        raise DiaryInputError(errors)
    refuse_nul(name=intervention.name, note=intervention.note)
    values = {**_columns(intervention), "name": intervention.name.strip()}
    gone = FieldError("intervention", "That change no longer exists.")
    with writing(engine) as session:
        return add_or_replace(session, InterventionRow, intervention.id, values, gone)


def list_interventions(*, engine: Engine) -> list[Intervention]:
    """Every intervention, oldest first."""
    with reading(engine) as session:
        rows = session.scalars(
            select(InterventionRow).order_by(
                col(InterventionRow.started_on), col(InterventionRow.id)
            )
        ).all()
        return [Intervention(id=r.id, **{name: getattr(r, name) for name in COLUMNS}) for r in rows]


def delete_intervention(*, engine: Engine, intervention_id: int) -> None:
    """Delete an intervention."""
    with writing(engine) as session:
        session.execute(delete(InterventionRow).where(col(InterventionRow.id) == intervention_id))


def replace_interventions(session: Session, interventions: Iterable[Intervention]) -> None:
    """Replace every stored intervention, inside the caller's transaction (already checked)."""
    session.execute(delete(InterventionRow))
    for item in sorted(interventions, key=lambda i: (i.started_on, i.id or 0)):
        session.add(InterventionRow(**_columns(item)))
