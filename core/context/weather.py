"""The day's heat from Open-Meteo: which days to ask for, the questions, reading the answers.

Only the place rounded to 0.1 degree (about 11 km) and the dates leave the
computer. Days older than FORECAST_PAST_DAYS come from the historical archive
(which runs a few days behind); the most recent ones from the forecast API's
past days. Weather data by Open-Meteo.com, under CC BY 4.0.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final
from urllib.parse import urlencode

from core.context.values import ContextImportError

CREDIT: Final = "Weather data by Open-Meteo.com (CC BY 4.0)"
CREDIT_URL: Final = "https://open-meteo.com/"
DAILY_VARIABLE: Final = "apparent_temperature_max"
ARCHIVE_URL: Final = "https://archive-api.open-meteo.com/v1/archive"
FORECAST_URL: Final = "https://api.open-meteo.com/v1/forecast"
# The archive is complete up to about five days ago; the forecast API's past days cover the
# rest (it allows up to 92).
FORECAST_PAST_DAYS: Final = 7
PLACE_DECIMALS: Final = 1
MAX_LATITUDE: Final = 90.0
MAX_LONGITUDE: Final = 180.0


def rounded_place(latitude: float, longitude: float) -> tuple[float, float]:
    """The place as it is stored and sent: rounded to 0.1 degree; refused when not on Earth."""
    if not (math.isfinite(latitude) and -MAX_LATITUDE <= latitude <= MAX_LATITUDE):
        raise ContextImportError(
            f"Latitude must be between -{MAX_LATITUDE:g} and {MAX_LATITUDE:g} (got {latitude})."
        )
    if not (math.isfinite(longitude) and -MAX_LONGITUDE <= longitude <= MAX_LONGITUDE):
        raise ContextImportError(
            f"Longitude must be between -{MAX_LONGITUDE:g} and {MAX_LONGITUDE:g} (got {longitude})."
        )
    return round(latitude, PLACE_DECIMALS) + 0.0, round(longitude, PLACE_DECIMALS) + 0.0


def tenths(value: float) -> int:
    """A rounded coordinate as whole tenths of a degree (how the cache keys it)."""
    return round(value * 10)


@dataclass(frozen=True)
class WeatherRequest:
    """One question to Open-Meteo: which API, and the days."""

    api: str  # "archive" or "forecast"
    start: date
    end: date

    def query(self, latitude: float, longitude: float) -> str:
        """The query string: the rounded place, the days and the one variable, nothing else."""
        params: dict[str, str | int] = {
            "latitude": f"{latitude:.1f}",
            "longitude": f"{longitude:.1f}",
            "daily": DAILY_VARIABLE,
            "timezone": "auto",
        }
        if self.api == "archive":
            params |= {"start_date": self.start.isoformat(), "end_date": self.end.isoformat()}
        else:
            params |= {"past_days": FORECAST_PAST_DAYS, "forecast_days": 1}
        return urlencode(params)


def requests_for(days: Iterable[date], today: date) -> list[WeatherRequest]:
    """As few requests as cover `days`: one to the archive, one to the forecast API."""
    wanted = sorted(set(days))
    recent_from = today - timedelta(days=FORECAST_PAST_DAYS)
    old = [d for d in wanted if d < recent_from]
    recent = [d for d in wanted if d >= recent_from]
    requests = []
    if old:
        requests.append(WeatherRequest("archive", old[0], old[-1]))
    if recent:
        requests.append(WeatherRequest("forecast", recent[0], recent[-1]))
    return requests


def parse_daily(text: str | bytes) -> dict[date, float | None]:
    """The daily maximum apparent temperature (°C) by day, from an Open-Meteo answer."""
    try:
        answer = json.loads(text)
        if answer.get("error"):
            raise ContextImportError(
                f"Open-Meteo refused the question: {str(answer.get('reason', ''))[:200]}"
            )
        daily = answer["daily"]
        unit = answer.get("daily_units", {}).get(DAILY_VARIABLE, "°C")
        times, values = daily["time"], daily[DAILY_VARIABLE]
        if len(times) != len(values):
            raise ValueError("lengths differ")
        temperatures = {
            date.fromisoformat(day): None if value is None else float(value)
            for day, value in zip(times, values, strict=True)
        }
    except (ValueError, KeyError, TypeError, AttributeError):
        raise ContextImportError(
            "The weather service answered in a form this app does not know, so nothing was "
            "changed. Try again later."
        ) from None
    if unit != "°C":
        raise ContextImportError(f"The weather service answered in {unit[:10]}, not °C.")
    return temperatures


def is_hot(apparent_max_c: float | None, threshold_c: float) -> bool | None:
    """A hot day: the maximum apparent temperature above the person's threshold."""
    return None if apparent_max_c is None else apparent_max_c > threshold_c
