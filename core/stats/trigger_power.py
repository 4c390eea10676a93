"""What the trigger analysis finds on planted diaries: measured, not claimed.

Written by `python -m sample_data.validate --write` (do not edit by hand); the
scenarios are in sample_data/scenarios.py. Each rate is the share of diaries.
"""

DIARIES = 100
LENGTH_NIGHTS = {"6 months": 183, "12 months": 365}
RATES: dict[str, dict[str, float]] = {
    "threshold": {"6 months": 0.400, "12 months": 0.750},
    "combined": {"6 months": 0.000, "12 months": 0.020},
    "combined_parts": {"6 months": 0.030, "12 months": 0.090},
    "innocent": {"6 months": 0.010, "12 months": 0.010},
    "innocent_found": {"6 months": 0.430, "12 months": 0.680},
    "dose": {"6 months": 0.080, "12 months": 0.350},
    "none": {"6 months": 0.050, "12 months": 0.070},
}
