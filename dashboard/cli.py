"""`cramp-diary`: the diary from the command line, for scripts, backups and checks.

Every command hands off to the functions the pages call (core/ and db/), so a
file made here and one made on a page are the same. The heavy libraries
(pandas, SQLAlchemy, the PDF maker) are imported inside the commands, and
Streamlit never, so `cramp-diary --help` answers at once.

Exit codes: 0 done, 1 input refused (a bad file, a missing diary, nothing
written), 2 usage error (an unknown option, a missing file, a bad date, or
`restore` without `--yes`).
"""

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.engine import URL

    from core.csv_format import DiaryImportError
    from core.findings import DiaryAnalysis

EXIT_REFUSED = 1
EXIT_USAGE = 2
SQLITE_SUFFIXES = (".sqlite", ".sqlite3", ".db")
CSV_SUFFIX = ".csv"
STDOUT = "-"

app = typer.Typer(
    name="cramp-diary",
    help=(
        "Your cramp diary from the command line: bring in a CSV, export it, back it up, "
        "restore a backup, make the provider report and check the trigger analysis.\n\n"
        "Every command works on your own diary (the one the app shows) unless you give "
        "--db. Run 'cramp-diary COMMAND --help' for what each command does.\n\n"
        "Example: cramp-diary backup -o ~/cramp-backups/diary.sqlite"
    ),
    epilog=(
        "Exit codes: 0 done; 1 the input was refused and nothing was written; "
        "2 the command was not used as it should be (see --help)."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    # A traceback must never print the variables around it: they hold health data.
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


# --- options every command shares ----------------------------------------------

DB_HELP = (
    "Which diary: a database address (sqlite:////path/diary.sqlite, "
    "postgresql+psycopg://user@host/db) or the path of a .sqlite file. "
    "Default: DATABASE_URL when set, else the diary the app keeps for you."
)


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"'{text}' is not a date; write it as YYYY-MM-DD.") from None


DbOption = Annotated[str | None, typer.Option("--db", metavar="URL", help=DB_HELP)]
FromOption = Annotated[
    date | None,
    typer.Option(
        "--from",
        parser=_parse_date,
        metavar="YYYY-MM-DD",
        help="The first night to include (a night is named after its evening).",
    ),
]
ToOption = Annotated[
    date | None,
    typer.Option("--to", parser=_parse_date, metavar="YYYY-MM-DD", help="The last night."),
]


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"cramp-diary {version('cramp-diary')}")
        raise typer.Exit()


