"""A browser tab that logs cramps, run in its own process by test_concurrency.

Kept apart from the test module so a spawned process imports only what a tab
would use (not pytest and the fixtures).
"""

from __future__ import annotations

import traceback
from datetime import date, datetime, time, timedelta
from typing import Any

from core.diary import Episode, NightContext
from db.engine import create_diary_engine
from db.repository import add_episode, diary_version

FIRST_NIGHT = date(2026, 1, 1)
NOW = datetime(2026, 11, 1, 12, 0)


def log_cramps(url: str, tab: int, count: int, start: Any) -> list[str]:
    """Log `count` cramps on the nights every other tab logs on too; return every failure.

    `start` is a barrier shared with the other tabs, so all of them write at once.
    """
    errors: list[str] = []
    try:
        engine = create_diary_engine(url, migrate=False)
        start.wait(timeout=120)
        for i in range(count):
            try:
                add_episode(
                    engine=engine,
                    episode=Episode(
                        night=FIRST_NIGHT + timedelta(days=i),
                        time=time(tab, i % 60),
                        muscle="calf",
                        pain=tab,
                    ),
                    context=NightContext(stress=i % 11) if i % 3 == 0 else None,
                    now=NOW,
                )
                diary_version(engine=engine)  # the page reads while the other tabs write
            except Exception:  # counted, so none can escape unseen
                errors.append(traceback.format_exc(limit=4))
        engine.dispose()
    except Exception:
        errors.append(traceback.format_exc())
    return errors
