"""The migrations build exactly the models' schema, and go down and up again."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from eventsvc.extensions import db


def _differences():
    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "render_as_batch": True}
        )
        return compare_metadata(context, db.metadata)


def test_autogenerate_finds_no_difference_between_models_and_migrations(ctx):
    assert _differences() == []


def test_downgrade_to_base_and_upgrade_again(ctx):
    db.session.remove()
    downgrade(revision="base")
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
    upgrade()
    assert set(inspect(db.engine).get_table_names()) == set(db.metadata.tables) | {
        "alembic_version"
    }
    assert _differences() == []


def test_absent_texts_stored_as_json_null_become_sql_null(ctx):
    """Rows written before e51d0c7a9b24 hold JSON null; after it, SQL NULL (read alike)."""
    db.session.remove()
    downgrade(revision="b37add6fb8e5")
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO events (slug, name, timezone, default_language, languages,"
                " start_date, end_date, description, venue)"
                " VALUES ('e', '{\"en\": \"E\"}', 'Asia/Shanghai', 'en', '[\"en\"]',"
                " '2024-04-25', '2024-04-29', 'null', '{\"en\": \"Hall\"}')"
            )
        )
    upgrade()
    with db.engine.connect() as conn:
        row = conn.execute(
            text("SELECT description IS NULL, venue IS NULL FROM events WHERE slug = 'e'")
        ).one()
    assert tuple(row) == (True, False)
