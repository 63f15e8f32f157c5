"""Events that carry their envelope and seal themselves into their aggregate's chain."""

from __future__ import annotations

from dataclasses import field
from typing import Any

from eventsourcing.domain import Aggregate

from domain.envelope import current_actor_id, current_actor_role, current_correlation_id


class SealedEvent(Aggregate.Event):
    """Who did it, for which request, and the chain value that makes edits visible.

    A new event's chain value is empty until its application seals it, with a
    key the domain never sees, as it saves it (`application/sealing.py`). The
    aggregate keeps `chain_values`, `kinds` and `recorded_at` (ISO times), one
    entry per version.
    """

    actor_id: str = field(default_factory=current_actor_id, kw_only=True)
    actor_role: str = field(default_factory=current_actor_role, kw_only=True)
    correlation_id: str = field(default_factory=current_correlation_id, kw_only=True)
    chain: str = field(default="", kw_only=True)

    def mutate(self, aggregate: Any) -> Any:
        aggregate = super().mutate(aggregate)
        aggregate.chain_values.append(self.chain)
        aggregate.kinds.append(type(self).__name__)
        aggregate.recorded_at.append(self.timestamp.isoformat())
        return aggregate
