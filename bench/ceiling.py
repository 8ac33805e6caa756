"""The ceiling for bench/pages.py: a minimal Flask app answering the bytes of a file as they are.

`/bodies/NAME` answers the file NAME of the folder BENCH_CEILING_BODIES, read once; a name
ending in .gz is sent with `Content-Encoding: gzip`, as eventsvc sends its compressed copy.
"""

import os
from pathlib import Path

from flask import Flask, Response

app = Flask(__name__)
_bodies: dict[str, bytes] = {}


@app.get("/bodies/<name>")
def body(name: str):
    found = _bodies.get(name)
    if found is None:
        found = _bodies.setdefault(
            name, (Path(os.environ["BENCH_CEILING_BODIES"]) / name).read_bytes()
        )
    response = Response(found, mimetype="text/html")
    if name.endswith(".gz"):
        response.content_encoding = "gzip"
        response.vary.add("Accept-Encoding")
    return response
