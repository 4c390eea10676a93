"""Data: export and import diary CSV files (checked whole before anything is saved); fill
blanks from a phone export (ui.context_panels); back up the whole diary and restore it from
a backup (with a safety copy first, and an undo); fix or delete stored entries the other
pages cannot use.

Each section is one flat function, run through `_section`, so an error in one (whatever a
file or a stored row holds) is shown in words and the rest of the page still works.
"""

import hashlib
import io
from collections.abc import Callable
from datetime import date, datetime
from typing import TypeVar

import pandas as pd
import streamlit as st
from sqlalchemy import Engine
from streamlit.delta_generator import DeltaGenerator

from core.diary import DiaryInputError
from core.files.csv_format import (
    MAX_IMPORT_BYTES,
    DiaryImportError,
    ParsedDiary,
    parse_diary_csv,
)
from core.files.summaries import describe_import
from core.wording import plural
from dashboard.ui.context_panels import phone_export_section
from dashboard.ui.resources import diary_frames, get_engine, offer_file, show_input_error
from dashboard.ui.widgets import night_range
from db.backup import (
    BackupError,
    DiaryBackup,
    backup_csv,
    backup_sqlite,
    is_sqlite,
    read_backup,
    restore_backup,
    undo_last_restore,
)
from db.export import export_csv
from db.repair import (
    StoredProblem,
    delete_stored_cramp,
    delete_stored_night,
    move_stored_night,
    stored_problems,
)
from db.repository import diary_span, import_diary, list_records
from db.safety_copies import SafetyCopy, list_safety_copies

MAX_SHOWN_PROBLEMS = 20
T = TypeVar("T")


def _now() -> datetime:
    return datetime.now().replace(second=59)


def _section(render: Callable[[Engine], None], engine: Engine) -> None:
    """Run one section; an unexpected error is shown in words and the page goes on."""
    try:
        render(engine)
    except Exception as error:  # the page must outlive any file or stored row
        st.error(
            "Something went wrong in this section, and nothing was changed by it. Choose "
            f"another file, or reload the page. (Details: {type(error).__name__})"
        )


def _checked_once(
    key: str, data: bytes, check: Callable[[bytes], T], forget: tuple[str, ...]
) -> tuple[T, str]:
    """`check(data)`, run once per file (reruns reuse it), and the file's digest. A new file
    also forgets the `forget` keys (what was done with the previous one)."""
    digest = hashlib.sha256(data).hexdigest()
    if st.session_state.get(f"{key}_digest") != digest:
        for stale in forget:
            st.session_state.pop(stale, None)
        st.session_state[key] = check(data)
        st.session_state[f"{key}_digest"] = digest  # set last: only once the result is stored
    return st.session_state[key], digest


def _show_errors(error: DiaryImportError) -> None:
    count = len(error.errors)
    more = " (showing the first ones; fix these and try again)" if error.truncated else ""
    st.error(f"Nothing was imported: the file has {plural(count, 'problem')}{more}.")
    st.dataframe(
        pd.DataFrame(
            {
                "Row": [e.row or "—" for e in error.errors],
                "Column": [e.column or "—" for e in error.errors],
                "Problem": [e.message for e in error.errors],
            }
        ).astype({"Row": "string"}),
        hide_index=True,
    )


# --- stored entries the pages leave out ---------------------------------------------------


def _problems(engine: Engine) -> None:
    problems = stored_problems(engine=engine, now=_now())
    if not problems:
        return
    st.warning(
        f"{plural(len(problems), 'entry')} in your diary cannot be used (a wrong "
        "date or value, perhaps from an older version or another program). The other pages "
        "leave them out until you fix or delete them here."
    )
    for problem in problems[:MAX_SHOWN_PROBLEMS]:
        _problem_row(engine, problem)


def _problem_row(engine: Engine, problem: StoredProblem) -> None:
    key = f"data_problem_{problem.night_id}_{problem.episode_id}"
    box = st.container(border=True)
    what = "The night" if problem.episode_id is None else "A cramp on the night"
    box.text(f"{what} stored as {problem.night}: {problem.message}")  # text from the database
    left, right = box.columns(2)
    if problem.episode_id is None:
        new_date = left.date_input("Correct date", value=None, key=f"{key}_date")
        if left.button("Move the night", key=f"{key}_move", disabled=new_date is None):
            assert isinstance(new_date, date)
            try:
                move_stored_night(
                    engine=engine, night_id=problem.night_id, night=new_date, now=_now()
                )
            except DiaryInputError as error:
                show_input_error(error)
            else:
                st.rerun()
        if right.button("Delete this night and its cramps", key=f"{key}_delete"):
            delete_stored_night(engine=engine, night_id=problem.night_id)
            st.rerun()
    elif right.button("Delete this cramp", key=f"{key}_delete"):
        delete_stored_cramp(engine=engine, episode_id=problem.episode_id)
        st.rerun()


# --- export ------------------------------------------------------------------------------


