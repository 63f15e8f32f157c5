"""Readable terminal text for plans, findings and histories."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from application.history import HistoryEntry
from domain.chain import ChainReport

STATUS_MARK = {"coherent": "OK", "attention": "!", "incoherent": "X"}


def plan_text(report: dict[str, Any]) -> str:
    plan, coherence = report["plan"], report["coherence"]
    lines = [
        f"Case {plan['client_ref']} ({plan['case_id']}) at version {plan['version']}",
        f"  status {plan['status']}, strategy {plan['strategy']},"
        f" phase {plan['phase']}",
    ]
    if plan["home_orientation"]:
        lines.append(f"  home orientation: {plan['home_orientation']}")
    if plan["integrated_schools"]:
        lines.append(f"  integrating: {', '.join(plan['integrated_schools'])}")
    assessment = plan["assessment"]
    if assessment:
        lines.append(
            f"  assessment v{assessment['version']}:"
            f" stage {assessment['stage_of_change']}, risk {assessment['risk']},"
            f" reactivity {assessment['emotional_reactivity']}"
        )
    lines.append("  goals:")
    for goal in plan["goals"] or [{"goal_id": "(none)"}]:
        detail = (
            f" [{goal['status']}] {goal['description']}" if "status" in goal else ""
        )
        lines.append(f"    - {goal['goal_id']}{detail}")
    lines.append("  active techniques:")
    for t in plan["techniques"] or [{"name": "(none)"}]:
        if "technique" not in t:
            lines.append("    - (none)")
            continue
        why = "rationale given" if t["rationale"] else "no rationale"
        lines.append(
            f"    - {t['name']} ({t['school']}, {t['tier']})"
            f" for {', '.join(t['goal_ids']) or 'no goal'}; {why}"
        )
    alliance = plan["latest_alliance"]
    if alliance:
        lines.append(f"  latest alliance: {alliance['instrument']} {alliance['score']}")
    status = coherence["status"]
    lines.append(
        f"Coherence: {status} [{STATUS_MARK[status]}]"
        f" (policy {coherence['policy_version']})"
    )
    for f in coherence["findings"]:
        cites = ", ".join(str(v) for v in f["cites"])
        lines.append(
            f"  {f['severity']:<7} {f['rule']:<18} {f['message']} (cites {cites})"
        )
    return "\n".join(lines)


def history_text(entries: Iterable[HistoryEntry]) -> str:
    return "\n".join(
        f"{e.version:>4}  {e.timestamp:%Y-%m-%d %H:%M:%S}"
        f"  {e.actor_id} ({e.actor_role})"
        f"  {e.event_type}: {e.summary}"
        for e in entries
    )


def verification_text(label: str, report: ChainReport) -> str:
    if report.intact:
        return f"{label}: intact ({report.events_checked} events verified)"
    return (
        f"{label}: BROKEN at version {report.first_broken_version}: {report.reason}"
        f" ({report.events_checked} events verified before it)"
    )
