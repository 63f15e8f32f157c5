"""Every shell example in README.md and docs/*.md, run as written against a
served demo, in the order a reader meets them.

The conventions, stated in docs/api.md ("Trying the examples"):

- A shell example is a fenced block tagged `sh`; no other shell tag is used.
- An HTML comment on the line right before a block says how it runs:
  `<!-- not run: REASON -->` (the test skips it, and the skipped ones must be
  exactly NOT_RUN below), `<!-- keeps running -->` (a server or follower: one
  command, started and left running until the end, then stopped with SIGTERM,
  on which it must exit 0) or `<!-- exit N -->` (it must exit N, not 0).
- Text in angle brackets is what a reader copies from an earlier output:
  `<token printed for USER>` (from `casebook serve --demo`), `<FIELD from the
  answer above>` (a JSON field of the previous example's output, its last
  occurrence) and `<enrollment code printed above>` (from `casebook users`).

Each document is one reader's terminal: every block runs in bash with `set -e`
and `pipefail`, in one working directory (so `./casebook-data` is the demo
server's store), and what a block exports is there for the next block of the
same document. The only other change is the address: the docs use the
default 127.0.0.1:8000 (and any other 127.0.0.1 port they name); the test
maps each to a free port, adding `--bind` to a `casebook serve` that gives
none, so that it does not collide with anything else on the machine.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.processes import no_child_left

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

# The examples that are not run: (document, the start of the block's first line).
NOT_RUN = {
    # installs Casebook: the test runs the Casebook already installed
    ("README.md", "pip install -e . && casebook serve --demo"),
    # runs the whole test suite, this test included
    ("README.md", "pip install -e '.[test]' && pytest"),
    # measures speed for minutes, from the repository's bench/
    ("README.md", "python bench/rebuild.py"),
    # the three below need a PostgreSQL server
    ("docs/operations.md", 'psql -d casebook -c "CREATE ROLE casebook_svc'),
    ("docs/operations.md", "export CASEBOOK_DATABASE_URL='postgresql+psycopg:"),
    ("docs/operations.md", "casebook backup /srv/backups/"),
    # needs a second person's API token on standard input
    ("docs/operations.md", "casebook erase demo-couple"),
}

SHELL_TAGS = {"bash", "console", "shell", "shell-session", "zsh", "sh-session"}
FENCE = re.compile(r"^```(\S*)\s*$")
COMMENT = re.compile(r"^<!--\s*(.*?)\s*-->$")
MARKER = re.compile(r"^(not run: .+|keeps running|exit \d+)$")
DEFAULT_PORT = "8000"  # of casebook serve's default --bind 127.0.0.1:8000
ADDRESS = re.compile(r"127\.0\.0\.1:(\d{2,5})")
TOKEN_PRINTED = re.compile(r"<token printed for ([A-Za-z0-9._-]+)>")
CODE_PRINTED = "<enrollment code printed above>"
FROM_ANSWER = re.compile(r"<(\w+) from the answer above>")
ANY_PLACEHOLDER = re.compile(r"<[^<>\n]*(?:above|printed)[^<>\n]*>")
TIMEOUT = 120


@dataclass(frozen=True)
class Example:
    document: str
    line: int
    text: str
    marker: str | None

    @property
    def where(self) -> str:
        return f"{self.document}:{self.line}"

    @property
    def first_line(self) -> str:
        return self.text.splitlines()[0]


def examples(path: Path) -> list[Example]:
    """The `sh` blocks of a document, each with the marker comment before it."""
    document = str(path.relative_to(ROOT))
    lines = path.read_text(encoding="utf-8").splitlines()
    found, index = [], 0
    while index < len(lines):
        opening = FENCE.match(lines[index])
        if not opening:
            index += 1
            continue
        end = index + 1
        while not lines[end].startswith("```"):
            end += 1
        tag = opening.group(1)
        assert tag not in SHELL_TAGS, f"{document}:{index + 1}: tag shell as sh"
        if tag == "sh":
            before = COMMENT.match(lines[index - 1]) if index else None
            marker = before.group(1) if before else None
            assert marker is None or MARKER.match(marker), (
                f"{document}:{index}: unknown marker <!-- {marker} -->"
            )
            text = "\n".join(lines[index + 1 : end])
            found.append(Example(document, index + 2, text, marker))
        index = end + 1
    return found


ALL = [example for path in DOCUMENTS for example in examples(path)]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class Reader:
    """A reader going through the documents, one terminal per document."""

    def __init__(self, home: Path) -> None:
        self.cwd = home / "reader"
        self.cwd.mkdir()
        self.home = home
        self.ports: dict[str, int] = {}
        self.background: list[tuple[Example, subprocess.Popen[bytes], Path]] = []
        self.previous = ""
        self.env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith("CASEBOOK_")
        }
        # The `casebook` and `python3` of the interpreter running the tests.
        bindir = str(Path(sys.executable).parent)
        self.env["PATH"] = bindir + os.pathsep + self.env.get("PATH", "")
        self.env["PYTHONUNBUFFERED"] = "1"

    def state(self, document: str) -> Path:
        path = self.home / (document.replace("/", "_") + ".env")
        path.touch()
        return path

    # What cannot be known in advance.

    def port(self, documented: str) -> int:
        return self.ports.setdefault(documented, free_port())

    def address(self, match: re.Match[str]) -> str:
        return f"127.0.0.1:{self.port(match.group(1))}"

    def printed_token(self, match: re.Match[str]) -> str:
        user = match.group(1)
        for _, _, log in self.background:
            for line in log.read_text().splitlines():
                parts = line.split()
                if parts[:1] == [user] and parts[1:] and parts[1].startswith("cbk."):
                    return parts[1]
        raise AssertionError(f"no token was printed for {user}")

    def from_answer(self, match: re.Match[str]) -> str:
        field = match.group(1)
        found = re.findall(rf'"{field}"\s*:\s*("(?:[^"\\]|\\.)*"|-?\d+)', self.previous)
        assert found, f"the answer above has no {field}:\n{self.previous[-2000:]}"
        return str(json.loads(found[-1]))

    def printed_code(self) -> str:
        found = re.findall(r"enrollment code for \S+: (\S+)", self.previous)
        assert found, f"no enrollment code printed above:\n{self.previous[-2000:]}"
        return str(found[-1])

    def filled(self, example: Example) -> str:
        text = ADDRESS.sub(self.address, example.text)
        if "casebook serve" in text and "--bind" not in text:
            text += f" --bind 127.0.0.1:{self.port(DEFAULT_PORT)}"
        text = TOKEN_PRINTED.sub(self.printed_token, text)
        text = FROM_ANSWER.sub(self.from_answer, text)
        if CODE_PRINTED in text:
            text = text.replace(CODE_PRINTED, self.printed_code())
        left = ANY_PLACEHOLDER.findall(text)
        assert not left, f"{example.where}: unknown placeholder {left}"
        return text

    # Running.

    def script(self, example: Example, text: str) -> str:
        state = shlex.quote(str(self.state(example.document)))
        if example.marker == "keeps running":
            assert len(text.splitlines()) == 1, f"{example.where}: one command"
            # In place of the shell, so that SIGTERM reaches the command itself.
            return f"set -eo pipefail\n. {state}\nexec {text}\n"
        return f"set -eo pipefail\n. {state}\n{text}\nexport -p > {state}\n"

    def run(self, example: Example) -> None:
        text = self.filled(example)
        script = self.script(example, text)
        if example.marker == "keeps running":
            self.start(example, script)
            return
        expected = int(example.marker.split()[1]) if example.marker else 0
        result = subprocess.run(
            ["bash", "-c", script], cwd=self.cwd, env=self.env,
            capture_output=True, text=True, timeout=TIMEOUT, check=False,
        )  # fmt: skip
        assert result.returncode == expected, (
            f"{example.where} exited {result.returncode}, not {expected}:\n{text}\n"
            f"--- stdout\n{result.stdout[-3000:]}\n--- stderr\n{result.stderr[-3000:]}"
        )
        self.previous = result.stdout

    def start(self, example: Example, script: str) -> None:
        log = self.home / f"background-{len(self.background)}.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                ["bash", "-c", script], cwd=self.cwd, env=self.env,
                stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip
        self.background.append((example, process, log))
        deadline = time.monotonic() + 90
        while not self.ready(script, log):
            assert process.poll() is None and time.monotonic() < deadline, (
                f"{example.where} did not start:\n{log.read_text()[-3000:]}"
            )
            time.sleep(0.2)

    @staticmethod
    def ready(script: str, log: Path) -> bool:
        if "casebook serve" in script:
            bind = re.search(r"--bind (\S+)", script)
            assert bind is not None
            address = bind.group(1)
            try:
                url = f"http://{address}/api/health"
                urllib.request.urlopen(url, timeout=2).close()
            except urllib.error.HTTPError:
                return True  # it answers; 503 only means the read models lag
            except OSError:
                return False
            return True
        if "casebook project --follow" in script:
            return "following the event log" in log.read_text()
        raise AssertionError(f"no way to tell when this has started:\n{script}")

    def stop(self) -> list[str]:
        """SIGTERM to each command left running; what did not exit 0."""
        failed = []
        for example, process, log in reversed(self.background):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
            try:
                code = process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                code = process.wait()
            if code != 0:
                failed.append(
                    f"{example.where} exited {code} on SIGTERM:\n"
                    + log.read_text()[-2000:]
                )
        return failed


@pytest.fixture
def reader(tmp_path: Path) -> Iterator[Reader]:
    with no_child_left():
        reader = Reader(tmp_path)
        try:
            yield reader
        finally:
            failed = reader.stop()
        assert not failed, "\n".join(failed)


def test_every_example_runs_as_written(reader: Reader) -> None:
    ran = 0
    for example in ALL:
        if example.marker and example.marker.startswith("not run: "):
            continue
        reader.run(example)
        ran += 1
    assert ran == len(ALL) - len(NOT_RUN)
    print(f"ran {ran} examples, skipped {len(NOT_RUN)}")


def test_the_examples_not_run_are_exactly_the_expected_ones() -> None:
    skipped = [
        example
        for example in ALL
        if example.marker and example.marker.startswith("not run: ")
    ]
    found = [
        (example.document, start)
        for example in skipped
        for document, start in NOT_RUN
        if document == example.document and example.first_line.startswith(start)
    ]
    assert len(found) == len(skipped), [e.where for e in skipped]
    assert sorted(found) == sorted(NOT_RUN)
    for example in skipped:  # a reason, not just the words
        assert len(example.marker or "") > len("not run: ") + 10, example.where


def test_the_quick_start_serves_the_demo_as_written() -> None:
    readme = [example for example in ALL if example.document == "README.md"]
    [serve] = [example for example in readme if example.marker == "keeps running"]
    assert serve.text == "casebook serve --demo"
    assert readme.index(serve) < min(
        index for index, e in enumerate(readme) if "curl" in e.text
    )
