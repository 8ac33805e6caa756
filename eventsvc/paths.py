"""Where the files that live beside the package are: templates, config, migrations."""

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
# A wheel carries them in eventsvc/_shipped; a checkout (editable install) has them
# at the top of the repository.
_ROOT = PACKAGE / "_shipped" if (PACKAGE / "_shipped").is_dir() else PACKAGE.parent

TEMPLATES = _ROOT / "templates"
CONFIG = _ROOT / "config"
MIGRATIONS = _ROOT / "migrations"
STATIC = PACKAGE / "static"
TRANSLATIONS = PACKAGE / "translations"
DEMO_DATA = PACKAGE / "demo"
