"""`cramp-diary report` and `analyse`: the provider report and the trigger analysis."""

import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from core.wording import plural
from dashboard.cli.options import (
    EXIT_REFUSED,
    DbOption,
    FromOption,
    Refusal,
    ToOption,
    app,
    check_dates,
    database_url,
    flag,
    open_diary,
    output_option,
    read_input,
    refusals,
    shown,
    write_output,
)

if TYPE_CHECKING:
    import pandas as pd

    from core.interventions import Intervention
    from core.stats.analytics import Trend
    from core.stats.findings import DiaryAnalysis
    from core.stats.triggers import InterventionEffect


@app.command("report")
def report(
    db: DbOption = None,
    start: FromOption = None,
    end: ToOption = None,
    output: Annotated[
        str | None,
        output_option(
            "FILE.pdf", "Where to write the PDF. Default: cramp-diary-report_FROM_TO.pdf here."
        ),
    ] = None,
    question: Annotated[
        list[str] | None,
        typer.Option(
            "--question",
            metavar="TEXT",
            help="A question of your own to print at the end (repeat for several).",
        ),
    ] = None,
) -> None:
    """Make the provider report, a PDF of one or two pages for a visit.

    The same PDF the Provider report page downloads: warning signs first, how
    often, how bad and how long the cramps are, when they come, possible causes,
    changes you tried and your questions. By default it covers the last three
    months of the diary (or all of it, when shorter).

    Example: cramp-diary report --from 2026-08-01 -o visit.pdf
    """
    from core.report.build import ReportError, default_report_start
    from db.export import provider_report
    from db.repository import diary_span, get_profile

    check_dates(start, end)
    with refusals():
        with open_diary(db) as diary:
            span = diary_span(engine=diary.engine)
            if span is None:
                raise Refusal("Your diary is empty, so there is nothing to report yet.")
            first, last = span
            end = end or last
            # With only --to before the diary begins, the range is empty: the report says so.
            start = start or min(default_report_start(first, end), end)
            try:
                made = provider_report(
                    engine=diary.engine,
                    start=start,
                    end=end,
                    profile=get_profile(engine=diary.engine),
                    today=date.today(),
                    own_questions=question or (),
                )
            except ReportError as error:
                raise Refusal(str(error)) from None
        from dashboard.printouts.pdf import render_pdf_details

        pdf = render_pdf_details(made)
        target = output or f"{made.file_stem}.pdf"
        write_output(target, pdf.data)
    typer.echo(f"Wrote the provider report ({plural(pdf.pages, 'page')}) to {target}.")
    if pdf.left_out or pdf.charts_left_out or pdf.hard_stopped:
        typer.echo(
            "To stay on two pages the PDF leaves out some lower-priority lines; the Provider "
            "report page shows everything.",
            err=True,
        )


# --- the trigger analysis ------------------------------------------------------------

LINK_LABELS = {"linked": "linked", "tested": "not clear", "untested": "too early"}


@dataclass(frozen=True)
class _Analysis:
    """What `analyse` reports on one diary: the factors, the trend and each change."""

    factors: "DiaryAnalysis"
    trend: "Trend"
    changes: "list[InterventionEffect]"


def _over_time(
    factors: "DiaryAnalysis", nights: "pd.DataFrame", changes: "list[Intervention]"
) -> _Analysis:
    from core.stats.analytics import trend
    from core.stats.triggers import compare_intervention

    effects = [
        compare_intervention(nights, name=c.name, started_on=c.started_on, ended_on=c.ended_on)
        for c in changes
    ]
    return _Analysis(factors, trend(nights), effects)


def _analyse_csv(path: Path) -> _Analysis:
    from core.diary import Night
    from core.files.csv_format import DiaryImportError, parse_diary_csv
    from core.frames import frames_from_records
    from core.profile import Profile
    from core.stats.findings import analyse_nights

    data = read_input(path)
    try:
        parsed = parse_diary_csv(data, now=datetime.now().replace(second=59))
    except DiaryImportError as error:
        raise Refusal(f"Not a valid diary CSV: {error}") from None
    nights, _ = frames_from_records(
        [Night(night, context) for night, context in parsed.nights.items()], parsed.episodes
    )
    # A file has no settings: it is read with the thresholds a new user starts with; and it
    # holds no changes.
    return _over_time(analyse_nights(nights, Profile()), nights, [])


