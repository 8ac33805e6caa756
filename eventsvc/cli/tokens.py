"""eventsvc tokens create"""

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from ..auth.models import User
from ..auth.services import create_api_token
from ..extensions import db
from .schema import require_schema

command = click.Group("tokens", help="Manage API tokens.")


@command.command("create")
@click.argument("email")
@click.option("--label", default="cli", help="A name to tell the token apart in /manage.")
@with_appcontext
def create(email, label):
    """Print a new API token for the user with EMAIL."""
    require_schema()
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise click.ClickException(f"no user {email}")
    _, plain = create_api_token(user, label)
    db.session.commit()
    click.echo(plain)
