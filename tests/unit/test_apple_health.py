"""Apple Health's export.xml: water and workouts by night, double counting, and hostile XML."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from core.context.apple_health import UNSAFE_MESSAGE, read_apple_health
from core.context.values import ContextImportError, chosen_total, nightly_context
from core.diary import NightContext
from sample_data.health_exports import (
    APPLE_PROLOG,
    PHONE,
    WATCH,
    apple_xml,
    ring,
    steps,
    water,
    workout,
)

NOW = datetime(2026, 3, 20, 9, 0)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def nights_of(data: bytes, preferred: str | None = None) -> dict[date, NightContext]:
    return nightly_context(read_apple_health(io.BytesIO(data)), now=NOW, preferred=preferred)


def test_the_real_exports_internal_dtd_parses_and_other_records_are_ignored() -> None:
    data = apple_xml([steps(at("2026-03-14T08:00:00+01:00"), 500)])
    assert b"<!ELEMENT Record" in data
    assert nights_of(data) == {}


@pytest.mark.parametrize(
    ("amount", "unit", "litres"),
    [(250, "mL", 0.25), (0.5, "L", 0.5), (8, "fl_oz_us", 0.24), (2, "cup_us", 0.47),
     (1, "cup", 0.24)],
)  # fmt: skip
def test_water_is_read_in_litres_whatever_the_unit(amount: float, unit: str, litres: float) -> None:
    data = apple_xml([water(at("2026-03-14T10:00:00+01:00"), amount, unit)])
    assert nights_of(data)[date(2026, 3, 14)].water_l == pytest.approx(litres, abs=0.005)


def test_a_unit_it_does_not_know_is_refused_not_guessed() -> None:
    data = apple_xml([water(at("2026-03-14T10:00:00+01:00"), 3, "gallon")])
    with pytest.raises(ContextImportError, match="unit 'gallon'"):
        nights_of(data)


def test_a_days_water_is_counted_on_its_own_clock_and_belongs_to_that_nights_day() -> None:
    data = apple_xml(
        [
            water(at("2026-03-14T23:30:00+01:00"), 300),  # late evening of the 14th
            water(at("2026-03-15T00:30:00+01:00"), 200),  # just after midnight: the 15th
            water(at("2026-03-14T23:30:00-08:00"), 100),  # 08:30 UTC on the 15th, 14th there
        ]
    )
    nights = nights_of(data)
    assert nights[date(2026, 3, 14)].water_l == pytest.approx(0.4)
    assert nights[date(2026, 3, 15)].water_l == pytest.approx(0.2)


def test_phone_and_watch_are_not_added_together_the_larger_total_counts() -> None:
    morning = at("2026-03-14T09:00:00+01:00")
    data = apple_xml(
        [water(morning, 250, source=PHONE), water(morning, 250, source=PHONE),
         water(morning, 250, source=WATCH), water(morning, 400, source=WATCH)]
    )  # fmt: skip
    assert nights_of(data)[date(2026, 3, 14)].water_l == pytest.approx(0.65)


def test_the_source_the_person_chose_counts_when_it_has_a_value_that_day() -> None:
    data = apple_xml(
        [water(at("2026-03-14T09:00:00+01:00"), 900, source=PHONE),
         water(at("2026-03-14T09:00:00+01:00"), 300, source=WATCH),
         water(at("2026-03-15T09:00:00+01:00"), 700, source=PHONE)]
    )  # fmt: skip
    nights = nights_of(data, preferred=WATCH)
    assert nights[date(2026, 3, 14)].water_l == pytest.approx(0.3)
    assert nights[date(2026, 3, 15)].water_l == pytest.approx(0.7)  # the watch had none


def test_equal_totals_pick_the_same_source_every_time() -> None:
    assert chosen_total({"b": 1.0, "a": 1.0}, None) == ("a", 1.0)
    assert chosen_total({"a": 1.0, "b": 1.0}, None) == ("a", 1.0)


def test_workouts_give_minutes_and_the_days_hardest_intensity() -> None:
    start = at("2026-03-14T18:00:00+01:00")
    data = apple_xml([workout(start, 30, "Walking"), workout(start, 25, "Running")])
    night = nights_of(data)[date(2026, 3, 14)]
    assert (night.exercise_min, night.exercise_intensity) == (55, "vigorous")


@pytest.mark.parametrize(
    ("kind", "intensity"),
    [("Yoga", "light"), ("Cycling", "moderate"), ("HighIntensityIntervalTraining", "vigorous"),
     ("SomethingNew", "moderate")],
)  # fmt: skip
def test_activity_types_map_to_the_documented_intensity(kind: str, intensity: str) -> None:
    data = apple_xml([workout(at("2026-03-14T18:00:00+01:00"), 40, kind)])
    assert nights_of(data)[date(2026, 3, 14)].exercise_intensity == intensity


def test_exercise_ring_minutes_count_only_on_days_without_a_workout() -> None:
    data = apple_xml(
        [workout(at("2026-03-14T18:00:00+01:00"), 20, "Yoga"), ring("2026-03-14", 70),
         ring("2026-03-15", 35), ring("2026-03-16", 0)]
    )  # fmt: skip
    nights = nights_of(data)
    assert nights[date(2026, 3, 14)].exercise_min == 20
    assert (
        nights[date(2026, 3, 15)].exercise_min,
        nights[date(2026, 3, 15)].exercise_intensity,
    ) == (
        35,
        "moderate",
    )
    assert date(2026, 3, 16) not in nights  # zero is also a day without the watch


@pytest.mark.parametrize(
    ("element", "message"),
    [
        (water(at("2026-03-14T10:00:00+01:00"), -250), "negative"),
        (water(at("2026-03-14T10:00:00+01:00"), 21, "L"), "more than a day"),
        (workout(at("2026-03-14T10:00:00+01:00"), 30 * 60), "more than a day"),
        (water(at("2026-03-28T10:00:00+01:00"), 250), "has not come yet"),
    ],
    ids=["negative water", "21 litres", "30-hour workout", "future date"],
)
def test_impossible_amounts_and_future_days_refuse_the_whole_file(
    element: str, message: str
) -> None:
    data = apple_xml([water(at("2026-03-13T10:00:00+01:00"), 250), element])
    with pytest.raises(ContextImportError, match=message):
        nights_of(data)


def test_many_glasses_adding_up_past_the_diarys_limit_are_refused() -> None:
    data = apple_xml([water(at("2026-03-14T10:00:00+01:00"), 1, "L")] * 16)
    with pytest.raises(ContextImportError, match="16.0 litres"):
        nights_of(data)


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE HealthData [
<!ENTITY lol "lol">
<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<HealthData locale="en_GB"><Record type="HKQuantityTypeIdentifierDietaryWater"
 sourceName="&lol9;" unit="mL" startDate="2026-03-14 10:00:00 +0100"
 endDate="2026-03-14 10:00:00 +0100" value="250"/></HealthData>
"""


