"""What the trigger analysis finds on planted diaries: measured, not claimed.

Written by `python -m sample_data.validate --write` (do not edit by hand); the
scenarios are in sample_data/scenarios.py. Each rate is the share of diaries.
"""

DIARIES = 40
LENGTH_NIGHTS = {"6 months": 183, "12 months": 365}
RATES: dict[str, dict[str, float]] = {
    "threshold": {"6 months": 0.425, "12 months": 0.725},
    "combined": {"6 months": 0.000, "12 months": 0.025},
    "combined_parts": {"6 months": 0.050, "12 months": 0.075},
    "innocent": {"6 months": 0.000, "12 months": 0.025},
    "innocent_found": {"6 months": 0.400, "12 months": 0.700},
    "dose": {"6 months": 0.125, "12 months": 0.300},
    "none": {"6 months": 0.050, "12 months": 0.075},
}
