"""Page styling Streamlit's theme options cannot express: big, night-readable Log controls."""

from __future__ import annotations

import streamlit as st

LOG_PAGE_KEY = "log_page"

# Static CSS only (never user text), scoped to the Log page's container
# (`st.container(key=LOG_PAGE_KEY)` gets the class `st-key-log_page`).
# About 48 px per control: comfortably above the 44 px a fingertip needs.
_LOG_PAGE_CSS = """
<style>
/* Less empty space above the title, so more of the form fits on a phone screen. */
@media (max-width: 640px) {
    [data-testid="stMainBlockContainer"] {
        padding-top: 3.5rem;
    }
}
.st-key-log_page [data-testid="stButtonGroup"] button {
    min-height: 3rem;
    padding: 0.25rem 0.85rem;
}
.st-key-log_page [data-testid="stButtonGroup"] button p {
    font-size: 1.05rem;
}
/* A chosen option is filled, so it stands out to sleepy eyes. */
.st-key-log_page [data-testid="stButtonGroup"] button[data-selected="true"],
.st-key-log_page [data-testid="stButtonGroup"] button[data-selected="true"]:hover {
    background-color: #4fa3e0;
    border-color: #4fa3e0;
    color: #0e1117;
}
.st-key-log_page [data-testid="stButtonGroup"] button[data-selected="true"] p {
    font-weight: 600;
}
.st-key-log_page [data-testid="stButtonGroup"] [role="radiogroup"],
.st-key-log_page [data-testid="stButtonGroup"] [role="group"] {
    gap: 0.5rem;
}
.st-key-log_page [data-testid="stFormSubmitButton"] button,
.st-key-log_page [data-testid="stExpander"] summary,
.st-key-log_page [data-testid="stDateInputField"],
.st-key-log_page [data-testid="stTimeInputTimeDisplay"],
.st-key-log_page [data-testid="stNumberInputContainer"] {
    min-height: 3rem;
}
.st-key-log_page [data-testid="stWidgetLabel"] p {
    font-size: 1rem;
}
/* "Save cramp" stays in sight while the form is on screen (on a phone its place in the form
   is a long scroll down): the defaults are usually right, so one tap logs the cramp. */
.st-key-log_page [data-testid="stForm"] [data-testid="stElementContainer"]:has(
    button[kind="primaryFormSubmit"]) {
    position: sticky;
    bottom: 0.75rem;
    z-index: 5;
    /* A shadow shows it floats above the controls scrolling under it. */
    filter: drop-shadow(0 0 0.75rem rgba(0, 0, 0, 0.9));
}
/* The one button that matters at 3 a.m.: large, bold, dark text on the light primary colour. */
.st-key-log_page button[kind="primaryFormSubmit"] {
    min-height: 3.75rem;
    color: #0e1117;
}
/* A phone keeps the hover look after a tap: stay light so the dark text stays readable. */
.st-key-log_page button[kind="primaryFormSubmit"]:hover,
.st-key-log_page button[kind="primaryFormSubmit"]:active,
.st-key-log_page button[kind="primaryFormSubmit"]:focus {
    background-color: #6db6ea;
    border-color: #6db6ea;
    color: #0e1117;
}
.st-key-log_page button[kind="primaryFormSubmit"] p,
.st-key-log_page button[kind="primaryFormSubmit"] span {
    font-size: 1.25rem;
    font-weight: 700;
}
.st-key-log_page [data-testid="stSlider"] div:has(> [data-testid="stSliderThumbValue"]) {
    width: 1.75rem;
    height: 1.75rem;
}
.st-key-log_page [data-testid="stSlider"] [role="group"] {
    padding-top: 0.75rem;
}
.st-key-log_page [data-testid="stSliderThumbValue"] p {
    font-size: 1rem;
    font-weight: 600;
}
.st-key-log_page [data-testid="stCheckbox"] label {
    min-height: 3rem;
    align-items: center;
}
</style>
"""


def log_page_style() -> None:
    """Make the Log page's controls finger-sized and its main button readable in the dark."""
    st.html(_LOG_PAGE_CSS)


# Streamlit writes white on the primary colour (2.7:1 with this light blue); dark text
# reads at 6.9:1. Static CSS only, for every page.
_APP_CSS = """
<style>
button[kind="primary"], button[kind="primaryFormSubmit"],
button[kind="primary"] p, button[kind="primaryFormSubmit"] p {
    color: #0e1117;
    font-weight: 600;
}
button[kind="primary"]:hover, button[kind="primaryFormSubmit"]:hover,
button[kind="primary"]:focus, button[kind="primaryFormSubmit"]:focus,
button[kind="primary"]:active, button[kind="primaryFormSubmit"]:active {
    background-color: #6db6ea;
    border-color: #6db6ea;
    color: #0e1117;
}
</style>
"""


def app_style() -> None:
    """Readable primary buttons on every page."""
    st.html(_APP_CSS)
