"""Fetching the day's heat from Open-Meteo, only for days not already cached in the diary.

The base addresses are settings (CRAMP_DIARY_WEATHER_ARCHIVE_URL and
CRAMP_DIARY_WEATHER_FORECAST_URL), so tests answer from a local server with
the real client. What leaves the computer: the place rounded to 0.1°, the
dates, and the name of one variable.
"""

from __future__ import annotations

import os
import urllib.error
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Final

from sqlalchemy import Engine

from core.context.values import WEATHER, ContextImportError
from core.context.weather import (
    ARCHIVE_URL,
    FORECAST_URL,
    WeatherRequest,
    is_hot,
    parse_daily,
    requests_for,
    rounded_place,
)
from core.diary import NightContext
from db.repository import cached_weather, nights_with_blank, store_weather

ARCHIVE_URL_ENV: Final = "CRAMP_DIARY_WEATHER_ARCHIVE_URL"
FORECAST_URL_ENV: Final = "CRAMP_DIARY_WEATHER_FORECAST_URL"
TIMEOUT_S: Final = 20
MAX_ANSWER_BYTES: Final = 5 * 1024 * 1024
OFFLINE: Final = (
    "The weather service cannot be reached (is this computer offline?). Nothing was changed; "
    "try again when it is online."
)


def base_url(api: str) -> str:
    """The address of an Open-Meteo API: the setting when given, else Open-Meteo's own."""
    if api == "archive":
        return os.environ.get(ARCHIVE_URL_ENV, "").strip() or ARCHIVE_URL
    return os.environ.get(FORECAST_URL_ENV, "").strip() or FORECAST_URL


def fetch(request: WeatherRequest, latitude: float, longitude: float) -> dict[date, float | None]:
    """Ask Open-Meteo one question; raises ContextImportError when offline or refused."""
    address = f"{base_url(request.api)}?{request.query(latitude, longitude)}"
    try:
        with urllib.request.urlopen(address, timeout=TIMEOUT_S) as answer:  # noqa: S310
            body = answer.read(MAX_ANSWER_BYTES + 1)
    except urllib.error.HTTPError as error:
        body = error.read(MAX_ANSWER_BYTES + 1)
        if not body:
            raise ContextImportError(
                f"The weather service answered with error {error.code}. Nothing was changed."
            ) from None
    except (urllib.error.URLError, TimeoutError, OSError):
        raise ContextImportError(OFFLINE) from None
    if len(body) > MAX_ANSWER_BYTES:
        raise ContextImportError("The weather service's answer is far too large; not used.")
    return parse_daily(body)


@dataclass(frozen=True)
class WeatherFetch:
    """The weather for some nights: the hot flags, and how many days were asked for."""

    nights: dict[date, NightContext]
    temperatures: dict[date, float | None]
    requested_days: int
    requests: int


def weather_for_nights(
    *,
    engine: Engine,
    latitude: float,
    longitude: float,
    threshold_c: float,
    today: date,
    start: date | None = None,
    end: date | None = None,
) -> WeatherFetch:
    """ "Hot" for the diary's nights with it blank, fetching only days not cached (and
    caching them). Nothing in the diary's nights changes here: the result is applied
    like any import."""
    lat, lon = rounded_place(latitude, longitude)
    blank = nights_with_blank(engine=engine, field="hot", start=start, end=end)
    nights = [n for n in blank if n <= today]
    temperatures = cached_weather(engine=engine, latitude=lat, longitude=lon, days=nights)
    missing = [n for n in nights if n not in temperatures]
    requests = requests_for(missing, today)
    fetched: dict[date, float | None] = {}
    for request in requests:  # every answer first: offline half-way stores nothing
        fetched |= {
            day: value
            for day, value in fetch(request, lat, lon).items()
            if request.start <= day <= request.end
        }
    if fetched:
        store_weather(engine=engine, latitude=lat, longitude=lon, temperatures=fetched)
    temperatures |= fetched
    return WeatherFetch(
        nights=_hot_nights(nights, temperatures, threshold_c),
        temperatures=temperatures,
        requested_days=len(missing),
        requests=len(requests),
    )


def _hot_nights(
    nights: Iterable[date], temperatures: dict[date, float | None], threshold_c: float
) -> dict[date, NightContext]:
    hot = {n: is_hot(temperatures.get(n), threshold_c) for n in nights}
    return {n: NightContext(hot=value) for n, value in hot.items() if value is not None}


def weather_label(latitude: float, longitude: float, start: date, end: date) -> str:
    """How a weather import is named in the list of imports."""
    return f"{WEATHER}: {latitude:.1f}, {longitude:.1f}, {start.isoformat()} to {end.isoformat()}"


def now_date() -> date:
    """Today on this computer's clock."""
    return datetime.now().date()
