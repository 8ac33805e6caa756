"""eventsvc generate"""

import time

import click
from flask.cli import with_appcontext

from ..errors import DomainError
from ..extensions import db
from ..releases.publish import publish
from ..synthetic.generate import Size, generate
from .schema import ensure_schema_if_empty


@click.command("generate")
@click.option("--event", "slug", required=True, help="Slug of the new event.")
@click.option("--forums", type=click.IntRange(min=1), required=True)
@click.option("--sessions", type=click.IntRange(min=1), required=True)
@click.option("--speakers", type=click.IntRange(min=1), required=True)
@click.option(
    "--days",
    type=click.IntRange(min=1, max=30),
    default=None,
    help="Default: one per 12 forums, 5 at most.",
)
@click.option(
    "--seed",
    type=int,
    default=0,
    show_default=True,
    help="The same seed gives the same conference.",
)
@click.option(
    "--publish/--no-publish",
    "publish_it",
    default=True,
    show_default=True,
    help="Publish the generated agenda as release 1.",
)
@with_appcontext
def command(slug, forums, sessions, speakers, days, seed, publish_it):
    """Create a synthetic conference of the given size, for benchmarks and load tests."""
    ensure_schema_if_empty()
    started = time.perf_counter()
    try:
        event = generate(
            slug,
            Size(forums, sessions, speakers, days),
            seed,
            progress=lambda msg: click.echo(f"  {msg}"),
        )
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc.message)) from exc
    click.echo(f"Generated '{slug}' in {time.perf_counter() - started:.2f} s.")
    if publish_it:
        started = time.perf_counter()
        release = publish(
            db.session.get(type(event), event.id), actor=None, comment="Generated agenda"
        )
        db.session.commit()
        click.echo(
            f"Published release {release.number} in {time.perf_counter() - started:.2f} s "
            f"({len(release.snapshot) / 1e6:.1f} MB snapshot)."
        )
