"""eventsvc: agendas, speakers, releases and calendar feeds for multi-forum conferences."""

from .app import create_app

__all__ = ["create_app"]
