"""Weather on a real diary, from a local server speaking Open-Meteo's format through the real
HTTP client: hot filled for blank nights, each day fetched once, offline changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from sqlalchemy import Engine

from core.context.values import WEATHER, ContextImportError
from core.diary import NightContext
from db.repository import (
    apply_context_import,
    check_in_cramp_free,
    diary_version,
    list_records,
    value_sources,
)
from db.weather import weather_for_nights
from tests.weather_server import WeatherServer, offline, temperature_of, weather_server

__all__ = ["offline", "weather_server"]  # fixtures

TODAY = date.today()
OLD = [TODAY - timedelta(days=n) for n in (60, 59, 58, 40)]
RECENT = [TODAY - timedelta(days=n) for n in (3, 2)]


def _diary(engine: Engine) -> None:
    for night in OLD + RECENT:
        check_in_cramp_free(engine=engine, night=night, context=NightContext())
    check_in_cramp_free(  # typed "not hot" on a hot day stays as typed
        engine=engine, night=TODAY - timedelta(days=30), context=NightContext(hot=False)
    )


def _fetch(engine: Engine) -> dict[date, NightContext]:
    return weather_for_nights(
        engine=engine, latitude=52.5234, longitude=13.4114, threshold_c=27.0, today=TODAY
    ).nights


def test_hot_is_filled_from_the_weather_in_two_requests_with_only_the_rounded_place_sent(
    engine: Engine, weather_server: WeatherServer
) -> None:
    weather_server.today = TODAY
    _diary(engine)
    nights = _fetch(engine)
    assert {n: c.hot for n, c in nights.items()} == {
        n: temperature_of(n) > 27.0 for n in OLD + RECENT
    }
    assert [path for path, _ in weather_server.asked] == ["/v1/archive", "/v1/forecast"]
    archive = weather_server.asked[0][1]
    assert archive["latitude"] == ["52.5"] and archive["longitude"] == ["13.4"]
    assert (archive["start_date"], archive["end_date"]) == (
        [OLD[0].isoformat()],
        [OLD[-1].isoformat()],
    )
    sent = {key for _, query in weather_server.asked for key in query}
    assert sent <= {"latitude", "longitude", "daily", "timezone", "start_date", "end_date",
                    "past_days", "forecast_days"}  # fmt: skip
    apply_context_import(engine=engine, source=WEATHER, label="w", imported=nights)
    stored = {n.night: n.context.hot for n in list_records(engine=engine)[0]}
    assert stored[TODAY - timedelta(days=30)] is False
    assert all(stored[n] == (temperature_of(n) > 27.0) for n in OLD + RECENT)
    assert value_sources(engine=engine)[OLD[0]] == {"hot": WEATHER}


def test_a_day_is_never_fetched_twice(engine: Engine, weather_server: WeatherServer) -> None:
    weather_server.today = TODAY
    _diary(engine)
    _fetch(engine)
    asked = len(weather_server.asked)
    again = weather_for_nights(
        engine=engine, latitude=52.51, longitude=13.44, threshold_c=20.0, today=TODAY
    )  # the same rounded place: all cached, even with a new threshold
    assert len(weather_server.asked) == asked
    assert again.requests == 0 and again.nights[OLD[0]].hot == (temperature_of(OLD[0]) > 20.0)


def test_offline_says_so_and_changes_nothing(engine: Engine, offline: Callable[[], None]) -> None:
    _diary(engine)
    version = diary_version(engine=engine)
    with pytest.raises(ContextImportError, match="offline"):
        _fetch(engine)
    assert diary_version(engine=engine) == version


def test_the_provider_report_credits_open_meteo_only_when_it_uses_the_weather(
    engine: Engine,
) -> None:
    from core.profile import Profile
    from db.export import provider_report

    _diary(engine)

    def disclaimer() -> str:
        return provider_report(
            engine=engine, start=OLD[0], end=TODAY, profile=Profile(), today=TODAY
        ).disclaimer

    assert "Open-Meteo" not in disclaimer()
    apply_context_import(engine=engine, source=WEATHER, label="w",
                         imported={OLD[1]: NightContext(hot=True)})  # fmt: skip
    assert disclaimer().endswith("Weather data by Open-Meteo.com (CC BY 4.0).")
