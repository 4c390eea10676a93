"""A restore that kills its own process at a chosen point, run by test_safety_copies in a
forked child (or as `python -m tests.integration.killed_restore DIARY BACKUP POINT`).

POINT is where SIGKILL arrives: `writing` (the safety copy half written),
`copied` (the copy stored, the diary not yet touched), `committing` (inside the
restore's transaction, just before it commits) or `pruning` (the restore
committed, the oldest copies not yet pruned). A kill at a chosen call, not
after a delay, so every run stops at the same place.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import event

import db.backup
from db.engine import create_diary_engine

POINTS = ("writing", "copied", "committing", "pruning")


def _die(*_: Any, **__: Any) -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def main(diary: str, backup_file: str, point: str) -> None:
    engine = create_diary_engine(f"sqlite:///{diary}")
    backup = db.backup.read_backup(Path(backup_file).read_bytes())
    if point == "writing":
        os.fsync = _die  # the first fsync is the safety copy's, before its rename
    elif point == "copied":
        vars(db.backup)["replace_diary"] = _die
    elif point == "committing":
        event.listen(engine, "commit", _die)
    elif point == "pruning":
        vars(db.backup)["prune_safety_copies"] = _die
    else:
        raise SystemExit(f"unknown point {point!r}; one of {POINTS}")
    db.backup.restore_backup(engine=engine, backup=backup)
    raise SystemExit("the restore was not killed")


if __name__ == "__main__":
    main(*sys.argv[1:4])
