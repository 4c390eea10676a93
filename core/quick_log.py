"""Quick-log links: `?log=calf&side=left` opens the Log form with that muscle and side chosen.

A home-screen shortcut holding such a link, plus one tap on "Save cramp", logs
the person's usual cramp. The tokens are the diary's own vocabulary
(core.vocab), so a link can never put an unknown muscle in the diary.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from core.diary import DiaryInputError, FieldError
from core.vocab import MUSCLES, SIDES

if TYPE_CHECKING:  # a type only: the Log page parses quick-log links without pandas
    import pandas as pd

MUSCLE_PARAM = "log"
SIDE_PARAM = "side"
USUAL_LINKS = 4


@dataclass(frozen=True)
class QuickLog:
    """The muscle and side a quick-log link asks for."""

    muscle: str
    side: str | None

    @property
    def params(self) -> dict[str, str]:
        """The query parameters of this link."""
        return {MUSCLE_PARAM: self.muscle} | ({SIDE_PARAM: self.side} if self.side else {})

    @property
    def label(self) -> str:
        """'Calf, left' or 'Foot'."""
        return MUSCLES[self.muscle] + (f", {SIDES[self.side].lower()}" if self.side else "")


def _unknown(what: str) -> str:
    # The word itself is not repeated: it comes from a URL anyone could have written.
    return (
        f"This quick-log link names {what} the diary does not know. "
        "Choose it in the form below, or copy the link again from Settings."
    )


def parse_quick_log(params: Mapping[str, str]) -> QuickLog | None:
    """The quick log a page's query parameters ask for, None when they ask for none.

    Raises DiaryInputError naming the unknown word when a link holds a muscle or
    side the diary does not know (a typo in a hand-made shortcut).
    """
    muscle = params.get(MUSCLE_PARAM)
    side = params.get(SIDE_PARAM) or None
    if muscle is None:
        return None
    errors = []
    if muscle not in MUSCLES:
        errors.append(FieldError("muscle", _unknown("a muscle")))
    if side is not None and side not in SIDES:
        errors.append(FieldError("side", _unknown("a side")))
    if errors:
        raise DiaryInputError(errors)
    return QuickLog(muscle=muscle, side=side)


def usual_quick_logs(episodes: pd.DataFrame, limit: int = USUAL_LINKS) -> list[QuickLog]:
    """The person's most logged muscle-and-side pairs, most logged first (calf when none yet)."""
    counts: Counter[QuickLog] = Counter()
    if not episodes.empty:
        for muscle, side in zip(episodes["muscle"], episodes["side"], strict=True):
            if muscle in MUSCLES:
                counts[QuickLog(str(muscle), str(side) if side in SIDES else None)] += 1
    if not counts:
        return [QuickLog("calf", "left"), QuickLog("calf", "right")]
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0].muscle, item[0].side or ""))
    return [link for link, _ in ranked[:limit]]
