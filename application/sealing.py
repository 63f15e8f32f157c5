"""Sealing new events into their aggregate's chain, with a key the domain never sees."""

from __future__ import annotations

from typing import Any

from eventsourcing.application import Application
from eventsourcing.utils import get_topic

from adapters.data_keys import DataKeys
from adapters.keys import KeyRing, integrity_keys
from application.settings import Settings
from domain.case import Case
from domain.chain import GENESIS, ChainKeys, chain_value_of


def chain_keys_for(app: Application[Any], settings: Settings) -> KeyRing:
    """The integrity keys of the store the application opened: created on the
    first start of an empty store, required by one with a history."""
    empty = not app.recorder.max_notification_id()
    return integrity_keys(settings.keys, store_is_empty=empty)


def data_keys_for(app: Application[Any], settings: Settings) -> DataKeys:
    """The store of each case's data key, wrapped by the master keys: created
    on the first start of a store without cases, required by one with cases."""
    opened = get_topic(Case.CaseOpened)
    cases = app.recorder.select_notifications(1, 1, topics=[opened])
    return DataKeys(settings.keys, store_is_empty=not cases)


def seal_pending(aggregate: Any, keys: ChainKeys) -> None:
    """Give each of the aggregate's pending events its chain value, in order,
    each sealing the one before; the aggregate's `chain_values` follow."""
    pending = aggregate.pending_events
    values: list[str] = aggregate.chain_values
    start = len(values) - len(pending)
    previous = values[start - 1] if start > 0 else GENESIS
    for offset, event in enumerate(pending):
        if not event.chain:
            object.__setattr__(event, "chain", chain_value_of(previous, event, keys))
            values[start + offset] = event.chain
        previous = event.chain
