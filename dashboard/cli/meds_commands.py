"""`cramp-diary meds add | stop | list | delete`: the medicine list from the command line.

Only the list's rules (core.medicines) and the repository are loaded: never the
statistics, so these answer at once.
"""

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
    parse_date,
    refusals,
)

if TYPE_CHECKING:
    from core.diary import DiaryInputError
    from core.medicines.medicine import Medicine

meds = command_group(
    "meds",
    (
        "Your medicine list: what you take, since when, and at what dose. The analysis "
        "uses it for the medication cause, and the provider report lists it.\n\n"
        "Example: cramp-diary meds add Hydrochlorothiazide --from 2026-03-01 --dose '25 mg'"
    ),
)

DateArg = Annotated[date, typer.Option(parser=parse_date, metavar="YYYY-MM-DD")]


def _refusal(error: "DiaryInputError") -> Refusal:
    return Refusal(
        "Not saved: " + " ".join(e.message for e in error.errors),
        [f"{e.field}: {e.message}" for e in error.errors[1:]] if len(error.errors) > 1 else [],
    )


@meds.command("add", no_args_is_help=True)
def add(
    name: Annotated[str, typer.Argument(metavar="NAME", help="The medicine's name.")],
    started_on: Annotated[date, date_option("--from", "The day you started it.")],
    stopped_on: Annotated[date | None, date_option("--to", "The day you stopped it.")] = None,
    dose: Annotated[str, typer.Option("--dose", help="The dose, as you would say it.")] = "",
    purpose: Annotated[str, typer.Option("--for", help="What it is for.")] = "",
    db: DbOption = None,
) -> None:
    """Add a medicine to your list.

    Refused, with nothing saved (exit 1), for a start in the future, a stop
    before the start, an empty name or one over 200 characters, or dates that
    overlap another entry of the same medicine.

    Example: cramp-diary meds add Atorvastatin --from 2026-02-01 --dose '20 mg' --for cholesterol
    """
    from core.diary import DiaryInputError
    from core.medicines.medicine import Medicine
    from db.repository import save_medicine

    item = Medicine(
        name=name, started_on=started_on, stopped_on=stopped_on, dose=dose, purpose=purpose
    )
    with refusals(), open_diary(db, create=True) as diary:
        try:
            new_id = save_medicine(engine=diary.engine, medicine=item, today=date.today())
        except DiaryInputError as error:
            raise _refusal(error) from None
        typer.echo(f"Added {' '.join(name.split())} (id {new_id}) to the list in {diary.where}.")
        _class_note(item)


def _class_note(item: "Medicine") -> None:
    from core.medicines.classes import PRESCRIBER_WORDING

    drug_class = item.drug_class
    if drug_class is not None:
        typer.echo(drug_class.evidence)
        if drug_class.linked:
            typer.echo(PRESCRIBER_WORDING)


@meds.command("stop", no_args_is_help=True)
def stop(
    name: Annotated[str, typer.Argument(metavar="NAME", help="The medicine you stopped.")],
    stopped_on: Annotated[date, date_option("--on", "The last day you took it.")],
    db: DbOption = None,
) -> None:
    """Record that you stopped a medicine (the last day you took it).

    Example: cramp-diary meds stop Hydrochlorothiazide --on 2026-04-15
    """
    from core.diary import DiaryInputError
    from db.repository import stop_medicine

    with refusals(), open_diary(db) as diary:
        try:
            stopped = stop_medicine(
                engine=diary.engine, name=name, stopped_on=stopped_on, today=date.today()
            )
        except DiaryInputError as error:
            raise _refusal(error) from None
        typer.echo(f"{stopped.name}: {stopped.period}.")


def _record(item: "Medicine") -> dict[str, object]:
    drug_class = item.drug_class
    return {
        "id": item.id,
        "name": item.name,
        "dose": item.dose or None,
        "purpose": item.purpose or None,
        "started_on": item.started_on.isoformat(),
        "stopped_on": item.stopped_on.isoformat() if item.stopped_on else None,
        "class": drug_class.title if drug_class else None,
        "linked": drug_class.linked if drug_class else None,
        "figure": drug_class.figure if drug_class else None,
        "source": drug_class.source if drug_class else None,
    }


@meds.command("list")
def list_command(
    db: DbOption = None,
    as_json: Annotated[
        bool, flag("--json", "One JSON object per medicine per line (fields in README).")
    ] = False,
) -> None:
    """Show your medicine list, oldest start first, with each drug class where known.

    Example: cramp-diary meds list --json
    """
    from db.repository import list_medicines

    with refusals(), open_diary(db) as diary:
        items = list_medicines(engine=diary.engine)
    echo_items(
        items, as_json=as_json, record=_record, line=_line, empty="No medicines on the list."
    )


def _line(item: "Medicine") -> str:
    dose = f", {item.dose}" if item.dose else ""
    known = f" [{item.drug_class.title}]" if item.drug_class else ""
    return f"{item.id:>4}  {item.name}{dose}, {item.period}{known}"


@meds.command("delete", no_args_is_help=True)
def delete(
    medicine_id: Annotated[
        int, typer.Argument(metavar="ID", help="The id that 'meds list' shows.")
    ],
    db: DbOption = None,
) -> None:
    """Delete an entry from the list (a mistake; to record stopping, use 'meds stop').

    Example: cramp-diary meds delete 3
    """
    from core.diary import DiaryInputError
    from db.repository import delete_medicine

    with refusals(), open_diary(db) as diary:
        try:
            delete_medicine(engine=diary.engine, medicine_id=medicine_id)
        except DiaryInputError as error:
            raise _refusal(error) from None
        typer.echo(f"Deleted medicine {medicine_id}.")
