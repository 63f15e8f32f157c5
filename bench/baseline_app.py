"""Minimal endpoints the HTTP benchmarks compare Casebook against, same server."""

from __future__ import annotations

import os
import sqlite3
import threading
from typing import TYPE_CHECKING

from flask import Flask, jsonify

if TYPE_CHECKING:
    import psycopg

app = Flask("baseline")
DATABASE = os.environ.get("BASELINE_SQLITE", "")
POSTGRES = os.environ.get("BASELINE_POSTGRES", "")
"""A libpq conninfo whose search_path leads to a `rows` table the bench made."""


@app.get("/ping")
def ping() -> object:
    return jsonify(ok=True)


_connections: dict[tuple[int, int], sqlite3.Connection] = {}


def _connection() -> sqlite3.Connection:
    """One connection per worker process and thread, as the event store keeps."""
    held = (os.getpid(), threading.get_ident())
    if held not in _connections:
        connection = sqlite3.connect(DATABASE, timeout=30, isolation_level=None)
        connection.execute("PRAGMA journal_mode=WAL")
        _connections[held] = connection
    return _connections[held]


@app.post("/insert")
def insert() -> object:
    """One raw insert and commit, with the event store's durability settings."""
    connection = _connection()
    connection.execute("BEGIN IMMEDIATE")
    connection.execute("INSERT INTO rows (payload) VALUES (?)", ("x" * 600,))
    connection.execute("COMMIT")
    return jsonify(ok=True), 201


_pg_connections: dict[tuple[int, int], psycopg.Connection[tuple[object, ...]]] = {}


@app.post("/insert-pg")
def insert_pg() -> object:
    """One raw insert and commit on PostgreSQL, over one connection per worker
    process (and thread, under --threads), as Casebook's workers hold theirs."""
    import psycopg

    held = (os.getpid(), threading.get_ident())
    if held not in _pg_connections:
        _pg_connections[held] = psycopg.connect(POSTGRES)
    connection = _pg_connections[held]
    connection.execute("INSERT INTO rows (payload) VALUES (%s)", ("x" * 600,))
    connection.commit()
    return jsonify(ok=True), 201


def create_app() -> Flask:
    return app
