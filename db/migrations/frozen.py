"""Column helpers the migrations in versions/ are written with.

Never edit what these return: old revisions depend on them, and a revision must
build the same database for as long as it exists. A new kind of column gets a new
helper; a helper that no longer fits gets a sibling, never a change.

They only shorten how a revision is written: `*required(sa.Date(), "night")` is
`sa.Column("night", sa.Date(), nullable=False)`, to the letter, and
`*optional(sa.Boolean(), "hot", "stretched")` is two nullable columns side by side,
in that order (a table's columns keep the order its revision first gave them).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa


def id_column() -> sa.Column[Any]:
    """The integer primary key every table starts with."""
    return sa.Column("id", sa.Integer(), primary_key=True)


def required(type_: sa.types.TypeEngine[Any], *names: str) -> list[sa.Column[Any]]:
    """Columns of one type that may not be NULL, in the order named."""
    return [sa.Column(name, type_, nullable=False) for name in names]


def optional(type_: sa.types.TypeEngine[Any], *names: str) -> list[sa.Column[Any]]:
    """Columns of one type that may be NULL (values the diary may not have), in order."""
    return [sa.Column(name, type_, nullable=True) for name in names]


def parent_id(name: str, parent: str, *, ondelete: str = "CASCADE") -> sa.Column[Any]:
    """A required integer pointing at `parent`'s id; by default a row goes with its parent."""
    return sa.Column(
        name, sa.Integer(), sa.ForeignKey(f"{parent}.id", ondelete=ondelete), nullable=False
    )
