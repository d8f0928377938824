"""The folders the embedded defaults write to, created before anything opens them.

Every entry point (manage.py, the WSGI server, a Celery worker) loads the apps, and
``LmsConfig.ready()`` calls :func:`ensure_folders` before any command or request can open the
SQLite database, write a cached value, queue a task or store an upload. On a fresh clone
nothing else has to create ``var/`` first, whatever command runs first.
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

# Which environment variable decides each folder, to name it when the folder cannot be made.
_SETTING_FOR = {
    "MEDIA_ROOT": "MEDIA_ROOT",
    "PRIVATE_MEDIA_ROOT": "PRIVATE_MEDIA_ROOT",
    "DATABASE": "DATABASE_URL",
}


def folders_needed(settings) -> list[tuple[Path, str]]:
    """Each folder the configured embedded parts write to, with the variable that sets it."""
    var_dir = Path(settings.VAR_DIR)
    wanted: list[tuple[Path, str]] = [(var_dir, "TAMKEEN_VAR_DIR"), (var_dir / "log", "")]

    database = settings.DATABASES["default"]
    name = str(database.get("NAME") or "")
    if (
        database["ENGINE"] == "django.db.backends.sqlite3"
        and name
        and name != ":memory:"
        and not name.startswith("file:")
    ):
        wanted.append((Path(name).parent, "DATABASE"))

    for cache in settings.CACHES.values():
        if cache["BACKEND"].endswith("filebased.FileBasedCache"):
            wanted.append((Path(cache["LOCATION"]), ""))

    if str(settings.CELERY_BROKER_URL).startswith("filesystem://"):
        options = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {}) or {}
        for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
            if options.get(key):
                wanted.append((Path(options[key]), ""))
    beat_schedule = getattr(settings, "CELERY_BEAT_SCHEDULE_FILENAME", "")
    if beat_schedule:
        wanted.append((Path(beat_schedule).parent, ""))

    wanted.append((Path(settings.MEDIA_ROOT), "MEDIA_ROOT"))
    wanted.append((Path(settings.PRIVATE_MEDIA_ROOT), "PRIVATE_MEDIA_ROOT"))
    return wanted


def ensure_folders(settings) -> list[Path]:
    """Creates every folder of :func:`folders_needed` that is missing; returns those it made.

    A folder that cannot be created stops start-up here, with the folder and the variable to
    change, instead of an ``unable to open database file`` later on.
    """
    var_dir = Path(settings.VAR_DIR)
    made = []
    for folder, key in folders_needed(settings):
        if folder.is_dir():
            continue
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            variable = _SETTING_FOR.get(key, key)
            if not variable or (variable != "TAMKEEN_VAR_DIR" and _inside(folder, var_dir)):
                variable = "TAMKEEN_VAR_DIR"
            raise ImproperlyConfigured(
                f"Tamkeen cannot create the folder {folder} ({error.strerror or error}). "
                f"{variable} is {_current(settings, variable)}: point it at a folder this user "
                f"can write to."
            ) from error
        made.append(folder)
    return made


def _inside(folder: Path, parent: Path) -> bool:
    try:
        folder.resolve().relative_to(parent.resolve())
    except ValueError:
        return False
    return True


def _current(settings, variable: str) -> str:
    values = {
        "TAMKEEN_VAR_DIR": settings.VAR_DIR,
        "MEDIA_ROOT": settings.MEDIA_ROOT,
        "PRIVATE_MEDIA_ROOT": settings.PRIVATE_MEDIA_ROOT,
        "DATABASE_URL": settings.DATABASES["default"].get("NAME"),
    }
    return f'"{values.get(variable, "")}"'
