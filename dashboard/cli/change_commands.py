"""`cramp-diary change add | list | delete`: the changes of the Changes page, from scripts."""

from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from dashboard.cli.options import (
    DbOption,
    Refusal,
    command_group,
    date_option,
    echo_items,
    flag,
    open_diary,
    refusals,
)

if TYPE_CHECKING:
    from core.interventions import Intervention

change_app = command_group(
    "change",
    (
        "Record the changes you try (a stretch at bedtime, new shoes, more water), as the "
        "Changes page does; `analyse` then compares cramps before and after each.\n\n"
        "Example: cramp-diary change add 'Calf stretch at bedtime' --from 2026-03-01"
    ),
)

DEFAULT_KIND = "other"


def _record(item: "Intervention") -> dict[str, object]:
    return {
        "id": item.id,
        "name": item.name,
        "kind": item.kind,
        "started_on": item.started_on.isoformat(),
        "ended_on": item.ended_on.isoformat() if item.ended_on else None,
        "note": item.note,
    }


@change_app.command("add")
def add(
    name: Annotated[str, typer.Argument(metavar="NAME", help="What changed, in your words.")],
    started_on: Annotated[date, date_option("--from", "The day it started.")],
    ended_on: Annotated[
        date | None, date_option("--to", "The day it ended; leave out while it goes on.")
    ] = None,
    kind: Annotated[
        str,
        typer.Option(
            "--kind",
            help="stretching, shoes, water, medication, supplement or other.",
        ),
    ] = DEFAULT_KIND,
    note: Annotated[str, typer.Option("--note", help="A note of your own.")] = "",
    db: DbOption = None,
) -> None:
    """Record a change, with the checks of the Changes page (no future start, no end before
    the start).

    Example: cramp-diary change add 'Magnesium' --kind supplement --from 2026-03-01 --to 2026-04-15
    """
    from core.diary import DiaryInputError
    from core.interventions import Intervention
    from db.repository import save_intervention

    change = Intervention(name=name, kind=kind, started_on=started_on, ended_on=ended_on, note=note)
    with refusals(), open_diary(db) as diary:
        try:
            new_id = save_intervention(engine=diary.engine, intervention=change, today=date.today())
        except DiaryInputError as error:
            raise Refusal(
                "Nothing recorded:", [f"{e.field}: {e.message}" for e in error.errors]
            ) from None
    typer.echo(f"Recorded change {new_id}: {name.strip()}.")


@change_app.command("list")
def list_changes(
    db: DbOption = None,
    as_json: Annotated[bool, flag("--json", "One JSON object per change per line.")] = False,
) -> None:
    """List the recorded changes, oldest first, with their ids (for `change delete`).

    Example: cramp-diary change list --json
    """
    from db.repository import list_interventions

    with refusals(), open_diary(db) as diary:
        items = list_interventions(engine=diary.engine)
    echo_items(items, as_json=as_json, record=_record, line=_line, empty="No changes recorded yet.")


def _line(item: "Intervention") -> str:
    period = f"{item.started_on} –" + (f" {item.ended_on}" if item.ended_on else "")
    return f"{item.id:>4}  {period:<25} {item.name}"


@change_app.command("delete")
def delete(
    change_id: Annotated[int, typer.Argument(metavar="ID", help="The id `change list` shows.")],
    db: DbOption = None,
) -> None:
    """Delete a recorded change; your diary entries stay.

    Example: cramp-diary change delete 3
    """
    from db.repository import delete_intervention, list_interventions

    with refusals(), open_diary(db) as diary:
        found = [i for i in list_interventions(engine=diary.engine) if i.id == change_id]
        if not found:
            raise Refusal(
                f"There is no change with id {change_id}; `cramp-diary change list` shows them."
            )
        delete_intervention(engine=diary.engine, intervention_id=change_id)
    typer.echo(f"Deleted change {change_id}: {found[0].name}.")
