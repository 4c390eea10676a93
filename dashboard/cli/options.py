"""What every `cramp-diary` command shares: the app and its command groups, its options,
opening the diary, refusing input, reading and writing files, and progress on stderr.

The command modules (data, report, context, change and meds commands) import these public
names.
"""

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer

from core.wording import plural

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.engine import URL

    from core.files.csv_format import DiaryImportError

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


def command_group(name: str, help: str) -> typer.Typer:
    """A group of commands under `cramp-diary NAME` (context, change, meds), registered on
    `app`; called with no command, it shows its help."""
    group = typer.Typer(name=name, help=help, no_args_is_help=True)
    app.add_typer(group)
    return group


# --- options every command shares ----------------------------------------------

DB_HELP = (
    "Which diary: a database address (sqlite:////path/diary.sqlite, "
    "postgresql+psycopg://user@host/db) or the path of a .sqlite file. "
    "Default: DATABASE_URL when set, else the diary the app keeps for you."
)


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"'{text}' is not a date; write it as YYYY-MM-DD.") from None


def date_option(flag: str, help: str) -> Any:
    """A `YYYY-MM-DD` option named `flag`, read with `parse_date` (for `Annotated[date, ...]`)."""
    return typer.Option(flag, parser=parse_date, metavar="YYYY-MM-DD", help=help)


def existing_file(metavar: str, help: str) -> Any:
    """The argument naming a file that must exist: typer checks it before the command runs."""
    return typer.Argument(exists=True, dir_okay=False, metavar=metavar, help=help)


def flag(name: str, help: str) -> Any:
    """An on/off option, off unless given."""
    return typer.Option(name, help=help)


def output_option(metavar: str, help: str) -> Any:
    """The `-o/--output` option: the file a command writes."""
    return typer.Option("-o", "--output", metavar=metavar, help=help)


DbOption = Annotated[str | None, typer.Option("--db", metavar="URL", help=DB_HELP)]
FromOption = Annotated[
    date | None,
    date_option("--from", "The first night to include (a night is named after its evening)."),
]
ToOption = Annotated[date | None, date_option("--to", "The last night.")]


# --- refusing, opening the diary, writing files -----------------------------------


class Refusal(Exception):
    """Input the command will not take: `message` says why; `lines` list the details."""

    def __init__(self, message: str, lines: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.lines = lines or []


def refuse(message: str, lines: list[str] | None = None) -> NoReturn:
    typer.echo(message, err=True)
    for line in lines or []:
        typer.echo(f"  {line}", err=True)
    raise typer.Exit(EXIT_REFUSED)


@contextmanager
def refusals() -> Iterator[None]:
    """Turn a Refusal into its message on stderr and exit code 1."""
    try:
        yield
    except Refusal as refusal:
        refuse(refusal.message, refusal.lines)


_Item = TypeVar("_Item")


def echo_items(
    items: list[_Item],
    *,
    as_json: bool,
    record: Callable[[_Item], dict[str, Any]],
    line: Callable[[_Item], str],
    empty: str,
) -> None:
    """A `list` command's output: one JSON object or one line per item; `empty` on stderr
    when there is none (JSON output stays empty)."""
    for item in items:
        typer.echo(json.dumps(record(item), ensure_ascii=False) if as_json else line(item))
    if not items and not as_json:
        typer.echo(empty, err=True)


def check_dates(start: date | None, end: date | None) -> None:
    if start is not None and end is not None and start > end:
        raise typer.BadParameter(
            f"--from ({start}) is after --to ({end}); swap them.", param_hint="--from/--to"
        )


def database_url(db: str | None) -> str:
    if db is None:
        from db.config import get_database_url

        return get_database_url()
    if "://" in db:
        return db
    return f"sqlite:///{Path(db).expanduser().resolve()}"


def shown(db: str | None, url: str) -> str:
    """Where the diary is, for messages: a path as given, a URL without its password."""
    if db is not None and "://" not in db:
        return db
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def sqlite_file(url: "URL") -> Path | None:
    """The file of a SQLite diary; None for a database server or an in-memory database."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(str(url.database))


@dataclass
class Diary:
    engine: "Engine"
    where: str


def _made_by_newer_app(error: Exception) -> bool:
    """Whether opening failed because the diary's schema is newer than this code's.

    Alembic raises that; it is imported only here, when a diary could not be opened, since
    a diary at the newest schema opens without it.
    """
    from alembic.util.exc import CommandError

    return isinstance(error, CommandError)


@contextmanager
def open_diary(db: str | None, *, create: bool = False) -> Iterator[Diary]:
    """The diary's engine (migrated, as the app does); raises Refusal if it cannot be opened.

    Without `create`, a SQLite file that does not exist is refused rather than
    made: a mistyped path must not quietly give an empty diary.
    """
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, SQLAlchemyError

    from db.engine import create_diary_engine

    url = database_url(db)
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise typer.BadParameter(
            f"'{db}' is not a database address. Give one such as sqlite:////path/diary.sqlite, "
            "or the path of a .sqlite file.",
            param_hint="--db",
        ) from None
    where = shown(db, url)
    file = sqlite_file(parsed)
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
    except SQLAlchemyError as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        raise Refusal(f"Cannot open the diary at {where}: {reason}") from None
    except Exception as error:
        if not _made_by_newer_app(error):
            raise
        raise Refusal(
            f"The diary at {where} was made by a newer version of Cramp Diary; update the app."
        ) from None
    try:
        yield Diary(engine, where)
    finally:
        engine.dispose()


def read_input(path: Path) -> bytes:
    """A file's bytes, within the size limit the Data page has; raises Refusal."""
    from core.files.csv_format import MAX_IMPORT_BYTES

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


def write_output(target: str, data: bytes) -> None:
    """Write the whole file or nothing, readable by its owner only (it holds the diary)."""
    if target == STDOUT:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    from db.config import write_private

    path = Path(target).expanduser()
    if path.is_dir():
        raise typer.BadParameter(f"{target} is a folder; give a file name.", param_hint="-o")
    try:
        write_private(path, data)
    except OSError as error:
        raise Refusal(f"Cannot write {target}: {error.strerror or error}.") from None


def row_problems(error: "DiaryImportError") -> list[str]:
    lines = []
    for problem in error.errors:
        where = f"Row {problem.row}" if problem.row else "The file"
        if problem.column:
            where += f", column {problem.column}"
        lines.append(f"{where}: {problem.message}")
    if error.truncated:
        lines.append("… and more: fix these and try again.")
    return lines


def file_refusal(what: str, error: "DiaryImportError") -> Refusal:
    count = len(error.errors)
    return Refusal(f"{what}: the file has {plural(count, 'problem')}.", row_problems(error))


# --- progress on stderr, only for a person watching --------------------------------


@contextmanager
def progress(description: str, *, measured: bool = True) -> Iterator[Callable[[float], None]]:
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


def diary_exists(db: str | None) -> bool:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        file = sqlite_file(make_url(database_url(db)))
    except ArgumentError:
        return True  # opening it then says what is wrong with the address
    return file is None or file.exists()


@contextmanager
def empty_diary() -> Iterator[Diary]:
    """A throwaway empty diary, to preview an import into a diary not made yet."""
    import tempfile

    from db.engine import create_diary_engine

    with tempfile.TemporaryDirectory(prefix="cramp-preview-") as folder:
        engine = create_diary_engine(f"sqlite:///{Path(folder) / 'preview.sqlite'}")
        try:
            yield Diary(engine, "a new diary")
        finally:
            engine.dispose()
