"""Storing cases for CaseManagement: sealed as saved, read from snapshot or events."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import OriginatorIDError, OriginatorVersionError
from eventsourcing.persistence import (
    EventStore,
    IntegrityError,
    JSONTranscoder,
    Mapper,
    MapperDeserialisationError,
    Recording,
)
from eventsourcing.utils import TopicError

from adapters.keys import KeyRing
from application.encryption import EncryptingMapper, encrypt_pending
from application.held_cases import HeldCases
from application.sealing import seal_pending
from application.snapshots import SealedSnapshots, SnapshotErased, SnapshotSealBroken
from application.transcodings import register_entry_transcodings
from domain.case import Case
from domain.envelope import current_envelope
from domain.exceptions import CaseNotFound, HistoryDamaged, VersionConflict
from domain.free_text import TextCipher

logger = logging.getLogger("casebook.cases")


@dataclass(frozen=True)
class Recorded:
    """What a command returns: the case's new version and its place in the log."""

    case_id: UUID
    version: int
    notification_id: int


class CaseStore(Application[UUID]):
    """Saving, sealing, loading and folding cases (CaseManagement's storage)."""

    chain_keys: KeyRing
    text_cipher: TextCipher
    held: HeldCases

    def save(self, *objs: Any, **kwargs: Any) -> list[Recording[UUID]]:
        """Encrypt each new event's free text and seal the event, as it will be
        stored, into its case's chain; then store it."""
        for obj in objs:
            if isinstance(obj, Case):
                encrypt_pending(obj, self.text_cipher)
                seal_pending(obj, self.chain_keys)
        return super().save(*objs, **kwargs)

    def construct_mapper(self) -> Mapper[UUID]:
        return EncryptingMapper(self.construct_transcoder(), lambda: self.text_cipher)

    def construct_snapshot_store(self) -> EventStore[UUID]:
        recorder = self.factory.aggregate_recorder(purpose="snapshots")
        mapper = SealedSnapshots(self.mapper.transcoder, lambda: self.chain_keys,
                                 lambda: self.text_cipher)  # fmt: skip
        return self.factory.event_store(mapper=mapper, recorder=recorder)

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        register_entry_transcodings(transcoder)

    def load_case(
        self, case_id: UUID, version: int | None = None, *, from_store: bool = False
    ) -> Case:
        """The case at its latest version or at `version`: the held case
        brought up to date (when it is not past `version`, and unless
        `from_store`), else from its snapshot on, else from its events alone
        when the snapshot is not as it was taken."""
        held = None if from_store else self._held_case(case_id, version)
        if held is not None:
            return held
        case = self._stored_case(case_id, version)
        self.held.put(case)  # an earlier version is brought up to date when asked
        return case

    def _held_case(self, case_id: UUID, upto: int | None) -> Case | None:
        """The held case, with what the store recorded since (up to `upto`)
        applied to it, once the store still holds its last event as it was (a
        history cut short or a head edited is the store's to say: it is loaded
        anew)."""
        case = self.held.get(case_id)
        if case is None or (upto is not None and case.version > upto):
            return None
        try:
            head, *since = self.stored_events(
                case_id, after=case.version - 1, upto=upto
            )
            if (head.originator_version, head.chain) != (
                case.version, case.chain_values[-1]
            ):
                raise HistoryDamaged(case.version, "not as held")
            for event in since:
                case = event.mutate(case)
        except (ValueError, HistoryDamaged, OriginatorVersionError):
            self.held.drop(case_id)  # the store's own path says what is wrong
            return None
        if upto is not None and case.version != upto:
            return None  # the store does not reach `upto`: its own path says so
        self.held.put(case)
        return case

    def _stored_case(self, case_id: UUID, version: int | None) -> Case:
        try:
            case: Case = self.repository.get(case_id, version=version)
        except AggregateNotFoundError:
            raise CaseNotFound(case_id) from None
        except SnapshotErased:
            return self._fold(case_id, version, erased=True)
        except (
            SnapshotSealBroken,
            MapperDeserialisationError,
            TopicError,
            OriginatorIDError,
            OriginatorVersionError,
        ):
            return self._fold(case_id, version)
        if case.id != case_id:  # another case's snapshot, moved here
            return self._fold(case_id, version)
        return case

    def intact_part(self, case_id: UUID) -> Case | None:
        """The case folded from its events up to the first that does not decode
        or follow (who it is for, when the rest is broken); None if none does."""
        case: Case | None = None
        try:
            for event in self.stored_events(case_id):
                case = event.mutate(case)
        except (HistoryDamaged, OriginatorVersionError):
            pass  # what follows is broken
        return case

    def _fold(self, case_id: UUID, version: int | None, erased: bool = False) -> Case:
        """The case from its events alone, naming the first that does not decode."""
        case: Case | None = None
        for event in self.stored_events(case_id, upto=version):
            try:
                case = event.mutate(case)
            except OriginatorVersionError as error:
                raise HistoryDamaged(
                    event.originator_version, "versions are out of order"
                ) from error
        if case is None:
            raise CaseNotFound(case_id)
        if erased:  # its snapshot holds text no key opens any more
            return case
        logger.warning(
            "case %s: a stored snapshot is not as it was taken; read from its "
            "events instead (casebook verify says which)",
            case_id,
        )
        return case

    def stored_events(
        self, case_id: UUID, after: int = 0, upto: int | None = None
    ) -> Iterator[Case.Event]:
        """The stored events with versions in (after, upto], in order; one that
        no longer decodes stops the walk with an error naming its version."""
        for stored in self.recorder.select_events(case_id, gt=after or None, lte=upto):
            try:
                event = self.mapper.to_domain_event(stored)
            except (MapperDeserialisationError, TopicError) as error:  # altered
                raise HistoryDamaged(
                    stored.originator_version, "stored bytes do not decode"
                ) from error
            yield cast(Case.Event, event)

    def _save_case(self, case: Case) -> Recorded:
        current_envelope()  # refuse before any event exists if nobody is acting
        try:
            recordings = self.save(case)
        except IntegrityError:
            self.held.drop(case.id)
            raise VersionConflict(
                case.version - 1, self.load_case(case.id).version
            ) from None
        self.held.put(case)
        return Recorded(case.id, case.version, recordings[-1].notification.id)

    def _change(
        self, case_id: UUID, expected_version: int, command: Callable[[Case], None]
    ) -> Recorded:
        case = self.load_case(case_id)
        if case.version != expected_version:
            raise VersionConflict(expected_version, case.version)
        command(case)
        return self._save_case(case)
