"""Reading Apple Health's export.xml as a stream: water, workouts and Exercise-ring minutes.

The file is often 1-2 GB, so it is never held whole: it is fed in chunks to
ElementTree's pull parser (iterparse's engine, in C) and every element is let
go as soon as it is read. It is also parsed safely: the export begins with an
internal DTD that declares elements only, and anything more (an entity, which
is how "billion laughs" and external-file tricks work, or an external DTD) is
refused by defusedxml before the fast parser sees the chunk that holds it.
Only the document's prolog can declare entities, so the guard stops at the
first element.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date, datetime
from typing import IO, Any, Final, cast

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from core.context.intensity import apple_intensity
from core.context.values import Collected, ContextImportError, check_amount, local_day
from core.diary import MAX_EXERCISE_MIN, MAX_WATER_L

WATER_TYPE: Final = "HKQuantityTypeIdentifierDietaryWater"
ROOT_TAG: Final = "HealthData"
CHUNK_BYTES: Final = 1 << 16
ELEMENTS_BEFORE_CLEAR: Final = 10_000
# Litres in one of each unit HealthKit writes for water. Another unit is refused, not guessed.
LITRES_PER_UNIT: Final = {
    "mL": 0.001,
    "L": 1.0,
    "dL": 0.1,
    "cL": 0.01,
    "fl_oz_us": 0.0295735295625,
    "fl_oz_imp": 0.0284130625,
    "cup": 0.2365882365,
    "cup_us": 0.2365882365,
    "cup_imp": 0.284130625,
    "pt_us": 0.473176473,
}
MINUTES_PER_UNIT: Final = {"min": 1.0, "s": 1 / 60, "h": 60.0}
DATE_FORMAT: Final = "%Y-%m-%d %H:%M:%S %z"

UNSAFE_MESSAGE: Final = (
    "This file declares XML entities or an outside document, which Apple Health exports "
    "never do and which can be used to attack the computer reading it. It was not read; "
    "export the data again from the Health app."
)


class _RootSpotter:
    """The guard's target: notes the first element and refuses an external DTD."""

    def __init__(self) -> None:
        self.seen_root = False

    def doctype(self, name: str, pubid: str | None, system: str | None) -> None:
        if system:
            raise ContextImportError(UNSAFE_MESSAGE)

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        self.seen_root = True

    def end(self, tag: str) -> None:
        pass

    def data(self, data: str) -> None:
        pass

    def close(self) -> None:
        return None


def _moment(text: str | None, what: str) -> datetime:
    try:
        return datetime.strptime(text or "", DATE_FORMAT)
    except ValueError:
        raise ContextImportError(
            f"A {what} has the date '{(text or '')[:40]}', which is not how Apple Health "
            "writes dates. The export is damaged: nothing was imported."
        ) from None


def _number(text: str | None, what: str) -> float:
    try:
        return float(text or "")
    except ValueError:
        raise ContextImportError(
            f"A {what} has the amount '{(text or '')[:40]}', which is not a number. The "
            "export is damaged: nothing was imported."
        ) from None


def _add_water(element: ET.Element, collected: Collected) -> None:
    start = _moment(element.get("startDate"), "water record")
    unit = element.get("unit", "")
    factor = LITRES_PER_UNIT.get(unit)
    if factor is None:
        raise ContextImportError(
            f"A water record is in the unit '{unit[:20]}', which the diary does not know "
            f"(it knows {', '.join(LITRES_PER_UNIT)}). Nothing was imported."
        )
    litres = _number(element.get("value"), "water record") * factor
    day = local_day(start)
    check_amount(litres, "water", day, MAX_WATER_L, "litres")
    collected.add_water(day, element.get("sourceName") or "unknown", litres)


def _workout_minutes(element: ET.Element, start: datetime) -> float:
    duration = element.get("duration")
    unit = element.get("durationUnit", "min")
    if duration is not None and unit in MINUTES_PER_UNIT:
        return _number(duration, "workout") * MINUTES_PER_UNIT[unit]
    end = _moment(element.get("endDate"), "workout")
    return (end - start).total_seconds() / 60


