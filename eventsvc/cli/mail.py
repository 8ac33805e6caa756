"""eventsvc mail deliver"""

import time

import click
from flask.cli import with_appcontext

from ..mail import deliver_pending

command = click.Group("mail", help="Outgoing mail.")


@command.command("deliver")
@click.option("--loop", is_flag=True, help="Keep delivering until stopped (for production).")
@click.option(
    "--interval",
    default=30.0,
    show_default=True,
    type=click.FloatRange(min=1),
    help="Seconds between passes with --loop.",
)
@with_appcontext
def deliver(loop, interval):
    """Send the messages that are due: those not sent after their commit, and retries."""
    while True:
        report = deliver_pending()
        if report.sent or report.retrying or report.failed or not loop:
            click.echo(f"sent {report.sent}, to retry {report.retrying}, failed {report.failed}")
        if not loop:
            return
        time.sleep(interval)
