"""The context panels: Data → From your phone, Settings → Weather, and a night's imported
values on the Diary page. Each hands off to core.context and db (the command line's paths)."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any

import streamlit as st
from sqlalchemy import Engine

from core.context.plan import ContextPlan, describe_plan, value_text
from core.context.values import (
    MAX_PHONE_EXPORT_MB,
    SOURCE_NAMES,
    TYPED,
    WEATHER,
    ContextImport,
    ContextImportError,
    nightly_context,
)
from core.context.weather import (
    CREDIT,
    CREDIT_URL,
    MAX_LATITUDE,
    MAX_LONGITUDE,
    rounded_place,
)
from core.diary import NightContext
from core.profile import HOT_APPARENT_C_LIMITS
from core.wording import day_text, plural
from dashboard.ui.resources import current_profile
from db.context_files import read_phone_export
from db.repository import (
    apply_context_import,
    clear_imported_value,
    get_night_context,
    list_context_imports,
    preview_context_import,
    save_profile,
    undo_context_import,
    value_sources,
)
from db.weather import now_date, weather_for_nights, weather_label

LARGER_SOURCE = "Whichever recorded more that day"


def _show_plan(plan: ContextPlan) -> None:
    for line in describe_plan(plan, SOURCE_NAMES[plan.source]):
        st.text(line)  # plain text: nothing from the file is read as markup


def _fill_button(
    engine: Engine, plan: ContextPlan, label: str, nights: dict[date, NightContext], key: str
) -> None:
    if not plan.fills:
        return
    pressed = st.button(
        f"Fill {plural(len(plan.nights()), 'night')}", type="primary", key=key,
        icon=":material/input:",
    )  # fmt: skip
    if pressed:
        done = apply_context_import(engine=engine, source=plan.source, label=label, imported=nights)
        st.session_state[f"{key}_done"] = len(done.fills)
        st.rerun()


# --- Data → From your phone ----------------------------------------------------------------


def _read(upload: Any) -> ContextImport | ContextImportError:
    with st.spinner("Reading the export…"):
        try:
            return read_phone_export(upload, now=datetime.now())
        except ContextImportError as error:
            return error


def phone_export_section(engine: Engine) -> None:
    """Upload an Apple Health or Health Connect export, preview, fill, and undo imports."""
    st.header("From your phone", divider="gray")
    st.caption(
        "Fill blank water and exercise from the phone's own records: Apple Health "
        "(Health app → your picture → Export All Health Data → export.zip) or Health Connect "
        "(Settings → Health Connect → Export data). Only blank fields of nights already in "
        "your diary are filled; what you typed is never changed. The file is read on this "
        f"computer and not kept. Files up to {MAX_PHONE_EXPORT_MB:,} MB here; for a larger "
        "one use the command line: cramp-diary context import FILE."
    )
    done = st.session_state.pop("phone_fill_done", None)
    if done is not None:
        st.success(f"Filled {plural(done, 'value')}. You can undo it below.")
    upload = st.file_uploader(
        "Phone export (zip, xml or db)",
        type=["zip", "xml", "db"],
        key="phone_upload",
        max_upload_size=MAX_PHONE_EXPORT_MB,
    )
    if upload is not None:
        if st.session_state.get("phone_read_id") != upload.file_id:
            st.session_state["phone_read"] = _read(upload)
            st.session_state["phone_read_id"] = upload.file_id
        read = st.session_state["phone_read"]
        if isinstance(read, ContextImportError):
            st.error(str(read))
        else:
            _phone_preview(engine, read, upload.name)
    _past_imports(engine)


def _phone_preview(engine: Engine, read: ContextImport, name: str) -> None:
    nights = read.nights
    if len(read.sources) > 1 and read.collected is not None:
        chosen = st.selectbox(
            "Phone and watch may both record the same glass. For each day, use",
            options=[LARGER_SOURCE, *read.sources],
            key="phone_source",
        )
        if chosen != LARGER_SOURCE:
            nights = nightly_context(read.collected, now=datetime.now(), preferred=chosen)
    plan = preview_context_import(engine=engine, source=read.kind, imported=nights)
    _show_plan(plan)
    _fill_button(engine, plan, name, nights, "phone_fill")


def _past_imports(engine: Engine) -> None:
    imports = list_context_imports(engine=engine)
    if not imports:
        return
    st.subheader("Undo an import")
    for record in imports[:10]:
        left, right = st.columns([3, 1])
        left.text(
            f"{record.imported_at.astimezone():%d %b %Y %H:%M} · {SOURCE_NAMES[record.source]} · "
            f"{plural(record.values, 'value')} · {record.label}"
        )
        if right.button("Undo", key=f"context_undo_{record.id}"):
            try:
                count = undo_context_import(engine=engine, import_id=record.id)
            except ContextImportError as error:
                st.error(str(error))
            else:
                st.toast(f"Undone: {plural(count, 'value')} emptied again.", icon="↩️")
                st.rerun()


# --- Settings → Weather -------------------------------------------------------------------


def weather_section(engine: Engine) -> None:
    """Opt in to the weather (a rounded place and a hot threshold), then fill blank "hot"."""
    st.subheader("Weather")
    profile = current_profile()
    st.caption(
        "Off unless you turn it on. Then the diary asks Open-Meteo for each blank night's "
        "highest 'feels like' temperature and marks the day hot above your threshold. Only "
        "your place rounded to 0.1° (about 11 km) and the dates are sent; each day is fetched "
        "once and kept here."
    )
    with st.form("settings_weather"):
        on = st.checkbox(
            "Use the weather", value=profile.weather_latitude is not None, key="weather_on"
        )
        left, right = st.columns(2)
        lat = left.number_input(
            "Latitude", -MAX_LATITUDE, MAX_LATITUDE, profile.weather_latitude or 0.0, 0.1,
            format="%.1f", key="weather_lat",
        )  # fmt: skip
        lon = right.number_input(
            "Longitude", -MAX_LONGITUDE, MAX_LONGITUDE, profile.weather_longitude or 0.0, 0.1,
            format="%.1f", key="weather_lon",
        )  # fmt: skip
        low, high = HOT_APPARENT_C_LIMITS
        hot = st.number_input("Hot above (°C, feels like)", low, high, profile.hot_apparent_c,
                              0.5, format="%.1f", key="weather_hot")  # fmt: skip
        if st.form_submit_button("Save weather settings"):
            place = rounded_place(lat, lon) if on else (None, None)
            save_profile(
                engine=engine,
                profile=dataclasses.replace(
                    profile, weather_latitude=place[0], weather_longitude=place[1],
                    hot_apparent_c=float(hot),
                ),
            )  # fmt: skip
            st.rerun()
    st.caption(f"[{CREDIT}]({CREDIT_URL})")
    if profile.weather_latitude is None or profile.weather_longitude is None:
        return
    if st.button("Get the weather for blank nights", key="weather_fetch"):
        try:
            fetched = weather_for_nights(
                engine=engine, latitude=profile.weather_latitude,
                longitude=profile.weather_longitude, threshold_c=profile.hot_apparent_c,
                today=now_date(),
            )  # fmt: skip
        except ContextImportError as error:
            st.error(str(error))
            return
        st.session_state["weather_nights"] = fetched.nights
    nights = st.session_state.get("weather_nights")
    done = st.session_state.pop("weather_fill_done", None)
    if done is not None:
        st.success(f"Filled {plural(done, 'night')}. Undo it on the Data page.")
        st.session_state.pop("weather_nights", None)
    elif nights is not None:
        plan = preview_context_import(engine=engine, source=WEATHER, imported=nights)
        _show_plan(plan)
        days = sorted(nights) or [now_date()]
        label = weather_label(profile.weather_latitude, profile.weather_longitude, days[0],
                              days[-1])  # fmt: skip
        _fill_button(engine, plan, label, nights, "weather_fill")


# --- Diary: a night's imported values ------------------------------------------------------


def imported_values(engine: Engine, night: date) -> None:
    """Where each of a night's values came from, with a way to clear an imported one."""
    sources = value_sources(engine=engine, start=night, end=night).get(night, {})
    imported = {f: s for f, s in sources.items() if s in SOURCE_NAMES and s != TYPED}
    if not imported:
        return
    st.markdown("**Filled in from elsewhere**")
    context = _context_of(engine, night)
    for field, source in imported.items():
        left, right = st.columns([3, 1])
        value = getattr(context, field)
        left.text(f"{_first_upper(value_text(field, value))} — from {SOURCE_NAMES[source]}")
        if right.button("Clear", key=f"diary_clear_{night}_{field}"):
            clear_imported_value(engine=engine, night=night, field=field)
            st.rerun()
    st.caption(f"Values you typed for {day_text(night)} are yours; only these came from an import.")


def _context_of(engine: Engine, night: date) -> NightContext:
    return get_night_context(engine=engine, night=night) or NightContext()


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]
