"""Plotly figures for the Patterns page: each takes core.stats.analytics frames, returns a Figure.

One look for all: the Okabe–Ito palette (safe for colour-blind readers), titles
that say what the chart shows, axis titles with units, and compact margins so
the charts read on a phone.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd
import plotly.graph_objects as go

from core.chart_text import chart_text
from core.stats.analytics import WEEKDAYS
from core.stats.triggers import InterventionEffect
from core.wording import plural

if TYPE_CHECKING:  # the trigger model is imported when its chart is asked for
    from core.stats.trigger_model import TriggerFinding

OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
BLUE, ORANGE, GREEN, PINK, SKY, VERMILION, YELLOW = OKABE_ITO
SIDE_COLOURS = {"left": BLUE, "right": ORANGE, "both": GREEN, "unknown": "#999999"}
# Named ticks for the risk-ratio axis: Plotly's own log ticks on a narrow phone chart run
# their minor labels together ("5 0.1 2 5 1 2 5"); whole tens stay readable and upright.
RATIO_TICKS = (0.001, 0.01, 0.1, 1, 10, 100, 1000)
CHART_HEIGHT = 340


def _layout(fig: go.Figure, title: str, x: str, y: str, height: int = CHART_HEIGHT) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 16}},
        xaxis_title=x,
        yaxis_title=y,
        height=height,
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        colorway=list(OKABE_ITO),
        # Below the plot: on a phone a legend above it wraps onto the title.
        legend={"orientation": "h", "yanchor": "top", "y": -0.28, "x": 0, "title": None},
        hovermode="closest",
    )
    return fig


def _intervention_markers(
    fig: go.Figure,
    starts: Sequence[tuple[date, str]],
    *,
    colour: str = PINK,
    dash: str = "dot",
    height: float = 1.0,
    stagger: float = 0.0,
) -> None:
    # `stagger` lowers every other label (of three), so labels close in time stay readable.
    for index, (started_on, name) in enumerate(starts):
        fig.add_vline(x=pd.Timestamp(started_on), line_dash=dash, line_color=colour, opacity=0.9)
        fig.add_annotation(
            x=pd.Timestamp(started_on),
            y=height - stagger * (index % 3),
            yref="paper",
            text=chart_text(name),  # typed by the person: never chart markup
            showarrow=False,
            xanchor="left",
            yanchor="top",
            font={"size": 11, "color": colour},
            textangle=0,
        )


def weekly_chart(
    weekly: pd.DataFrame,
    interventions: Sequence[tuple[date, str]] = (),
    medicines: Sequence[tuple[date, str]] = (),
) -> go.Figure:
    """Cramps and cramp nights per week, with a 4-week moving average as the trend line;
    changes and medicine starts and stops (date, label) drawn as marked lines."""
    fig = go.Figure()
    fig.add_bar(x=weekly["week"], y=weekly["cramps"], name="Cramps", marker_color=SKY)
    fig.add_scatter(
        x=weekly["week"],
        y=weekly["cramp_nights"],
        name="Cramp nights",
        mode="markers",
        marker={"color": VERMILION, "symbol": "diamond", "size": 7},
    )
    smooth = weekly["cramps"].rolling(4, min_periods=2, center=True).mean()
    fig.add_scatter(
        x=weekly["week"],
        y=smooth,
        name="Cramps, 4-week average",
        mode="lines",
        line={"color": BLUE, "width": 3},
    )
    _intervention_markers(fig, interventions)
    # Medicines in another colour and dash, labelled lower, so they never cover a change's label.
    _intervention_markers(fig, medicines, colour=VERMILION, dash="dash", height=0.88, stagger=0.12)
    return _layout(fig, "Cramps per week", "Week starting", "Count per week")


def cramp_free_chart(weekly: pd.DataFrame) -> go.Figure:
    """Share of logged nights each week that were cramp-free."""
    fig = go.Figure()
    fig.add_scatter(
        x=weekly["week"],
        y=weekly["cramp_free_share"] * 100,
        mode="lines+markers",
        line={"color": GREEN},
        name="Cramp-free nights",
        connectgaps=False,
    )
    fig.update_yaxes(range=[0, 105])
    return _layout(fig, "Cramp-free nights per week", "Week starting", "Share of logged nights (%)")


def hour_chart(by_hour: pd.DataFrame) -> go.Figure:
    """Cramps by hour of onset, evening to morning."""
    fig = go.Figure(go.Bar(x=by_hour["label"], y=by_hour["cramps"], marker_color=BLUE))
    fig.update_xaxes(type="category", tickangle=-45)
    return _layout(fig, "When cramps start (hour of the night)", "Hour of onset", "Cramps")


def heatmap_chart(grid: pd.DataFrame) -> go.Figure:
    """Cramps by weekday of the night's evening and hour of onset."""
    fig = go.Figure(
        go.Heatmap(
            z=grid.to_numpy(),
            x=[f"{h:02d}" for h in grid.columns],
            y=list(WEEKDAYS),
            colorscale="Cividis",
            colorbar={"title": "Cramps"},
            hovertemplate="%{y} night, %{x}:00<br>%{z} cramps<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(type="category")
    return _layout(fig, "Cramps by night of the week and hour", "Hour of onset", "Night of")


def muscle_chart(by_muscle: pd.DataFrame) -> go.Figure:
    """Cramps per muscle, stacked by side."""
    fig = go.Figure()
    for side, colour in SIDE_COLOURS.items():
        part = by_muscle[by_muscle["side"] == side]
        if not part.empty:
            fig.add_bar(
                y=part["label"],
                x=part["cramps"],
                name=side.capitalize(),
                orientation="h",
                marker_color=colour,
            )
    order = list(dict.fromkeys(by_muscle["label"]))
    fig.update_layout(barmode="stack")
    fig.update_yaxes(categoryorder="array", categoryarray=order[::-1])
    return _layout(fig, "Where: cramps by muscle and side", "Cramps", "Muscle")


def calendar_chart(days: pd.DataFrame) -> go.Figure:
    """A calendar of nights: weeks across, weekdays down, colour = cramps that night."""
    grid = days.pivot_table(
        index="weekday", columns="week", values="cramps", aggfunc="sum", dropna=False
    )
    grid = grid.reindex(index=range(7))
    fig = go.Figure(
        go.Heatmap(
            z=grid.to_numpy(),
            x=list(grid.columns),
            y=list(WEEKDAYS),
            # A muted grey for cramp-free nights: a near-white square glares in the dark theme.
            colorscale=[[0, "#59616B"], [0.01, SKY], [1, BLUE]],
            zmin=0,
            colorbar={"title": "Cramps", "dtick": 1},
            xgap=2,
            ygap=2,
            hovertemplate="Week of %{x|%d %b %Y}, %{y}<br>%{z} cramps<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    return _layout(
        fig, "Calendar of cramp nights (blank = not logged)", "Week starting", "Night of"
    )


def duration_chart(episodes: pd.DataFrame) -> go.Figure:
    """How long cramps lasted, in minutes."""
    minutes = episodes["duration_s"].dropna().astype(float) / 60
    fig = go.Figure(go.Histogram(x=minutes, nbinsx=30, marker_color=ORANGE))
    return _layout(fig, "How long cramps last", "Duration (minutes)", "Cramps")


def pain_chart(episodes: pd.DataFrame) -> go.Figure:
    """How painful cramps were, 0–10."""
    counts = episodes["pain"].dropna().astype(int).value_counts().reindex(range(11), fill_value=0)
    fig = go.Figure(go.Bar(x=list(range(11)), y=counts.to_numpy(), marker_color=VERMILION))
    fig.update_xaxes(dtick=1)
    return _layout(fig, "How bad the pain was", "Pain (0 = none, 10 = worst)", "Cramps")


def severity_over_time_chart(monthly: pd.DataFrame) -> go.Figure:
    """Median pain and median duration per month."""
    fig = go.Figure()
    for column, name, colour, axis in (
        ("pain_median", "Median pain (0–10)", VERMILION, "y"),
        ("duration_median_min", "Median duration (min)", ORANGE, "y2"),
    ):
        fig.add_scatter(
            x=monthly["month"],
            y=monthly[column],
            name=name,
            mode="lines+markers",
            line={"color": colour},
            yaxis=axis,
        )
    fig.update_layout(
        yaxis2={
            "title": "Median duration (minutes)",
            "overlaying": "y",
            "side": "right",
            "rangemode": "tozero",
        },
    )
    fig.update_yaxes(range=[0, 10.5], selector={"anchor": "x"})
    return _layout(fig, "Pain and duration month by month", "Month", "Median pain (0–10)")


def _share_bars(
    rows: pd.DataFrame,
    colour: str,
    text: list[str],
    titles: tuple[str, str, str],
    row_px: int,
    **bar: object,
) -> go.Figure:
    """Horizontal bars of a share (0–1) per label, as percentages, one row per label."""
    fig = go.Figure(
        go.Bar(
            y=rows["label"],
            x=rows["share"] * 100,
            orientation="h",
            marker_color=colour,
            text=text,
            **bar,
        )
    )
    fig.update_xaxes(range=[0, 100])
    title, x, y = titles
    return _layout(fig, title, x, y, height=max(CHART_HEIGHT, 60 + row_px * len(rows)))


def cause_chart(shares: pd.DataFrame) -> go.Figure:
    """Share of cramps carrying each cause tag (columns label, share)."""
    ordered = shares.sort_values("share")
    return _share_bars(
        ordered,
        GREEN,
        [plural(int(n), "cramp") for n in ordered["count"]],
        ("Why: cramps whose day before fits each cause", "Share of cramps (%)", "Cause"),
        34,
        textposition="auto",
    )


def relief_chart(relief: pd.DataFrame) -> go.Figure:
    """How often each relief method helped, with 95% intervals."""
    answered = relief[relief["answered"] > 0].sort_values("share")
    helped = zip(answered["helped"], answered["answered"], strict=True)
    return _share_bars(
        answered,
        BLUE,
        [f"{h} of {a}" for h, a in helped],
        ("What helped (share of times it helped, with 95% range)", "Helped (%)", "Relief"),
        40,
        textposition="inside",
        error_x={
            "type": "data",
            "symmetric": False,
            "array": (answered["high"] - answered["share"]) * 100,
            "arrayminus": (answered["share"] - answered["low"]) * 100,
            "color": "#999999",
        },
    )


def _interval_bars(findings: Sequence[TriggerFinding]) -> dict[str, object]:
    """Plotly error bars from each odds ratio to its 95% interval's ends (0 where open)."""
    return {
        "type": "data",
        "symmetric": False,
        "array": [(f.high or 0) - (f.odds_ratio or 0) for f in findings],
        "arrayminus": [(f.odds_ratio or 0) - (f.low or 0) for f in findings],
    }


def factor_chart(findings: Sequence[TriggerFinding]) -> go.Figure:
    """Each factor's odds ratio for its best-fitting shape, with 95% intervals (log axis)."""
    shown = [f for f in findings if f.odds_ratio is not None]
    fig = go.Figure()
    for linked, colour, name in (
        (True, VERMILION, "Linked beyond chance"),
        (False, "#888888", "Not linked (yet)"),
    ):
        part = [f for f in shown if f.linked is linked]
        if not part:
            continue
        fig.add_scatter(
            x=[f.odds_ratio for f in part],
            y=[f.title for f in part],
            mode="markers",
            name=name,
            marker={"color": colour, "size": 11},
            customdata=[f.shape for f in part],
            hovertemplate="%{y} (%{customdata}): %{x:.2f}<extra></extra>",
            error_x=_interval_bars(part),
        )
    fig.add_vline(x=1, line_dash="dash", line_color="#888888")
    fig.update_xaxes(
        type="log", tickvals=RATIO_TICKS, ticktext=[f"{t:g}" for t in RATIO_TICKS], tickangle=0
    )
    return _layout(
        fig,
        "Each factor with the others held fixed",
        "Odds ratio, log scale (1 = no link)",
        "",
        height=max(CHART_HEIGHT, 80 + 40 * len(shown)),
    )


def intervention_chart(effects: Sequence[InterventionEffect]) -> go.Figure:
    """Cramps per week before and after each change."""
    judged = [e for e in effects if e.enough_data]
    fig = go.Figure()
    fig.add_bar(
        x=[chart_text(e.name) for e in judged],
        y=[e.per_week_before for e in judged],
        name="Before",
        marker_color="#999999",
    )
    fig.add_bar(
        x=[chart_text(e.name) for e in judged],
        y=[e.per_week_after for e in judged],
        name="After",
        marker_color=GREEN,
    )
    fig.update_layout(barmode="group")
    return _layout(
        fig, "Did the change help? Cramps per week before and after", "Change", "Cramps per week"
    )


EXPERIMENT_ARMS = {"tip": ("With the tip", GREEN), "usual": ("Usual routine", ORANGE)}


def experiment_chart(blocks: pd.DataFrame) -> go.Figure:
    """Cramps per counted night in each block of a self-experiment, tip blocks against usual."""
    fig = go.Figure()
    for arm, (label, colour) in EXPERIMENT_ARMS.items():
        part = blocks[blocks["plan"] == arm]
        fig.add_trace(
            go.Bar(
                x=part["block"],
                y=part["per_night"],
                name=label,
                marker_color=colour,
                customdata=part[["nights", "cramps"]],
                hovertemplate="Block %{x}: %{customdata[1]} cramps in %{customdata[0]} "
                "counted nights<extra></extra>",
            )
        )
    fig.update_xaxes(type="category")
    return _layout(fig, "Cramps per counted night, block by block", "Block", "Cramps per night")
