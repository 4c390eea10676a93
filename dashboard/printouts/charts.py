"""Charts for paper: small matplotlib PNGs that read in black and white.

Each function takes a core.stats.analytics frame (the same ones the Plotly charts on
screen draw) and returns PNG bytes, drawn at the size they are printed so the
type is the size it says. Grey levels, hatching and markers carry the meaning,
never colour alone. matplotlib's Agg backend needs no browser and no display.
"""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")  # no display on a server or a fresh laptop

import matplotlib.dates as mdates  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.axis import Axis  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

DPI = 150
SHORT_RANGE_WEEKS = 10
LONG_RANGE_WEEKS = 78  # beyond a year and a half, weekly bars are too thin to read
MM = 1 / 25.4  # inches per millimetre
FONT_PT = 7.5
INK = "#000000"
DARK, MID, LIGHT = "#404040", "#8c8c8c", "#d9d9d9"

# Side -> how its bar segment looks: (face colour, hatch).
SIDE_STYLES: dict[str, tuple[str, str]] = {
    "left": (DARK, ""),
    "right": ("#ffffff", "////"),
    "both": (LIGHT, "xxx"),
    "unknown": ("#ffffff", "...."),
}
SIDE_NAMES = {"left": "Left", "right": "Right", "both": "Both", "unknown": "Side not given"}


def _figure(
    width_mm: float, height_mm: float, margins_mm: tuple[float, float, float, float]
) -> tuple[Figure, Axes]:
    """A figure of the printed size; margins (left, right, bottom, top) in mm hold the labels.

    Fixed margins instead of tight_layout: the same look for a fraction of the time.
    """
    fig = Figure(figsize=(width_mm * MM, height_mm * MM), dpi=DPI)
    left, right, bottom, top = margins_mm
    fig.subplots_adjust(
        left=left / width_mm,
        right=1 - right / width_mm,
        bottom=bottom / height_mm,
        top=1 - top / height_mm,
    )
    ax = fig.add_subplot()
    ax.tick_params(labelsize=FONT_PT, length=2.5, width=0.6, colors=INK)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_linewidth(0.6)
    return fig, ax


def _not_logged(ax: Axes, when: pd.DatetimeIndex | pd.Series, label: str) -> None:
    """A small cross on the axis for each period with no logged night (not a zero)."""
    if len(when):
        ax.plot(
            when,
            [0] * len(when),
            linestyle="none",
            marker="x",
            markersize=3,
            color=MID,
            label=label,
        )


def _whole_numbers(axis: Axis) -> None:
    """Ticks at whole numbers only (counts of cramps): the default locator, told so."""
    locator = axis.get_major_locator()
    assert isinstance(locator, MaxNLocator)  # AutoLocator, the default, is one
    locator.set_params(integer=True)


def _title(ax: Axes, text: str) -> None:
    ax.set_title(text, fontsize=FONT_PT + 1.5, loc="left", fontweight="bold", pad=4)


def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def _nothing(ax: Axes, text: str) -> None:
    ax.text(0.5, 0.5, text, ha="center", va="center", fontsize=FONT_PT + 1, transform=ax.transAxes)
    ax.set_xticks([])
    ax.set_yticks([])


def frequency_png(
    weekly: pd.DataFrame,
    monthly: pd.DataFrame | None = None,
    width_mm: float = 182,
    height_mm: float = 46,
) -> bytes:
    """Cramps per calendar week (hatched bars) and cramp nights (black diamonds).

    Over more than LONG_RANGE_WEEKS weeks, weekly bars get too thin to read, so
    with `monthly` given it draws cramps per week month by month instead.
    """
    fig, ax = _figure(width_mm, height_mm, (12, 2, 9, 6))
    if weekly.empty:
        _title(ax, "Cramps per week")
        _nothing(ax, "No nights logged")
    elif monthly is not None and len(weekly) > LONG_RANGE_WEEKS:
        _monthly(ax, monthly)
    else:
        _weekly(ax, weekly)
    ax.set_ylabel("Count per week", fontsize=FONT_PT)
    return _png(fig)


def _weekly(ax: Axes, weekly: pd.DataFrame) -> None:
    _title(ax, "Cramps per week")
    weeks = pd.to_datetime(weekly["week"])
    logged = weekly["nights_logged"] > 0
    middle = pd.Timedelta(days=2.75)
    ax.bar(
        weeks[logged],
        weekly.loc[logged, "cramps"],
        width=5.5,
        align="edge",
        color=LIGHT,
        edgecolor=INK,
        hatch="////",
        linewidth=0.5,
        label="Cramps",
    )
    ax.plot(
        weeks[logged] + middle,
        weekly.loc[logged, "cramp_nights"],
        linestyle="none",
        marker="D",
        markersize=3.2,
        color=INK,
        label="Nights with cramps",
    )
    unlogged = weeks[~logged]
    _not_logged(ax, unlogged + middle, "Week not logged")
    ax.set_ylim(0, max(int(weekly["cramps"].max()), 1) + 0.8)
    _whole_numbers(ax.yaxis)
    if len(weeks) <= SHORT_RANGE_WEEKS:  # a few weeks: label each week's Monday
        ax.set_xticks(mdates.date2num(list(weeks + middle)), [f"{w:%d %b}" for w in weeks])
    else:
        ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=3, maxticks=10))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b\n%Y"))
    ax.set_xlim(
        mdates.date2num(weeks.min() - pd.Timedelta(days=1)),
        mdates.date2num(weeks.max() + pd.Timedelta(days=6.5)),
    )
    _finish(ax, ncols=3)


