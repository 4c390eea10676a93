"""What the trigger analysis finds on planted diaries: measured, not claimed.

Written by `python -m sample_data.validate --write` (do not edit by hand); the
scenarios are in sample_data/scenarios.py. Each rate is the share of diaries.
"""

DIARIES = 0
LENGTH_NIGHTS = {"6 months": 183, "12 months": 365}
RATES: dict[str, dict[str, float]] = {
    "threshold": {"6 months": 0.0, "12 months": 0.0},
    "none": {"6 months": 0.0, "12 months": 0.0},
}
