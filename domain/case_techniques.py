"""The Case's techniques and treatment phases: what is done, and at which stage."""

from __future__ import annotations

from dataclasses import replace

from eventsourcing.domain import event

from domain import values
from domain.case_state import CaseEvent, CaseState, refuse
from domain.catalogue import Catalogue
from domain.plan import PhaseChange, TechniqueUse
from domain.vocabulary import Phase, member


class TechniquesAndPhases(CaseState):
    """Adding and discontinuing catalogue techniques; advancing and returning
    through the phases of treatment."""

    def add_technique(
        self,
        technique: str,
        goal_ids: list[str],
        note: str = "",
        *,
        catalogue: Catalogue,
    ) -> None:
        self._check_open()
        technique = catalogue.get(values.identifier(technique, "technique")).id
        if technique in self.active_technique_ids():
            raise refuse("technique-new", f"{technique} is already active")
        goal_ids = values.identifiers(goal_ids, "goal_ids")
        self._check_goals_exist(goal_ids)
        self._add_technique(
            technique=technique, goal_ids=goal_ids, note=values.text(note, "note")
        )

    class TechniqueAdded(CaseEvent):
        technique: str
        goal_ids: list[str]
        note: str
        FREE_TEXT = ("note",)

    @event(TechniqueAdded)
    def _add_technique(self, technique: str, goal_ids: list[str], note: str) -> None:
        self.techniques.append(
            TechniqueUse(technique, tuple(goal_ids), note, self._next_version())
        )

    def discontinue_technique(self, technique: str, reason: str) -> None:
        if technique not in self.active_technique_ids():
            raise refuse(
                "technique-active", f"{technique!r} is not an active technique"
            )
        self._discontinue_technique(
            technique=technique, reason=values.text(reason, "reason", required=True)
        )

    class TechniqueDiscontinued(CaseEvent):
        technique: str
        reason: str
        FREE_TEXT = ("reason",)

    @event(TechniqueDiscontinued)
    def _discontinue_technique(self, technique: str, reason: str) -> None:
        self.techniques = [
            replace(use, discontinued_version=self._next_version())
            if use.technique == technique and use.active
            else use
            for use in self.techniques
        ]

    def advance_phase(self, to_phase: str) -> None:
        self._check_open()
        target = values.parse(Phase, to_phase, "to_phase")
        current = Phase(self.phase)
        if target.rank != current.rank + 1:
            raise refuse(
                "phase-next-only",
                f"from {current.value} the phase can only advance to the next phase",
            )
        self._advance_phase(from_phase=current.value, to_phase=target.value)

    class PhaseAdvanced(CaseEvent):
        from_phase: str
        to_phase: str

    @event(PhaseAdvanced)
    def _advance_phase(self, from_phase: str, to_phase: str) -> None:
        self._change_phase(from_phase, to_phase, advanced=True, reason="")

    def return_phase(self, to_phase: str, reason: str) -> None:
        self._check_open()
        target = values.parse(Phase, to_phase, "to_phase")
        current = Phase(self.phase)
        if target.rank >= current.rank:
            raise refuse(
                "phase-earlier-only",
                f"{target.value} is not earlier than {current.value}",
            )
        self._return_phase(
            from_phase=current.value,
            to_phase=target.value,
            reason=values.text(reason, "reason", required=True),
        )

    class PhaseReturned(CaseEvent):
        from_phase: str
        to_phase: str
        reason: str
        FREE_TEXT = ("reason",)

    @event(PhaseReturned)
    def _return_phase(self, from_phase: str, to_phase: str, reason: str) -> None:
        self._change_phase(from_phase, to_phase, advanced=False, reason=reason)

    def _change_phase(
        self, from_phase: str, to_phase: str, advanced: bool, reason: str
    ) -> None:
        self.phase = to_phase
        self.phase_changes.append(
            PhaseChange(
                version=self._next_version(),
                from_phase=member(Phase, from_phase),
                to_phase=member(Phase, to_phase),
                advanced=advanced,
                reason=reason,
            )
        )
