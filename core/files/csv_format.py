"""The diary CSV: the public file format, read and written (see README, "Diary CSV")."""

from __future__ import annotations

import csv
import dataclasses
import io
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from core.diary import (
    CONTEXT_FIELDS,
    Episode,
    Night,
    NightContext,
    context_errors,
    episode_errors,
    night_errors,
    sorted_episodes,
)
from core.files.cells import (
    decimal_parser,
    neutralise_formula,
    parse_bool,
    parse_date,
    parse_int,
    parse_list,
    parse_time,
    read_cell,
    restore_formula,
    value_text,
)
from core.files.errors import MAX_LISTED_ERRORS, DiaryImportError, RowError, listed
from core.files.text import (
    MAX_IMPORT_BYTES,
    check_header_size,
    csv_error,
    decode,
    delimiter_of,
    first_line,
)
from core.vocab import LIST_SEPARATOR

__all__ = [  # the file format's public names, wherever they are defined
    "COLUMNS",
    "MAX_IMPORT_BYTES",
    "MAX_LISTED_ERRORS",
    "DiaryImportError",
    "ParsedDiary",
    "RowError",
    "diary_rows",
    "neutralise_formula",
    "parse_diary_csv",
    "restore_formula",
    "write_diary_csv",
]

COLUMNS: tuple[str, ...] = (
    "night",
    "time",
    "muscle",
    "side",
    "duration_s",
    "pain",
    "woke",
    "felt",
    "relief",
    "relief_helped",
    "warning_signs",
    "note",
    "water_l",
    "exercise_min",
    "exercise_intensity",
    "hot",
    "stretched",
    "sitting_h",
    "hard_floor_h",
    "stress",
    "new_medication",
)
EPISODE_COLUMNS: tuple[str, ...] = COLUMNS[2:12]


@dataclass
class ParsedDiary:
    """A file that passed every check: its nights (all of them) and episodes, with their rows."""

    nights: dict[date, NightContext] = field(default_factory=dict)
    episodes: list[Episode] = field(default_factory=list)
    episode_rows: list[int] = field(default_factory=list)
    night_rows: dict[date, int] = field(default_factory=dict)

    @property
    def cramp_free_nights(self) -> list[date]:
        """Nights in the file that have no episodes."""
        with_episodes = {e.night for e in self.episodes}
        return sorted(n for n in self.nights if n not in with_episodes)


# --- writing -----------------------------------------------------------------


def _fmt_bool(value: bool | None) -> str:
    return "" if value is None else ("true" if value else "false")