@app.callback()
def _main(
    show_version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Your cramp diary from the command line."""


# --- refusing, opening the diary, writing files -----------------------------------


class Refusal(Exception):
    """Input the command will not take: `message` says why; `lines` list the details."""

    def __init__(self, message: str, lines: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.lines = lines or []


def _refuse(message: str, lines: list[str] | None = None) -> NoReturn:
    typer.echo(message, err=True)
    for line in lines or []:
        typer.echo(f"  {line}", err=True)
    raise typer.Exit(EXIT_REFUSED)


@contextmanager
def _refusals() -> Iterator[None]:
    """Turn a Refusal into its message on stderr and exit code 1."""
    try:
        yield
    except Refusal as refusal:
        _refuse(refusal.message, refusal.lines)


def _check_dates(start: date | None, end: date | None) -> None:
    if start is not None and end is not None and start > end:
        raise typer.BadParameter(
            f"--from ({start}) is after --to ({end}); swap them.", param_hint="--from/--to"
        )


def _database_url(db: str | None) -> str:
    if db is None:
        from db.config import get_database_url

        return get_database_url()
    if "://" in db:
        return db
    return f"sqlite:///{Path(db).expanduser().resolve()}"


def _shown(db: str | None, url: str) -> str:
    """Where the diary is, for messages: a path as given, a URL without its password."""
    if db is not None and "://" not in db:
        return db
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _sqlite_file(url: "URL") -> Path | None:
    """The file of a SQLite diary; None for a database server or an in-memory database."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(str(url.database))


@dataclass
class _Diary:
    engine: "Engine"
    where: str


@contextmanager
def _open_diary(db: str | None, *, create: bool = False) -> Iterator[_Diary]:
    """The diary's engine (migrated, as the app does); raises Refusal if it cannot be opened.

    Without `create`, a SQLite file that does not exist is refused rather than
    made: a mistyped path must not quietly give an empty diary.
    """
    from alembic.util.exc import CommandError
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, SQLAlchemyError

    from db.engine import create_diary_engine

    url = _database_url(db)
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise typer.BadParameter(
            f"'{db}' is not a database address. Give one such as sqlite:////path/diary.sqlite, "
            "or the path of a .sqlite file.",
            param_hint="--db",
        ) from None
    where = _shown(db, url)
    file = _sqlite_file(parsed)
    if not create and file is not None and not file.exists():
        raise Refusal(f"There is no diary at {where}. Check --db (or DATABASE_URL).")
    try:
        engine = create_diary_engine(url)
    except ArgumentError:  # includes a kind of database SQLAlchemy has no driver for
        raise typer.BadParameter(
            f"'{where}' is not a database this app can open: use sqlite:///… or "
            "postgresql+psycopg://…",
            param_hint="--db",
        ) from None
    except CommandError:
        raise Refusal(
            f"The diary at {where} was made by a newer version of Cramp Diary; update the app."
        ) from None
    except SQLAlchemyError as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        raise Refusal(f"Cannot open the diary at {where}: {reason}") from None
    try:
        yield _Diary(engine, where)
    finally:
        engine.dispose()


def _read_input(path: Path) -> bytes:
    """A file's bytes, within the size limit the Data page has; raises Refusal."""
    from core.csv_format import MAX_IMPORT_BYTES

    try:
        size = path.stat().st_size
        if size > MAX_IMPORT_BYTES:
            raise Refusal(
                f"{path} is {size / 1024 / 1024:.0f} MB; the limit is "
                f"{MAX_IMPORT_BYTES // 1024 // 1024} MB. Split it into smaller files."
            )
        return path.read_bytes()
    except OSError as error:
        raise Refusal(f"Cannot read {path}: {error.strerror or error}.") from None


def _write_output(target: str, data: bytes) -> None:
    """Write the whole file or nothing: a temporary file beside it, then renamed over it."""
    if target == STDOUT:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    path = Path(target).expanduser()
    if path.is_dir():
        raise typer.BadParameter(f"{target} is a folder; give a file name.", param_hint="-o")
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        partial.write_bytes(data)
        os.replace(partial, path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise Refusal(f"Cannot write {target}: {error.strerror or error}.") from None


def _row_problems(error: "DiaryImportError") -> list[str]:
    lines = []
    for problem in error.errors:
        where = f"Row {problem.row}" if problem.row else "The file"
        if problem.column:
            where += f", column {problem.column}"
        lines.append(f"{where}: {problem.message}")
    if error.truncated:
        lines.append("… and more: fix these and try again.")
    return lines


def _file_refusal(what: str, error: "DiaryImportError") -> Refusal:
    count = len(error.errors)
    return Refusal(
        f"{what}: the file has {count} problem{'s' if count != 1 else ''}.", _row_problems(error)
    )


# --- progress on stderr, only for a person watching --------------------------------


@contextmanager
def _progress(description: str, *, measured: bool = True) -> Iterator[Callable[[float], None]]:
    """A progress bar on stderr when stderr is a terminal; nothing in a pipe or a cron job.

    Yields a function taking the share done (0 to 1); an unmeasured task pulses.
    """
    if not sys.stderr.isatty():
        yield lambda share: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

    columns = [TextColumn("{task.description}"), BarColumn()]
    if measured:
        columns.append(TaskProgressColumn())
    with Progress(
        *columns, TimeElapsedColumn(), console=Console(stderr=True), transient=True
    ) as bar:
        task = bar.add_task(description, total=1.0 if measured else None)
        yield lambda share: bar.update(task, completed=share)


# --- import ------------------------------------------------------------------------


@app.command("import", no_args_is_help=True)
def import_file(
    file: Annotated[
        Path,
        typer.Argument(
            exists=True,
            dir_okay=False,
            metavar="FILE.csv",
            help="A diary CSV (the columns are in the README).",
        ),
    ],
    db: DbOption = None,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Check the file and say what it would add; write nothing."),
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
    from core.csv_format import DiaryImportError, parse_diary_csv
    from core.summaries import describe_import
    from db.repository import import_diary

    with _refusals():
        data = _read_input(file)
        try:
            with _progress("Checking the file…") as tick:
                parsed = parse_diary_csv(data, now=datetime.now().replace(second=59), progress=tick)
        except DiaryImportError as error:
            raise _file_refusal("Nothing was imported", error) from None
        # A dry run writes nothing, not even a new diary: one not made yet is previewed as empty.
        opened = (
            _empty_diary() if dry_run and not _diary_exists(db) else _open_diary(db, create=True)
        )
        with opened as diary:
            try:
                if dry_run:
                    summary = import_diary(engine=diary.engine, parsed=parsed, dry_run=True)
                else:
                    with _progress("Importing…") as tick:
                        summary = import_diary(engine=diary.engine, parsed=parsed, progress=tick)
            except DiaryImportError as error:
                raise _file_refusal("Nothing was imported", error) from None
    if not summary.changes_anything:
        typer.echo("Everything in this file is already in your diary; nothing was imported.")
    elif dry_run:
        typer.echo(
            f"Checked; nothing was written. Importing would add: {describe_import(summary)}."
        )
    else:
        typer.echo(f"Imported: {describe_import(summary)}.")


def _diary_exists(db: str | None) -> bool:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        file = _sqlite_file(make_url(_database_url(db)))
    except ArgumentError:
        return True  # opening it then says what is wrong with the address
    return file is None or file.exists()


@contextmanager
def _empty_diary() -> Iterator[_Diary]:
    """A throwaway empty diary, to preview an import into a diary not made yet."""
    import tempfile

    from db.engine import create_diary_engine

    with tempfile.TemporaryDirectory(prefix="cramp-preview-") as folder:
        engine = create_diary_engine(f"sqlite:///{Path(folder) / 'preview.sqlite'}")
        try:
            yield _Diary(engine, "a new diary")
        finally:
            engine.dispose()


# --- export, backup, restore ---------------------------------------------------------


@app.command("export")
def export(
    db: DbOption = None,
    start: FromOption = None,
    end: ToOption = None,
    output: Annotated[
        str,
        typer.Option(
            "-o", "--output", metavar="FILE", help="Where to write the CSV ('-' or none: print it)."
        ),
    ] = STDOUT,
) -> None:
    """Write the diary as a diary CSV, all of it or between two dates.

    The file is the same, byte for byte, as the one the Data page downloads for
    the same dates: one row per cramp plus one per cramp-free night.

    Example: cramp-diary export --from 2026-01-01 --to 2026-03-31 -o winter.csv
    """
    from db.export import export_csv

    _check_dates(start, end)
    with _refusals(), _open_diary(db) as diary:
        with _progress("Exporting…", measured=False):
            data = export_csv(engine=diary.engine, start=start, end=end)
        _write_output(output, data)


@app.command("backup", no_args_is_help=True)
def backup(
    output: Annotated[
        str,
        typer.Option(
            "-o",
            "--output",
            metavar="FILE",
            help="The backup file: ending in .sqlite for a database copy, .csv for the diary CSV.",
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
    with _refusals(), _open_diary(db) as diary:
        if suffix == CSV_SUFFIX:
            data = backup_csv(diary.engine)
        elif not is_sqlite(diary.engine):
            raise Refusal(
                "This diary is not a SQLite file, so it cannot be copied as one. Back it up "
                "as .csv here, and with your database server's own tools (pg_dump)."
            )
        else:
            data = backup_sqlite(diary.engine)
        _write_output(output, data)
    typer.echo(f"Backed up the diary at {diary.where} to {output}.")


@app.command("restore", no_args_is_help=True)
def restore(
    file: Annotated[
        Path,
        typer.Argument(
            exists=True,
            dir_okay=False,
            metavar="FILE",
            help="A backup: a .sqlite copy or a diary CSV.",
        ),
    ],
    db: DbOption = None,
    yes: Annotated[
        bool,
        typer.Option("--yes", help="Yes, replace what the diary holds with this backup."),
    ] = False,
) -> None:
    """Replace the diary with a backup; it checks the backup, and needs --yes.

    A database copy brings back everything: nights, cramps, settings and
    changes. A CSV brings back nights and cramps and keeps your settings and
    changes. It all happens in one step: afterwards the diary holds exactly the
    backup, or, if anything goes wrong, exactly what it held before. A file
    that is not a valid diary is refused and nothing changes. Without --yes the
    backup is only checked (exit code 2). To add a CSV instead, use import.

    Example: cramp-diary restore --yes ~/backups/cramp-diary.sqlite
    """
    from core.csv_format import DiaryImportError
    from core.diary import DiaryInputError
    from core.wording import plural
    from db.backup import BackupError, read_backup, restore_backup

    with _refusals():
        data = _read_input(file)
        try:
            with _progress("Checking the backup…", measured=False):
                backup_file = read_backup(data)
        except BackupError as error:
            raise Refusal(f"This file cannot be restored. {error.message}", error.details) from None
        except DiaryImportError as error:
            raise _file_refusal("This file cannot be restored", error) from None
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
        with _open_diary(db, create=True) as diary:
            try:
                with _progress("Restoring…", measured=False):
                    restore_backup(engine=diary.engine, backup=backup_file)
            except DiaryInputError as error:
                raise Refusal(
                    "Nothing was restored: the backup holds entries the diary cannot accept.",
                    [e.message for e in error.errors],
                ) from None
    typer.echo(f"Restored: the diary at {diary.where} now holds {holds}.")


# --- the provider report -----------------------------------------------------------


@app.command("report")
def report(
    db: DbOption = None,
    start: FromOption = None,
    end: ToOption = None,
    output: Annotated[
        str | None,
        typer.Option(
            "-o",
            "--output",
            metavar="FILE.pdf",
            help="Where to write the PDF. Default: cramp-diary-report_FROM_TO.pdf here.",
        ),
    ] = None,
    question: Annotated[
        list[str] | None,
        typer.Option(
            "--question",
            metavar="TEXT",
            help="A question of your own to print at the end (repeat for several).",
        ),
    ] = None,
) -> None:
    """Make the provider report, a PDF of one or two pages for a visit.

    The same PDF the Provider report page downloads: warning signs first, how
    often, how bad and how long the cramps are, when they come, possible causes,
    changes you tried and your questions. By default it covers the last three
    months of the diary (or all of it, when shorter).

    Example: cramp-diary report --from 2026-08-01 -o visit.pdf
    """
    from core.report import ReportError, default_report_start
    from db.export import provider_report
    from db.repository import diary_span, get_profile

    _check_dates(start, end)
    with _refusals():
        with _open_diary(db) as diary:
            span = diary_span(engine=diary.engine)
            if span is None:
                raise Refusal("Your diary is empty, so there is nothing to report yet.")
            first, last = span
            end = end or last
            # With only --to before the diary begins, the range is empty: the report says so.
            start = start or min(default_report_start(first, end), end)
            try:
                made = provider_report(
                    engine=diary.engine,
                    start=start,
                    end=end,
                    profile=get_profile(engine=diary.engine),
                    today=date.today(),
                    own_questions=question or (),
                )
            except ReportError as error:
                raise Refusal(str(error)) from None
        from dashboard.printouts.pdf import render_pdf_details

        pdf = render_pdf_details(made)
        target = output or f"{made.file_stem}.pdf"
        _write_output(target, pdf.data)
    typer.echo(
        f"Wrote the provider report ({pdf.pages} page{'s' if pdf.pages > 1 else ''}) to {target}."
    )
    if pdf.left_out or pdf.charts_left_out or pdf.hard_stopped:
        typer.echo(
            "To stay on two pages the PDF leaves out some lower-priority lines; the Provider "
            "report page shows everything.",
            err=True,
        )


# --- the trigger analysis ------------------------------------------------------------

LINK_LABELS = {"linked": "linked", "tested": "not clear", "untested": "too early"}


def _analyse_csv(path: Path) -> "DiaryAnalysis":
    from core.csv_format import DiaryImportError, parse_diary_csv
    from core.diary import Night
    from core.findings import analyse_nights
    from core.frames import frames_from_records
    from core.profile import Profile

    data = _read_input(path)
    try:
        parsed = parse_diary_csv(data, now=datetime.now().replace(second=59))
    except DiaryImportError as error:
        raise Refusal(f"Not a valid diary CSV: {error}") from None
    nights, _ = frames_from_records(
        [Night(night, context) for night, context in parsed.nights.items()], parsed.episodes
    )
    # A file has no settings: it is read with the thresholds a new user starts with.
    return analyse_nights(nights, Profile())


def _analyse_database(db: str | None) -> tuple[str, "DiaryAnalysis"]:
    from core.findings import analyse_nights
    from db.repository import get_profile, load_frames

    with _open_diary(db) as diary:
        nights, _ = load_frames(engine=diary.engine)
        return diary.where, analyse_nights(nights, get_profile(engine=diary.engine))


def _record(source: str, analysis: "DiaryAnalysis | None", error: str | None) -> str:
    record = {
        "source": source,
        "nights": analysis.nights if analysis else None,
        "cramps": analysis.cramps if analysis else None,
        "error": error,
        "factors": [f.as_record() for f in analysis.factors] if analysis else [],
    }
    return json.dumps(record, ensure_ascii=False, allow_nan=False)


def _plain(source: str, analysis: "DiaryAnalysis") -> str:
    lines = [f"{source}: {analysis.nights:,} nights, {analysis.cramps:,} cramps"]
    for finding in analysis.factors:
        state = "linked" if finding.linked else ("tested" if finding.tested else "untested")
        lines.append(f"  {LINK_LABELS[state]:<10} {finding.summary}")
    return "\n".join(lines)


@app.command("analyse")
def analyse(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="FILE.csv",
            help="Diary CSV files to analyse, each on its own. Without files: your diary.",
            show_default=False,
        ),
    ] = None,
    db: DbOption = None,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json", help="One JSON object per diary per line (JSON Lines; fields in the README)."
        ),
    ] = False,
) -> None:
    """Which day-before factors go with cramp nights, beyond chance.

    The analysis the Patterns page shows under Why. Each factor (too little
    water, vigorous exercise, heat, no stretching, long sitting, standing on
    hard floors, stress, a new medication) is compared night by night over the
    whole diary, and said to be linked only when that is more than chance.
    Your diary uses your own settings; a CSV file uses the settings a new user
    starts with. A file that cannot be read is reported and the others are
    still analysed (the exit code is then 1).

    Example: cramp-diary analyse --json 2025.csv 2026.csv
    """
    if files and db is not None:
        raise typer.BadParameter("Give either --db or CSV files, not both.", param_hint="--db")
    results: list[tuple[str, DiaryAnalysis | None, str | None]] = []
    if not files:
        try:
            where, analysis = _analyse_database(db)
            results.append((where, analysis, None))
        except Refusal as refusal:
            results.append((_shown(db, _database_url(db)), None, refusal.message))
    for path in files or []:
        try:
            results.append((str(path), _analyse_csv(path), None))
        except Refusal as refusal:
            results.append((str(path), None, refusal.message))
        # Each result is printed as soon as it is ready, so a long list shows progress.
        _emit(results[-1], as_json)
    if not files:
        _emit(results[-1], as_json)
    if any(error for _, _, error in results):
        raise typer.Exit(EXIT_REFUSED)


def _emit(result: "tuple[str, DiaryAnalysis | None, str | None]", as_json: bool) -> None:
    source, analysis, error = result
    if as_json:
        typer.echo(_record(source, analysis, error))
    elif analysis is None:
        typer.echo(f"{source}: not analysed. {error}", err=True)
    else:
        typer.echo(_plain(source, analysis))


def main() -> None:
    """The console script's entry point."""
    app()
