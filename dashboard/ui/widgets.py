"""Form inputs shared by the Log and Diary pages: a night's context and a cramp's details."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, time
from typing import Any

import streamlit as st

from core.diary import (
    MAX_DURATION_S,
    MAX_EXERCISE_MIN,
    MAX_HOURS,
    MAX_NOTE_CHARS,
    MAX_SCORE,
    MAX_WATER_L,
    Episode,
    NightContext,
)
from core.vocab import (
    FEELINGS,
    INTENSITIES,
    MUSCLES,
    RELIEF_METHODS,
    SIDES,
    VOLUME_UNITS,
    WARNING_SIGNS,
    from_litres,
    to_litres,
)

YES_NO = {True: "Yes", False: "No"}
DURATION_PRESETS = {
    30: "30 s",
    60: "1 min",
    120: "2 min",
    300: "5 min",
    600: "10 min",
    900: "15 min",
}
UNIT_STEP = {"litres": 0.25, "cups": 1.0, "fl_oz": 4.0}
UNIT_SHORT = {"litres": "L", "cups": "cups", "fl_oz": "fl oz"}


def night_range(
    key: str, first: date, last: date, container: Any = st, *, default_start: date | None = None
) -> tuple[date, date]:
    """A from–to picker over the diary's nights; a half-picked range counts as one night."""
    chosen = container.date_input(
        "Nights from – to",
        value=(default_start or first, last),
        min_value=first,
        max_value=last,
        key=key,
    )
    if isinstance(chosen, tuple) and chosen:
        return chosen[0], chosen[-1]
    return first, last


def yes_no(label: str, value: bool | None, key: str, help: str | None = None) -> bool | None:
    """A yes/no choice that may be left unanswered (None = not recorded)."""
    choice = st.segmented_control(
        label,
        options=[True, False],
        format_func=YES_NO.__getitem__,
        default=value,
        key=key,
        help=help,
    )
    return None if choice is None else bool(choice)


def _count(
    container: Any,
    label: str,
    top: float,
    value: float | None,
    step: float,
    key: str,
    help: str | None = None,
) -> Any:
    """A number input from zero to a limit from core, empty when nothing is recorded."""
    # Streamlit wants min, max and step of one type: whole numbers stay whole.
    zero = 0.0 if isinstance(top, float) else 0
    return container.number_input(
        label, min_value=zero, max_value=top, value=value, step=step, key=key, help=help
    )


def context_inputs(prefix: str, stored: NightContext | None, unit: str) -> NightContext:
    """Inputs for the day before a night, pre-filled from what is stored; every one optional."""
    ctx = stored or NightContext()
    water_shown = None if ctx.water_l is None else round(from_litres(ctx.water_l, unit), 2)
    left, right = st.columns(2)
    water = _count(
        left,
        f"Water drunk ({UNIT_SHORT[unit]})",
        from_litres(MAX_WATER_L, unit),
        water_shown,
        UNIT_STEP[unit],
        f"{prefix}_water",
        help=f"Unit: {VOLUME_UNITS[unit]}. Change it in Settings.",
    )
    stress = _count(right, "Stress (0–10)", MAX_SCORE, ctx.stress, 1, f"{prefix}_stress")
    left, right = st.columns(2)
    exercise_min = _count(
        left, "Exercise (minutes)", MAX_EXERCISE_MIN, ctx.exercise_min, 15, f"{prefix}_exercise_min"
    )
    intensity = right.selectbox(
        "Exercise intensity",
        options=list(INTENSITIES),
        format_func=INTENSITIES.__getitem__,
        index=None
        if ctx.exercise_intensity is None
        else list(INTENSITIES).index(ctx.exercise_intensity),
        placeholder="Not recorded",
        key=f"{prefix}_intensity",
    )
    left, right = st.columns(2)
    sitting = _count(left, "Hours sitting", MAX_HOURS, ctx.sitting_h, 0.5, f"{prefix}_sitting")
    standing = _count(
        right,
        "Hours standing on hard floors",
        MAX_HOURS,
        ctx.hard_floor_h,
        0.5,
        f"{prefix}_hard_floor",
        help="Concrete, tile and similar floors.",
    )
    hot = yes_no("Hot weather, or exercised in heat", ctx.hot, f"{prefix}_hot")
    stretched = yes_no("Stretched before bed", ctx.stretched, f"{prefix}_stretched")
    new_medication = yes_no(
        "New or changed medication", ctx.new_medication, f"{prefix}_new_medication"
    )
    return NightContext(
        water_l=None if water is None else round(to_litres(float(water), unit), 2),
        exercise_min=None if exercise_min is None else int(exercise_min),
        exercise_intensity=intensity,
        hot=hot,
        stretched=stretched,
        sitting_h=None if sitting is None else float(sitting),
        hard_floor_h=None if standing is None else float(standing),
        stress=None if stress is None else int(stress),
        new_medication=new_medication,
    )


