"""Data: export and import diary CSV files (checked whole before anything is saved); back up
the whole diary and restore it from a backup."""

import hashlib
import io
from datetime import date, datetime

import pandas as pd
import streamlit as st

from core.csv_format import (
    MAX_IMPORT_BYTES,
    DiaryImportError,
    ParsedDiary,
    parse_diary_csv,
    write_diary_csv,
)
from core.diary import DiaryInputError
from core.wording import plural
from dashboard.resources import diary_frames, get_engine
from dashboard.widgets import night_range
from db.backup import (
    BackupError,
    DiaryBackup,
    backup_csv,
    backup_sqlite,
    is_sqlite,
    read_backup,
    restore_backup,
)
from db.repository import ImportSummary, diary_span, import_diary, list_records

engine = get_engine()
st.title("Data")

st.header("Export", divider="gray")
span = diary_span(engine=engine)
if span is None:
    st.info("Nothing to export yet: your diary is empty.")
else:
    first, last = span
    start, end = night_range("data_export_range", first, last)
    nights, episodes = diary_frames(start, end)
    st.download_button(
        f"Download {plural(len(episodes), 'cramp')} and {plural(len(nights), 'night')} (CSV)",
        # Built when clicked, not on every rerun of the page.
        data=lambda: write_diary_csv(*list_records(engine=engine, start=start, end=end)).encode(
            "utf-8"
        ),
        file_name=f"cramp-diary_{start}_{end}.csv",
        mime="text/csv",
        icon=":material/download:",
        key="data_export",
    )
    st.caption(
        "One row per cramp plus one per cramp-free night; the columns are described in the "
        "README. Notes that start with = + - or @ get a leading ' so spreadsheets don't run them."
    )

st.header("Import", divider="gray")
st.caption(
    "Bring in a diary CSV (for example one exported here). The whole file is checked first; "
    "if any row has a problem, nothing is imported. Rows already in your diary are skipped."
)
upload = st.file_uploader(
    "Diary CSV file",
    type=["csv", "txt"],
    key="data_upload",
    max_upload_size=MAX_IMPORT_BYTES // (1024 * 1024),
)


def _parse(data: bytes) -> ParsedDiary | DiaryImportError:
    bar = st.progress(0.0, text="Checking the file…")
    try:
        parsed = parse_diary_csv(
            data,
            now=datetime.now().replace(second=59),
            progress=lambda share: bar.progress(share, text="Checking the file…"),
        )
    except DiaryImportError as error:
        return error
    finally:
        bar.empty()
    return parsed


def _show_errors(error: DiaryImportError) -> None:
    count = len(error.errors)
    more = " (showing the first ones; fix these and try again)" if error.truncated else ""
    st.error(
        f"Nothing was imported: the file has {count} problem{'s' if count != 1 else ''}{more}."
    )
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


