"""The app's pages, declared once: the entry file routes to them, the bench times them and
the browser tests visit them, all from this table."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ENTRY = Path(__file__).with_name("app.py")
# What `streamlit run` serves: the entry behind the guard (dashboard/serve.py).
SERVED = Path(__file__).with_name("serve.py")


@dataclass(frozen=True)
class AppPage:
    """One page of the navigation, in the order the sidebar lists it."""

    file: str  # the page's script, relative to the entry file (how Streamlit names a page)
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
        """A short name for the page (its address): test ids, screenshot files."""
        return self.url_path


LOG = AppPage("app_pages/log_page.py", "Log", ":material/edit_note:", "log", default=True)
DIARY = AppPage("app_pages/diary_page.py", "Diary", ":material/calendar_month:", "diary")
CAUSES = AppPage("app_pages/causes_page.py", "Causes & advice", ":material/lightbulb:", "causes")
PATTERNS = AppPage("app_pages/patterns_page.py", "Patterns", ":material/monitoring:", "patterns")
EXPERIMENTS = AppPage(
    "app_pages/experiments_page.py", "Experiments", ":material/science:", "experiments"
)
CHANGES = AppPage("app_pages/changes_page.py", "Changes", ":material/flag:", "interventions")
MEDICINES = AppPage(
    "app_pages/medicines_page.py", "Medicines", ":material/medication:", "medicines"
)
REPORT = AppPage("app_pages/report_page.py", "Provider report", ":material/description:", "report")
DATA = AppPage("app_pages/data_page.py", "Data", ":material/swap_vert:", "data")
SETTINGS = AppPage("app_pages/settings_page.py", "Settings", ":material/tune:", "settings")

PAGES = (LOG, DIARY, CAUSES, PATTERNS, EXPERIMENTS, CHANGES, MEDICINES, REPORT, DATA, SETTINGS)
