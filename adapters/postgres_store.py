"""The event store on PostgreSQL: the library's fast insert, read in commit order.

eventsourcing 9.5 serialises every insert with an EXCLUSIVE lock on the whole
events table, so that notification ids become visible in the order they were
given: a reader that saw id 11 may not later find id 10 committed. Its database
function (`POSTGRES_ENABLE_DB_FUNCTIONS`) inserts without that lock, at 0.56 of
raw concurrent inserts against 0.18 with it, but then ids can commit out of
order, and a projector that moved past a gap would lose the event for good.

This recorder keeps the function and the order: every insert holds a shared
advisory lock until it commits, and a reader asks for the log's head under the
exclusive form of the same lock (`settled_head`), which waits for the inserts in
flight and holds new ones back for that one query. Every id up to that head is
then committed or never will be (a rolled-back insert leaves a hole forever).
"""

from __future__ import annotations

from typing import Any

from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from psycopg.sql import SQL, Identifier, Literal

ORDER_LOCK = 0x6F726472  # "ordr": the first half of the advisory lock's key


class OrderedRecorder(PostgresApplicationRecorder):
    """The library's recorder, its insert function holding the shared order lock."""

    def __init__(self, datastore: PostgresDatastore, **kwargs: Any) -> None:
        super().__init__(datastore, **kwargs)
        table = f"{datastore.schema}.{self.events_table_name}"
        self.order_lock = SQL("{0}, hashtext({1})").format(ORDER_LOCK, Literal(table))
        function = SQL(
            "CREATE OR REPLACE FUNCTION "
            "{schema}.{insert_events}(events {schema}.{event}[]) "
            "RETURNS SETOF bigint LANGUAGE plpgsql AS $BODY$ "
            "BEGIN "
            "SET LOCAL lock_timeout = '{lock_timeout}s'; "
            "PERFORM pg_advisory_xact_lock_shared({order_lock}); "
            "NOTIFY {channel}; "
            "RETURN QUERY INSERT INTO {schema}.{table} AS t "
            "(originator_id, originator_version, topic, state) "
            "SELECT originator_id, originator_version, topic, state "
            "FROM unnest(events) RETURNING notification_id; "
            "END; $BODY$"
        ).format(
            schema=Identifier(datastore.schema),
            insert_events=Identifier(self.pg_function_name_insert_events),
            event=Identifier(self.stored_event_type_name),
            lock_timeout=datastore.lock_timeout,
            order_lock=self.order_lock,
            channel=Identifier(self.channel_name),
            table=Identifier(self.events_table_name),
        )
        self.sql_create_pg_function_insert_events = function
        self.sql_create_statements[self.create_insert_function_statement_index] = (
            function
        )
        settled = Identifier(f"{self.events_table_name}_settled_head")
        self.sql_create_statements.append(
            SQL(
                "CREATE OR REPLACE FUNCTION {schema}.{settled}() "
                "RETURNS bigint LANGUAGE plpgsql AS $BODY$ "
                "BEGIN "
                "PERFORM pg_advisory_xact_lock({order_lock}); "
                "RETURN (SELECT max(notification_id) FROM {schema}.{table}); "
                "END; $BODY$"
            ).format(
                schema=Identifier(datastore.schema),
                settled=settled,
                order_lock=self.order_lock,
                table=Identifier(self.events_table_name),
            )
        )
        self.settled_head_statement = SQL("SELECT {0}.{1}() AS head").format(
            Identifier(datastore.schema), settled
        )

    def settled_head(self) -> int:
        """The log's last notification id, once no insert is in flight: every
        id up to it is committed or never will be (one round trip: the lock is
        taken and the head read inside a function)."""
        with self.datastore.get_connection() as connection:
            row = connection.execute(
                self.settled_head_statement, prepare=True
            ).fetchone()
            return int(row["head"] or 0) if row else 0
