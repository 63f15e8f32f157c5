"""Where Casebook keeps its data: one setting picks SQLite (default) or PostgreSQL."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from domain.exceptions import InvalidValue

DEFAULT_DATA_DIR = Path("casebook-data")


@dataclass(frozen=True)
class Settings:
    data_dir: Path = DEFAULT_DATA_DIR
    database_url: str | None = None
    """``postgresql+psycopg://user:password@host:port/dbname[?schema=name]``"""

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        return cls(
            data_dir=Path(env.get("CASEBOOK_DATA_DIR", str(DEFAULT_DATA_DIR))),
            database_url=env.get("CASEBOOK_DATABASE_URL") or None,
        )

    @property
    def uses_postgres(self) -> bool:
        return self.database_url is not None

    def event_store_env(self) -> dict[str, str]:
        """The eventsourcing library's settings for the chosen store."""
        if self.database_url is None:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            return {
                "PERSISTENCE_MODULE": "eventsourcing.sqlite",
                "SQLITE_DBNAME": str(self.data_dir / "events.sqlite"),
                "SQLITE_LOCK_TIMEOUT": "10",
            }
        return {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            **_postgres_env(self.database_url),
        }


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
