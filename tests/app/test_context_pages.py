"""From your phone (Data), Weather (Settings) and imported values (Diary), through AppTest."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from core.context.values import APPLE_HEALTH, MAX_PHONE_EXPORT_MB, WEATHER
from core.diary import Episode, NightContext
from db.repository import (
    add_episode,
    apply_context_import,
    diary_version,
    get_profile,
    list_records,
    value_sources,
)
from sample_data.health_exports import PHONE, WATCH, apple_zip, water, workout
from tests.app.conftest import by_label
from tests.unit.test_apple_health import BILLION_LAUGHS
from tests.weather_server import WeatherServer, temperature_of, weather_server

__all__ = ["weather_server"]  # a fixture

UPLOAD = "Phone export (zip, xml or db)"
NIGHT = date.today() - timedelta(days=2)


def _seed(diary: Engine) -> None:
    add_episode(
        engine=diary,
        episode=Episode(night=NIGHT, time=time(3, 0), muscle="calf"),
        context=NightContext(stress=5),
    )


def _upload(at: AppTest, name: str, data: bytes) -> AppTest:
    uploader = by_label(at.file_uploader, UPLOAD)
    uploader.set_value((name, data, "application/zip"))  # type: ignore[attr-defined]
    return at.run()


def _texts(at: AppTest) -> list[str]:
    return [t.value for t in at.text]


def test_a_phone_export_is_previewed_filled_and_undone(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    _seed(diary)
    before = list_records(engine=diary)
    morning = datetime.combine(NIGHT, time(9, 0)).astimezone()
    data = apple_zip(
        [water(morning, 600, source=PHONE), water(morning, 400, source=WATCH), workout(morning, 45)]
    )
    at = _upload(open_page("app_pages/data_page.py"), "export.zip", data)
    assert not at.exception and not at.error
    assert any("Apple Health fills 1 night: water on 1 night" in t for t in _texts(at))
    assert any(f"{MAX_PHONE_EXPORT_MB:,} MB" in c.value for c in at.caption)
    assert list_records(engine=diary) == before  # a preview writes nothing

    by_label(at.selectbox, "Phone and watch may both record the same glass. For each day, use"
             ).set_value(WATCH)  # type: ignore[attr-defined]  # fmt: skip
    at.run()
    by_label(at.button, "Fill 1 night").click()  # type: ignore[attr-defined]
    at.run()
    assert not at.exception
    (night,) = list_records(engine=diary)[0]
    assert night.context == NightContext(
        water_l=0.4, exercise_min=45, exercise_intensity="vigorous", stress=5
    )
    assert any("Filled 3 values" in s.value for s in at.success)

    by_label(at.button, "Undo").click()  # type: ignore[attr-defined]
    at.run()
    assert list_records(engine=diary) == before


def test_a_hostile_export_is_refused_in_words_and_nothing_changes(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    _seed(diary)
    version = diary_version(engine=diary)
    at = _upload(open_page("app_pages/data_page.py"), "export.xml", BILLION_LAUGHS)
    assert not at.exception
    assert any("declares XML entities" in e.value for e in at.error)
    assert diary_version(engine=diary) == version


def test_weather_is_off_until_a_place_is_given_then_fills_hot(
    open_page: Callable[[str], AppTest], diary: Engine, weather_server: WeatherServer
) -> None:
    _seed(diary)
    at = open_page("app_pages/settings_page.py")
    assert not [b for b in at.button if b.label == "Get the weather for blank nights"]
    assert any("Weather data by Open-Meteo.com (CC BY 4.0)" in c.value for c in at.caption)
    assert weather_server.asked == []  # nothing is sent before the person turns it on

    by_label(at.checkbox, "Use the weather").check()  # type: ignore[attr-defined]
    by_label(at.number_input, "Latitude").set_value(48.14)  # type: ignore[attr-defined]
    by_label(at.number_input, "Longitude").set_value(11.58)  # type: ignore[attr-defined]
    by_label(at.button, "Save weather settings").click()  # type: ignore[attr-defined]
    at.run()
    profile = get_profile(engine=diary)
    assert (profile.weather_latitude, profile.weather_longitude) == (48.1, 11.6)

    by_label(at.button, "Get the weather for blank nights").click()  # type: ignore[attr-defined]
    at.run()
    assert not at.exception and not at.error
    assert [q["latitude"] for _, q in weather_server.asked] == [["48.1"]]
    by_label(at.button, "Fill 1 night").click()  # type: ignore[attr-defined]
    at.run()
    (night,) = list_records(engine=diary)[0]
    assert night.context.hot == (temperature_of(NIGHT) > profile.hot_apparent_c)
    assert value_sources(engine=diary)[NIGHT]["hot"] == WEATHER


def test_the_diary_shows_where_a_value_came_from_and_clears_it(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    _seed(diary)
    apply_context_import(engine=diary, source=APPLE_HEALTH, label="export.zip",
                         imported={NIGHT: NightContext(water_l=1.8)})  # fmt: skip
    at = open_page("app_pages/diary_page.py")
    at.selectbox(key="diary_pick").set_value(0).run()
    assert not at.exception
    assert "Water 1.8 L — from Apple Health" in _texts(at)
    by_label(at.button, "Clear").click()  # type: ignore[attr-defined]
    at.run()
    (night,) = list_records(engine=diary)[0]
    assert night.context == NightContext(stress=5)  # the typed value stays
