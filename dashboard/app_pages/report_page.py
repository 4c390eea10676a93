"""Provider report: a one-to-two page summary to bring to a visit, as PDF, HTML or plain text."""

from datetime import date

import streamlit as st
from sqlalchemy import Engine

from core.profile import Profile
from core.report.build import (
    PATIENT_QUESTIONS,
    ProviderReport,
    ReportError,
    default_report_start,
    report_text,
)
from dashboard.navigation import PageLink, diary_span_or_stop
from dashboard.pages import LOG
from dashboard.printouts.html import render_html
from dashboard.printouts.pdf import RenderedPdf, render_pdf_details
from dashboard.printouts.pdf_text import MISSING_LETTER, printable
from dashboard.ui.resources import DiaryKey, current_profile, diary_key, get_engine, offer_file
from dashboard.ui.widgets import literal_markdown as md
from dashboard.ui.widgets import night_range
from db.export import provider_report

MAX_OWN_CHARS = 2_000

engine = get_engine()
profile = current_profile()
st.title("Provider report")
st.caption(
    "One or two pages that answer what a provider asks about cramps: how often, how bad, how "
    "long, when, since when, and any warning signs. Bring it to your visit or send it ahead."
)

first, last = diary_span_or_stop(
    "Nothing to report yet: your diary is empty. Log your cramps — and the nights without "
    "them — on the **Log** page, then come back here before your visit.",
    [PageLink(LOG, "Log an entry")],
)
start, end = night_range(
    "report_range", first, last, default_start=default_report_start(first, last)
)
st.caption("The last three months by default (or the whole diary when it is shorter).")

with st.form("report_questions"):
    st.markdown("**Questions you want to ask** — they print at the end of the report.")
    selected = tuple(
        q.id
        for q in PATIENT_QUESTIONS
        if st.checkbox(q.title, key=f"report_q_{q.id}", help=q.explanation)
    )
    own = st.text_area(
        "Your own questions (one a line)",
        key="report_own",
        max_chars=MAX_OWN_CHARS,
        placeholder="Should I try a magnesium supplement?",
    )
    st.form_submit_button("Update the report")


Key = tuple[DiaryKey, date, date, Profile, date, tuple[str, ...], str]


@st.cache_data(max_entries=8, show_spinner="Preparing the report…")
def _report(_engine: Engine, key: Key) -> ProviderReport:
    """The report for one diary version, range, profile, day and set of questions."""
    _, start, end, profile, today, questions, own = key
    return provider_report(
        engine=_engine,
        start=start,
        end=end,
        profile=profile,
        today=today,
        questions=questions,
        own_questions=own,
    )


@st.cache_data(max_entries=8, show_spinner="Drawing the PDF…")
def _pdf(_engine: Engine, key: Key) -> RenderedPdf:
    return render_pdf_details(_report(_engine, key))


key: Key = (diary_key(), start, end, profile, date.today(), selected, own)
try:
    report = _report(engine, key)
except ReportError as error:
    st.info(str(error))
    st.stop()

pdf = _pdf(engine, key)
left, right = st.columns(2)
offer_file(
    left,
    "Download PDF",
    pdf.data,
    f"{report.file_stem}.pdf",
    key="report_pdf",
    type="primary",
)
offer_file(
    right,
    "Download HTML (interactive charts)",
    # Built when clicked: the file carries plotly.js (about 5 MB), too much to redo each rerun.
    lambda: render_html(report),
    f"{report.file_stem}.html",
    key="report_html",
)
notes = []
if pdf.left_out or pdf.charts_left_out or pdf.hard_stopped:
    notes.append(
        "To stay on two pages the PDF leaves out some lower-priority lines; the HTML file and the "
        "preview below have everything."
    )
user_text = [
    *report.questions,
    *(line for s in report.sections if s.id == "notes" for line in s.lines),
]
if any(MISSING_LETTER in printable(t) for t in user_text):
    notes.append(
        f"Some characters in your notes or questions (for example Chinese or Japanese) cannot "
        f"be printed with the PDF's font and show as {MISSING_LETTER}; the HTML file shows them."
    )
for note in notes:
    st.caption(note)

with st.expander("Print-friendly view"):
    st.caption("The report as plain text: print this page, or copy the text into a letter.")
    st.text(report_text(report))

st.subheader("Preview", divider="gray")
st.markdown(f"**{md(report.title)}**  \n{md(report.subtitle)}")
for group in report.red_flag_groups:
    show = st.error if group.level == "emergency" else st.warning
    lines = "\n".join(f"- **{md(f.title)}**: {md(f.evidence)}." for f in group.flags)
    show(f"**{md(group.heading)}.** {md(group.advice)}\n\n{lines}")
if not report.red_flag_groups:
    st.success(report.red_flag_note)

for row in range(0, len(report.key_figures), 4):
    columns = st.columns(4)
    for column, figure in zip(columns, report.key_figures[row : row + 4], strict=False):
        column.metric(figure.label, figure.value, help=figure.detail or None)

for section in report.sections:
    st.markdown(f"**{md(section.title)}**\n\n" + "\n".join(f"- {md(x)}" for x in section.all_lines))
questions = report.questions or ("None written down.",)
st.markdown(
    "**Questions the patient wants to ask**\n\n" + "\n".join(f"- {md(q)}" for q in questions)
)
st.caption(report.disclaimer)
