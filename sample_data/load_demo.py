"""Load the demo diary into a fresh SQLite database: `python -m sample_data.load_demo --url URL`.

The database file is deleted first, so the demo always starts from scratch;
any URL that is not SQLite is refused so a real diary is never touched.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.engine import make_url

from core.files.csv_format import parse_diary_csv
from db.engine import create_diary_engine
from db.repository import import_diary
from sample_data.generator import DEMO_CSV


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: recreate the SQLite database at `--url` holding only the demo diary."""
    parser = argparse.ArgumentParser(prog="python -m sample_data.load_demo", description=__doc__)
    parser.add_argument("--url", required=True, help="sqlite:///PATH of the demo database")
    parser.add_argument("--csv", type=Path, default=DEMO_CSV, help="the diary CSV to load")
    args = parser.parse_args(argv)

    url = make_url(args.url)
    if url.get_backend_name() != "sqlite":
        parser.error(f"refusing '{url.render_as_string()}': the demo only loads into SQLite")
    if not url.database or url.database == ":memory:":
        parser.error("the demo needs a SQLite file, e.g. sqlite:////tmp/cramp-demo.sqlite")
    database = Path(url.database)
    for stale in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
        stale.unlink(missing_ok=True)
    database.parent.mkdir(parents=True, exist_ok=True)

    parsed = parse_diary_csv(args.csv.read_bytes())
    engine = create_diary_engine(args.url)
    try:
        summary = import_diary(engine=engine, parsed=parsed)
    finally:
        engine.dispose()
    print(
        f"Loaded {args.csv.name} into {database}: {summary.nights_added} nights, "
        f"{summary.episodes_added} cramps."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
