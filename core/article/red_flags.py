"""Red flags: warning signs on episodes and worrying patterns in the diary.

Each finding names a red flag from core.article.causes.RED_FLAGS and its level, as the
article splits them: "provider" (see your healthcare provider; for the signs in
the article's "right away" list, `RIGHT_AWAY`, that is said: contact them right
away, otherwise soon) or "emergency" (call your local emergency number or go to
the emergency room). Signs that raise the same red flag (swelling, numbness)
make one finding, naming each.
Findings are listed emergency first. The app is not medical advice
(core.article.causes.NOT_MEDICAL_ADVICE) and must say so wherever it shows these.

Warning signs ticked on an episode:

=================  ==========================  =========
warning sign       red flag                    level
=================  ==========================  =========
swelling           leg_swelling_or_numbness    provider
numbness           leg_swelling_or_numbness    provider
skin_changes       skin_changes                provider
muscle_weakness    neurological_signs          provider
all_over_body      cramps_all_over_body        emergency
toxic_contact      toxic_contact               emergency
=================  ==========================  =========

Patterns (the article gives no numbers; these are the app's, and why):

* pain 10 of 10 -> unbearable_pain (emergency). 10 is the top of the scale,
  the person saying it could not hurt more: the app's reading of "unbearable".
* pain 8 or 9 -> severe_pain (provider), the article's "significant pain": the
  top band of the scale short of unbearable.
* a cramp longer than 15 minutes -> long_lasting (provider). The article says
  spasms usually last from seconds up to about 15 minutes, so only a cramp
  beyond that typical range counts as lasting "a long time".
* a leg cramp (calf, foot, toes, thigh, hip) that woke the person ->
  leg_cramps_wake_you (provider). The article names this without a frequency,
  so one such cramp is enough.
* 12 or more cramp nights in the last 28 nights -> frequent (provider). That is
  three nights a week, sustained over four weeks so that one bad week does not
  trigger it, and about three times the ~12% of nights a typical diary has.
* worsening -> frequent (provider), since the article's concern is cramps that
  come more and more often: at least 6 cramp nights in the last 28 nights, more
  than in the 28 nights before by more than chance would explain (one-sided
  exact binomial test of an even split, p < 0.05), and only once the diary
  reaches back over both windows (so a new diary cannot look like it worsened).
  With 0 nights before, 6 are needed; with 2 before, 9; with 5 before, 13.

The windows end with `today` (the night that begins this evening counts).
Nights after `today` are ignored.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

import numpy as np
import numpy.typing as npt
import pandas as pd

from core.article.causes import RED_FLAG_BY_ID, RED_FLAGS, RedFlagLevel
from core.vocab import LIST_SEPARATOR, MUSCLES, WARNING_SIGNS
from core.wording import day_text, duration_text, plural

UNBEARABLE_PAIN = 10
SIGNIFICANT_PAIN = 8
LONG_LASTING_S = 15 * 60
LEG_MUSCLES: tuple[str, ...] = ("calf", "foot", "toes", "thigh_front", "thigh_back", "hip")
WINDOW_NIGHTS = 28
FREQUENT_MIN_CRAMP_NIGHTS = 12
WORSENING_MIN_RECENT_NIGHTS = 6
WORSENING_MAX_P = Fraction(1, 20)  # p < 0.05, kept exact

# Which red flag each warning-sign token raises.
SIGN_FLAGS: dict[str, str] = {
    "swelling": "leg_swelling_or_numbness",
    "numbness": "leg_swelling_or_numbness",
    "skin_changes": "skin_changes",
    "muscle_weakness": "neurological_signs",
    "all_over_body": "cramps_all_over_body",
    "toxic_contact": "toxic_contact",
}

LEVEL_HEADINGS: dict[RedFlagLevel, str] = {
    "emergency": "Seek emergency care",
    "provider": "See your healthcare provider",
}

LEVEL_ADVICE: dict[RedFlagLevel, str] = {
    "emergency": (
        "If this is happening now, call your local emergency number or go to the nearest "
        "emergency room."
    ),
    "provider": "Make an appointment with your healthcare provider soon and bring this diary.",
}

# The article's "talk to your provider right away" list (section "When should I see my
# healthcare provider?"): more urgent than an appointment soon, short of the emergency room.
RIGHT_AWAY: frozenset[str] = frozenset(
    {"severe_pain", "leg_swelling_or_numbness", "skin_changes", "leg_cramps_wake_you"}
)
RIGHT_AWAY_HEADING = "See your healthcare provider right away"
RIGHT_AWAY_ADVICE = "Contact your healthcare provider right away, and bring this diary."


@dataclass(frozen=True)
class RedFlagFinding:
    """A red flag found in the diary, with what found it and the entries behind it.

    `rule` names the diary rule ("sign:swelling", "pain:unbearable",
    "pattern:frequent", ...); `episode_ids` and `nights` are ascending.
    """

    flag_id: str
    rule: str
    level: RedFlagLevel
    title: str
    evidence: str
    advice: str
    episode_ids: tuple[int, ...]
    nights: tuple[date, ...]


@dataclass(frozen=True)
class RedFlagGroup:
    """The red flags of one level, under the level's heading and advice."""

    level: RedFlagLevel
    heading: str
    advice: str
    flags: tuple[RedFlagFinding, ...]


