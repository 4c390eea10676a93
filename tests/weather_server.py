"""A local stand-in for Open-Meteo: answers in the API's JSON format and records each question."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest


def temperature_of(day: date) -> float:
    """A known apparent maximum for each day: hot on even days, mild on odd ones."""
    return 31.5 if day.toordinal() % 2 == 0 else 18.0


@dataclass
class WeatherServer:
    """Where the stand-in listens, and every question it was asked (path and query)."""

    base: str
    asked: list[tuple[str, dict[str, list[str]]]] = field(default_factory=list)
    today: date = field(default_factory=date.today)

    def answer(self, path: str, query: dict[str, list[str]]) -> dict[str, object]:
        if "start_date" in query:
            start = date.fromisoformat(query["start_date"][0])
            end = date.fromisoformat(query["end_date"][0])
        else:
            start = self.today - timedelta(days=int(query["past_days"][0]))
            end = self.today + timedelta(days=int(query.get("forecast_days", ["7"])[0]) - 1)
        days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
        return {
            "latitude": float(query["latitude"][0]) + 0.02,
            "longitude": float(query["longitude"][0]) - 0.01,
            "generationtime_ms": 0.5,
            "utc_offset_seconds": 3600,
            "timezone": "Europe/Berlin",
            "timezone_abbreviation": "CET",
            "elevation": 38.0,
            "daily_units": {"time": "iso8601", "apparent_temperature_max": "°C"},
            "daily": {
                "time": [d.isoformat() for d in days],
                "apparent_temperature_max": [temperature_of(d) for d in days],
            },
        }


@contextmanager
def running_weather_server() -> Iterator[WeatherServer]:
    """Serve the stand-in on a free loopback port until the block ends."""
    state: list[WeatherServer] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            parsed = urlparse(self.path)
            query = parse_qs(parsed.query)
            state[0].asked.append((parsed.path, query))
            body = json.dumps(state[0].answer(parsed.path, query)).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.append(WeatherServer(f"http://127.0.0.1:{server.server_address[1]}"))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state[0]
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def weather_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[WeatherServer]:
    """The stand-in, with the app's weather addresses pointed at it."""
    with running_weather_server() as server:
        monkeypatch.setenv("CRAMP_DIARY_WEATHER_ARCHIVE_URL", f"{server.base}/v1/archive")
        monkeypatch.setenv("CRAMP_DIARY_WEATHER_FORECAST_URL", f"{server.base}/v1/forecast")
        yield server


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Point the weather addresses at a port where nothing listens."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("CRAMP_DIARY_WEATHER_ARCHIVE_URL", f"http://127.0.0.1:{port}/v1/archive")
    monkeypatch.setenv("CRAMP_DIARY_WEATHER_FORECAST_URL", f"http://127.0.0.1:{port}/v1/forecast")
    return lambda: None
