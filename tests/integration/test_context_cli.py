"""`cramp-diary context import | weather`, run as the installed command on real files.

Each run starts Python anew, so this file checks the shell (exit codes, messages, what is
written); every kind of bad file is refused in-process in test_context_import.py."""

from __future__ import annotations

import ast
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from core.diary import NightContext
from db.engine import create_diary_engine
from db.repository import check_in_cramp_free, diary_version, list_records, value_sources
from sample_data.health_exports import (
    APPLE_MEMBER,
    Drink,
    apple_xml,
    health_connect_db,
    water,
    workout,
    zipped,
)
from tests.conftest import REPO
from tests.integration.test_cli import cramp_diary
from tests.unit.test_apple_health import BILLION_LAUGHS
from tests.weather_server import WeatherServer, running_weather_server, temperature_of

NIGHT = date.today() - timedelta(days=3)


def _moment(hour: int, offset: str = "+01:00") -> datetime:
    return datetime.fromisoformat(f"{NIGHT.isoformat()}T{hour:02d}:00:00{offset}")


@pytest.fixture
def diary(tmp_path: Path) -> tuple[str, Engine]:
    url = f"sqlite:///{tmp_path / 'diary.sqlite'}"
    engine = create_diary_engine(url)
    check_in_cramp_free(engine=engine, night=NIGHT, context=NightContext(stress=3))
    return url, engine


def _export(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_a_dry_run_says_what_it_would_fill_and_writes_nothing(
    diary: tuple[str, Engine], tmp_path: Path
) -> None:
    url, engine = diary
    data = zipped(APPLE_MEMBER, apple_xml([water(_moment(9), 1200), workout(_moment(18), 30)]))
    version = diary_version(engine=engine)
    run = cramp_diary("context", "import", _export(tmp_path, "export.zip", data), "--db", url,
                      "--dry-run")  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "Apple Health fills 1 night: water on 1 night, exercise minutes on 1 night" in run.text
    assert "nothing was written" in run.text
    assert diary_version(engine=engine) == version


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("export.zip", zipped(APPLE_MEMBER, apple_xml([water(_moment(9), 1500)]))),
        ("health_connect_export.db", health_connect_db([Drink(_moment(9), 1.5)])),
    ],
    ids=["apple zip", "health connect db"],
)
def test_each_kind_of_export_is_told_apart_by_its_content_and_imported(
    diary: tuple[str, Engine], tmp_path: Path, name: str, data: bytes
) -> None:
    url, engine = diary
    path = _export(tmp_path, name.replace(".", "-renamed."), data)  # the name does not matter
    run = cramp_diary("context", "import", path, "--db", url)
    assert run.returncode == 0, run.stderr
    (night,) = list_records(engine=engine)[0]
    assert night.context == NightContext(water_l=1.5, stress=3)
    assert value_sources(engine=engine)[NIGHT]["water_l"] in ("apple_health", "health_connect")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (BILLION_LAUGHS, "declares XML entities"),
        (apple_xml([workout(_moment(6), 30 * 60)]), "more than a day"),
    ],
    ids=["0 bytes", "billion laughs", "30-hour workout"],
)  # fmt: skip
def test_bad_input_is_refused_with_exit_1_and_nothing_changed(
    diary: tuple[str, Engine], tmp_path: Path, data: bytes, message: str
) -> None:
    url, engine = diary
    version = diary_version(engine=engine)
    run = cramp_diary("context", "import", _export(tmp_path, "export.zip", data), "--db", url)
    assert run.returncode == 1
    assert message in run.stderr
    assert "Traceback" not in run.stderr
    assert diary_version(engine=engine) == version


def test_weather_fills_hot_from_the_configured_server_and_credits_open_meteo(
    diary: tuple[str, Engine],
) -> None:
    url, engine = diary
    with running_weather_server() as server:
        server.today = date.today()
        run = cramp_diary(
            "context", "weather", "--lat", "48.137", "--lon", "11.575", "--db", url,
            CRAMP_DIARY_WEATHER_ARCHIVE_URL=f"{server.base}/v1/archive",
            CRAMP_DIARY_WEATHER_FORECAST_URL=f"{server.base}/v1/forecast",
        )  # fmt: skip
        assert_asked_once(server)
    assert run.returncode == 0, run.stderr
    assert "Weather data by Open-Meteo.com (CC BY 4.0)" in run.text
    (night,) = list_records(engine=engine)[0]
    assert night.context.hot == (temperature_of(NIGHT) > 27.0)


def assert_asked_once(server: WeatherServer) -> None:
    ((path, query),) = server.asked
    assert path == "/v1/forecast" and query["latitude"] == ["48.1"]


def test_weather_offline_exits_1_and_changes_nothing(diary: tuple[str, Engine]) -> None:
    url, engine = diary
    version = diary_version(engine=engine)
    run = cramp_diary(
        "context", "weather", "--lat", "48.1", "--lon", "11.6", "--db", url,
        CRAMP_DIARY_WEATHER_FORECAST_URL="http://127.0.0.1:9/v1/forecast",
    )  # fmt: skip
    assert run.returncode == 1 and "offline" in run.stderr
    assert diary_version(engine=engine) == version


def test_the_context_commands_import_no_statistics_stack() -> None:
    tree = ast.parse((REPO / "dashboard/cli/context_commands.py").read_text())
    names = {
        alias.name if isinstance(node, ast.Import) else node.module or ""
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    heavy = {n for n in names if n.split(".")[0] in {"pandas", "scipy", "statsmodels", "streamlit"}}
    assert heavy == set()
    assert not any(n.startswith("core.stats") for n in names)


@pytest.mark.parametrize("command", ["import", "weather"])
def test_help_explains_each_context_command_with_an_example(command: str) -> None:
    run = cramp_diary("context", command, "--help")
    assert run.returncode == 0, run.stderr
    assert f"Example: cramp-diary context {command}" in run.text
