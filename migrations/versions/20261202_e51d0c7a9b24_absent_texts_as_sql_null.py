"""absent multilingual texts and lists are SQL NULL, not JSON null

Revision ID: e51d0c7a9b24
Revises: b37add6fb8e5
Create Date: 2026-12-02 04:15:00.000000

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "e51d0c7a9b24"
down_revision = "b37add6fb8e5"
branch_labels = None
depends_on = None

# The optional JSON columns (eventsvc.db.I18nText and JSONList). Reading JSON null costs a
# decoding per row; SQL NULL costs none, and reads the same (None).
COLUMNS = {
    "events": ("venue", "description"),
    "forums": ("theme", "description", "venue"),
    "organizations": ("short_name",),
    "releases": ("comment",),
    "rooms": ("venue",),
    "sessions": ("description", "subtitle", "details", "links"),
    "speakers": ("honorific", "title", "affiliation", "bio"),
    "appearances": ("title", "affiliation"),
}


def upgrade():
    null = "'null'::jsonb" if op.get_bind().dialect.name == "postgresql" else "'null'"
    for table, columns in COLUMNS.items():
        for column in columns:
            op.execute(f"UPDATE {table} SET {column} = NULL WHERE {column} = {null}")


def downgrade():
    # Both read as None: nothing to undo.
    pass
