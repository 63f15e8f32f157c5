"""The demo clinic: its four cases, each recorded once, in the order they are shown."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from application.cases import CaseManagement
from application.demo import DemoCase
from application.demo_cases.assimilative import assimilative_case
from application.demo_cases.couple import couple_case
from application.demo_cases.sequencing import sequencing_case
from application.demo_cases.trauma import trauma_case

DEMO_CASES: dict[str, Callable[[CaseManagement], DemoCase]] = {
    "demo-trauma": trauma_case,
    "demo-assimilative": assimilative_case,
    "demo-sequencing": sequencing_case,
    "demo-couple": couple_case,
}


def create_demo_clinic(
    app: CaseManagement, progress: Callable[[str], None] = lambda _: None
) -> Iterator[str]:
    """Record every demo case not recorded yet; yield one line per case."""
    existing = app.directory()
    for number, (reference, build) in enumerate(DEMO_CASES.items(), start=1):
        progress(f"[{number}/{len(DEMO_CASES)}] {reference}")
        case_id = existing.get(reference) or build(app).case_id
        assert case_id is not None
        report = app.report(case_id)
        yield (
            f"{reference}: {report['coherence']['status']} at version "
            f"{report['plan']['version']} ({case_id})"
        )
