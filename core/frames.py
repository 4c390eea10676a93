"""The diary as pandas DataFrames: the shape every analysis, chart and report reads.

`nights` has one row per night (cramp-free or not) with its context and
`episode_count`; `episodes` has one row per cramp with its night's context
repeated, so a rule about the day before can be applied row by row.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from core.diary import (
    CONTEXT_FIELDS,
    EARLIEST_NIGHT,
    NIGHT_BOUNDARY_HOUR,
    Episode,
    Night,
    NightContext,
)
from core.vocab import LIST_SEPARATOR

CONTEXT_DTYPES: dict[str, str] = {
    "water_l": "Float64",
    "exercise_min": "Int64",
    "exercise_intensity": "string",
    "hot": "boolean",
    "stretched": "boolean",
    "sitting_h": "Float64",
    "hard_floor_h": "Float64",
    "stress": "Int64",
    "new_medication": "boolean",
}

EPISODE_DTYPES: dict[str, str] = {
    "episode_id": "Int64",
    "night": "datetime64[ns]",
    "time": "string",
    "onset": "datetime64[ns]",
    "muscle": "string",
    "side": "string",
    "duration_s": "Int64",
    "pain": "Int64",
    "woke": "boolean",
    "felt": "string",
    "relief": "string",
    "relief_helped": "boolean",
    "warning_signs": "string",
    "note": "string",
    **CONTEXT_DTYPES,
}

NIGHT_DTYPES: dict[str, str] = {
    "night": "datetime64[ns]",
    **CONTEXT_DTYPES,
    "episode_count": "Int64",
}


def empty_episodes() -> pd.DataFrame:
    """An episodes frame with no rows but every column and dtype."""
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in EPISODE_DTYPES.items()})


def empty_nights() -> pd.DataFrame:
    """A nights frame with no rows but every column and dtype."""
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in NIGHT_DTYPES.items()})


def typed_episodes(frame: pd.DataFrame) -> pd.DataFrame:
    """Give a frame with the episode columns the standard dtypes and order."""
    out = frame.reindex(columns=list(EPISODE_DTYPES))
    for column in ("night", "onset"):
        out[column] = pd.to_datetime(out[column])
    return out.astype(EPISODE_DTYPES)


def typed_nights(frame: pd.DataFrame) -> pd.DataFrame:
    """Give a frame with the night columns the standard dtypes and order."""
    out = frame.reindex(columns=list(NIGHT_DTYPES))
    out["night"] = pd.to_datetime(out["night"])
    return out.astype(NIGHT_DTYPES)


CLOCK = "clock"  # for readable_frame: a stored time of day, read as a timestamp
_KIND_WORDS = {
    CLOCK: "a clock time",
    "Int64": "a whole number",
    "Float64": "a number",
    "boolean": "yes or no",
    "datetime64[ns]": f"a date from {EARLIEST_NIGHT.year} on",
}


def _boolean(value: object) -> bool | None:
    # bool is an int, so True/False and the 1/0 SQLite stores are all accepted.
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    return None


def _readable(values: pd.Series, dtype: str) -> pd.Series:
    """`values` as `dtype`, with every value that is not one turned into NA."""
    if dtype == "Int64":
        numbers = pd.to_numeric(values, errors="coerce")
        return numbers.where(numbers == numbers.round()).astype("Int64")
    if dtype == "Float64":
        return pd.to_numeric(values, errors="coerce").astype("Float64")
    if dtype == "boolean":
        return values.map(_boolean).astype("boolean")
    if dtype == CLOCK:
        return pd.to_datetime(values.astype("string"), errors="coerce", format="mixed")
    if dtype.startswith("datetime"):
        dates = pd.to_datetime(values.astype("string"), errors="coerce", format="ISO8601")
        return dates.where(dates >= pd.Timestamp(EARLIEST_NIGHT))
    return values.astype(dtype)  # type: ignore[call-overload, no-any-return]


def readable_frame(raw: pd.DataFrame, dtypes: dict[str, str]) -> tuple[pd.DataFrame, pd.Series]:
    """`raw` (as stored) with `dtypes`, tolerating any stored value: returns the rows whose
    every value is readable, typed, and for every row the problem ("" when none).

    A value that is not what its column holds (text in a number column, a decimal in a
    whole-number one, a date before EARLIEST_NIGHT or outside pandas' range) makes its
    row a problem: shown to the person to fix, never a crash of the page.
    """
    out = raw.copy()
    problems = pd.Series("", index=raw.index, dtype="string")
    for column, dtype in dtypes.items():
        if column not in raw.columns:
            continue
        converted = _readable(raw[column], dtype)
        bad = raw[column].notna() & converted.isna()
        if bad.any():
            words = _KIND_WORDS.get(dtype, "readable")
            shown = raw.loc[bad, column].map(lambda v: repr(v)[:40])
            problems[bad] = problems[bad] + f"{column} holds " + shown + f", not {words}. "
        out[column] = converted
    keep = problems == ""
    return out[keep.to_numpy()], problems.str.strip()


def _context_values(context: NightContext) -> dict[str, object]:
    return {name: getattr(context, name) for name in CONTEXT_FIELDS}


def frames_from_records(
    nights: Iterable[Night], episodes: Iterable[Episode]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Build the (nights, episodes) frames from diary values (used by tests and the generator)."""
    contexts = {n.night: n.context for n in nights}
    episode_list = list(episodes)
    for episode in episode_list:
        contexts.setdefault(episode.night, NightContext())
    counts: dict[object, int] = {}
    for episode in episode_list:
        counts[episode.night] = counts.get(episode.night, 0) + 1
    night_rows = [
        {"night": night, **_context_values(ctx), "episode_count": counts.get(night, 0)}
        for night, ctx in sorted(contexts.items())
    ]
    episode_rows = [
        {
            "episode_id": i + 1,
            "night": e.night,
            "time": e.time.strftime("%H:%M"),
            "onset": e.onset,
            "muscle": e.muscle,
            "side": e.side,
            "duration_s": e.duration_s,
            "pain": e.pain,
            "woke": e.woke,
            "felt": LIST_SEPARATOR.join(e.felt),
            "relief": LIST_SEPARATOR.join(e.relief),
            "relief_helped": e.relief_helped,
            "warning_signs": LIST_SEPARATOR.join(e.warning_signs),
            "note": e.note,
            **_context_values(contexts[e.night]),
        }
        for i, e in enumerate(episode_list)
    ]
    nights_frame = typed_nights(pd.DataFrame(night_rows)) if night_rows else empty_nights()
    episodes_frame = (
        typed_episodes(pd.DataFrame(episode_rows)) if episode_rows else empty_episodes()
    )
    return nights_frame, episodes_frame


def diary_entries(nights: pd.DataFrame, episodes: pd.DataFrame) -> pd.DataFrame:
    """One row per cramp plus one per cramp-free night, newest first (the Diary's list).

    Columns: kind ("cramp" or "cramp-free"), episode_id, night, time, onset,
    muscle, side, duration_s, pain, woke, warning_signs, note.
    """
    cramp_rows = episodes.assign(kind="cramp")[
        [
            "kind",
            "episode_id",
            "night",
            "time",
            "onset",
            "muscle",
            "side",
            "duration_s",
            "pain",
            "woke",
            "warning_signs",
            "note",
        ]
    ]
    free = nights[nights["episode_count"] == 0]
    free_rows = pd.DataFrame(
        {
            "kind": "cramp-free",
            "episode_id": pd.array([pd.NA] * len(free), dtype="Int64"),
            "night": free["night"].to_numpy(),
            # Sorts a cramp-free night as if at the night's end (noon the next day),
            # after that night's hours.
            "onset": (free["night"] + pd.Timedelta(days=1, hours=NIGHT_BOUNDARY_HOUR)).to_numpy(),
        }
    )
    frames = [f for f in (cramp_rows, free_rows) if not f.empty]
    if not frames:
        return cramp_rows.iloc[0:0]
    entries = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    entries = entries.reindex(columns=cramp_rows.columns)
    # A diary of cramp-free nights alone has no cramp columns to take dtypes from.
    entries = entries.astype(
        {"kind": "string", **{c: EPISODE_DTYPES[c] for c in cramp_rows.columns if c != "kind"}}
    )
    return entries.sort_values(["night", "onset"], ascending=False, ignore_index=True)
