"""Small night-by-night diaries shared by the trigger-model tests."""

from datetime import date, timedelta

import pandas as pd

from core.frames import typed_nights
from core.profile import Profile
from core.stats.trigger_model import TriggerFinding, analyse_triggers

START = date(2025, 1, 1)


def diary(context: dict[str, list[object]], cramps: list[int]) -> pd.DataFrame:
    """A night frame from START: the given context columns (others blank) and cramp counts."""
    n = len(cramps)
    frame = pd.DataFrame(
        {
            "night": [START + timedelta(days=i) for i in range(n)],
            "episode_count": cramps,
            **context,
        }
    )
    return typed_nights(frame)


def by_id(nights: pd.DataFrame, profile: Profile | None = None) -> dict[str, TriggerFinding]:
    """Each factor's finding from the one-model analysis, keyed by factor id."""
    return {f.factor: f for f in analyse_triggers(nights, profile or Profile()).findings}
