"""A client reference belongs to one case: its claim is an aggregate of its own."""

from __future__ import annotations

from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate

NAMESPACE = UUID("5b0c4f1e-8a52-4bd4-9a43-7c0f6d2e91a3")


class ClientReference(Aggregate):
    """The claim of one client reference by one case. Its id is derived from
    the reference, so a second claim is a second version 1 of the same
    aggregate, which the event store refuses in the same transaction as the
    case that made it: two cases never share a reference, even when they
    are opened at the same moment."""

    def __init__(self, client_ref: str, case_id: UUID) -> None:
        self.client_ref = client_ref
        self.case_id = case_id

    @staticmethod
    def create_id(client_ref: str, case_id: UUID) -> UUID:
        return claim_id(client_ref)


def claim_id(client_ref: str) -> UUID:
    return uuid5(NAMESPACE, client_ref)