def group_by_level(findings: Sequence[RedFlagFinding]) -> tuple[RedFlagGroup, ...]:
    """The findings grouped by level, most urgent first; a level with no finding is left out.

    Within "provider", the article's right-away signs come first, under their own heading
    and advice. The report (text, HTML, PDF, preview) and the Causes page show red flags
    this way.
    """
    groups = []
    for level, heading in LEVEL_HEADINGS.items():
        flags = tuple(f for f in findings if f.level == level)
        urgent = tuple(f for f in flags if f.flag_id in RIGHT_AWAY)
        if urgent:
            groups.append(RedFlagGroup(level, RIGHT_AWAY_HEADING, RIGHT_AWAY_ADVICE, urgent))
        rest = tuple(f for f in flags if f.flag_id not in RIGHT_AWAY)
        if rest:
            groups.append(RedFlagGroup(level, heading, LEVEL_ADVICE[level], rest))
    return tuple(groups)


def advice_for(flag_id: str) -> str:
    """What to do about a red flag: the article's "right away" signs say so."""
    if flag_id in RIGHT_AWAY:
        return RIGHT_AWAY_ADVICE
    return LEVEL_ADVICE[RED_FLAG_BY_ID[flag_id].level]


def _finding(
    flag_id: str, rule: str, evidence: str, episode_ids: list[int], nights: list[date]
) -> RedFlagFinding:
    flag = RED_FLAG_BY_ID[flag_id]
    return RedFlagFinding(
        flag_id=flag.id,
        rule=rule,
        level=flag.level,
        title=flag.title,
        evidence=evidence,
        advice=advice_for(flag.id),
        episode_ids=tuple(sorted(set(episode_ids))),
        nights=tuple(sorted(set(nights))),
    )


class _Diary:
    """The episodes and nights up to `today`, as plain arrays the rules read."""

    def __init__(self, nights: pd.DataFrame, episodes: pd.DataFrame, today: date) -> None:
        self.today = today
        episode_nights = _dates(episodes, "night")
        keep = ~pd.isna(episode_nights) & (episode_nights <= np.datetime64(today, "D"))
        self.episodes = episodes.loc[keep].reset_index(drop=True)
        self.episode_nights = episode_nights[keep]
        self.ids = _column(self.episodes, "episode_id").to_numpy(dtype="int64", na_value=-1)
        night_dates = _dates(nights, "night")
        known = ~pd.isna(night_dates) & (night_dates <= np.datetime64(today, "D"))
        counts = _column(nights, "episode_count").to_numpy(dtype="float64", na_value=np.nan)
        # A cramp night is one with an episode, or one the nights frame counts as having one.
        self.cramp_nights = np.unique(
            np.concatenate([self.episode_nights, night_dates[known & (counts > 0)]])
        )
        logged = np.concatenate([self.episode_nights, night_dates[known]])
        self.first_night = logged.min() if logged.size else None

    def where(self, mask: npt.NDArray[np.bool_]) -> tuple[list[int], list[date]]:
        """Episode ids and nights of the episodes in `mask`."""
        ids: list[int] = self.ids[mask].tolist()
        return ids, _to_dates(self.episode_nights[mask])

    def muscles(self, mask: npt.NDArray[np.bool_]) -> str:
        """The muscles of the masked episodes as "; muscles: calf, foot", or "" if none known."""
        found = set(_column(self.episodes, "muscle").astype("string").fillna("")[mask])
        named = [label.lower() for token, label in MUSCLES.items() if token in found]
        return f"; muscles: {', '.join(named)}" if named else ""


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    """A column, or an all-missing one when the frame lacks it."""
    if name in frame.columns:
        return frame[name]
    return pd.Series(pd.NA, index=frame.index, dtype="object")