def _add_workout(element: ET.Element, collected: Collected) -> None:
    start = _moment(element.get("startDate"), "workout")
    minutes = _workout_minutes(element, start)
    day = local_day(start)
    check_amount(minutes, "exercise", day, MAX_EXERCISE_MIN, "minutes")
    intensity = apple_intensity(element.get("workoutActivityType", ""))
    collected.add_workout(day, element.get("sourceName") or "unknown", minutes, intensity)


def _add_ring(element: ET.Element, collected: Collected) -> None:
    text = element.get("dateComponents", "")
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise ContextImportError(
            f"An activity summary has the date '{text[:40]}', which is not a date. The "
            "export is damaged: nothing was imported."
        ) from None
    minutes = _number(element.get("appleExerciseTime", "0"), "activity summary")
    check_amount(minutes, "exercise", day, MAX_EXERCISE_MIN, "minutes")
    # Zero is what a day without the watch shows too, so it says nothing.
    if minutes > 0:
        collected.ring_min[day] = round(minutes)


def _handle(element: ET.Element, collected: Collected) -> None:
    tag = element.tag
    if tag == "Record":
        if element.get("type") == WATER_TYPE:
            _add_water(element, collected)
    elif tag == "Workout":
        _add_workout(element, collected)
    elif tag == "ActivitySummary":
        _add_ring(element, collected)


def read_apple_health(stream: IO[bytes]) -> Collected:
    """Water, workouts and ring minutes from an export.xml stream, by night and source.

    Raises ContextImportError for a file that is not an Apple Health export,
    is damaged, declares entities, or holds an amount no day can hold.
    """
    spotter = _RootSpotter()
    guard = DefusedXMLParser(
        target=spotter, forbid_dtd=False, forbid_entities=True, forbid_external=True
    )
    pull: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(events=("start", "end"))
    collected = Collected()
    root: ET.Element | None = None
    ended = 0
    try:
        while chunk := stream.read(CHUNK_BYTES):
            if not spotter.seen_root:
                guard.feed(chunk)  # before the pull parser sees this chunk
            pull.feed(chunk)
            for event, element in _element_events(pull):
                if event == "start":
                    root = _check_root(root, element)
                    continue
                _handle(element, collected)
                ended += 1
                if ended % ELEMENTS_BEFORE_CLEAR == 0 and root is not None:
                    root.clear()  # let go of the elements read so far
        pull.close()
    except DefusedXmlException:
        raise ContextImportError(UNSAFE_MESSAGE) from None
    except ET.ParseError as error:
        raise ContextImportError(_parse_problem(error, root)) from None
    if root is None:
        raise ContextImportError("The file is empty: there is no Apple Health data in it.")
    return collected


def _element_events(
    pull: ET.XMLPullParser[ET.Element],
) -> Iterator[tuple[str, ET.Element]]:
    # With only start and end events asked for, every event carries an element.
    return cast(Iterator[tuple[str, ET.Element]], pull.read_events())


def _check_root(root: ET.Element | None, element: ET.Element) -> ET.Element:
    if root is not None:
        return root
    if element.tag != ROOT_TAG:
        raise ContextImportError(
            f"This XML file is not an Apple Health export (it starts with <{element.tag[:40]}>, "
            f"not <{ROOT_TAG}>). Choose export.zip from the Health app's 'Export All Health Data'."
        )
    return element


def _parse_problem(error: Any, root: ET.Element | None) -> str:
    line, _column = getattr(error, "position", (0, 0))
    if root is None:
        return (
            "This file cannot be read as XML, so it is not an Apple Health export. Choose "
            "export.zip from the Health app's 'Export All Health Data'."
        )
    return (
        f"The export stops being readable XML at line {line:,} (it may have been cut short "
        "while copying). Export it again from the Health app; nothing was imported."
    )
