"""sessions', events' and forums' times held within sane years (CHECKs; see sessions/times.py)

Revision ID: e4c1d7a9b2f0
Revises: e51d0c7a9b24
Create Date: 2026-12-02 04:30:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "e4c1d7a9b2f0"
down_revision = "e51d0c7a9b24"
branch_labels = None
depends_on = None

# Written out rather than imported: a migration keeps the bound it was written with.
SESSIONS = "start_at >= '1900-01-01' AND end_at < '2200-01-01'"
EVENTS = "start_date >= '1950-01-01' AND end_date <= '2150-12-31'"
FORUMS = (
    "(start_date IS NULL OR start_date BETWEEN '1950-01-01' AND '2150-12-31') AND "
    "(end_date IS NULL OR end_date BETWEEN '1950-01-01' AND '2150-12-31')"
)
CHECKS = (("sessions", "uid", SESSIONS), ("events", "slug", EVENTS), ("forums", "slug", FORUMS))


def upgrade():
    # Rows outside the bound cannot be given new times here: name them, so they are edited
    # (or removed) first, rather than failing on a constraint violation that names none.
    connection = op.get_bind()
    for table, name, check in CHECKS:
        outside = connection.execute(
            sa.text(f"SELECT {name} FROM {table} WHERE NOT ({check})")
        ).scalars().all()
        if outside:
            raise RuntimeError(
                f"{table} outside the years this version stores: {', '.join(outside[:20])}; "
                "edit their dates, then upgrade again"
            )
    for table, _name, check in CHECKS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_check_constraint(batch_op.f(f"ck_{table}_within_years"), check)


def downgrade():
    for table, _name, _check in reversed(CHECKS):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f"ck_{table}_within_years"), type_="check")
