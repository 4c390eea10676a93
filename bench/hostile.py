"""Hostile files: the time and peak memory to refuse each pathological CSV."""

from __future__ import annotations

from functools import partial

from bench.common import Row, fmt, say, timed
from core.files.csv_format import parse_diary_csv

HOSTILE_TARGET_S = 2.0


def hostile_files() -> dict[str, bytes]:
    """Files built to make a reader slow or greedy (tests/integration/test_hostile_csv.py)."""
    from core.files.csv_format import COLUMNS

    header = ",".join(COLUMNS).encode()
    return {
        "a header of 1,000,000 columns": b",".join(b"c%d" % i for i in range(1_000_000)),
        "a header of 5,000 repeated names": b",".join([b"night"] * 5_000) + b"\n",
        "a row of 1,000,000 cells": header + b"\n" + b"," * 1_000_000 + b"\n",
        "a quote left open atop 45 MB": header + b'\n2026-03-13,"' + b"x,calf\n" * 6_400_000,
        "20,000 bad rows": header + b"\n" + b"0026-13-45,25:99,leg,,,,,,,,,,,,,,,,,,\n" * 20_000,
        "Excel Unicode text, 20 MB": (
            ",".join(COLUMNS) + "\n" + ("2026-03-13,02:30,calf" + "," * 18 + "\n") * 250_000
        ).encode("utf-16"),
    }


def bench_hostile() -> list[Row]:
    """Time (best of two) and peak Python memory to refuse each hostile file."""
    import tracemalloc

    from core.files.csv_format import DiaryImportError

    def refuse(data: bytes) -> None:
        try:
            parse_diary_csv(data)
        except DiaryImportError:
            return
        raise AssertionError("a hostile file was accepted")

    rows = []
    for name, data in hostile_files().items():
        say(f"hostile: {name}")
        seconds = min(timed(partial(refuse, data))[0] for _ in range(2))
        tracemalloc.start()
        refuse(data)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        rows.append(
            Row(
                f"Refuse {name} ({len(data) / 1e6:.1f} MB)",
                f"{fmt(seconds)}, peak {peak / 1e6:.0f} MB",
                target=f"< {HOSTILE_TARGET_S:.0f} s",
                met=seconds < HOSTILE_TARGET_S,
            )
        )
    return rows