def _analyse_database(db: str | None) -> tuple[str, _Analysis]:
    from core.medicines.analysis import analyse_with_medicines
    from db.repository import get_profile, list_interventions, list_medicines, load_frames

    with open_diary(db) as diary:
        nights, _ = load_frames(engine=diary.engine)
        # The medicine list, when it holds a medicine of a linked class, is the medication factor.
        medicines = list_medicines(engine=diary.engine)
        profile = get_profile(engine=diary.engine)
        factors = analyse_with_medicines(nights, profile, medicines)
        changes = list_interventions(engine=diary.engine)
        return diary.where, _over_time(factors, nights, changes)


def _record(source: str, analysis: _Analysis | None, error: str | None) -> str:
    factors = analysis.factors if analysis else None
    record = {
        "source": source,
        "nights": factors.nights if factors else None,
        "cramps": factors.cramps if factors else None,
        "error": error,
        "factors": [f.as_record() for f in factors.factors] if factors else [],
        "trend": analysis.trend.as_record() if analysis else None,
        "changes": [c.as_record() for c in analysis.changes] if analysis else [],
    }
    return json.dumps(record, ensure_ascii=False, allow_nan=False)


def _plain(source: str, analysis: _Analysis) -> str:
    factors = analysis.factors
    lines = [f"{source}: {factors.nights:,} nights, {factors.cramps:,} cramps"]
    for finding in factors.factors:
        state = "linked" if finding.linked else ("tested" if finding.tested else "untested")
        lines.append(f"  {LINK_LABELS[state]:<10} {finding.summary}")
    # The same sentences as the Patterns and Changes pages and the report.
    lines.append(f"  {analysis.trend.sentence}")
    lines.extend(f"  {effect.sentence}" for effect in analysis.changes)
    return "\n".join(lines)


@app.command("analyse")
def analyse(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="FILE.csv",
            help="Diary CSV files to analyse, each on its own. Without files: your diary.",
            show_default=False,
        ),
    ] = None,
    db: DbOption = None,
    as_json: Annotated[
        bool,
        flag("--json", "One JSON object per diary per line (JSON Lines; fields in the README)."),
    ] = False,
) -> None:
    """Which day-before factors go with cramp nights, beyond chance; the trend; each change.

    The analysis the Patterns page shows under Why. Each factor (too little
    water, vigorous exercise, heat, no stretching, long sitting, standing on
    hard floors, stress, a new medication) is compared night by night over the
    whole diary, and said to be linked only when that is more than chance.
    Your diary uses your own settings; a CSV file uses the settings a new user
    starts with. A file that cannot be read is reported and the others are
    still analysed (the exit code is then 1). Then the trend over the whole
    diary and, for your diary, the before/after of each recorded change (see
    `cramp-diary change --help`), in the words the pages use.

    Example: cramp-diary analyse --json 2025.csv 2026.csv
    """
    if files and db is not None:
        raise typer.BadParameter("Give either --db or CSV files, not both.", param_hint="--db")
    results: list[tuple[str, _Analysis | None, str | None]] = []
    if not files:
        try:
            where, analysis = _analyse_database(db)
            results.append((where, analysis, None))
        except Refusal as refusal:
            results.append((shown(db, database_url(db)), None, refusal.message))
    for path in files or []:
        try:
            results.append((str(path), _analyse_csv(path), None))
        except Refusal as refusal:
            results.append((str(path), None, refusal.message))
        # Each result is printed as soon as it is ready, so a long list shows progress.
        _emit(results[-1], as_json)
    if not files:
        _emit(results[-1], as_json)
    if any(error for _, _, error in results):
        raise typer.Exit(EXIT_REFUSED)


def _emit(result: "tuple[str, _Analysis | None, str | None]", as_json: bool) -> None:
    source, analysis, error = result
    if as_json:
        typer.echo(_record(source, analysis, error))
    elif analysis is None:
        typer.echo(f"{source}: not analysed. {error}", err=True)
    else:
        typer.echo(_plain(source, analysis))
