"""Every read and write of the diary. The only package that opens database sessions.

Each public function takes the engine, opens one short session and, when it
writes, does all of its work in one transaction: it either happens whole or
not at all. Import from here; the modules behind it are named after what they
hold (episodes, nights, reads, context, imports, profile, interventions, experiments,
medicines, replace).
"""

from core.files.import_plan import ImportSummary
from db.repository.context import (
    ImportRecord,
    apply_context_import,
    cached_weather,
    clear_imported_value,
    list_context_imports,
    list_value_sources,
    nights_with_blank,
    preview_context_import,
    store_weather,
    undo_context_import,
    value_sources,
)
from db.repository.episodes import (
    add_episode,
    delete_episode,
    get_episode,
    last_muscle_and_side,
    update_episode,
)
from db.repository.experiments import (
    current_experiment,
    delete_experiment,
    extend_experiment,
    list_experiments,
    pause_experiment,
    record_adherence,
    resume_experiment,
    start_experiment,
    stop_experiment,
)
from db.repository.imports import import_diary
from db.repository.interventions import (
    delete_intervention,
    list_interventions,
    save_intervention,
)
from db.repository.medicines import (
    delete_medicine,
    import_medicines,
    list_medicines,
    save_medicine,
    stop_medicine,
)
from db.repository.nights import (
    check_in_cramp_free,
    delete_night,
    get_night_context,
    update_night_context,
)
from db.repository.profile import get_profile, save_profile
from db.repository.reads import diary_span, list_records, load_frames
from db.repository.replace import replace_diary
from db.repository.sessions import diary_version

__all__ = [
    "ImportRecord",
    "ImportSummary",
    "add_episode",
    "apply_context_import",
    "cached_weather",
    "clear_imported_value",
    "list_context_imports",
    "list_value_sources",
    "nights_with_blank",
    "preview_context_import",
    "store_weather",
    "undo_context_import",
    "value_sources",
    "check_in_cramp_free",
    "current_experiment",
    "delete_episode",
    "delete_experiment",
    "delete_intervention",
    "delete_medicine",
    "delete_night",
    "diary_span",
    "diary_version",
    "extend_experiment",
    "get_episode",
    "get_night_context",
    "get_profile",
    "import_diary",
    "import_medicines",
    "last_muscle_and_side",
    "list_experiments",
    "list_interventions",
    "list_medicines",
    "list_records",
    "load_frames",
    "pause_experiment",
    "record_adherence",
    "replace_diary",
    "resume_experiment",
    "save_intervention",
    "save_medicine",
    "save_profile",
    "start_experiment",
    "stop_experiment",
    "stop_medicine",
    "update_episode",
    "update_night_context",
]