def opened_once(label: str, key: str) -> Any | None:
    """A collapsed expander whose content is made only once the person has opened it: its
    container from then on (for the session, even when closed again, so nothing typed
    into it is dropped before a form is sent), None until then.

    Opening it reruns the page. A browser keeps what was already picked in a form across
    that rerun (tests/browser/test_phone_log.py). Optional parts of the Log page's forms
    were most of what a browser drew for it (a view took about 1.4 times as long).
    """
    box = st.expander(label, key=key, on_change="rerun")
    opened = f"{key}_opened"
    if box.open:
        st.session_state[opened] = True
    return box if st.session_state.get(opened) else None


def day_before(
    label: str, key: str, prefix: str, stored: NightContext | None, unit: str
) -> NightContext:
    """The day before a night, its inputs made once opened (`opened_once`); until then the
    form sends what is stored (or nothing)."""
    box = opened_once(label, key)
    if box is None:
        return stored or NightContext()
    with box:
        return context_inputs(prefix, stored, unit)


_MARKDOWN = re.compile(r"([\\`*_{}\[\]<>()#+!|~$-])")


def literal_markdown(text: str) -> str:
    """Text shown literally by st.markdown: markdown escaped, no emoji shortcodes or directives."""
    escaped = _MARKDOWN.sub(r"\\\1", text)
    # A zero-width space after a colon stops ':word:' shortcodes and ':red[...]' directives.
    return re.sub(r":(?=\S)", ":\u200b", escaped)


def episode_inputs(
    prefix: str,
    *,
    night: date,
    clock: time,
    stored: Episode | None,
    default_muscle: str,
    default_side: str | None,
) -> Episode:
    """Inputs for one cramp's details (the night and time are chosen by the caller)."""
    muscle = _pick_one(
        st.pills, "Muscle", MUSCLES, stored.muscle if stored else default_muscle, f"{prefix}_muscle"
    )
    side = _pick_one(
        st.segmented_control,
        "Side",
        SIDES,
        stored.side if stored else default_side,
        f"{prefix}_side",
    )
    duration = _duration_input(prefix, stored)
    pain = st.slider(
        "Pain (0 = none, 10 = worst imaginable)",
        min_value=0,
        max_value=MAX_SCORE,
        value=stored.pain if stored and stored.pain is not None else 5,
        key=f"{prefix}_pain",
    )
    woke = st.toggle(
        "It woke me up",
        value=stored.woke if stored and stored.woke is not None else True,
        key=f"{prefix}_woke",
    )
    details = opened_once(
        "What it felt like, what helped, warning signs, note", f"{prefix}_details"
    )
    if details is None:  # not opened: what is stored (nothing, for a new cramp) is kept
        felt, relief, helped, warnings = (
            (stored.felt, stored.relief, stored.relief_helped, stored.warning_signs)
            if stored
            else ((), (), None, ())
        )
        note = stored.note if stored else ""
    else:
        with details:
            felt, relief, helped, warnings, note = _detail_inputs(prefix, stored)
    return Episode(
        night=night,
        time=clock,
        muscle=muscle or "",
        side=side,
        duration_s=duration,
        pain=int(pain),
        woke=bool(woke),
        felt=felt,
        relief=relief,
        relief_helped=helped,
        warning_signs=warnings,
        note=note,
    )


