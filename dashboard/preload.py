"""What the server imports while a browser is still loading the page shell.

After `make run` the first page view waits about 0.8 s for the browser to load
Streamlit's scripts, and only then runs the entry, which imports what the pages need
(SQLAlchemy, SQLModel, the repository; about 0.6 s). `dashboard/serve.py` starts those
imports in a thread when the server starts, so they happen in that wait instead. The
entry waits for the thread before importing anything of its own: two threads importing
the same modules at once could each hold what the other needs.

Only what the first page (Log) needs: the statistics wait until a page has been drawn
(dashboard.ui.resources.warm_imports). Standard library only, so importing this module
costs nothing.
"""

from __future__ import annotations

import importlib
import threading

# The entry's and the Log page's own imports (tests/integration/test_import_boundaries.py
# checks that the Log page imports each, and that none is heavy).
FIRST_PAGE_MODULES = (
    "dashboard.phone.lock",
    "dashboard.ui.resources",
    "dashboard.ui.theme",
    "dashboard.ui.widgets",
    "dashboard.ui.experiment_panels",
    "core.quick_log",
    "db.repository",
    # Streamlit's own, loaded on a first run: the emoji list behind set_page_config's icon
    # (its import compiles a pattern of every emoji, about 0.1 s) and the icon names.
    "streamlit.emojis",
    "streamlit.material_icon_names",
)
_imported = threading.Event()
_started = threading.Lock()


def _import_first_page() -> None:
    try:
        for module in FIRST_PAGE_MODULES:
            try:
                importlib.import_module(module)
            except ImportError:  # the entry imports it again and shows the error there
                pass
    finally:
        _imported.set()


def start() -> None:
    """Import the first page's modules in the background (once; the server's start)."""
    if _started.acquire(blocking=False):
        threading.Thread(target=_import_first_page, name="first-page-imports", daemon=True).start()


def wait() -> None:
    """Return once the background imports are done (at once when none were started)."""
    if _started.locked():
        _imported.wait()
