"""Where the files that live beside the package are: templates, config, migrations."""

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
# A wheel carries them in eventsvc/_shipped; a checkout (editable install) has them
# at the top of the repository.
_ROOT = _PACKAGE / "_shipped" if (_PACKAGE / "_shipped").is_dir() else _PACKAGE.parent

TEMPLATES = _ROOT / "templates"
CONFIG = _ROOT / "config"
MIGRATIONS = _ROOT / "migrations"
STATIC = _PACKAGE / "static"
TRANSLATIONS = _PACKAGE / "translations"
DEMO_DATA = _PACKAGE / "demo"
