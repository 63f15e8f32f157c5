"""The eventsourcing library's settings for the chosen event store."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from adapters.files import private_file
from adapters.postgres_store import OrderedRecorder
from domain.exceptions import InvalidValue


def event_store_env(database_url: str | None, data_dir: Path) -> dict[str, str]:
    """`eventsourcing.postgres` at `database_url`, else `eventsourcing.sqlite`
    in one file under `data_dir`."""
    if database_url is None:
        events = private_file(data_dir / "events.sqlite")
        return {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "APPLICATION_RECORDER_TOPIC": "adapters.sqlite_turns:TurnTakingRecorder",
            "SQLITE_DBNAME": str(events),
            "SQLITE_LOCK_TIMEOUT": "10",
        }
    return {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "APPLICATION_RECORDER_TOPIC": "adapters.postgres_store:OrderedRecorder",
        "POSTGRES_ENABLE_DB_FUNCTIONS": "y",
        **_postgres_env(database_url),
    }


def settled_head(recorder: object) -> int | None:
    """The last notification id a reader may pass without missing one committed
    later: on PostgreSQL, the log's head once no insert is in flight
    (adapters/postgres_store.py); None where ids commit in order (SQLite's one
    writer at a time)."""
    if isinstance(recorder, OrderedRecorder):
        return recorder.settled_head()
    return None


def _postgres_env(url: str) -> dict[str, str]:
    parts = urlsplit(url)
    if parts.scheme not in ("postgresql", "postgresql+psycopg", "postgres"):
        raise InvalidValue(
            "CASEBOOK_DATABASE_URL", "must start with postgresql+psycopg://"
        )
    dbname = parts.path.lstrip("/")
    if not dbname:
        raise InvalidValue("CASEBOOK_DATABASE_URL", "must name a database")
    env = {
        "POSTGRES_DBNAME": dbname,
        "POSTGRES_HOST": parts.hostname or "127.0.0.1",
        "POSTGRES_PORT": str(parts.port or 5432),
        "POSTGRES_USER": unquote(parts.username or "postgres"),
        "POSTGRES_PASSWORD": unquote(parts.password or ""),
    }
    for pair in parts.query.split("&"):
        key, _, value = pair.partition("=")
        if key == "schema" and value:
            env["POSTGRES_SCHEMA"] = value
    return env
