"""Where Casebook keeps its data and which clinic configuration it follows."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from adapters.event_store import event_store_env
from domain.exceptions import InvalidValue

DEFAULT_DATA_DIR = Path("casebook-data")


@dataclass(frozen=True)
class Settings:
    data_dir: Path = DEFAULT_DATA_DIR
    database_url: str | None = None
    """``postgresql+psycopg://user:password@host:port/dbname[?schema=name]``;
    None keeps everything in SQLite files under `data_dir`."""
    policy_file: Path | None = None
    """A clinic's coherence policy and catalogue extension (TOML or JSON)."""
    key_dir: Path | None = None
    """Where the key files live, apart from the data; by default a folder
    beside the data directory, named after it (`casebook-data-keys`)."""
    idle_minutes: int = 15
    """A review-room session unused this long is signed out."""
    tls: bool = False
    """The clinic serves Casebook over HTTPS: session cookies are Secure."""
    retention_years: int = 7
    """How long after its closure a case's text is kept before it may be erased."""
    projector_apart: bool = False
    """A projector process of its own (`casebook project --follow`) keeps the
    read models: a write waits for it instead of projecting in its request."""
    projection_wait: float = 5.0
    """How long, in seconds, a write waits at most for that projector."""

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        policy_file = env.get("CASEBOOK_POLICY_FILE")
        key_dir = env.get("CASEBOOK_KEY_DIR")
        return cls(
            idle_minutes=_minutes(env.get("CASEBOOK_IDLE_MINUTES", "15")),
            tls=env.get("CASEBOOK_TLS", "").lower() in ("1", "true", "yes", "on"),
            retention_years=_years(env.get("CASEBOOK_RETENTION_YEARS", "7")),
            projector_apart=_projection(env.get("CASEBOOK_PROJECTION") or "in-request"),
            projection_wait=_wait(env.get("CASEBOOK_PROJECTION_WAIT") or "5"),
            data_dir=Path(env.get("CASEBOOK_DATA_DIR", str(DEFAULT_DATA_DIR))),
            database_url=env.get("CASEBOOK_DATABASE_URL") or None,
            policy_file=Path(policy_file) if policy_file else None,
            key_dir=Path(key_dir) if key_dir else None,
        )

    @property
    def keys(self) -> Path:
        """The folder of the key files."""
        if self.key_dir is not None:
            return self.key_dir
        return self.data_dir.with_name(f"{self.data_dir.name}-keys")

    @property
    def retention(self) -> timedelta:
        return timedelta(days=round(365.25 * self.retention_years))

    @property
    def uses_postgres(self) -> bool:
        return self.database_url is not None

    def event_store_env(self) -> dict[str, str]:
        """The eventsourcing library's settings for the chosen store."""
        return event_store_env(self.database_url, self.data_dir)


def _minutes(value: str) -> int:
    """CASEBOOK_IDLE_MINUTES: a whole number of minutes, 1 to 1440."""
    if not value.isdigit() or not 1 <= int(value) <= 1440:
        raise InvalidValue(
            "CASEBOOK_IDLE_MINUTES",
            f"must be a whole number of minutes from 1 to 1440, not {value!r}",
        )
    return int(value)


def _years(value: str) -> int:
    """CASEBOOK_RETENTION_YEARS: a whole number of years, 0 to 100."""
    if not value.isdigit() or int(value) > 100:
        raise InvalidValue(
            "CASEBOOK_RETENTION_YEARS",
            f"must be a whole number of years from 0 to 100, not {value!r}",
        )
    return int(value)


def _projection(value: str) -> bool:
    """CASEBOOK_PROJECTION: `in-request` (the default) or `follower`."""
    if value not in ("in-request", "follower"):
        raise InvalidValue(
            "CASEBOOK_PROJECTION", f"must be in-request or follower, not {value!r}"
        )
    return value == "follower"


def _wait(value: str) -> float:
    """CASEBOOK_PROJECTION_WAIT: seconds, more than 0 and at most 60."""
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds <= 60:
        raise InvalidValue(
            "CASEBOOK_PROJECTION_WAIT",
            f"must be a number of seconds above 0 and at most 60, not {value!r}",
        )
    return seconds
