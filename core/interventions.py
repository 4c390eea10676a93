"""Changes a person tries (a stretch at bedtime, more water) and the rules for recording one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from core.diary import FieldError
from core.vocab import INTERVENTION_KINDS

MAX_INTERVENTION_NAME_CHARS = 200


@dataclass(frozen=True)
class Intervention:
    """A dated change the person made; `ended_on` None means it is still going on."""

    name: str
    kind: str
    started_on: date
    ended_on: date | None = None
    note: str = ""
    id: int | None = None


def intervention_errors(item: Intervention, today: date | None = None) -> list[FieldError]:
    """Every problem with an intervention; `today` (when given) refuses a start in the future."""
    errors = []
    if not item.name.strip():
        errors.append(FieldError("name", "Give the change a name, e.g. 'Calf stretch at bedtime'."))
    if len(item.name) > MAX_INTERVENTION_NAME_CHARS:
        errors.append(
            FieldError("name", f"Keep the name under {MAX_INTERVENTION_NAME_CHARS} characters.")
        )
    if item.kind not in INTERVENTION_KINDS:
        errors.append(FieldError("kind", f"Unknown kind of change '{item.kind}'."))
    if today is not None and item.started_on > today:
        errors.append(FieldError("started_on", "The start date is in the future."))
    if item.ended_on is not None and item.ended_on < item.started_on:
        errors.append(FieldError("ended_on", "The end date is before the start date."))
    return errors
