"""release notifications: PostgreSQL tells every listening process when releases change

Revision ID: 3c1f5a7d9e20
Revises: 5f21ef8be2f5
Create Date: 2026-11-29 00:40:00

Processes remember each event's newest release (eventsvc/agenda/watch.py) and forget it
when they hear NOTIFY eventsvc_releases. Triggers send it, so that every change is heard
whoever makes it: a publish, a restore, an event removed, a hand-written UPDATE. One
notice per statement; PostgreSQL folds a transaction's identical notices into one, sent
at commit. SQLite has no NOTIFY: there the watch asks on every request (in-process, cheap).
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '3c1f5a7d9e20'
down_revision = '5f21ef8be2f5'
branch_labels = None
depends_on = None

TRIGGERS = {
    "releases_changed": "INSERT OR UPDATE OR DELETE OR TRUNCATE ON releases",
    "events_changed": "UPDATE OF slug OR DELETE OR TRUNCATE ON events",
}


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("""
        CREATE OR REPLACE FUNCTION eventsvc_releases_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('eventsvc_releases', '');
            RETURN NULL;
        END $$
    """)
    for name, on in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} AFTER {on} FOR EACH STATEMENT EXECUTE FUNCTION eventsvc_releases_changed()")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, on in TRIGGERS.items():
        op.execute(f"DROP TRIGGER {name} ON {on.rsplit(' ', 1)[1]}")
    op.execute("DROP FUNCTION eventsvc_releases_changed()")
