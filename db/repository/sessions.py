"""Sessions, the diary version and bulk-writing helpers shared by the repository modules."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import Engine, insert, select, update
from sqlmodel import Session, col

from core.diary import DiaryInputError, FieldError
from db.engine import WRITE
from db.models import DiaryStateRow, InterventionRow, MedicineRow

T = TypeVar("T")
# The rows a person adds and edits one at a time.
EditedRow = TypeVar("EditedRow", InterventionRow, MedicineRow)
IN_CHUNK = 500  # values per SQL IN (...): well under every backend's parameter limit
IMPORT_CHUNK = 5_000  # rows per bulk INSERT when importing or restoring


@contextmanager
def reading(engine: Engine) -> Iterator[Session]:
    """A short session for reads."""
    with Session(engine) as session:
        yield session


@contextmanager
def writing(engine: Engine) -> Iterator[Session]:
    """A session whose work commits whole, bumps the diary version, or rolls back."""
    with Session(engine.execution_options(**WRITE)) as session, session.begin():
        yield session
        bump_version(session)


def bump_version(session: Session) -> None:
    """Move the diary version on, inside the caller's transaction."""
    # One UPDATE with an expression, so two concurrent writers each move the version on.
    session.execute(
        update(DiaryStateRow)
        .where(col(DiaryStateRow.id) == 1)
        .values(version=col(DiaryStateRow.version) + 1)
    )
    if session.get(DiaryStateRow, 1) is None:
        session.add(DiaryStateRow(id=1, version=1))


def diary_version(*, engine: Engine) -> int:
    """A number that changes whenever anything in the diary changes (for caching)."""
    with reading(engine) as session:
        version = session.scalar(
            select(col(DiaryStateRow.version)).where(col(DiaryStateRow.id) == 1)
        )
        return int(version or 0)


def chunks(items: Sequence[T], size: int = IN_CHUNK) -> Iterator[Sequence[T]]:
    """`items` in consecutive slices of at most `size`."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def insert_many(session: Session, table: Any, rows: list[dict[str, Any]]) -> None:
    """Insert plain rows with one Core executemany (the ORM's bulk path goes row by row)."""
    if rows:
        session.execute(insert(table.__table__), rows)


def add_or_replace(
    session: Session,
    model: type[EditedRow],
    row_id: int | None,
    values: dict[str, Any],
    gone: FieldError,
) -> int:
    """Add a row (`row_id` None) or overwrite the stored one's values; return its id.
    Raises DiaryInputError with `gone` when `row_id` names no row any more."""
    if row_id is None:
        row = model(**values)
        session.add(row)
    else:
        found = session.get(model, row_id)
        if found is None:
            raise DiaryInputError([gone])
        row = found
        for name, value in values.items():
            setattr(row, name, value)
    session.flush()
    assert row.id is not None
    return row.id
