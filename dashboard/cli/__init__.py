"""`cramp-diary`: the diary from the command line, for scripts, backups and checks.

Every command hands off to the functions the pages call (core/ and db/), so a
file made here and one made on a page are the same. The heavy libraries
(pandas, SQLAlchemy, the PDF maker) are imported inside the commands, and
Streamlit never, so `cramp-diary --help` answers at once.

Exit codes: 0 done, 1 input refused (a bad file, a missing diary, nothing
written), 2 usage error (an unknown option, a missing file, a bad date, or
`restore` without `--yes`).
"""

from typing import Annotated

import typer

from dashboard.cli.options import app


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


def main() -> None:
    """The console script's entry point."""
    app()


# The commands register themselves on `app` when their modules load; last, after the
# callback above, so `--help` lists them under it.
from dashboard.cli import (  # noqa: E402, F401
    change_commands,
    context_commands,
    data_commands,
    meds_commands,
    report_commands,
)
