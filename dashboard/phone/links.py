"""What Settings hands to a phone: the pairing QR code, quick-log links, the check-in reminder."""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta

import segno
import streamlit as st
from icalendar import Alarm, Calendar, Event

from core.access import address_with_key
from core.quick_log import QuickLog
from dashboard.phone.lock import current_key
from dashboard.phone.pairing import phone_mode

# Lock-screen text must not tell anyone nearby what the diary is about.
REMINDER_TITLE = "How was last night?"
REMINDER_UID = "check-in-reminder@home.invalid"  # the same event again replaces the old one


def app_address() -> str:
    """The address the app is reached at: phone mode's, else this computer's loopback one."""
    mode = phone_mode()
    if mode is not None:
        return mode.address
    return f"http://127.0.0.1:{st.get_option('server.port')}"


def link(params: dict[str, str] | None = None) -> str:
    """The app's address with these query parameters, plus the key in phone mode."""
    return address_with_key(app_address(), current_key(), params)


def quick_log_link(quick: QuickLog) -> str:
    """The link that opens the Log form with this muscle and side chosen."""
    return link(quick.params)


def qr_png(text: str) -> bytes:
    """A QR code of `text` as a PNG, big enough to scan from a laptop screen."""
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=6, border=4)
    return buffer.getvalue()


def reminder_calendar(*, at: time, target: str, today: date) -> bytes:
    """A calendar file with one event every day at `at`, opening `target`, with an alert."""
    calendar = Calendar()
    calendar.add("prodid", "-//Home reminders//check-in//EN")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", REMINDER_UID)
    event.add("summary", REMINDER_TITLE)
    event.add("description", target)
    event.add("url", target)
    start = datetime.combine(today, at)  # local time, wherever the phone is
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=5))
    event.add("dtstamp", datetime.now().astimezone())
    event.add("rrule", {"freq": "daily"})
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", REMINDER_TITLE)
    alarm.add("trigger", timedelta(0))
    event.add_component(alarm)
    calendar.add_component(event)
    return bytes(calendar.to_ical())
