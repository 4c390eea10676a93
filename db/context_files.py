"""Opening a phone export: which kind it is (from its content), and reading it as a stream.

Apple Health: export.zip holding apple_health_export/export.xml, or that XML
on its own; read in chunks straight out of the zip. Health Connect: a zip
holding health_connect_export.db, or that database on its own; SQLite reads
it from memory (sqlite3's deserialize), so nothing is written to disk.
"""

from __future__ import annotations

import sqlite3
import zipfile
import zlib
from contextlib import closing
from datetime import datetime
from typing import IO, Final

from core.context.apple_health import read_apple_health
from core.context.health_connect import (
    APP_QUERY,
    DATABASE_NAME,
    EXERCISE_QUERY,
    EXERCISE_TABLE,
    HYDRATION_QUERY,
    HYDRATION_TABLE,
    check_schema,
    read_health_connect,
)
from core.context.values import (
    APPLE_HEALTH,
    HEALTH_CONNECT,
    Collected,
    ContextImport,
    ContextImportError,
    nightly_context,
)

APPLE_MEMBER: Final = "export.xml"
SQLITE_HEADER: Final = b"SQLite format 3\x00"
ZIP_HEADER: Final = b"PK\x03\x04"
MAX_DATABASE_BYTES: Final = 2 * 1024**3
NEITHER: Final = (
    "This file is neither an Apple Health export (export.zip or export.xml) nor a Health "
    "Connect export (a zip holding health_connect_export.db, or that file). Nothing was "
    "imported."
)


def read_phone_export(
    stream: IO[bytes], *, now: datetime, preferred: str | None = None
) -> ContextImport:
    """Read an Apple Health or Health Connect export (told apart by content) from a seekable
    binary stream; raises ContextImportError with the reason when it cannot be used."""
    head = stream.read(8)
    stream.seek(0)
    if not head:
        raise ContextImportError("The file is empty (0 bytes): there is nothing to import.")
    if head.startswith(ZIP_HEADER):
        kind, collected = _read_zip(stream)
    elif head.startswith(SQLITE_HEADER[:8]):
        kind, collected = HEALTH_CONNECT, _read_database(stream.read())
    elif head.lstrip().startswith(b"<"):
        kind, collected = APPLE_HEALTH, read_apple_health(stream)
    else:
        raise ContextImportError(NEITHER)
    nights = nightly_context(collected, now=now, preferred=preferred)
    return ContextImport(kind, nights, tuple(collected.sources()), collected.records, collected)


def _read_zip(stream: IO[bytes]) -> tuple[str, Collected]:
    try:
        with zipfile.ZipFile(stream) as archive:
            names = archive.namelist()
            xml = [n for n in names if n.rsplit("/", 1)[-1] == APPLE_MEMBER]
            database = [n for n in names if n.rsplit("/", 1)[-1] == DATABASE_NAME]
            if xml:
                with archive.open(min(xml, key=len)) as member:
                    return APPLE_HEALTH, read_apple_health(member)
            if database:
                info = archive.getinfo(database[0])
                if info.file_size > MAX_DATABASE_BYTES:
                    raise ContextImportError("The Health Connect database is over 2 GB.")
                return HEALTH_CONNECT, _read_database(archive.read(database[0]))
    except (zipfile.BadZipFile, EOFError, zipfile.LargeZipFile):
        raise ContextImportError(
            "The zip file is damaged or cut short (it may not have finished copying). "
            "Copy or export it again; nothing was imported."
        ) from None
    except (OSError, ValueError, zlib.error) as error:  # a corrupt compressed stream
        if isinstance(error, ContextImportError):
            raise
        raise ContextImportError(
            "The zip file is damaged (part of it cannot be unpacked). Copy or export it "
            "again; nothing was imported."
        ) from None
    raise ContextImportError(NEITHER)


def _read_database(data: bytes) -> Collected:
    if not data.startswith(SQLITE_HEADER):
        raise ContextImportError(f"The file named {DATABASE_NAME} is not a SQLite database.")
    try:
        with closing(sqlite3.connect(":memory:")) as database:
            database.deserialize(data)
            database.execute("PRAGMA query_only = ON")
            columns = {
                table: {row[1] for row in database.execute(f'PRAGMA table_info("{table}")')}
                for (table,) in database.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                )
            }
            check_schema(columns)
            apps = dict(database.execute(APP_QUERY).fetchall())
            hydration = (
                database.execute(HYDRATION_QUERY).fetchall() if HYDRATION_TABLE in columns else []
            )
            exercise = (
                database.execute(EXERCISE_QUERY).fetchall() if EXERCISE_TABLE in columns else []
            )
    except sqlite3.Error:
        raise ContextImportError(
            "The Health Connect database is damaged and cannot be read. Export it again; "
            "nothing was imported."
        ) from None
    return read_health_connect(hydration=hydration, exercise=exercise, apps=apps)
