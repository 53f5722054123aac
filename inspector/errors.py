"""The inspector's own exceptions (few on purpose; each says who raises it)."""

from __future__ import annotations


class InspectorError(Exception):
    """Base class of every exception the inspector raises on purpose."""


class RuleError(InspectorError):
    """A rule file is invalid: bad TOML, a missing or ill-typed key, an unknown check or parameter.

    Raised by `inspector.rules` while loading `rules/*.toml`, before anything is crawled or checked
    (fail fast on configuration). The message is one line naming the file and the key, e.g.
    ``rules/footer-icp.toml: key 'severity': must be one of veto, deduct, notice (got 'major')``.
    """

    def __init__(self, path: str, key: str | None, problem: str) -> None:
        self.path = path
        self.key = key
        self.problem = problem
        where = f"key '{key}'" if key else ""
        super().__init__(f"{path}: {where}: {problem}" if where else f"{path}: {problem}")


class ParamError(ValueError):
    """A check's params dataclass got a value of the right type but out of range (e.g. a bad regex).

    Raised by a params dataclass's ``__post_init__`` in `inspector.checks.*`; `inspector.rules`
    turns it into a `RuleError` naming the key ``params.<field>``.
    """

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}")
