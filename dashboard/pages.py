"""The app's pages, declared once: the entry file routes to them, the bench times them and
the browser tests visit them, all from this table."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ENTRY = Path(__file__).with_name("app.py")


@dataclass(frozen=True)
class AppPage:
    """One page of the navigation, in the order the sidebar lists it."""

    file: str  # the page's script, next to the entry file (how Streamlit names a page)
    title: str
    icon: str
    url_path: str  # the default page is served at the root URL instead
    default: bool = False

    @property
    def path(self) -> Path:
        """Where the page's script is."""
        return ENTRY.parent / self.file

    @property
    def slug(self) -> str:
        """A short name for the page (its script's name): test ids, screenshot files."""
        return Path(self.file).stem


LOG = AppPage("log.py", "Log", ":material/edit_note:", "log", default=True)
DIARY = AppPage("diary.py", "Diary", ":material/calendar_month:", "diary")
CAUSES = AppPage("causes.py", "Causes & advice", ":material/lightbulb:", "causes")
PATTERNS = AppPage("patterns.py", "Patterns", ":material/monitoring:", "patterns")
EXPERIMENTS = AppPage("experiments.py", "Experiments", ":material/science:", "experiments")
CHANGES = AppPage("interventions.py", "Changes", ":material/flag:", "interventions")
REPORT = AppPage("report.py", "Provider report", ":material/description:", "report")
DATA = AppPage("data.py", "Data", ":material/swap_vert:", "data")
SETTINGS = AppPage("settings.py", "Settings", ":material/tune:", "settings")

PAGES = (LOG, DIARY, CAUSES, PATTERNS, EXPERIMENTS, CHANGES, REPORT, DATA, SETTINGS)
