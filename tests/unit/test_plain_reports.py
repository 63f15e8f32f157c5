"""Reports as plain data: the per-type converter gives what a full check would."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from enum import Enum
from typing import Any

from domain.coherence import assess
from domain.plain import plain
from domain.reports import coherence_report, plan_report
from domain.vocabulary import Level, Modality
from tests.unit.coherence.builders import alliance, approval, plan
from tests.unit.coherence.local_catalogue import CATALOGUE
from tests.unit.test_plan_lookups import eventful


def checked(value: Any) -> Any:
    """The converter as first written: every check on every value."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (str, int, float, bool, type(None))):
        return value
    if isinstance(value, (list, tuple)):
        return [checked(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: checked(getattr(value, f.name)) for f in dataclasses.fields(value)
        }
    if isinstance(value, Mapping):
        return {checked(k): checked(v) for k, v in value.items()}
    if isinstance(value, (frozenset, set)):
        return sorted(checked(v) for v in value)
    return value


def full_plan() -> Any:
    return dataclasses.replace(
        eventful(),
        alliance=(alliance(33),),
        signatures=(approval(35),),
        review_requests=(34,),
    )


class TestPlain:
    def test_a_whole_plan_converts_as_the_full_check_does(self) -> None:
        subject = full_plan()

        assert json.dumps(plain(subject)) == json.dumps(checked(subject))

    def test_cached_lookups_never_appear_in_a_converted_plan(self) -> None:
        subject = full_plan()
        subject.current_rationales()

        assert list(plain(subject)) == [f.name for f in dataclasses.fields(subject)]

    def test_odd_values_convert_as_the_full_check_does(self) -> None:
        values = [
            frozenset({Modality.AFFECT, Modality.BEHAVIOR}),
            {Level.HIGH: (1, 2), "x": [datetime(2026, 1, 5, tzinfo=UTC)]},
            True,
            2.5,
            None,
            Level,  # a class, not a member: left as it is
            type(plan()),
            object,
        ]

        for value in values:
            assert plain(value) == checked(value)

    def test_reports_convert_as_the_full_check_does(self) -> None:
        subject = full_plan()
        coherence = assess(subject, CATALOGUE)

        assert coherence.findings  # the eventful plan has something to say
        findings = coherence_report(coherence)["findings"]
        assert json.dumps(findings) == json.dumps(checked(coherence.findings))
        report = plan_report(subject, CATALOGUE)
        assert report["signatures"] == checked(subject.signatures)
        assert report["techniques"][0]["rationale"] == checked(
            subject.rationale_for_technique(subject.active_techniques[0])
        )
