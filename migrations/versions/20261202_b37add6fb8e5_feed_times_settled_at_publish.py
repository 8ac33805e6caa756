"""feeds' Last-Modified settled at publish: releases.feed_times, users.stars_changed_at;
feed_stamps (written by feed reads) dropped

Revision ID: b37add6fb8e5
Revises: 5b8e2d41c7a3
Create Date: 2026-12-02 01:10:00.000000

"""

from alembic import op
import sqlalchemy as sa

import eventsvc.db


# revision identifiers, used by Alembic.
revision = "b37add6fb8e5"
down_revision = "5b8e2d41c7a3"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("releases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("feed_times", sa.Text(), nullable=True))
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("stars_changed_at", eventsvc.db.UTCDateTime(), nullable=True))
    # Releases already published keep no feed times: their feeds read as published then.
    op.drop_table("feed_stamps")


def downgrade():
    op.create_table(
        "feed_stamps",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("etag", sa.String(length=64), nullable=False),
        sa.Column("since", eventsvc.db.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_feed_stamps")),
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("stars_changed_at")
    with op.batch_alter_table("releases", schema=None) as batch_op:
        batch_op.drop_column("feed_times")
