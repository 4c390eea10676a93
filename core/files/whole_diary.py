"""Checking a whole diary (say, from a backup) before it replaces the stored one."""

from __future__ import annotations

from datetime import date
from typing import Required, TypedDict, Unpack

from core.diary import Episode, FieldError, Night, context_errors, episode_errors
from core.experiments.plan import ExperimentRecord, experiment_errors, tip_title
from core.interventions import Intervention, intervention_errors
from core.medicines.medicine import Medicine, list_errors
from core.profile import Profile, profile_errors


class DiaryContents(TypedDict, total=False):
    """A whole diary as the check and the restore take it: always its nights and cramps;
    the settings and the lists only when the diary holds them (absent or None: not given)."""

    nights: Required[list[Night]]
    episodes: Required[list[Episode]]
    profile: Profile | None
    interventions: list[Intervention] | None
    experiments: list[ExperimentRecord] | None
    medicines: list[Medicine] | None


def diary_problems(**diary: Unpack[DiaryContents]) -> list[FieldError]:
    """Every reason a whole diary (say, from a backup) cannot be stored; empty when it can.
    A misspelt part is a programming error, never a part quietly left out."""
    unknown = set(diary) - set(DiaryContents.__annotations__)
    if unknown:
        raise TypeError(f"not a part of a diary: {', '.join(sorted(unknown))}")
    problems = _night_problems(diary["nights"]) + _episode_problems(diary["episodes"])
    profile = diary.get("profile")
    if profile is not None:
        problems += [FieldError(e.field, f"Settings: {e.message}") for e in profile_errors(profile)]
    for item in diary.get("interventions") or []:
        problems += [
            FieldError(e.field, f"Change '{item.name[:60]}': {e.message}")
            for e in intervention_errors(item)
        ]
    for record in diary.get("experiments") or []:
        problems += [
            FieldError(
                e.field, f"Test of '{tip_title(record.experiment.tip_id)[:60]}': {e.message}"
            )
            for e in experiment_errors(record.experiment)
        ]
    problems += list_errors(diary.get("medicines") or [])
    return problems


def _night_problems(nights: list[Night]) -> list[FieldError]:
    problems: list[FieldError] = []
    seen: set[date] = set()
    for night in nights:
        if night.night in seen:
            problems.append(FieldError("night", f"The night of {night.night} appears twice."))
        seen.add(night.night)
        problems += [
            FieldError(e.field, f"Night of {night.night}: {e.message}")
            for e in context_errors(night.context)
        ]
    return problems


def _episode_problems(episodes: list[Episode]) -> list[FieldError]:
    problems: list[FieldError] = []
    seen: set[tuple[object, ...]] = set()
    for episode in episodes:
        where = f"Cramp on the night of {episode.night} at {episode.time:%H:%M}"
        if episode.key() in seen:
            problems.append(FieldError("time", f"{where} appears twice."))
        seen.add(episode.key())
        problems += [FieldError(e.field, f"{where}: {e.message}") for e in episode_errors(episode)]
        if "\x00" in episode.note:
            problems.append(FieldError("note", f"{where}: the note holds a NUL character."))
    return problems
