"""release comments are multilingual text

Revision ID: 5b8e2d41c7a3
Revises: 6a7dc8936a77
Create Date: 2026-12-01 21:50:00.000000

"""
from alembic import op
import sqlalchemy as sa

import eventsvc.db


# revision identifiers, used by Alembic.
revision = '5b8e2d41c7a3'
down_revision = '6a7dc8936a77'
branch_labels = None
depends_on = None

_events = sa.table("events", sa.column("id", sa.Integer), sa.column("default_language", sa.String))


def _releases(comment_type):
    return sa.table(
        "releases",
        sa.column("id", sa.Integer),
        sa.column("event_id", sa.Integer),
        sa.column("comment", comment_type),
        sa.column("comment_map", eventsvc.db.I18nText()),
        sa.column("comment_text", sa.Text),
    )


def upgrade():
    # A comment written before was in the event's default language.
    with op.batch_alter_table('releases') as batch:
        batch.add_column(sa.Column('comment_map', eventsvc.db.I18nText(), nullable=True))
    releases = _releases(sa.Text)
    conn = op.get_bind()
    rows = conn.execute(
        sa.select(releases.c.id, releases.c.comment, _events.c.default_language)
        .join(_events, _events.c.id == releases.c.event_id)
        .where(releases.c.comment != "")
    ).all()
    for release_id, comment, language in rows:
        conn.execute(
            releases.update()
            .where(releases.c.id == release_id)
            .values(comment_map={language: comment})
        )
    with op.batch_alter_table('releases') as batch:
        batch.drop_column('comment')
        batch.alter_column('comment_map', new_column_name='comment')


def downgrade():
    # Back to one text: the default language's comment, else any.
    with op.batch_alter_table('releases') as batch:
        batch.add_column(sa.Column('comment_text', sa.Text(), nullable=False, server_default=''))
    releases = _releases(eventsvc.db.I18nText())
    conn = op.get_bind()
    rows = conn.execute(
        sa.select(releases.c.id, releases.c.comment, _events.c.default_language)
        .join(_events, _events.c.id == releases.c.event_id)
        .where(releases.c.comment.is_not(None))
    ).all()
    for release_id, comment, language in rows:
        text = comment.get(language) or next(iter(comment.values()), "")
        conn.execute(
            releases.update().where(releases.c.id == release_id).values(comment_text=text)
        )
    with op.batch_alter_table('releases') as batch:
        batch.drop_column('comment')
        batch.alter_column('comment_text', new_column_name='comment', server_default=None)
