"""Alembic migrations: a new database and one made by the first release both reach the schema the
models describe, on SQLite and on PostgreSQL (when MASKBOT_TEST_DATABASE_URL is set)."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from bot.store import Store
from bot.store.migrate import FIRST_RELEASE_TABLES
from bot.store.models import Base
from tests.test_store import database_url  # noqa: F401  (the SQLite / PostgreSQL fixture)


def differences(engine) -> list:
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    # Nullability and types match; index and constraint names are ours to choose.
    return [d for d in diff if not (isinstance(d, tuple) and d[0] in ("add_constraint", "remove_constraint"))]


def test_upgrade_from_an_empty_database(database_url):  # noqa: F811
    store = Store(database_url)
    tables = set(inspect(store.engine).get_table_names())
    assert {"alembic_version", "redaction_jobs", "workspace_terms"} | FIRST_RELEASE_TABLES <= tables
    assert differences(store.engine) == []


def test_upgrade_from_the_first_releases_schema_keeps_its_rows(database_url):  # noqa: F811
    engine = create_engine(database_url)
    Base.metadata.create_all(engine, tables=[Base.metadata.tables[name] for name in FIRST_RELEASE_TABLES])
    engine.dispose()
    first = Store.__new__(Store)  # the first release's rows, written before any migration ran
    from sqlalchemy.orm import sessionmaker

    first.engine = create_engine(database_url)
    first._session = sessionmaker(first.engine, expire_on_commit=False)
    first.monitor("CKEEP", by="U1")
    first.engine.dispose()

    store = Store(database_url)
    assert store.monitored() == ["CKEEP"]
    assert store.claim_job("msg:C:1", "C", "1", None, "U", "monitor")
    assert store.set_term("Sierra", "allow") == "sierra"
    assert differences(store.engine) == []
    Store(database_url)  # a second start finds nothing to do
