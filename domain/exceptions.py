"""Domain errors: every refusal names the rule or field it rests on."""

from __future__ import annotations


class CasebookError(Exception):
    """Base of every error the domain and application raise on purpose."""

    rule = "casebook"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidValue(CasebookError):
    """A field's value is outside its vocabulary, range or shape."""

    rule = "invalid-value"

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


class InvariantViolated(CasebookError):
    """A command would break one of the Case's hard rules; nothing was recorded."""

    def __init__(self, rule: str, message: str) -> None:
        super().__init__(message)
        self.rule = rule


class HistoryDamaged(InvariantViolated):
    """The stored history is not the one recorded: nothing is built from it."""

    def __init__(self, version: int | None, reason: str) -> None:
        where = f" at version {version}" if version is not None else ""
        super().__init__(
            "history-intact",
            f"the stored history breaks{where} ({reason}); verify the case, and "
            "export it as jsonl to see each event",
        )
        self.version = version
        self.reason = reason


class CaseNotFound(CasebookError):
    rule = "case-not-found"

    def __init__(self, case_id: object) -> None:
        super().__init__(f"case {case_id} does not exist")
        self.case_id = case_id


class VersionConflict(CasebookError):
    """The caller's expected version is stale."""

    rule = "version-conflict"

    def __init__(self, expected: int, current: int) -> None:
        super().__init__(
            f"expected version {expected}, but the case is at version {current}"
        )
        self.expected = expected
        self.current = current
