"""What the trigger analysis finds on planted diaries: measured, not claimed.

Written by `python -m sample_data.validate --write` (do not edit by hand); the
scenarios are in sample_data/scenarios.py. Each rate is the share of diaries.
"""

DIARIES = 200
LENGTH_NIGHTS = {"6 months": 183, "12 months": 365}
RATES: dict[str, dict[str, float]] = {
    "threshold": {"6 months": 0.475, "12 months": 0.780},
    "combined": {"6 months": 0.000, "12 months": 0.030},
    "combined_parts": {"6 months": 0.040, "12 months": 0.110},
    "innocent": {"6 months": 0.010, "12 months": 0.010},
    "innocent_found": {"6 months": 0.450, "12 months": 0.790},
    "dose": {"6 months": 0.135, "12 months": 0.325},
    "none": {"6 months": 0.080, "12 months": 0.095},
}