def _dates(frame: pd.DataFrame, name: str) -> npt.NDArray[np.datetime64]:
    """A date column as day-precision datetime64 (NaT where missing)."""
    values = pd.to_datetime(_column(frame, name), errors="coerce")
    return values.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")


def _to_dates(values: npt.NDArray[np.datetime64]) -> list[date]:
    # Day-precision datetime64 turns into datetime.date objects.
    dates: list[date] = values.astype("datetime64[D]").astype(object).tolist()
    return dates


def _recency(diary: _Diary, mask: npt.NDArray[np.bool_]) -> str:
    latest = _to_dates(diary.episode_nights[mask].max(keepdims=True))[0]
    return f"most recently the night of {day_text(latest)}"


def _sign_findings(diary: _Diary) -> list[RedFlagFinding]:
    """One finding per red flag, even when several signs raise it (swelling and numbness)."""
    signs = _column(diary.episodes, "warning_signs").astype("string").fillna("")
    padded = LIST_SEPARATOR + signs + LIST_SEPARATOR
    masks: dict[str, list[tuple[str, npt.NDArray[np.bool_]]]] = {}
    for token, flag_id in SIGN_FLAGS.items():
        found = padded.str.contains(f"{LIST_SEPARATOR}{token}{LIST_SEPARATOR}", regex=False)
        mask = found.to_numpy(dtype=bool, na_value=False)
        if mask.any():
            masks.setdefault(flag_id, []).append((token, mask))
    findings = []
    for flag_id, found_signs in masks.items():
        either = np.logical_or.reduce([mask for _, mask in found_signs])
        noted = ", ".join(
            f"{WARNING_SIGNS[token] if i == 0 else WARNING_SIGNS[token].lower()} noted with "
            f"{plural(int(mask.sum()), 'cramp')}"
            for i, (token, mask) in enumerate(found_signs)
        )
        evidence = f"{noted}, {_recency(diary, either)}{diary.muscles(either)}"
        rule = "sign:" + "+".join(token for token, _ in found_signs)
        findings.append(_finding(flag_id, rule, evidence, *diary.where(either)))
    return findings


