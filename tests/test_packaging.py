"""An installed wheel carries its templates, config and migrations, and serves a page."""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = """
import eventsvc, eventsvc.paths as paths
from flask_migrate import upgrade
app = eventsvc.create_app("testing", DATABASE_URL="sqlite:///{db}")
with app.app_context():
    upgrade()
response = app.test_client().get("/no-such-page")
print(paths.TEMPLATES.relative_to(paths.TEMPLATES.parents[2]), response.status_code,
      b"</html>" in response.data, eventsvc.__file__.startswith("{site}"))
"""


def test_wheel_installs_and_renders_a_page(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    [wheel] = tmp_path.glob("eventsvc-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "eventsvc/_shipped/templates/base.html" in names
    assert "eventsvc/_shipped/config/default.py" in names
    assert "eventsvc/_shipped/migrations/env.py" in names
    assert "eventsvc/translations/zh/LC_MESSAGES/messages.mo" in names
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    script = SCRIPT.format(db=tmp_path / "w.sqlite", site=site)
    env = {k: v for k, v in os.environ.items() if not k.startswith("EVENTSVC_")}
    # The unpacked wheel first on the path, so `import eventsvc` takes it, not the checkout.
    env["PYTHONPATH"] = str(site)
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.split() == ["eventsvc/_shipped/templates", "404", "True", "True"], (
        result.stderr
    )
