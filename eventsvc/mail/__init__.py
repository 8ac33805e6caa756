"""Outgoing mail: queued in the writer's transaction, delivered after it commits.

`queue()` adds a message to the outbox (models.py) in the current transaction; when that
transaction commits, the messages it queued are sent (hooks.py). A failure is logged and
retried with back-off by the next `deliver_pending()` pass (`eventsvc mail deliver --loop`);
it never raises into the code that queued the message.
"""

from .delivery import deliver_pending
from .outbox import queue

__all__ = ["deliver_pending", "queue"]
