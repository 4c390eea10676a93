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
    "trigger_false": 0.025,
    "trigger_power": 0.625,
    "experiment_false": 0.040,
    "experiment_power": 0.230,
}
CLEAN: dict[str, float] = {
    "trend_false": 0.030,
    "trend_power": 0.060,
    "change_false": 0.023,
    "change_power": 0.030,
    "trigger_false": 0.075,
    "trigger_power": 0.725,
    "experiment_false": 0.020,
    "experiment_power": 0.450,
}
