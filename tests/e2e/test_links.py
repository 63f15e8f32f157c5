"""No file in the repository links outside it: a clone carries everything its
documents point to, and nothing depends on a page elsewhere."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# The only hosts an absolute http(s) URL may name, and why each is no link.
ALLOWED_HOSTS = {
    # A server Casebook itself runs, in examples and tests.
    "127.0.0.1",
    "localhost",
    # RFC 2606's reserved domain: Casebook's own identifiers (problem types in
    # web/problems.py, FHIR references, the accounts' UUID namespace); never
    # fetched.
    "casebook.example",
    # The same reserved domain as the hostile target of the open-redirect
    # tests (tests/api/test_sign_in.py): a place sign-in must never send anyone.
    "evil.example",
    # FHIR R4 code-system URIs (application/fhir*.py): identifiers the standard
    # requires in an exported Bundle, not pages to visit.
    "terminology.hl7.org",
}
URL = re.compile(r"\bhttps?://([^\s/\"'`<>()\[\]]+)")
# An f-string's field as the host: the address the code itself serves at.
FORMAT_FIELD = re.compile(r"^\{[\w.]+\}$")
ESCAPE = re.compile(r"(?<![\w./])((?:\.\./)+[^\s\"'`<>()\[\]]*)")
MD_LINK = re.compile(r"\]\(([^()\s]+)\)|^\[[^\]]+\]:\s*(\S+)", re.MULTILINE)
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*$", re.MULTILINE)


def tracked() -> list[tuple[Path, str]]:
    """Every file git tracks, with its text (binary files are left out)."""
    names = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.split(b"\0")
    files = []
    for name in filter(None, names):
        path = ROOT / name.decode()
        try:
            files.append((path, path.read_text(encoding="utf-8")))
        except (UnicodeDecodeError, FileNotFoundError):  # binary, or deleted
            continue
    return files


FILES = tracked()


def host(netloc: str) -> str:
    netloc = netloc.rsplit("@", 1)[-1]
    if FORMAT_FIELD.match(netloc):
        return netloc
    return netloc.split(":", 1)[0].lower()


def anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped,
    spaces as hyphens."""
    text = re.sub(r"[`*_]{2,}|`", "", heading).strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def test_absolute_urls_name_only_local_or_identifier_hosts() -> None:
    outside = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path, text in FILES
        for match in URL.finditer(text)
        if host(match.group(1)) not in ALLOWED_HOSTS
        and not FORMAT_FIELD.match(host(match.group(1)))
    ]
    assert outside == []


def test_no_relative_path_climbs_out_of_the_repository() -> None:
    outside = [
        f"{path.relative_to(ROOT)}: {match.group(1)}"
        for path, text in FILES
        for match in ESCAPE.finditer(text)
        if not (path.parent / match.group(1)).resolve().is_relative_to(ROOT)
    ]
    assert outside == []


def test_every_markdown_link_reaches_a_file_and_heading_in_the_repository() -> None:
    broken = []
    for path, text in FILES:
        if path.suffix != ".md":
            continue
        for match in MD_LINK.finditer(text):
            target = match.group(1) or match.group(2)
            if re.match(r"^[a-z][a-z0-9+.-]*:", target):
                continue  # absolute: the URL test above judges those
            file_part, _, fragment = target.partition("#")
            linked = (path.parent / file_part).resolve() if file_part else path
            where = f"{path.relative_to(ROOT)}: {target}"
            if not linked.is_relative_to(ROOT) or not linked.exists():
                broken.append(where)
            elif fragment and linked.suffix == ".md":
                headings = HEADING.findall(linked.read_text(encoding="utf-8"))
                if fragment not in {anchor(h) for h in headings}:
                    broken.append(where + " (no such heading)")
    assert broken == []


def test_the_checks_catch_what_they_are_for(tmp_path: Path) -> None:
    assert host("example.org:443") not in ALLOWED_HOSTS
    assert ESCAPE.search("see [it](../outside/NOTES.md)") is not None
    assert ESCAPE.search("casebook POST .../techniques") is None
    assert anchor("Reading a plan: ETags, `?version=` and `?as_of=`") == (
        "reading-a-plan-etags-version-and-as_of"
    )
    assert anchor("The case's events") == "the-cases-events"