def _duration_input(prefix: str, stored: Episode | None) -> int | None:
    """How long a cramp lasted: a preset button, or exact seconds that override it."""
    stored_duration = stored.duration_s if stored else None
    preset_default = (
        stored_duration if stored_duration in DURATION_PRESETS else (None if stored else 60)
    )
    preset = st.pills(
        "How long",
        options=list(DURATION_PRESETS),
        format_func=DURATION_PRESETS.__getitem__,
        default=preset_default,
        key=f"{prefix}_duration_preset",
    )
    exact_default = (
        stored_duration
        if stored_duration is not None and stored_duration not in DURATION_PRESETS
        else None
    )
    exact = st.number_input(
        "…or the exact duration in seconds",
        min_value=0,
        max_value=MAX_DURATION_S,
        value=exact_default,
        step=10,
        key=f"{prefix}_duration_exact",
        help="Overrides the buttons above when filled in.",
    )
    return int(exact) if exact is not None else preset


def _pick_one(
    control: Callable[..., Any], label: str, options: Mapping[str, str], default: Any, key: str
) -> Any:
    """One choice from one of core's vocabularies, on pills or a segmented control."""
    return control(
        label, options=list(options), format_func=options.__getitem__, default=default, key=key
    )


def _pick_many(
    label: str,
    options: Mapping[str, str],
    stored: tuple[str, ...],
    key: str,
    help: str | None = None,
) -> tuple[str, ...]:
    """Pills that take several choices from one of core's vocabularies."""
    chosen = st.pills(
        label,
        options=list(options),
        format_func=options.__getitem__,
        selection_mode="multi",
        default=list(stored),
        key=key,
        help=help,
    )
    return tuple(chosen or ())


def _detail_inputs(
    prefix: str, stored: Episode | None
) -> tuple[tuple[str, ...], tuple[str, ...], bool | None, tuple[str, ...], str]:
    """What it felt like, what was tried and whether it helped, warning signs, a note."""
    felt = _pick_many(
        "What it felt like", FEELINGS, stored.felt if stored else (), f"{prefix}_felt"
    )
    relief = _pick_many(
        "What you tried", RELIEF_METHODS, stored.relief if stored else (), f"{prefix}_relief"
    )
    helped = yes_no("Did it help?", stored.relief_helped if stored else None, f"{prefix}_helped")
    warnings = _pick_many(
        "Warning signs",
        WARNING_SIGNS,
        stored.warning_signs if stored else (),
        f"{prefix}_warnings",
        help="Anything here is worth telling a healthcare provider about.",
    )
    note = st.text_area(
        "Note",
        value=stored.note if stored else "",
        max_chars=MAX_NOTE_CHARS,
        key=f"{prefix}_note",
    )
    return felt, relief, helped, warnings, note or ""


def dated_span_inputs(
    key: str, started_on: date | None, ended_on: date | None, *, end: tuple[str, str]
) -> tuple[date, date | None]:
    """A start date (today for a new item) and an optional end date side by side, in a form
    keyed `key`; `end` is the end input's label and key suffix."""
    left, right = st.columns(2)
    started = left.date_input("Started on", value=started_on or date.today(), key=f"{key}_start")
    ended = right.date_input(end[0], value=ended_on, key=f"{key}_{end[1]}")
    return started, ended


def confirmed_delete(
    prefix: str, item_id: int | None, question: str, delete: Callable[[], None]
) -> None:
    """A Delete… button that asks `question` first and calls `delete` on Yes (keys
    `{prefix}_delete_{item_id}`, `_yes_`, `_no_`, and `_confirm_` in the session state)."""
    confirm_key = f"{prefix}_confirm_{item_id}"
    if not st.session_state.get(confirm_key):
        if st.button("Delete…", key=f"{prefix}_delete_{item_id}"):
            st.session_state[confirm_key] = True
            st.rerun()
        return
    st.warning(question)
    yes, no = st.columns(2)
    if yes.button("Yes, delete", type="primary", key=f"{prefix}_yes_{item_id}"):
        delete()
        st.session_state.pop(confirm_key, None)
        st.rerun()
    if no.button("Cancel", key=f"{prefix}_no_{item_id}"):
        st.session_state.pop(confirm_key, None)
        st.rerun()