if upload is not None:
    data = upload.getvalue()
    digest = hashlib.sha256(data).hexdigest()
    if st.session_state.get("data_parsed_digest") != digest:
        st.session_state["data_parsed_digest"] = digest
        st.session_state["data_parsed"] = _parse(data)
        st.session_state.pop("data_imported", None)
    parsed = st.session_state["data_parsed"]
    if isinstance(parsed, DiaryImportError):
        _show_errors(parsed)
    elif st.session_state.get("data_imported") == digest:
        st.success("This file has been imported. Choose another file to import more.")
    else:
        try:
            preview = import_diary(engine=engine, parsed=parsed, dry_run=True)
        except DiaryImportError as error:
            _show_errors(error)
        else:
            free = len(parsed.cramp_free_nights)
            st.markdown(
                f"The file holds **{plural(len(parsed.episodes), 'cramp')}** on "
                f"**{plural(len(parsed.nights) - free, 'night')}** and "
                f"**{plural(free, 'cramp-free night')}**."
            )
            st.dataframe(
                pd.read_csv(
                    io.BytesIO(data),
                    nrows=20,
                    dtype=str,
                    keep_default_na=False,
                    sep=None,
                    engine="python",
                ),
                hide_index=True,
            )
            st.caption("The first rows of the file.")

            def _describe(summary: ImportSummary) -> str:
                parts = [
                    f"{plural(summary.episodes_added, 'new cramp')}",
                    f"{plural(summary.nights_added, 'new night')} "
                    f"({summary.cramp_free_nights_added:,} of them cramp-free)",
                ]
                if summary.nights_updated:
                    parts.append(
                        f"{plural(summary.nights_updated, 'night')} get missing details filled in"
                    )
                if summary.episodes_already_there:
                    parts.append(
                        f"{plural(summary.episodes_already_there, 'cramp')} already in your "
                        "diary skipped"
                    )
                return "; ".join(parts)

            if not preview.changes_anything:
                st.info(
                    "Everything in this file is already in your diary; there is nothing to import."
                )
            else:
                st.markdown(f"Importing adds: {_describe(preview)}.")
                if st.button("Import", type="primary", icon=":material/upload:", key="data_import"):
                    bar = st.progress(0.0, text="Importing…")
                    try:
                        done = import_diary(
                            engine=engine,
                            parsed=parsed,
                            progress=lambda share: bar.progress(share, text="Importing…"),
                        )
                    except DiaryImportError as error:
                        bar.empty()
                        _show_errors(error)
                    else:
                        bar.empty()
                        st.session_state["data_imported"] = digest
                        st.toast("Import finished.", icon="✅")
                        st.success(f"Imported: {_describe(done)}.")

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
left.download_button(
    "Whole diary (CSV)",
    data=lambda: backup_csv(engine),
    file_name=f"cramp-diary-backup_{today}.csv",
    mime="text/csv",
    icon=":material/download:",
    on_click="ignore",
    key="data_backup_csv",
)
if is_sqlite(engine):
    right.download_button(
        "Database file (SQLite)",
        data=lambda: backup_sqlite(engine),
        file_name=f"cramp-diary-backup_{today}.sqlite",
        mime="application/vnd.sqlite3",
        icon=":material/database:",
        on_click="ignore",
        key="data_backup_sqlite",
    )

st.subheader("Restore from a backup")
st.caption(
    "Restoring **replaces** your diary with the backup; it asks first. A database file "
    "brings back everything; a CSV backup brings back nights and cramps and keeps your "
    "settings and changes. A file that is not a valid diary is refused and nothing changes."
)
restore_upload = st.file_uploader(
    "Backup file (.sqlite or .csv)",
    type=["sqlite", "sqlite3", "db", "csv"],
    key="data_restore_upload",
    max_upload_size=MAX_IMPORT_BYTES // (1024 * 1024),
)
if restore_upload is not None:
    restore_data = restore_upload.getvalue()
    restore_digest = hashlib.sha256(restore_data).hexdigest()
    if st.session_state.get("data_restore_digest") != restore_digest:
        st.session_state["data_restore_digest"] = restore_digest
        st.session_state.pop("data_restore_done", None)
        st.session_state.pop("data_restore_confirm", None)  # each file is confirmed afresh
        try:
            st.session_state["data_restore_backup"] = read_backup(restore_data)
        except (BackupError, DiaryImportError) as refused:
            st.session_state["data_restore_backup"] = refused
    backup = st.session_state["data_restore_backup"]
    if isinstance(backup, DiaryImportError):
        st.error("This file cannot be restored: it is not a valid diary CSV.")
        _show_errors(backup)
    elif isinstance(backup, BackupError):
        st.error(f"This file cannot be restored. {backup.message}")
        if backup.details:  # text from the file: shown in a grid, never as markdown
            st.dataframe(pd.DataFrame({"Problem": backup.details}), hide_index=True)
    elif st.session_state.get("data_restore_done") == restore_digest:
        st.success(st.session_state["data_restore_message"])
    else:
        assert isinstance(backup, DiaryBackup)
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
        if st.button(
            "Restore",
            type="primary",
            icon=":material/restore:",
            disabled=not confirmed,
            key="data_restore",
        ):
            try:
                restore_backup(engine=engine, backup=backup)
            except DiaryInputError as error:
                st.error("Nothing was restored: the backup holds entries the diary cannot accept.")
                st.dataframe(
                    pd.DataFrame({"Problem": [e.message for e in error.errors]}), hide_index=True
                )
            else:
                st.session_state["data_restore_done"] = restore_digest
                st.session_state["data_restore_message"] = (
                    f"Restored: your diary now holds {plural(len(backup.episodes), 'cramp')} "
                    f"on {plural(len(backup.nights), 'night')}."
                )
                st.toast("Backup restored.", icon="✅")
                st.rerun()  # so the whole page, the export above included, shows the new diary
