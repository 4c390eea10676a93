"""`cramp-diary import`, `export`, `backup` and `restore`: the diary in and out as files."""

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from dashboard.cli.options import (
    CSV_SUFFIX,
    EXIT_USAGE,
    SQLITE_SUFFIXES,
    STDOUT,
    DbOption,
    FromOption,
    Refusal,
    ToOption,
    app,
    check_dates,
    diary_exists,
    empty_diary,
    existing_file,
    file_refusal,
    flag,
    open_diary,
    output_option,
    progress,
    read_input,
    refusals,
    write_output,
)

# --- import ------------------------------------------------------------------------


@app.command("import", no_args_is_help=True)
def import_file(
    file: Annotated[
        Path, existing_file("FILE.csv", "A diary CSV (the columns are in the README).")
    ],
    db: DbOption = None,
    dry_run: Annotated[
        bool, flag("--dry-run", "Check the file and say what it would add; write nothing.")
    ] = False,
) -> None:
    """Add a diary CSV to your diary, all or nothing.

    The whole file is checked first. If any row has a problem, nothing is
    imported and every problem is listed by row (the header is row 1) and
    column. Cramps already in your diary are skipped, so importing a file twice
    adds nothing the second time; details your diary lacks are filled in, and
    nothing you stored is ever overwritten.

    Example: cramp-diary import --dry-run phone-export.csv
    """
    from core.files.csv_format import DiaryImportError, parse_diary_csv
    from core.files.summaries import describe_import
    from db.repository import import_diary

    with refusals():
        data = read_input(file)
        try:
            with progress("Checking the file…") as tick:
                parsed = parse_diary_csv(data, now=datetime.now().replace(second=59), progress=tick)
        except DiaryImportError as error:
            raise file_refusal("Nothing was imported", error) from None
        # A dry run writes nothing, not even a new diary: one not made yet is previewed as empty.
        opened = empty_diary() if dry_run and not diary_exists(db) else open_diary(db, create=True)
        with opened as diary:
            try:
                if dry_run:
                    summary = import_diary(engine=diary.engine, parsed=parsed, dry_run=True)
                else:
                    with progress("Importing…") as tick:
                        summary = import_diary(engine=diary.engine, parsed=parsed, progress=tick)
            except DiaryImportError as error:
                raise file_refusal("Nothing was imported", error) from None
    if not summary.changes_anything:
        typer.echo("Everything in this file is already in your diary; nothing was imported.")
    elif dry_run:
        typer.echo(
            f"Checked; nothing was written. Importing would add: {describe_import(summary)}."
        )
    else:
        typer.echo(f"Imported: {describe_import(summary)}.")


@app.command("export")
def export(
    db: DbOption = None,
    start: FromOption = None,
    end: ToOption = None,
    output: Annotated[
        str, output_option("FILE", "Where to write the CSV ('-' or none: print it).")
    ] = STDOUT,
) -> None:
    """Write the diary as a diary CSV, all of it or between two dates.

    The file is the same, byte for byte, as the one the Data page downloads for
    the same dates: one row per cramp plus one per cramp-free night.

    Example: cramp-diary export --from 2026-01-01 --to 2026-03-31 -o winter.csv
    """
    from db.export import export_csv

    check_dates(start, end)
    with refusals(), open_diary(db) as diary:
        with progress("Exporting…", measured=False):
            data = export_csv(engine=diary.engine, start=start, end=end)
        write_output(output, data)


@app.command("backup", no_args_is_help=True)
def backup(
    output: Annotated[
        str,
        output_option(
            "FILE",
            "The backup file: ending in .sqlite for a database copy, .csv for the diary CSV.",
        ),
    ],
    db: DbOption = None,
) -> None:
    """Back up the whole diary to a file.

    A name ending in .sqlite makes a copy of the database file, taken as one
    consistent snapshot even while the app is saving; it keeps your settings
    and changes too (SQLite diaries only; for PostgreSQL use pg_dump). A name
    ending in .csv writes every night and cramp as a diary CSV.

    Example: cramp-diary backup -o ~/backups/cramp-diary.sqlite
    """
    from db.backup import backup_csv, backup_sqlite, is_sqlite

    suffix = Path(output).suffix.lower()
    if suffix not in (*SQLITE_SUFFIXES, CSV_SUFFIX):
        raise typer.BadParameter(
            f"'{output}' must end in .sqlite (a database copy) or .csv (the diary CSV).",
            param_hint="-o",
        )
    with refusals(), open_diary(db) as diary:
        if suffix == CSV_SUFFIX:
            data = backup_csv(diary.engine)
        elif not is_sqlite(diary.engine):
            raise Refusal(
                "This diary is not a SQLite file, so it cannot be copied as one. Back it up "
                "as .csv here, and with your database server's own tools (pg_dump)."
            )
        else:
            data = backup_sqlite(diary.engine)
        write_output(output, data)
    typer.echo(f"Backed up the diary at {diary.where} to {output}.")


