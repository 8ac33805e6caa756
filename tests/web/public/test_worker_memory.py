"""A process that only serves public reads never loads pypinyin (about 60 MB a worker):
names are romanised when they are saved, not when they are read."""

import subprocess
import sys
from pathlib import Path

READER = """
import sys
from eventsvc import create_app
client = create_app("testing", DATABASE_URL=sys.argv[1]).test_client()
slug = sys.argv[2]
for url in (f"/events/{slug}", f"/events/{slug}/speakers", f"/events/{slug}/timetable",
            f"/api/v1/events/{slug}/speakers", f"/events/{slug}/calendar.ics"):
    for language in ("en", "zh"):
        assert client.get(url, headers={"Accept-Language": language}).status_code == 200, url
print("pypinyin" in sys.modules)
"""


def test_public_reads_leave_pypinyin_unloaded(app, demo):
    done = subprocess.run(
        [sys.executable, "-c", READER, app.config["DATABASE_URL"], demo],
        check=True,
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[3],
    )
    assert done.stdout.strip() == "False"
