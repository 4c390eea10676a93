"""What the trend and before/after find on one-year diaries: measured, not claimed.

Written by `python -m sample_data.validate --write` (do not edit by hand); the
diaries are in sample_data/realistic.py and the measures in
sample_data/validate_changes.py. Each rate is the share of judged diaries.
"""

DIARIES = 200
LENGTH_NIGHTS = 365
REALISTIC: dict[str, float] = {
    "trend_false": 0.050,
    "trend_power": 0.040,
    "change_false": 0.000,
    "change_power": 0.041,
    "trigger_false": 0.073,
    "trigger_power": 0.647,
    "experiment_false": 0.043,
    "experiment_power": 0.261,
}
CLEAN: dict[str, float] = {
    "trend_false": 0.030,
    "trend_power": 0.060,
    "change_false": 0.023,
    "change_power": 0.030,
    "trigger_false": 0.070,
    "trigger_power": 0.703,
    "experiment_false": 0.025,
    "experiment_power": 0.417,
}
