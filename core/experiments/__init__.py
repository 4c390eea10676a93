"""Self-experiments (n-of-1 trials): test a prevention tip by switching it on and off.

Watching a diary shows what goes together; whether a tip helps is answered by
doing it in some blocks of nights and not in others, in an order chosen by
chance. The plan here:

- Blocks of `block_nights` (7 to 14) nights, in pairs: one block with the tip,
  one with the usual routine. At least `MIN_PAIRS` pairs, so that a run of bad
  weeks or a season cannot line up with one arm by accident.
- Which block of a pair comes first is drawn at random from a stored `seed`
  (Python's `random.Random`, whose sequence for an integer seed is fixed), so
  the schedule can be rebuilt and checked at any time.
- The first `WASHOUT_NIGHTS` nights of each block (and after a pause) are not
  counted: a routine just started may not act yet, and one just dropped may
  still act (carry-over).
- How long to run comes from the person's own cramp rate: the shortest plan
  whose measured chance to show a halving (core.experiments.plan_power) is at least
  `TARGET_CHANCE`, up to `MAX_PLAN_NIGHTS`. When even that has less than
  `MIN_USEFUL_CHANCE` the plan says plainly that an experiment cannot answer.

The result compares cramps per counted night with and without the tip
(core.stats.rates.compare_rates). Nights the person said they did not follow the
plan, nights not logged, paused nights and washout nights are left out and
counted. Until the planned last night has passed a look is an interim look and
never called a result.
"""
