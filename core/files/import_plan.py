"""Planning an import: a checked file and what the diary holds -> what to add and fill in.

The rules of a merge live here, apart from the database: a cramp already
stored identically is skipped (so importing a file twice adds nothing); a
stored value is never overwritten, so context the file gives for an empty field
fills it, and any disagreement refuses the whole file with its row and column.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from core.diary import Episode, NightContext
from core.files.cells import value_text
from core.files.csv_format import DiaryImportError, ParsedDiary, RowError

EpisodeKey = tuple[object, ...]


@dataclass(frozen=True)
class ImportSummary:
    """What an import did (or, for a preview, would do)."""

    nights_added: int
    nights_updated: int
    episodes_added: int
    episodes_already_there: int
    cramp_free_nights_added: int

    @property
    def changes_anything(self) -> bool:
        """False when every row of the file is already in the diary."""
        return bool(self.nights_added or self.nights_updated or self.episodes_added)


@dataclass(frozen=True)
class ImportPlan:
    """What importing a file changes: nights to add, nights to fill in, cramps to add.

    Nights and cramps keep the file's order, so an exported diary imports back
    into the same order.
    """

    new_nights: dict[date, NightContext]
    filled_nights: dict[date, NightContext]
    new_episodes: tuple[Episode, ...]
    summary: ImportSummary


def plan_import(
    parsed: ParsedDiary,
    stored_nights: Mapping[date, NightContext],
    stored_episodes: Iterable[Episode],
) -> ImportPlan:
    """Plan merging `parsed` into a diary holding `stored_nights` and `stored_episodes`.

    Only the stored nights the file mentions, and their cramps, are needed.
    Raises DiaryImportError listing every row that disagrees with the diary.
    """
    stored_by_key: dict[EpisodeKey, Episode] = {e.key(): e for e in stored_episodes}
    new_nights, filled_nights, errors = _plan_nights(parsed, stored_nights)
    errors += _cramp_free_conflicts(parsed, {e.night for e in stored_by_key.values()})
    new_episodes, already_there, episode_errors = _plan_episodes(parsed, stored_by_key)
    errors += episode_errors
    if errors:
        raise DiaryImportError(errors)
    cramp_free = set(parsed.cramp_free_nights)
    return ImportPlan(
        new_nights=new_nights,
        filled_nights=filled_nights,
        new_episodes=tuple(new_episodes),
        summary=ImportSummary(
            nights_added=len(new_nights),
            nights_updated=len(filled_nights),
            episodes_added=len(new_episodes),
            episodes_already_there=already_there,
            cramp_free_nights_added=sum(1 for night in new_nights if night in cramp_free),
        ),
    )


def _plan_nights(
    parsed: ParsedDiary, stored_nights: Mapping[date, NightContext]
) -> tuple[dict[date, NightContext], dict[date, NightContext], list[RowError]]:
    """Nights to add, stored nights whose empty fields the file fills, and disagreements."""
    new: dict[date, NightContext] = {}
    filled: dict[date, NightContext] = {}
    errors: list[RowError] = []
    for night, context in parsed.nights.items():
        stored = stored_nights.get(night)
        if stored is None:
            new[night] = context
            continue
        errors += [
            RowError(
                parsed.night_rows[night],
                name,
                f"Your diary already has {_show(getattr(stored, name))} for the "
                f"night of {night}; the file says {_show(getattr(context, name))}. "
                "Correct one of them so they agree.",
            )
            for name in context.conflicts_with(stored)
        ]
        merged = context.merged_over(stored)
        if merged != stored:
            filled[night] = merged
    return new, filled, errors


def _cramp_free_conflicts(parsed: ParsedDiary, nights_with_cramps: set[date]) -> list[RowError]:
    """A night the file calls cramp-free while the diary holds cramps for it."""
    return [
        RowError(
            parsed.night_rows[night],
            "time",
            f"The file says the night of {night} was cramp-free, but your diary has "
            "cramps logged for it.",
        )
        for night in sorted(set(parsed.cramp_free_nights) & nights_with_cramps)
    ]


def _plan_episodes(
    parsed: ParsedDiary, stored: Mapping[EpisodeKey, Episode]
) -> tuple[list[Episode], int, list[RowError]]:
    """Cramps to add, how many are stored already, and cramps stored with other details."""
    new: list[Episode] = []
    already_there = 0
    errors: list[RowError] = []
    for episode, row_number in zip(parsed.episodes, parsed.episode_rows, strict=True):
        if "\x00" in episode.note:  # the parser refuses these; a hand-made ParsedDiary may not
            errors.append(RowError(row_number, "note", "The note holds a NUL character."))
            continue
        stored_episode = stored.get(episode.key())
        if stored_episode is None:
            new.append(episode)
        elif stored_episode == episode:
            already_there += 1
        else:
            errors.append(_different_details(row_number, episode, stored_episode))
    return new, already_there, errors


def _different_details(row_number: int, episode: Episode, stored: Episode) -> RowError:
    differing = [
        f.name
        for f in dataclasses.fields(Episode)
        if getattr(episode, f.name) != getattr(stored, f.name)
    ]
    return RowError(
        row_number,
        differing[0],
        "This cramp is already in your diary with different details "
        f"({', '.join(differing)}). Edit it in the Diary, or fix the file.",
    )


def _show(value: object) -> str:
    return value_text(value, none="nothing", yes="yes", no="no")
