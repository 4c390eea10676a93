"""`cramp-diary context import` and `context weather`: fill blank day-before fields from a
phone export or the weather, the same code paths as the Data and Settings pages."""

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from dashboard.cli.options import (
    DbOption,
    FromOption,
    Refusal,
    ToOption,
    check_dates,
    command_group,
    existing_file,
    flag,
    open_diary,
    refusals,
)

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from core.context.plan import ContextPlan
    from core.diary import NightContext

context_app = command_group(
    "context",
    (
        "Fill blank day-before fields (water, exercise, hot) from a phone export or the "
        "weather. Only blanks are filled, only on nights already in your diary; typed values "
        "are never changed, and each import can be undone on the Data page.\n\n"
        "Example: cramp-diary context import ~/Downloads/export.zip --dry-run"
    ),
)

DryRun = Annotated[
    bool, flag("--dry-run", "Read and check, say what would be filled; write nothing.")
]


def _apply(
    engine: "Engine",
    *,
    source: str,
    label: str,
    nights: "dict[date, NightContext]",
    dry_run: bool,
) -> None:
    from core.context.plan import describe_plan
    from core.context.values import SOURCE_NAMES
    from db.repository import apply_context_import, preview_context_import

    plan: ContextPlan
    if dry_run:
        plan = preview_context_import(engine=engine, source=source, imported=nights)
    else:
        plan = apply_context_import(engine=engine, source=source, label=label, imported=nights)
    for line in describe_plan(plan, SOURCE_NAMES[source]):
        typer.echo(line)
    if dry_run:
        typer.echo("Dry run: nothing was written.")
    elif plan.fills:
        typer.echo("Done. Undo it as one step on the Data page (From your phone).")


@context_app.command("import", no_args_is_help=True)
def import_context(
    file: Annotated[
        Path,
        existing_file("FILE", "Apple Health export.zip or export.xml; Health Connect zip or .db."),
    ],
    db: DbOption = None,
    dry_run: DryRun = False,
    source: Annotated[
        str | None,
        typer.Option(
            "--source",
            metavar="NAME",
            help="When phone and watch both record water: the app or device to use "
            "(default: whichever recorded more that day).",
        ),
    ] = None,
) -> None:
    """Fill blank water and exercise from a phone export (the kind is read from the file).

    Example: cramp-diary context import ~/Downloads/export.zip --dry-run

    Also: cramp-diary context import health_connect_export.zip --source com.example.water
    """
    from core.context.values import ContextImportError
    from db.context_files import read_phone_export

    with refusals():
        try:
            with file.open("rb") as stream:
                read = read_phone_export(stream, now=datetime.now(), preferred=source)
        except ContextImportError as error:
            raise Refusal(str(error)) from None
        except OSError as error:
            raise Refusal(f"Cannot read {file}: {error.strerror or error}.") from None
        with open_diary(db) as diary:
            _apply(diary.engine, source=read.kind, label=file.name, nights=read.nights,
                   dry_run=dry_run)  # fmt: skip


@context_app.command("weather", no_args_is_help=True)
def weather(
    lat: Annotated[float, typer.Option("--lat", help="Latitude (sent rounded to 0.1°).")],
    lon: Annotated[float, typer.Option("--lon", help="Longitude (sent rounded to 0.1°).")],
    db: DbOption = None,
    start: FromOption = None,
    end: ToOption = None,
    dry_run: DryRun = False,
) -> None:
    """Fill blank "hot" from Open-Meteo's daily maximum apparent temperature.

    Only the place rounded to 0.1° and the dates are sent; days fetched once are
    kept in the diary and never fetched again. Hot means above the threshold in
    Settings. Weather data by Open-Meteo.com (CC BY 4.0).

    Example: cramp-diary context weather --lat 52.52 --lon 13.40 --from 2026-06-01
    """
    from core.context.values import WEATHER, ContextImportError
    from core.context.weather import CREDIT, rounded_place
    from db.repository import get_profile
    from db.weather import now_date, weather_for_nights, weather_label

    check_dates(start, end)
    with refusals():
        try:
            place = rounded_place(lat, lon)
        except ContextImportError as error:
            raise Refusal(str(error)) from None
        with open_diary(db) as diary:
            try:
                fetched = weather_for_nights(
                    engine=diary.engine,
                    latitude=place[0],
                    longitude=place[1],
                    threshold_c=get_profile(engine=diary.engine).hot_apparent_c,
                    today=now_date(),
                    start=start,
                    end=end,
                )
            except ContextImportError as error:
                raise Refusal(str(error)) from None
            days = sorted(fetched.temperatures) or [now_date()]
            label = weather_label(*place, days[0], days[-1])
            _apply(diary.engine, source=WEATHER, label=label, nights=fetched.nights,
                   dry_run=dry_run)  # fmt: skip
    typer.echo(CREDIT)
