"""eventsvc generate (placeholder replaced below)"""
import click
command = click.Command("generate")
