"""Who a command acts as, for the audit trail: `--as EMAIL`, else "command line"."""

from __future__ import annotations

from dataclasses import dataclass

import click
from sqlalchemy import select

from ..auth.models import User
from ..extensions import db


@dataclass(frozen=True)
class Unnamed:
    """An actor without an account: the trail records its label where an email would be."""

    email: str
    id: None = None


COMMAND_LINE = Unnamed("command line")

as_option = click.option(
    "--as",
    "as_email",
    metavar="EMAIL",
    default=None,
    help='Record the changes in the audit trail as this user (default: "command line").',
)


def actor_for(email: str | None):
    if email is None:
        return COMMAND_LINE
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise click.ClickException(f"no user {email}")
    return user