def test_billion_laughs_is_refused_before_any_expansion() -> None:
    with pytest.raises(ContextImportError) as refused:
        read_apple_health(io.BytesIO(BILLION_LAUGHS))
    assert str(refused.value) == UNSAFE_MESSAGE


@pytest.fixture
def opened_paths() -> Iterator[list[str]]:
    """Every path or address Python opens while the test runs (an audit hook sees each)."""
    seen: list[str] = []
    active = [True]

    def hook(event: str, args: tuple[Any, ...]) -> None:
        if (
            active[0]
            and event in ("open", "urllib.Request")
            and args
            and isinstance(args[0], str | Path)
        ):
            seen.append(str(args[0]))

    sys.addaudithook(hook)  # hooks cannot be removed; this one goes quiet after the test
    yield seen
    active[0] = False


def _secret_file(tmp_path: Path) -> Path:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-HEALTH-DATA")
    return secret


def test_the_audit_hook_sees_a_file_being_opened(tmp_path: Path, opened_paths: list[str]) -> None:
    secret = _secret_file(tmp_path)
    opened_paths.clear()
    secret.read_text()  # proves the check below can fail
    assert str(secret) in opened_paths


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE HealthData [<!ENTITY xxe SYSTEM "{uri}">]>',
        '<!DOCTYPE HealthData SYSTEM "{uri}">',
        '<!DOCTYPE HealthData [<!ENTITY % remote SYSTEM "{uri}"> %remote;]>',
    ],
    ids=["external entity", "external DTD", "parameter entity"],
)
def test_an_entity_pointing_at_a_local_file_is_refused_and_the_file_never_read(
    tmp_path: Path, opened_paths: list[str], doctype: str
) -> None:
    secret = _secret_file(tmp_path)
    opened_paths.clear()  # writing it was an open too
    data = (
        '<?xml version="1.0"?>\n'
        + doctype.format(uri=secret.as_uri())
        + '\n<HealthData locale="en"><Record type="HKQuantityTypeIdentifierDietaryWater" '
        'sourceName="&xxe;" unit="mL" startDate="2026-03-14 10:00:00 +0100" '
        'endDate="2026-03-14 10:00:00 +0100" value="250"/></HealthData>'
    ).encode()
    with pytest.raises(ContextImportError) as refused:
        read_apple_health(io.BytesIO(data))
    assert str(refused.value) == UNSAFE_MESSAGE
    assert "TOP-SECRET" not in str(refused.value)
    assert str(secret) not in opened_paths


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<html><body>hello</body></html>", "not an Apple Health export"),
        (b"not xml at all", "cannot be read as XML"),
        (apple_xml([water(at("2026-03-14T10:00:00+01:00"), 250)])[:-40], "cut short"),
        (apple_xml([water(at("2026-03-14T10:00:00+01:00"), 250)]).replace(b"+0100", b"CET"),
         "not how Apple Health writes dates"),
    ],
    ids=["other XML", "not XML", "truncated", "bad date"],
)  # fmt: skip
def test_files_that_are_not_a_readable_export_say_why(data: bytes, message: str) -> None:
    with pytest.raises(ContextImportError, match=message):
        read_apple_health(io.BytesIO(data))


def test_an_export_spanning_many_chunks_is_read_whole() -> None:
    body = [water(at(f"2026-03-{d:02d}T10:00:00+01:00"), 250) for d in range(1, 11)]
    body += [steps(at("2026-03-01T10:00:00+01:00"), 5)] * 3000  # past several 64 KB chunks
    body += [water(at("2026-03-11T10:00:00+01:00"), 500)]
    data = apple_xml(body)
    assert len(data) > 5 * 65536 and data.startswith(APPLE_PROLOG.encode())
    nights = nights_of(data)
    assert len(nights) == 11 and nights[date(2026, 3, 11)].water_l == 0.5
