"""CaseManagement's queries: plans, reports, histories and whether they are intact."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import MapperDeserialisationError, StoredEvent

from application.case_store import CaseStore
from application.encryption import EncryptingMapper
from application.history import HistoryEntry, history_entry, with_originals
from application.log import events_of_type
from application.snapshots import SnapshotSealBroken
from domain.case import Case
from domain.case_view import plan_of
from domain.catalogue import Catalogue
from domain.chain import ChainReport, first_break
from domain.coherence import Coherence, Policy, assess
from domain.exceptions import CaseNotFound, InvalidValue
from domain.plan import Plan
from domain.reports import coherence_report, plan_report


class CaseQueries(CaseStore):
    """CaseManagement's queries: each returns plain data, never a Case."""

    catalogue: Catalogue
    policy: Policy

    def plan(
        self,
        case_id: UUID,
        *,
        version: int | None = None,
        as_of: datetime | None = None,
    ) -> Plan:
        """The plan at the latest version, at version N, or as it stood at time T."""
        if as_of is not None:
            version = self.version_at(case_id, as_of)
        if version is not None and version < 1:
            raise InvalidValue("version", "must be 1 or more")
        case = self.load_case(case_id, version=version)
        if version is not None and case.version != version:
            raise InvalidValue("version", f"the case has only {case.version} versions")
        return plan_of(case)

    def coherence(self, plan: Plan) -> Coherence:
        """The coherence findings and status of a plan under this clinic's policy."""
        return assess(plan, self.catalogue, self.policy)

    def report(
        self,
        case_id: UUID,
        *,
        version: int | None = None,
        as_of: datetime | None = None,
    ) -> dict[str, Any]:
        """Plan and coherence as plain data."""
        plan = self.plan(case_id, version=version, as_of=as_of)
        return {
            "plan": plan_report(plan, self.catalogue),
            "coherence": coherence_report(self.coherence(plan)),
        }

    def version_at(self, case_id: UUID, as_of: datetime) -> int:
        """The last version recorded at or before `as_of`."""
        if as_of.tzinfo is None:
            raise InvalidValue("as_of", "must include a time zone")
        version = 0
        for event in self.stored_events(case_id):
            if event.timestamp > as_of:
                break
            version = event.originator_version
        if version == 0:
            self.load_case(case_id)  # unknown case: not found, not "too early"
            raise InvalidValue("as_of", "the case did not exist yet at that time")
        return version

    def history(self, case_id: UUID) -> list[HistoryEntry]:
        """Every event in order, with who, when and a readable one-line summary;
        a correction also shows the `original` value it replaced."""
        entries = with_originals(
            history_entry(event) for event in self.stored_events(case_id)
        )
        if not entries:
            raise CaseNotFound(case_id)
        return entries

    def verify(
        self, case_id: UUID, witness: Mapping[int, str] | None = None
    ) -> ChainReport:
        """Whether the stored history is intact, and where it first breaks if not;
        `witness` is the chain value of each version as recorded elsewhere."""
        stored = self.recorder.select_events(case_id)
        if not stored:
            raise CaseNotFound(case_id)
        events = []
        for record in stored:
            try:
                events.append(self._stored_form(record))
            except MapperDeserialisationError:  # undecodable bytes: tampering too
                return ChainReport(
                    False,
                    len(events),
                    record.originator_version,
                    "stored bytes do not decode",
                )
        report = first_break(events, self.chain_keys, witness)
        if report.intact:
            return self._check_snapshots(case_id, report)
        return report

    def _stored_form(self, record: StoredEvent) -> object:
        """The event as stored (its text as ciphertext), as the chain sealed it."""
        mapper = self.mapper
        if isinstance(mapper, EncryptingMapper):
            return mapper.stored_form(record)
        return mapper.to_domain_event(record)

    def _check_snapshots(self, case_id: UUID, intact: ChainReport) -> ChainReport:
        """An intact history, unless one of its snapshots was altered (the case
        is then read from its events, but the store was still written to)."""
        snapshots = self.snapshots
        assert snapshots is not None, "cases are snapshotted"
        for stored in snapshots.recorder.select_events(case_id):
            try:
                snapshots.mapper.to_domain_event(stored)
            except (SnapshotSealBroken, MapperDeserialisationError) as error:
                return ChainReport(
                    False, intact.events_checked, stored.originator_version,
                    f"{error}; the case is read from its events",
                )  # fmt: skip
        return intact

    def opened_cases(self) -> list[tuple[str, UUID]]:
        """Every case ever opened, with its client reference, in the order they
        were opened: what `verify --all` walks, one entry per stored case."""
        opened = events_of_type(self, Case.CaseOpened)
        return [(event.client_ref, event.originator_id) for event in opened]

    def directory(self) -> dict[str, UUID]:
        """Every case's client reference and id, in the order they were opened."""
        opened = events_of_type(self, Case.CaseOpened)
        return {event.client_ref: event.originator_id for event in opened}

    def find_case(self, reference: str) -> UUID:
        """A case id from its id or its client reference."""
        try:
            return UUID(reference)
        except ValueError:
            pass
        try:
            return self.directory()[reference]
        except KeyError:
            raise CaseNotFound(reference) from None
