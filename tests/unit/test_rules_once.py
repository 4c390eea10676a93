"""Each rule is written once; where two places cannot share one definition, a check here
fails when they drift apart."""

from __future__ import annotations

import dataclasses
import re
import tomllib
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest

from core.context.values import MAX_PHONE_EXPORT_MB
from core.diary import NIGHT_WINDOW, NIGHT_WINDOW_END_HOUR, NIGHT_WINDOW_START_HOUR
from core.files.text import MAX_IMPORT_BYTES
from core.stats import analytics
from core.stats.trigger_model import MODEL_FACTORS
from core.stats.triggers import FACTORS
from sample_data import generator

ROOT = Path(__file__).resolve().parents[2]


def test_the_trigger_model_judges_the_factors_triggers_defines() -> None:
    """Same ids, causes and yes/no rules, in the same order (the model adds its combination)."""
    model = [(m.id, m.cause_ids, m.rule) for m in MODEL_FACTORS if not m.combination]
    defined = [(f.id, f.cause_ids, f.present) for f in FACTORS]
    assert model == defined


def test_the_generator_plants_the_factors_triggers_defines() -> None:
    assert generator.FACTORS == tuple(f.id for f in FACTORS)
    # Each factor has a planted ratio (Effects) and a share of nights (DiaryParams.factor_shares).
    assert set(generator.FACTORS) <= {f.name for f in dataclasses.fields(generator.Effects)}
    assert set(generator.DiaryParams().factor_shares()) == set(generator.FACTORS)


def test_the_upload_limit_of_streamlit_is_the_largest_uploader_s() -> None:
    """Streamlit refuses files above maxUploadSize (MB) before any uploader sees them: it is
    the phone export's limit; the diary CSV's uploaders set their own, smaller one."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] == MAX_PHONE_EXPORT_MB
    assert MAX_IMPORT_BYTES // (1024 * 1024) < MAX_PHONE_EXPORT_MB


def _onsets(*clock: str) -> pd.DataFrame:
    return pd.DataFrame({"onset": [datetime.fromisoformat(f"2026-03-14T{c}") for c in clock]})


@pytest.mark.parametrize(
    ("clock", "at_night"),
    [("19:59", False), ("20:00", True), ("23:30", True), ("07:59", True), ("08:00", False)],
)
def test_the_night_share_counts_the_window_its_label_names(clock: str, at_night: bool) -> None:
    assert NIGHT_WINDOW == f"{NIGHT_WINDOW_START_HOUR:02d}:00–{NIGHT_WINDOW_END_HOUR:02d}:00"
    assert analytics.night_share(_onsets(f"{clock}:00")).count == int(at_night)


# Files other work owns right now; their hand-made plurals go when that work lands.
PLURAL_NOT_YET = {
    "db/backup.py",
    "core/stats/trigger_model.py",
    "core/experiments/sizing.py",
}
HAND_MADE_PLURAL = re.compile(r"""['"](s|ies|y)?['"] if [^'"\n]*[!=]= 1 else|(['"])s\2 if """)


def hand_made_plurals(text: str) -> list[int]:
    return [i for i, line in enumerate(text.splitlines(), 1) if HAND_MADE_PLURAL.search(line)]


def test_plurals_come_from_wording() -> None:
    found = []
    for folder in ("core", "db", "dashboard", "sample_data", "bench"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            name = path.relative_to(ROOT).as_posix()
            if name not in PLURAL_NOT_YET:
                found += [f"{name}:{n}" for n in hand_made_plurals(path.read_text())]
    assert not found, "use core.wording.plural: " + ", ".join(found)


@pytest.mark.parametrize(
    "line",
    [
        "f\"{n} cramp{'s' if n != 1 else ''}\"",
        "f\"{n} cramp{'' if n == 1 else 's'}\"",
        "f\"entr{'y' if n == 1 else 'ies'}\"",
        "f\"({p} page{'s' if p > 1 else ''})\"",
    ],
)
def test_a_hand_made_plural_is_found(line: str) -> None:
    assert hand_made_plurals(line) == [1]
