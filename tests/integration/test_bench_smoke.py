"""`make bench` is not part of the suite (its figures are timings), but its diaries are: a
rule the app gained (no night before 2000) once broke the CSV benchmark unnoticed."""

from __future__ import annotations

from datetime import date

from bench.common import LAST_NIGHT
from bench.csv_speed import CSV_ROWS, FIRST_NIGHT, bench_csv, diary_of_rows


def test_the_csv_benchmark_diary_has_its_rows_on_nights_the_app_accepts() -> None:
    nights, episodes = diary_of_rows(CSV_ROWS, seed=100)
    cramp_nights = {e.night for e in episodes}
    assert len(episodes) + sum(n.night not in cramp_nights for n in nights) == CSV_ROWS
    assert FIRST_NIGHT >= date(2000, 1, 1)
    assert all(FIRST_NIGHT <= n.night <= LAST_NIGHT for n in nights)


def test_a_small_csv_benchmark_runs_and_exports_what_it_imported() -> None:
    rows = bench_csv(600, 1)
    assert len(rows) == 2
    assert "(identical to the file imported)" in rows[1].name
