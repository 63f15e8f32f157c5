"""Events that carry their envelope and seal themselves into their aggregate's chain."""

from __future__ import annotations

from dataclasses import field
from typing import Any

from eventsourcing.domain import Aggregate

from domain.chain import GENESIS, chain_value_of
from domain.envelope import current_actor_id, current_actor_role, current_correlation_id


class SealedEvent(Aggregate.Event):
    """Who did it, for which request, and the chain value that makes edits visible.

    The aggregate keeps `chain_values`, `kinds` and `recorded_at` (ISO times),
    one entry per version.
    """

    actor_id: str = field(default_factory=current_actor_id, kw_only=True)
    actor_role: str = field(default_factory=current_actor_role, kw_only=True)
    correlation_id: str = field(default_factory=current_correlation_id, kw_only=True)
    chain: str = field(default="", kw_only=True)

    def mutate(self, aggregate: Any) -> Any:
        chain_values = getattr(aggregate, "chain_values", None)
        previous = chain_values[-1] if chain_values else GENESIS
        aggregate = super().mutate(aggregate)
        if not self.chain:  # a new event: seal it; a stored one keeps its value
            object.__setattr__(self, "chain", chain_value_of(previous, self))
        aggregate.chain_values.append(self.chain)
        aggregate.kinds.append(type(self).__name__)
        aggregate.recorded_at.append(self.timestamp.isoformat())
        return aggregate