def _export(engine: Engine) -> None:
    st.header("Export", divider="gray")
    span = diary_span(engine=engine)
    if span is None:
        st.info("Nothing to export yet: your diary is empty.")
        return
    start, end = night_range("data_export_range", *span)
    nights, episodes = diary_frames(start, end)
    offer_file(
        st,
        f"Download {plural(len(episodes), 'cramp')} and {plural(len(nights), 'night')} (CSV)",
        # Built when clicked, not on every rerun of the page.
        lambda: export_csv(engine=engine, start=start, end=end),
        f"cramp-diary_{start}_{end}.csv",
        key="data_export",
    )
    st.caption(
        "One row per cramp plus one per cramp-free night; the columns are described in the "
        "README. Notes that start with = + - or @ get a leading ' so spreadsheets don't run them."
    )


# --- import ------------------------------------------------------------------------------


def _advance(bar: DeltaGenerator, share: float, text: str) -> None:
    bar.progress(share, text=text)


def _parse(data: bytes) -> ParsedDiary | DiaryImportError:
    bar = st.progress(0.0, text="Checking the file…")
    try:
        return parse_diary_csv(
            data,
            now=_now(),
            progress=lambda share: _advance(bar, share, "Checking the file…"),
        )
    except DiaryImportError as error:
        return error
    finally:
        bar.empty()


def _import(engine: Engine) -> None:
    st.header("Import", divider="gray")
    st.caption(
        "Bring in a diary CSV (for example one exported here). The whole file is checked "
        "first; if any row has a problem, nothing is imported. Rows already in your diary "
        "are skipped."
    )
    upload = st.file_uploader(
        "Diary CSV file",
        type=["csv", "txt"],
        key="data_upload",
        max_upload_size=MAX_IMPORT_BYTES // (1024 * 1024),
    )
    if upload is None:
        return
    data = upload.getvalue()
    parsed, digest = _checked_once("data_parsed", data, _parse, forget=("data_imported",))
    if isinstance(parsed, DiaryImportError):
        _show_errors(parsed)
    elif st.session_state.get("data_imported") == digest:
        st.success("This file has been imported. Choose another file to import more.")
    else:
        _import_preview(engine, parsed, data, digest)


def _import_preview(engine: Engine, parsed: ParsedDiary, data: bytes, digest: str) -> None:
    try:
        preview = import_diary(engine=engine, parsed=parsed, dry_run=True)
    except DiaryImportError as error:
        _show_errors(error)
        return
    free = len(parsed.cramp_free_nights)
    st.markdown(
        f"The file holds **{plural(len(parsed.episodes), 'cramp')}** on "
        f"**{plural(len(parsed.nights) - free, 'night')}** and "
        f"**{plural(free, 'cramp-free night')}**."
    )
    first_rows = pd.read_csv(
        io.BytesIO(data), nrows=20, dtype=str, keep_default_na=False, sep=None, engine="python"
    )
    st.dataframe(first_rows, hide_index=True)
    st.caption("The first rows of the file.")
    if not preview.changes_anything:
        st.info("Everything in this file is already in your diary; there is nothing to import.")
        return
    st.markdown(f"Importing adds: {describe_import(preview)}.")
    if not st.button("Import", type="primary", icon=":material/upload:", key="data_import"):
        return
    bar = st.progress(0.0, text="Importing…")
    try:
        done = import_diary(
            engine=engine,
            parsed=parsed,
            progress=lambda share: _advance(bar, share, "Importing…"),
        )
    except DiaryImportError as error:
        _show_errors(error)
        return
    finally:
        bar.empty()
    st.session_state["data_imported"] = digest
    st.toast("Import finished.", icon="✅")
    st.success(f"Imported: {describe_import(done)}.")


# --- backup and restore ------------------------------------------------------------------


def _backup(engine: Engine) -> None:
    st.header("Backup and restore", divider="gray")
    st.caption(
        "A full backup is the whole diary as CSV (for any spreadsheet) and"
        + (
            " a copy of the database file, which also keeps your settings and the changes you "
            "tried. Keep both somewhere safe, away from this computer."
            if is_sqlite(engine)
            else " a copy of the database, made with your database server's own tools "
            "(for PostgreSQL: pg_dump)."
        )
    )
    today = date.today()
    left, right = st.columns(2)
    offer_file(
        left,
        "Whole diary (CSV)",
        lambda: backup_csv(engine),
        f"cramp-diary-backup_{today}.csv",
        key="data_backup_csv",
    )
    if is_sqlite(engine):
        offer_file(
            right,
            "Database file (SQLite)",
            lambda: backup_sqlite(engine),
            f"cramp-diary-backup_{today}.sqlite",
            key="data_backup_sqlite",
        )


def _read(data: bytes) -> DiaryBackup | DiaryImportError | BackupError:
    try:
        return read_backup(data, now=_now())
    except (BackupError, DiaryImportError) as refused:
        return refused
    except Exception:  # any file at all gets an answer, never a traceback
        return BackupError("This file cannot be read as a Cramp Diary backup.")


