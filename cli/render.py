"""Readable terminal text for plans, findings and histories."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from application.history import HistoryEntry
from application.replay import ReplayPage
from domain.catalogue import Catalogue
from domain.chain import ChainReport
from projections.access_log import AccessLogReport

STATUS_MARK = {"coherent": "OK", "attention": "!", "incoherent": "X"}
FREE_TEXT = frozenset({"notes", "description"})  # a diff says "changed", not what


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
    lines += _measures(plan)
    lines.append(
        f"  clinician: {plan['clinician_id']};"
        f" supervisors: {', '.join(plan['supervisor_ids']) or 'none'}"
    )
    lines.append("  signatures:")
    for s in plan["signatures"] or [None]:
        lines.append("    - (none)" if s is None else f"    - {_signature_line(s)}")
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


def _measures(plan: Mapping[str, Any]) -> list[str]:
    lines = []
    for label, key in (("alliance", "latest_alliance"), ("outcome", "latest_outcome")):
        m = plan[key]
        lines.append(
            f"  latest {label}: "
            + (
                f"{m['instrument']} {m['score']} on {m['session_date']}"
                f" (version {m['version']})"
                if m
                else "none recorded"
            )
        )
    return lines


def _signature_line(s: Mapping[str, Any]) -> str:
    superseded = (
        f"; superseded at version {s['superseded_by']}" if s["superseded_by"] else ""
    )
    return (
        f"{s['signer_id']} signed version {s['signed_version']} as {s['meaning']}"
        f" (outcome: {_words(s['outcome'])}) at version {s['version']}{superseded}"
    )


def _words(value: str) -> str:
    return value.replace("_", " ")


def readable_summary(summary: str, catalogue: Catalogue) -> str:
    """An event's summary for a person at a terminal: techniques by their
    catalogue names."""
    return _ID.sub(lambda m: technique_name(m.group(0), catalogue), summary)


_ID = re.compile(r"(?<![\w-])[a-z][a-z0-9_]*(?![\w-])")


def technique_name(technique: str, catalogue: Catalogue) -> str:
    entry = catalogue.techniques.get(technique)
    return entry.name if entry else technique


def history_text(entries: Iterable[HistoryEntry], catalogue: Catalogue) -> str:
    return "\n".join(
        f"{e.version:>4}  {e.timestamp:%Y-%m-%d %H:%M:%S}"
        f"  {e.actor_id} ({e.actor_role})"
        f"  {e.event_type}: {readable_summary(e.summary, catalogue)}"
        for e in entries
    )


def verification_text(label: str, report: ChainReport) -> str:
    if report.intact:
        events = "event" if report.events_checked == 1 else "events"
        return f"{label}: intact ({report.events_checked} {events} verified)"
    return (
        f"{label}: BROKEN at version {report.first_broken_version}: {report.reason}"
        f" ({report.events_checked} events verified before it)"
    )


def access_log_text(report: AccessLogReport) -> str:
    if report.intact:
        return f"access log: intact ({report.rows_checked} reads verified)"
    return (
        f"access log: BROKEN at row {report.first_broken_id}: {report.reason}"
        f" ({report.rows_checked} reads verified before it)"
    )


def _finding_lines(
    appeared: list[dict[str, Any]], resolved: list[dict[str, Any]], indent: str
) -> list[str]:
    return [
        f"{indent}{sign} {f['rule']} {f['subject']} ({f['severity']}): {f['message']}"
        for sign, found in (("+", appeared), ("-", resolved))
        for f in found
    ]


def replay_text(page: ReplayPage, catalogue: Catalogue) -> str:
    """One line per event, then the status and phase it left and what changed."""
    lines = []
    for step in page.items:
        status = step.coherence["status"]
        lines.append(
            f"{step.version:>4}  {step.timestamp:%Y-%m-%d %H:%M:%S}"
            f"  {step.actor_id} ({step.actor_role})"
            f"  {step.event_type}: {readable_summary(step.summary, catalogue)}"
        )
        lines.append(
            f"      -> {status} [{STATUS_MARK[status]}], phase {step.plan['phase']},"
            f" active techniques: {len(step.plan['techniques'])}"
        )
        lines += _finding_lines(step.appeared, step.resolved, "         ")
    shown = len(page.items)
    if shown < page.total:
        first = page.offset + 1 if shown else page.offset
        lines.append(f"(steps {first}-{page.offset + shown} of {page.total})")
    return "\n".join(lines)


def _changes(label: str, changes: dict[str, Any]) -> list[str]:
    lines = []
    for key, change in changes.items():
        shown = f"{change['from']} -> {change['to']}"
        lines.append(f"  {label}{key}: {'changed' if key in FREE_TEXT else shown}")
    return lines


def diff_text(label: str, changed: dict[str, Any], catalogue: Catalogue) -> str:
    """The plan's changes from one version to another, clinical text left out."""

    def techniques_named(ids: Iterable[str]) -> str:
        return ", ".join(technique_name(i, catalogue) for i in ids)

    names = ", ".join

    techniques, goals = changed["techniques"], changed["goals"]
    assessment, coherence = changed["assessment"], changed["coherence"]
    lines = [
        f"Case {label}: version {changed['from_version']} -> {changed['to_version']}",
        f"  phase: {changed['phase']['from']} -> {changed['phase']['to']}",
        f"  case: {changed['case_status']['from']} -> {changed['case_status']['to']}",
        f"  techniques added: {techniques_named(techniques['added']) or 'none'};"
        f" removed: {techniques_named(techniques['removed']) or 'none'}",
        f"  goals added: {names(g['goal_id'] for g in goals['added']) or 'none'};"
        f" removed: {names(g['goal_id'] for g in goals['removed']) or 'none'}",
    ]
    for goal in goals["changed"]:
        lines += _changes(f"goal {goal['goal_id']} ", goal["changes"])
    if assessment["from_version"] != assessment["to_version"]:
        lines.append(
            f"  assessment: version {assessment['from_version']}"
            f" -> {assessment['to_version']}"
        )
    lines += _changes("", assessment["fields"])
    lines += _changes("severity of ", assessment["basic_id"])
    status = coherence["status"]
    lines.append(f"Coherence: {status['from']} -> {status['to']}")
    lines += _finding_lines(coherence["appeared"], coherence["resolved"], "  ")
    lines.append(f"Events recorded: {len(changed['events'])}")
    lines += [
        f"  {e['version']:>4}  {e['actor_id']}  {e['event_type']}:"
        f" {readable_summary(e['summary'], catalogue)}"
        for e in changed["events"]
    ]
    return "\n".join(lines)