def _monthly(ax: Axes, monthly: pd.DataFrame) -> None:
    _title(ax, "Cramps per week, month by month")
    months = pd.to_datetime(monthly["month"])
    edges = [*months, months.iloc[-1] + pd.offsets.MonthBegin(1)]
    rate = monthly["cramps_per_week"].astype(float).fillna(0.0)
    # One hatched outline for all months: far faster than hundreds of bars.
    ax.stairs(
        rate.to_numpy(),
        mdates.date2num(edges),
        fill=True,
        facecolor=LIGHT,
        edgecolor=INK,
        hatch="////",
        linewidth=0.5,
        label="Cramps per week (average over the month)",
    )
    unlogged = months[monthly["nights_logged"] == 0]
    _not_logged(ax, unlogged + pd.Timedelta(days=15), "Month not logged")
    ax.set_ylim(0, max(float(rate.max()), 1.0) * 1.15)
    ax.xaxis_date()
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=3, maxticks=10))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b\n%Y"))
    ax.set_xlim(mdates.date2num(edges[0]), mdates.date2num(edges[-1]))
    _finish(ax, ncols=2)


def _finish(ax: Axes, ncols: int) -> None:
    ax.grid(axis="y", linewidth=0.4, color=LIGHT)
    ax.set_axisbelow(True)
    ax.legend(
        fontsize=FONT_PT - 0.5,
        frameon=False,
        ncols=ncols,
        loc="lower right",
        bbox_to_anchor=(1.0, 1.0),
        borderaxespad=0.1,
    )


def hour_png(by_hour: pd.DataFrame, width_mm: float = 89, height_mm: float = 55) -> bytes:
    """Cramps by clock hour of onset, noon to noon."""
    fig, ax = _figure(width_mm, height_mm, (11, 2, 10, 6))
    _title(ax, "When cramps start (hour of onset)")
    if int(by_hour["cramps"].sum()) == 0:
        _nothing(ax, "No cramps in this range")
    else:
        positions = list(range(len(by_hour)))
        ax.bar(
            positions,
            by_hour["cramps"],
            width=0.8,
            color=DARK,
            edgecolor=INK,
            linewidth=0.4,
        )
        ticks = positions[::3]
        ax.set_xticks(ticks, [by_hour["label"].iloc[i][:2] for i in ticks])
        ax.set_xlabel("Hour of the night (12 = noon, 00 = midnight)", fontsize=FONT_PT)
        ax.set_ylabel("Cramps", fontsize=FONT_PT)
        _whole_numbers(ax.yaxis)
        ax.grid(axis="y", linewidth=0.4, color=LIGHT)
        ax.set_axisbelow(True)
    return _png(fig)


def muscle_png(by_muscle: pd.DataFrame, width_mm: float = 89, height_mm: float = 55) -> bytes:
    """Cramps per muscle, split by side with fills and hatching that survive photocopying."""
    fig, ax = _figure(width_mm, height_mm, (19, 2, 10, 6))
    _title(ax, "Where: cramps by muscle and side")
    if by_muscle.empty:
        _nothing(ax, "No cramps in this range")
    else:
        order = list(dict.fromkeys(by_muscle["label"]))[:8][::-1]
        shown = by_muscle[by_muscle["label"].isin(order)]
        left = pd.Series(0.0, index=order)
        for side, (face, hatch) in SIDE_STYLES.items():
            part = shown[shown["side"] == side].groupby("label")["cramps"].sum()
            if part.empty:
                continue
            values = part.reindex(order, fill_value=0).astype(float)
            ax.barh(
                order,
                values,
                left=left,
                color=face,
                hatch=hatch,
                edgecolor=INK,
                linewidth=0.5,
                label=SIDE_NAMES[side],
            )
            left = left + values
        ax.set_xlabel("Cramps", fontsize=FONT_PT)
        _whole_numbers(ax.xaxis)
        ax.grid(axis="x", linewidth=0.4, color=LIGHT)
        ax.set_axisbelow(True)
        ax.legend(fontsize=FONT_PT - 0.5, frameon=False, loc="lower right")
    return _png(fig)