@app.command("restore", no_args_is_help=True)
def restore(
    file: Annotated[
        Path | None, existing_file("FILE", "A backup: a .sqlite copy or a diary CSV.")
    ] = None,
    db: DbOption = None,
    yes: Annotated[
        bool, flag("--yes", "Yes, replace what the diary holds with this backup.")
    ] = False,
    undo: Annotated[
        bool,
        flag(
            "--undo",
            "Undo the last restore instead: put back the newest safety copy that can be "
            "read (what the Data page's Undo button does).",
        ),
    ] = False,
) -> None:
    """Replace the diary with a backup; it checks the backup, and needs --yes.

    A database copy brings back everything: nights, cramps, settings and
    changes. A CSV brings back nights and cramps and keeps your settings and
    changes. It all happens in one step: afterwards the diary holds exactly the
    backup, or, if anything goes wrong, exactly what it held before. A file
    that is not a valid diary is refused and nothing changes. Without --yes the
    backup is only checked (exit code 2). To add a CSV instead, use import.

    Before every restore the diary is saved as a safety copy; --undo puts the
    newest readable one back (the diary as it is then is saved first, so an
    undo can be undone too).

    Example: cramp-diary restore --yes ~/backups/cramp-diary.sqlite
    """
    from core.diary import DiaryInputError
    from core.files.csv_format import DiaryImportError
    from core.wording import plural
    from db.backup import BackupError, read_backup, restore_backup

    if undo:
        _undo(db, file)
        return
    if file is None:
        raise typer.BadParameter("give the backup FILE to restore (or --undo).")
    with refusals():
        data = read_input(file)
        try:
            with progress("Checking the backup…", measured=False):
                backup_file = read_backup(data)
        except BackupError as error:
            raise Refusal(f"This file cannot be restored. {error.message}", error.details) from None
        except DiaryImportError as error:
            raise file_refusal("This file cannot be restored", error) from None
        holds = (
            f"{plural(len(backup_file.episodes), 'cramp')} on "
            f"{plural(len(backup_file.nights), 'night')}"
        )
        if not yes:
            replaced = (
                "every night, cramp, setting and change"
                if backup_file.profile is not None
                else "every night and cramp (settings and changes stay)"
            )
            typer.echo(
                f"The backup holds {holds}. Restoring replaces {replaced} in your diary. "
                "Nothing was changed: run the command again with --yes to restore it.",
                err=True,
            )
            raise typer.Exit(EXIT_USAGE)
        with open_diary(db, create=True) as diary:
            try:
                with progress("Restoring…", measured=False):
                    restore_backup(engine=diary.engine, backup=backup_file)
            except DiaryInputError as error:
                raise Refusal(
                    "Nothing was restored: the backup holds entries the diary cannot accept.",
                    [e.message for e in error.errors],
                ) from None
    typer.echo(f"Restored: the diary at {diary.where} now holds {holds}.")


def _undo(db: str | None, file: Path | None) -> None:
    """`restore --undo`: the same call, and the same sentence, as the Data page's button."""
    from core.diary import DiaryInputError
    from db.backup import undo_last_restore

    if file is not None:
        raise typer.BadParameter("give a backup FILE or --undo, not both.", param_hint="--undo")
    with refusals(), open_diary(db) as diary:
        try:
            undone = undo_last_restore(engine=diary.engine)
        except DiaryInputError as error:
            raise Refusal(f"The restore cannot be undone: {error}") from None
    typer.echo(undone.message())


# --- the provider report -----------------------------------------------------------