def _pain_findings(diary: _Diary) -> list[RedFlagFinding]:
    pain = _column(diary.episodes, "pain")
    values = pd.to_numeric(pain, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    findings = []
    unbearable = values >= UNBEARABLE_PAIN
    if unbearable.any():
        evidence = (
            f"{plural(int(unbearable.sum()), 'cramp')} rated {UNBEARABLE_PAIN} of 10, the worst "
            f"pain possible, {_recency(diary, unbearable)}"
        )
        findings.append(
            _finding("unbearable_pain", "pain:unbearable", evidence, *diary.where(unbearable))
        )
    severe = (values >= SIGNIFICANT_PAIN) & (values < UNBEARABLE_PAIN)
    if severe.any():
        evidence = (
            f"{plural(int(severe.sum()), 'cramp')} rated {SIGNIFICANT_PAIN} or "
            f"{UNBEARABLE_PAIN - 1} of 10, {_recency(diary, severe)}"
        )
        findings.append(_finding("severe_pain", "pain:significant", evidence, *diary.where(severe)))
    return findings


def _long_lasting_findings(diary: _Diary) -> list[RedFlagFinding]:
    duration = pd.to_numeric(_column(diary.episodes, "duration_s"), errors="coerce")
    values = duration.to_numpy(dtype="float64", na_value=np.nan)
    mask = values > LONG_LASTING_S
    if not mask.any():
        return []
    longest = float(values[mask].max())
    evidence = (
        f"{plural(int(mask.sum()), 'cramp')} lasted longer than {LONG_LASTING_S // 60} minutes "
        f"(the longest {duration_text(longest)}), {_recency(diary, mask)}"
    )
    return [_finding("long_lasting", "pattern:long_lasting", evidence, *diary.where(mask))]


def _waking_findings(diary: _Diary) -> list[RedFlagFinding]:
    in_leg = _column(diary.episodes, "muscle").astype("string").isin(LEG_MUSCLES)
    woke = _column(diary.episodes, "woke").astype("boolean")
    mask = (in_leg & woke).to_numpy(dtype=bool, na_value=False)
    if not mask.any():
        return []
    evidence = (
        f"{plural(int(mask.sum()), 'cramp')} in the leg woke you, "
        f"{_recency(diary, mask)}{diary.muscles(mask)}"
    )
    return [_finding("leg_cramps_wake_you", "pattern:woke", evidence, *diary.where(mask))]


def _in_window(values: npt.NDArray[np.datetime64], last: date) -> npt.NDArray[np.bool_]:
    """Which dates fall in the WINDOW_NIGHTS nights ending with `last`."""
    start = np.datetime64(last - timedelta(days=WINDOW_NIGHTS - 1), "D")
    return (values >= start) & (values <= np.datetime64(last, "D"))


def _frequent_findings(diary: _Diary) -> list[RedFlagFinding]:
    recent = _in_window(diary.cramp_nights, diary.today)
    count = int(recent.sum())
    if count < FREQUENT_MIN_CRAMP_NIGHTS:
        return []
    evidence = (
        f"Cramps on {count} of the last {WINDOW_NIGHTS} nights "
        f"(about {count / (WINDOW_NIGHTS / 7):.1f} nights a week)"
    )
    episodes = _in_window(diary.episode_nights, diary.today)
    ids, _ = diary.where(episodes)
    return [
        _finding(
            "frequent", "pattern:frequent", evidence, ids, _to_dates(diary.cramp_nights[recent])
        )
    ]


def more_than_chance(recent: int, earlier: int) -> bool:
    """One-sided exact binomial test: is `recent` out of `recent + earlier` above an even split?

    True when the chance of at least `recent` heads in `recent + earlier` fair
    coin tosses is below WORSENING_MAX_P. Exact fractions, so no rounding at the edge.
    """
    total = recent + earlier
    tail = sum(math.comb(total, k) for k in range(recent, total + 1))
    return Fraction(tail, 1 << total) < WORSENING_MAX_P


def _worsening_findings(diary: _Diary) -> list[RedFlagFinding]:
    earlier_last = diary.today - timedelta(days=WINDOW_NIGHTS)
    earlier_first = earlier_last - timedelta(days=WINDOW_NIGHTS - 1)
    if diary.first_night is None or diary.first_night > np.datetime64(earlier_first, "D"):
        return []
    recent_mask = _in_window(diary.cramp_nights, diary.today)
    recent = int(recent_mask.sum())
    earlier = int(_in_window(diary.cramp_nights, earlier_last).sum())
    if recent < WORSENING_MIN_RECENT_NIGHTS or not more_than_chance(recent, earlier):
        return []
    evidence = (
        f"Cramps on {recent} of the last {WINDOW_NIGHTS} nights, up from {earlier} in the "
        f"{WINDOW_NIGHTS} nights before"
    )
    ids, _ = diary.where(_in_window(diary.episode_nights, diary.today))
    return [
        _finding(
            "frequent",
            "pattern:worsening",
            evidence,
            ids,
            _to_dates(diary.cramp_nights[recent_mask]),
        )
    ]


def find_red_flags(
    nights: pd.DataFrame, episodes: pd.DataFrame, today: date
) -> list[RedFlagFinding]:
    """Every red flag in the diary (standard core.frames frames), emergency level first.

    Within a level, findings follow the order of core.article.causes.RED_FLAGS. A
    missing column or value never raises; it simply finds nothing.
    """
    diary = _Diary(nights, episodes, today)
    findings = [
        *_sign_findings(diary),
        *_pain_findings(diary),
        *_long_lasting_findings(diary),
        *_waking_findings(diary),
        *_frequent_findings(diary),
        *_worsening_findings(diary),
    ]
    flag_order = {flag.id: i for i, flag in enumerate(RED_FLAGS)}
    level_order = {"emergency": 0, "provider": 1}
    # Within a level, the article's right-away signs first (as `group_by_level` shows them).
    return sorted(
        findings,
        key=lambda f: (level_order[f.level], f.flag_id not in RIGHT_AWAY, flag_order[f.flag_id]),
    )
