"""Replacing the whole diary at once (restoring a backup)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Unpack

from sqlalchemy import Engine, delete

from core.context.values import ValueSource
from core.diary import DiaryInputError, NightContext
from core.files.whole_diary import DiaryContents, diary_problems
from db.models import ContextImportRow, ContextSourceRow, EpisodeRow, NightRow
from db.repository.bulk import insert_episodes, insert_nights
from db.repository.context import store_value_sources
from db.repository.experiments import replace_experiments
from db.repository.interventions import replace_interventions
from db.repository.medicines import replace_medicines
from db.repository.profile import store_profile
from db.repository.sessions import writing


def replace_diary(
    *, engine: Engine, sources: list[ValueSource] | None = None, **diary: Unpack[DiaryContents]
) -> None:
    """Replace every night and cramp (and the profile, interventions, experiments and
    medicines, when given), at once. Imported values keep the `sources` given (none: all
    read as typed); past imports can no longer be undone as a step.

    One transaction: afterwards the diary holds exactly what was given, or, on
    any problem, exactly what it held before.
    """
    problems = diary_problems(**diary)
    if problems:
        raise DiaryInputError(problems)
    contexts = {n.night: n.context for n in diary["nights"]}
    for episode in diary["episodes"]:
        contexts.setdefault(episode.night, NightContext())
    now = datetime.now(UTC)
    with writing(engine) as session:
        session.execute(delete(EpisodeRow))
        session.execute(delete(ContextSourceRow))
        session.execute(delete(ContextImportRow))
        session.execute(delete(NightRow))
        night_ids = insert_nights(session, dict(sorted(contexts.items())), now)
        insert_episodes(session, diary["episodes"], night_ids, now)
        if sources:
            store_value_sources(session, _held(sources, contexts), night_ids)
        if (profile := diary.get("profile")) is not None:
            store_profile(session, profile)
        if (interventions := diary.get("interventions")) is not None:
            replace_interventions(session, interventions)
        if (experiments := diary.get("experiments")) is not None:
            replace_experiments(session, experiments)
        if (medicines := diary.get("medicines")) is not None:
            replace_medicines(session, medicines)


def _held(sources: list[ValueSource], contexts: dict[date, NightContext]) -> list[ValueSource]:
    """The sources of values the restored nights hold (a blank has no source)."""
    return [
        s
        for s in sources
        if s.night in contexts and getattr(contexts[s.night], s.field, None) is not None
    ]
