"""Build hook: compile the interface's message catalogs (.po to .mo) whenever the package is
built or installed, editable installs included, so no install can miss them."""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CompileCatalogs(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version, build_data):
        root = Path(self.root)
        for po in sorted(root.glob("eventsvc/translations/*/LC_MESSAGES/*.po")):
            with po.open("rb") as source:
                catalog = read_po(source)
            with po.with_suffix(".mo").open("wb") as target:
                write_mo(target, catalog)
            # .mo files are git-ignored (built, not kept); artifacts ship them all the same.
            build_data["artifacts"].append(po.with_suffix(".mo").relative_to(root).as_posix())
