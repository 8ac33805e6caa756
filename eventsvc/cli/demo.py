"""eventsvc demo"""

import click
from flask.cli import with_appcontext

from ..demo.loader import load_demo
from ..extensions import db
from .schema import ensure_schema


@click.command("demo")
@with_appcontext
def command():
    """Create the schema if needed and load the Zhongguancun Forum 2024 demo."""
    ensure_schema()
    event = load_demo()
    db.session.commit()
    if event is None:
        click.echo("The demo is already loaded: nothing changed.")
    else:
        click.echo(f"Loaded the demo event '{event.slug}' and published release 1.")
