"""Self-experiments on clean and realistic diaries: false "helps" and power (hook for h19b).

`measure_experiments` is what `python -m sample_data.validate` calls for the
experiment rows of its clean-and-realistic table. It should simulate
self-experiments (core.experiments) on diaries from `sample_data.realistic`
— a tip that does nothing and one that halves cramps, with the extensions the
app allows and non-adherence more likely on high-risk nights
(`sample_data.realistic.skips_when_risky` through `extra_ratio`) — and return
the measures below. Until it does, it returns None and the table says so.
"""

from __future__ import annotations

from sample_data.validate_changes import Rate

MEASURES: dict[str, str] = {
    "experiment_false": "Experiments: a tip that does nothing called “helps” (with extensions)",
    "experiment_power": "Experiments: a tip that halves cramps called “helps”",
}
FALSE_HELPS_TARGET = 0.05


def measure_experiments(diaries: int, *, clean: bool) -> dict[str, Rate] | None:
    """Rates for MEASURES over `diaries` seeded diaries; None while not measured."""
    del diaries, clean  # not measured yet: the simulation is to come (issue 19, item 4)
    return None
