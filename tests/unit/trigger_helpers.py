"""Small night-by-night diaries shared by the trigger-model tests."""

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import numpy as np
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


def hot_and_vigorous(seed: int) -> pd.DataFrame:
    """900 nights where cramps are likely (50%) only on hot days with vigorous exercise (the
    article's "exercising in extreme heat") and 10% otherwise; each part alone adds nothing."""
    rng = np.random.default_rng(seed)
    n = 900
    hot = rng.random(n) < 0.35
    vigorous = rng.random(n) < 0.35
    cramp = rng.random(n) < np.where(hot & vigorous, 0.5, 0.1)
    return diary(
        {
            "hot": hot.tolist(),
            "exercise_intensity": np.where(vigorous, "vigorous", "light").tolist(),
            "exercise_min": np.where(vigorous, 60, 30).tolist(),
        },
        cramp.astype(int).tolist(),
    )


def heat_finding(**changes: Any) -> TriggerFinding:
    """A finding written by hand: heat linked to fewer cramps (odds 0.5, 0.3 to 0.8) over 100
    known nights, changed only where a test needs."""
    finding = TriggerFinding(
        factor="heat",
        title="Heat",
        cause_ids=("exercise_in_heat",),
        verdict="linked",
        nights_known=100,
        share_present=0.2,
        shape="on hot days",
        odds_ratio=0.5,
        low=0.3,
        high=0.8,
    )
    return replace(finding, **changes)
