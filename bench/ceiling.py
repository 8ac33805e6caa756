"""The ceiling for bench/pages.py: a minimal Flask app answering a fixed body of a given size."""

from flask import Flask, Response

app = Flask(__name__)
_bodies: dict[int, bytes] = {}


@app.get("/bytes/<int:size>")
def fixed(size: int):
    body = _bodies.get(size)
    if body is None:
        body = _bodies.setdefault(size, b"x" * size)
    return Response(body, mimetype="text/html")