def _restore(engine: Engine) -> None:
    st.subheader("Restore from a backup")
    st.caption(
        "Restoring **replaces** your diary with the backup; it asks first, and saves a "
        "safety copy of your diary before it starts, so you can undo it. A database file "
        "brings back everything; a CSV backup brings back nights and cramps and keeps your "
        "settings and changes. A file that is not a valid diary is refused and nothing changes."
    )
    upload = st.file_uploader(
        "Backup file (.sqlite or .csv)",
        type=["sqlite", "sqlite3", "db", "csv"],
        key="data_restore_upload",
        max_upload_size=MAX_IMPORT_BYTES // (1024 * 1024),
    )
    if upload is None:
        return
    backup, digest = _checked_once(
        "data_restore_backup",
        upload.getvalue(),
        _read,
        forget=("data_restore_done", "data_restore_confirm"),  # each file confirmed afresh
    )
    if isinstance(backup, DiaryImportError):
        st.error("This file cannot be restored: it is not a valid diary CSV.")
        _show_errors(backup)
    elif isinstance(backup, BackupError):
        st.error(f"This file cannot be restored. {backup.message}")
        if backup.details:  # text from the file: shown in a grid, never as markdown
            st.dataframe(pd.DataFrame({"Problem": backup.details}), hide_index=True)
    elif st.session_state.get("data_restore_done") == digest:
        st.success(st.session_state["data_restore_message"])
    else:
        _confirm_restore(engine, backup, digest)


def _confirm_restore(engine: Engine, backup: DiaryBackup, digest: str) -> None:
    stored_nights, stored_episodes = list_records(engine=engine)
    everything = backup.profile is not None
    changes = plural(len(backup.interventions or []), "change")
    st.markdown(
        f"The backup holds **{plural(len(backup.episodes), 'cramp')}** on "
        f"**{plural(len(backup.nights), 'night')}**"
        + (f" and **{changes}**" if everything else "")
        + f". Your diary now holds {plural(len(stored_episodes), 'cramp')} on "
        f"{plural(len(stored_nights), 'night')}."
    )
    replaced = (
        "every night, cramp, setting and change"
        if everything
        else "every night and cramp (settings and changes stay)"
    )
    confirmed = st.checkbox(
        f"Replace {replaced} in my diary with this backup", key="data_restore_confirm"
    )
    if not st.button(
        "Restore",
        type="primary",
        icon=":material/restore:",
        disabled=not confirmed,
        key="data_restore",
    ):
        return
    try:
        restore_backup(engine=engine, backup=backup)
    except DiaryInputError as error:
        st.error("Nothing was restored: the backup holds entries the diary cannot accept.")
        st.dataframe(pd.DataFrame({"Problem": [e.message for e in error.errors]}), hide_index=True)
        return
    st.session_state["data_restore_done"] = digest
    st.session_state["data_restore_message"] = (
        f"Restored: your diary now holds {plural(len(backup.episodes), 'cramp')} "
        f"on {plural(len(backup.nights), 'night')}."
    )
    st.toast("Backup restored.", icon="✅")
    st.rerun()  # so the whole page, the export above included, shows the new diary


def _safety_copies(engine: Engine) -> None:
    copies = list_safety_copies(engine=engine)
    if not copies:
        return
    st.subheader("Undo a restore")
    readable = [c for c in copies if c.readable]
    passed = copies[: copies.index(readable[0])] if readable else copies
    offer = f"Undo puts back {readable[0].described()}" if readable else "None can be read"
    st.caption(
        f"Before each restore your diary was saved as a safety copy; the newest {len(copies)} "
        f"are kept in {copies[0].path.parent}. {offer}, after saving your diary as it is now."
    )
    if passed:
        st.warning(
            f"{plural(len(passed), 'newer safety copy')} cannot be read "
            f"(made {', '.join(c.made_label for c in passed)}), so undo skips "
            f"{'it' if len(passed) == 1 else 'them'}."
        )
    _undo_button(engine, can_undo=bool(readable))
    _copies_table(copies)


def _undo_button(engine: Engine, *, can_undo: bool) -> None:
    if st.button(
        "Undo the last restore",
        icon=":material/undo:",
        key="data_restore_undo",
        disabled=not can_undo,
    ):
        try:
            undone = undo_last_restore(engine=engine)
        except DiaryInputError as error:
            st.error(f"The restore cannot be undone: {error}")
        else:
            st.session_state.pop("data_restore_backup_digest", None)
            st.session_state["data_undo_message"] = undone.message()
            st.rerun()
    if "data_undo_message" in st.session_state:
        st.success(st.session_state.pop("data_undo_message"))


def _copies_table(copies: list[SafetyCopy]) -> None:
    with st.expander(f"Safety copies ({len(copies)})"):
        st.dataframe(
            pd.DataFrame(
                {
                    "Made": [c.made_at.astimezone().strftime("%Y-%m-%d %H:%M") for c in copies],
                    "Nights": [c.nights for c in copies],
                    "Cramps": [c.cramps for c in copies],
                    "File": [c.path.name for c in copies],
                }
            ),
            hide_index=True,
        )


st.title("Data")
_engine = get_engine()
for _render in (
    _problems,
    _export,
    _import,
    phone_export_section,
    _backup,
    _restore,
    _safety_copies,
):
    _section(_render, _engine)
