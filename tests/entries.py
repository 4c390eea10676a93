"""Diary entries the tests share: the cramp many tests start from (a left calf, 02:30 on the
night of 13 March 2026) and the committed six-month demo diary.

A test changes only what it is about (`calf_cramp(pain=9)`), so it reads as what it checks
and the ordinary values stay written once.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from core.diary import Episode
from core.files.csv_format import parse_diary_csv
from core.medicines.medicine import Medicine
from db.backup import backup_sqlite, read_backup, restore_backup
from db.engine import create_diary_engine
from db.repository import add_episode, import_diary
from db.safety_copies import SafetyCopy
from sample_data.generator import DEMO_CSV

NIGHT = date(2026, 3, 13)
CALF_CRAMP = Episode(
    night=NIGHT,
    time=time(2, 30),
    muscle="calf",
    side="left",
    duration_s=90,
    pain=6,
    woke=True,
    felt=("hard_knot",),
    relief=("stretch",),
    relief_helped=True,
)


def calf_cramp(**changes: Any) -> Episode:
    """`CALF_CRAMP` with some fields changed."""
    return replace(CALF_CRAMP, **changes)


def load_demo(engine: Engine) -> None:
    """Import the demo diary (sample_data/demo_diary.csv) into the database."""
    import_diary(engine=engine, parsed=parse_diary_csv(DEMO_CSV.read_bytes()))


def thiazide(started_on: date, **changes: Any) -> Medicine:
    """The medicine many tests list: a water tablet for blood pressure (the article names
    diuretics among the medicines that can cause cramps), changed only where a test needs."""
    medicine = Medicine(
        name="Hydrochlorothiazide", dose="25 mg", purpose="blood pressure", started_on=started_on
    )
    return replace(medicine, **changes)


def restore_twice_and_damage_newest(
    engine: Engine, tmp_path: Path
) -> tuple[SafetyCopy, SafetyCopy]:
    """Restore a one-cramp backup (a June foot cramp) over `engine` twice, then cut the newer
    safety copy short so it cannot be read. Returns (the readable copy, the damaged one), the
    state in which undo must skip the damaged copy and name it."""
    other = create_diary_engine(f"sqlite:///{tmp_path / 'other.sqlite'}")
    add_episode(
        engine=other,
        episode=Episode(night=date(2026, 6, 1), time=time(2, 0), muscle="foot"),
        context=None,
    )
    backup = read_backup(backup_sqlite(other))
    other.dispose()
    good = restore_backup(engine=engine, backup=backup)
    damaged = restore_backup(engine=engine, backup=backup)
    damaged.path.write_bytes(damaged.path.read_bytes()[:1000])
    return good, damaged