def _fmt_num(value: float | int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    text = repr(float(value))  # the shortest text that reads back as the same float
    if "e" in text:
        text = format(Decimal(text), "f")  # spreadsheets and our reader want no exponent
    return text


def _context_cells(context: NightContext) -> list[str]:
    return [
        _fmt_num(context.water_l),
        _fmt_num(context.exercise_min),
        context.exercise_intensity or "",
        _fmt_bool(context.hot),
        _fmt_bool(context.stretched),
        _fmt_num(context.sitting_h),
        _fmt_num(context.hard_floor_h),
        _fmt_num(context.stress),
        _fmt_bool(context.new_medication),
    ]


def _episode_cells(episode: Episode) -> list[str]:
    return [
        episode.time.strftime("%H:%M"),
        episode.muscle,
        episode.side or "",
        _fmt_num(episode.duration_s),
        _fmt_num(episode.pain),
        _fmt_bool(episode.woke),
        LIST_SEPARATOR.join(episode.felt),
        LIST_SEPARATOR.join(episode.relief),
        _fmt_bool(episode.relief_helped),
        LIST_SEPARATOR.join(episode.warning_signs),
        neutralise_formula(episode.note),
    ]


def diary_rows(nights: Iterable[Night], episodes: Iterable[Episode]) -> Iterable[list[str]]:
    """The CSV rows of a diary, header first: nights in date order, episodes in onset order."""
    yield list(COLUMNS)
    by_night: dict[date, list[Episode]] = {}
    for episode in sorted_episodes(list(episodes)):
        by_night.setdefault(episode.night, []).append(episode)
    contexts = {n.night: n.context for n in nights}
    for night in sorted(set(contexts) | set(by_night)):
        context_cells = _context_cells(contexts.get(night, NightContext()))
        night_cell = night.isoformat()
        night_episodes = by_night.get(night)
        if not night_episodes:
            yield [night_cell, "", *[""] * len(EPISODE_COLUMNS), *context_cells]
            continue
        for episode in night_episodes:
            yield [night_cell, *_episode_cells(episode), *context_cells]


def write_diary_csv(nights: Iterable[Night], episodes: Iterable[Episode]) -> str:
    """The diary as CSV text (encode as UTF-8), with CRLF line ends as RFC 4180 has it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # RFC 4180; also quotes a lone \\r
    writer.writerows(diary_rows(nights, episodes))
    return buffer.getvalue()


# --- reading -----------------------------------------------------------------


def _header_errors(header: list[str]) -> list[RowError]:
    """Missing, unknown and repeated column names (one pass each: linear in the header)."""
    names = [h.strip() for h in header]
    present = set(names)
    missing = [c for c in COLUMNS if c not in present]
    extra = [n for n in names if n not in COLUMNS]
    repeated = sorted(n for n, count in Counter(names).items() if count > 1)
    errors = []
    if missing:
        errors.append(RowError(1, listed(missing), f"Missing column(s): {listed(missing)}."))
    if extra:
        shown = listed([repr(x[:40]) for x in extra])
        errors.append(RowError(1, listed(extra), f"Unknown column(s): {shown}."))
    if repeated:
        errors.append(RowError(1, listed(repeated), f"Repeated column(s): {listed(repeated)}."))
    if errors:
        errors.append(RowError(1, "", "The first row must be: " + ",".join(COLUMNS)))
    return errors


def parse_diary_csv(
    data: bytes,
    *,
    now: datetime | None = None,
    progress: Callable[[float], None] | None = None,
) -> ParsedDiary:
    """Read and check a whole diary CSV; raise DiaryImportError listing every problem.

    `now`, when given, refuses nights and cramps dated in the future (every
    caller that stores the result should give it). `progress` is called with
    the share of rows read so far.
    """
    text = decode(data)
    check_header_size(text)
    delimiter = delimiter_of(first_line(text))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader, [])
    except csv.Error as exc:
        raise DiaryImportError([csv_error(exc, text, delimiter, list(COLUMNS), 1, 0)]) from None
    header_errors = _header_errors(header)
    if header_errors:
        raise DiaryImportError(header_errors)
    rows = _RowReader(header, decimal_parser(decimal_comma=delimiter == ";"), now)
    total_estimate = max(text.count("\n"), 1)
    row_number = 1
    lines_read = reader.line_num
    try:
        for cells in reader:
            row_number += 1
            lines_read = reader.line_num
            if progress is not None and row_number % 2000 == 0:
                progress(min(row_number / total_estimate, 1.0))
            if len(rows.errors) >= MAX_LISTED_ERRORS:
                raise DiaryImportError(rows.errors, truncated=True)
            rows.read(cells, row_number)
    except csv.Error as exc:
        rows.errors.append(csv_error(exc, text, delimiter, header, row_number + 1, lines_read))
    if not rows.parsed.nights and not rows.errors:  # no rows, or only blank ones
        raise DiaryImportError([RowError(0, "", "The file has a header but no rows.")])
    if rows.errors:
        raise DiaryImportError(rows.errors)
    if progress is not None:
        progress(1.0)
    return rows.parsed


class _RowReader:
    """Reads the rows of one file in order, remembering what earlier rows said."""

    def __init__(
        self,
        header: list[str],
        parse_decimal: Callable[[str], float | None],
        now: datetime | None,
    ) -> None:
        self.width = len(header)
        self.position = {name.strip(): i for i, name in enumerate(header)}
        self.parse_decimal = parse_decimal
        self.now = now
        self.parsed = ParsedDiary()
        self.errors: list[RowError] = []
        self.seen: dict[tuple[date, time, str, str], tuple[int, Episode]] = {}
        self.cramp_free_rows: dict[date, int] = {}
        self.episode_nights: dict[date, int] = {}

    def read(self, cells: list[str], row_number: int) -> None:
        """Check one row and add what it holds; problems go to `errors`."""
        if not cells or all(c.strip() == "" for c in cells):
            return
        if len(cells) != self.width:
            self.errors.append(
                RowError(
                    row_number,
                    "",
                    f"The row has {len(cells):,} cells; the header has {self.width}.",
                )
            )
            return
        row = {name: cells[i].strip() for name, i in self.position.items()}
        row["note"] = cells[self.position["note"]]  # free text keeps its spaces
        if row["night"] == "":
            self.errors.append(RowError(row_number, "night", "The night date is required."))
            return
        night = read_cell(row, "night", parse_date, row_number, self.errors)
        night_problems = [] if night is None else night_errors(night, self.now)
        self.errors += [RowError(row_number, e.field, e.message) for e in night_problems]
        context = self._context(row, row_number)
        if night is None or night_problems:
            return
        if row["time"] == "":
            self._cramp_free(row, row_number, night)
        else:
            self._episode(row, row_number, night)
        if self._conflicting(night) or context is None:
            return
        self._add_context(row, row_number, night, context)

    def _context(self, row: dict[str, str], row_number: int) -> NightContext | None:
        """The row's night context, or None (with the problems added) when it is not valid."""
        errors_before = len(self.errors)

        def cell(column: str, parse: Callable[[str], object]) -> object:
            return read_cell(row, column, parse, row_number, self.errors)

        values = {
            "water_l": cell("water_l", self.parse_decimal),
            "exercise_min": cell("exercise_min", parse_int),
            "exercise_intensity": row["exercise_intensity"] or None,
            "hot": cell("hot", parse_bool),
            "stretched": cell("stretched", parse_bool),
            "sitting_h": cell("sitting_h", self.parse_decimal),
            "hard_floor_h": cell("hard_floor_h", self.parse_decimal),
            "stress": cell("stress", parse_int),
            "new_medication": cell("new_medication", parse_bool),
        }
        if len(self.errors) > errors_before:
            return None
        context = NightContext(**values)  # type: ignore[arg-type]
        problems = context_errors(context)
        self.errors += [RowError(row_number, e.field, e.message) for e in problems]
        return None if problems else context

    def _cramp_free(self, row: dict[str, str], row_number: int, night: date) -> None:
        filled = [c for c in EPISODE_COLUMNS if row[c] != ""]
        if filled:
            self.errors.append(
                RowError(
                    row_number,
                    "time",
                    "The time is empty, which marks a cramp-free night, but the row has "
                    f"cramp details ({', '.join(filled)}). Add the time or clear those cells.",
                )
            )
        elif night in self.cramp_free_rows:
            earlier = self.cramp_free_rows[night]
            self.errors.append(
                RowError(
                    row_number,
                    "night",
                    f"The cramp-free night {night} is already in row {earlier}.",
                )
            )
        else:
            self.cramp_free_rows[night] = row_number

    def _episode(self, row: dict[str, str], row_number: int, night: date) -> None:
        episode = _read_episode(row, row_number, night, self.now, self.errors)
        if episode is None:
            return
        earlier = self.seen.get(episode.key())
        if earlier is None:
            self.seen[episode.key()] = (row_number, episode)
            self.episode_nights.setdefault(night, row_number)
            self.parsed.episodes.append(episode)
            self.parsed.episode_rows.append(row_number)
            return
        earlier_row, earlier_episode = earlier
        side = f", {episode.side}" if episode.side else ""
        what = f"({night} {row['time']}, {episode.muscle}{side})"
        if earlier_episode == episode:
            message = f"This cramp {what} repeats row {earlier_row}: delete one of the two rows."
        else:
            differing = [
                f.name
                for f in dataclasses.fields(Episode)
                if getattr(episode, f.name) != getattr(earlier_episode, f.name)
            ]
            message = (
                f"This cramp {what} has the same night, time, muscle and side as row "
                f"{earlier_row} but different {', '.join(differing)}. The diary keeps one cramp "
                "per muscle and side each minute: correct the time of one row, or delete it."
            )
        self.errors.append(RowError(row_number, "time", message))

    def _conflicting(self, night: date) -> bool:
        """True (with the problem added) when the night is both cramp-free and has a cramp."""
        if night not in self.cramp_free_rows or night not in self.episode_nights:
            return False
        free_row, cramp_row = self.cramp_free_rows[night], self.episode_nights[night]
        self.errors.append(
            RowError(
                max(free_row, cramp_row),
                "time",
                f"The night {night} is marked cramp-free in row {free_row} "
                f"but has a cramp in row {cramp_row}.",
            )
        )
        return True

    def _add_context(
        self, row: dict[str, str], row_number: int, night: date, context: NightContext
    ) -> None:
        stored = self.parsed.nights.get(night)
        if stored is None:
            self.parsed.nights[night] = context
            self.parsed.night_rows[night] = row_number
            return
        first_row = self.parsed.night_rows[night]
        for column in CONTEXT_FIELDS:
            if getattr(context, column) != getattr(stored, column):
                self.errors.append(
                    RowError(
                        row_number,
                        column,
                        f"Rows of the night {night} disagree: '{row[column]}' here, but "
                        f"'{_show(getattr(stored, column))}' in row {first_row}.",
                    )
                )


def _show(value: object) -> str:
    return value_text(value, none="", yes="true", no="false")  # as the CSV writes it


def _read_episode(
    row: dict[str, str],
    row_number: int,
    night: date,
    now: datetime | None,
    errors: list[RowError],
) -> Episode | None:
    errors_before = len(errors)
    clock = read_cell(row, "time", parse_time, row_number, errors)
    if row["muscle"] == "":
        errors.append(RowError(row_number, "muscle", "A cramp needs the muscle."))
    duration = read_cell(row, "duration_s", parse_int, row_number, errors)
    pain = read_cell(row, "pain", parse_int, row_number, errors)
    woke = read_cell(row, "woke", parse_bool, row_number, errors)
    helped = read_cell(row, "relief_helped", parse_bool, row_number, errors)
    if len(errors) > errors_before or clock is None:
        return None
    episode = Episode(
        night=night,
        time=clock,
        muscle=row["muscle"],
        side=row["side"] or None,
        duration_s=duration,
        pain=pain,
        woke=woke,
        felt=parse_list(row["felt"]),
        relief=parse_list(row["relief"]),
        relief_helped=helped,
        warning_signs=parse_list(row["warning_signs"]),
        note=restore_formula(row["note"]),
    )
    problems = episode_errors(episode, now)
    if problems:
        errors.extend(RowError(row_number, e.field, e.message) for e in problems)
        return None
    return episode
