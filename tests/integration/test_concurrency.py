"""Several writers at once, and a writer killed half-way: nothing lost, nothing half-saved."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import time as clock
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from core.diary import Episode, NightContext
from core.files.csv_format import write_diary_csv
from db.engine import create_diary_engine
from db.repository import (
    add_episode,
    check_in_cramp_free,
    diary_version,
    list_records,
    load_frames,
)
from tests.conftest import REPO
from tests.integration.tab_writer import log_cramps

WRITERS = 3
EACH = 50
NOW = datetime(2026, 11, 1, 12, 0)


def export(engine: Engine) -> str:
    return write_diary_csv(*list_records(engine=engine))


@pytest.fixture(scope="module")
def tabs() -> Iterator[tuple[ProcessPoolExecutor, Any]]:
    """WRITERS separate processes (spawned: each imports the app itself) and a start barrier.

    Started once for the module, so both backends' runs share the start-up cost.
    """
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager, ProcessPoolExecutor(WRITERS, mp_context=context) as pool:
        yield pool, manager.Barrier(WRITERS)


def test_several_processes_logging_at_once_lose_nothing(
    database_url: str, tabs: tuple[ProcessPoolExecutor, Any]
) -> None:
    engine = create_diary_engine(database_url)
    version_before = diary_version(engine=engine)
    pool, start = tabs
    running = [pool.submit(log_cramps, database_url, n, EACH, start) for n in range(WRITERS)]
    reports = {n: future.result(timeout=240) for n, future in enumerate(running)}

    assert {n: errors for n, errors in reports.items() if errors} == {}
    nights, episodes = load_frames(engine=engine)
    assert len(episodes) == WRITERS * EACH
    assert len(nights) == EACH
    assert sorted(episodes.groupby("pain").size().tolist()) == [EACH] * WRITERS
    assert diary_version(engine=engine) == version_before + WRITERS * EACH
    engine.dispose()


# --- a crash in the middle of a large import -------------------------------------

CRASHING_IMPORT = """
import sys, time
from datetime import date, time as clock
from core.files.csv_format import ParsedDiary
from core.diary import Episode, NightContext
from db.engine import create_diary_engine
from db.repository import import_diary

url, marker, rows = sys.argv[1], sys.argv[2], int(sys.argv[3])
parsed = ParsedDiary()
first = date(1990, 1, 1).toordinal()
times = [clock(22, 10), clock(23, 20), clock(1, 30), clock(3, 40)]
for i in range(rows):
    night = date.fromordinal(first + i // 4)
    if night not in parsed.nights:
        parsed.nights[night] = NightContext(water_l=1.5)
        parsed.night_rows[night] = i + 2
    parsed.episodes.append(Episode(night=night, time=times[i % 4], muscle="calf", note=f"n{i}"))
    parsed.episode_rows.append(i + 2)
parsed.nights[date(2026, 3, 1)] = NightContext(water_l=2.0, stress=3)  # fills in a stored night
parsed.night_rows[date(2026, 3, 1)] = rows + 2

def progress(share):
    if share >= 0.3:
        with open(marker, "w") as f:
            f.write(str(share))
        time.sleep(120)  # stay in the middle of the import until killed

import_diary(engine=create_diary_engine(url), parsed=parsed, progress=progress)
"""


def test_a_process_killed_mid_import_leaves_the_diary_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "diary.sqlite"
    url = f"sqlite:///{path}"
    engine = create_diary_engine(url)
    check_in_cramp_free(engine=engine, night=date(2026, 3, 1), context=NightContext(water_l=2.0))
    add_episode(
        engine=engine,
        episode=Episode(night=date(2026, 3, 2), time=time(2, 0), muscle="foot", note="before"),
        context=NightContext(hot=True),
        now=NOW,
    )
    before = export(engine)
    version = diary_version(engine=engine)
    engine.dispose()

    marker = tmp_path / "thirty-percent"
    child = subprocess.Popen(
        [sys.executable, "-c", CRASHING_IMPORT, url, str(marker), "60000"],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stderr=subprocess.PIPE,
    )
    deadline = clock.monotonic() + 600  # a safety net: the loop ends when the marker appears
    while not marker.exists():
        assert child.poll() is None, child.stderr.read() if child.stderr else ""
        assert clock.monotonic() < deadline, "the import never reached 30%"
        clock.sleep(0.02)
    wal = path.with_name(path.name + "-wal")
    wal_bytes = wal.stat().st_size
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    assert wal_bytes > 1_000_000  # the import had written pages to disk when it died

    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    after = create_diary_engine(url)
    assert export(after) == before
    assert diary_version(engine=after) == version
    add_episode(  # and the diary takes new entries at once: no lock was left behind
        engine=after,
        episode=Episode(night=date(2026, 3, 3), time=time(2, 0), muscle="calf"),
        context=None,
        now=NOW,
    )
    assert len(load_frames(engine=after)[1]) == 2
    after.dispose()
