"""Rule files: load `rules/<id>.toml`, validate every key, resolve the check function, build typed params.

The `rules/` folder is the registry: one TOML file per configured check, id == file stem, no central list.
See rules/README.md for the file format and the recipe for adding a rule.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib
import inspect
import logging
import re
import sys
import tomllib
import types
import typing
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin

from inspector.errors import ParamError, RuleError
from inspector.model import CheckResult, Level, Severity, SiteArtifacts

logger = logging.getLogger(__name__)

CheckFunction = Callable[[SiteArtifacts, Any], Sequence[CheckResult]]

REQUIRED_KEYS = ("id", "title", "failure_title", "check", "severity", "reference", "confidence", "description")
OPTIONAL_KEYS = ("points", "deduction", "applies_to", "target", "retired", "params")
TARGETS = ("site", "account")  # what a rule judges: a website (SiteArtifacts) or a 政务新媒体 account (AccountArtifacts)
CONFIDENCE_MARKS = ("C", "V", "S", "U")

_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_CHECK_RE = re.compile(r"^[A-Za-z_][\w.]*:[A-Za-z_]\w*$")
_CONFIDENCE_RE = re.compile(r"^[CVSU](?:$|[\s:：,，;；(（\-—])")
_QUARTER_RE = re.compile(r"^\d{4}Q[1-4]$")
_TOML_LINE_RE = re.compile(r"\(at line (\d+), column (\d+)\)")


@dataclass(frozen=True, slots=True)
class Rule:
    """One validated rule file: wording, weight, scope, and the check function with its typed params."""

    id: str
    title: str  # passing wording (Chinese)
    failure_title: str  # failing wording (Chinese)
    check: str  # "module:function"
    severity: Severity
    points: float  # cap of this rule's deductions
    deduction: float  # points per failed unit
    applies_to: tuple[Any, ...]  # Levels for a site rule, inspector.media Platforms for an account rule
    reference: str
    confidence: str  # "V：note" — mark C/V/S/U (standards.md) plus a short note
    description: str
    params: Any  # instance of the check function's params dataclass
    sha: str  # sha256 of the file bytes, hex[:12]
    path: Path
    function: CheckFunction = field(repr=False, compare=False)  # the resolved `check`
    retired: str | None = None
    target: str = "site"  # "site" or "account" (TARGETS)

    @property
    def for_accounts(self) -> bool:
        """True for a 政务新媒体 account rule (evaluated once per account, on AccountArtifacts)."""
        return self.target == "account"

    @property
    def confidence_mark(self) -> str:
        """The single-letter mark (C, V, S or U) at the start of `confidence`."""
        return self.confidence[:1]

    def applies(self, subject: Any) -> bool:
        """True when the rule is meant for the subject: a Site's administrative level (site rules), an Account's
        platform (account rules)."""
        if self.for_accounts:
            return getattr(subject, "platform", None) in self.applies_to
        return getattr(subject, "level", None) in self.applies_to

    def run(self, artifacts: Any) -> list[CheckResult]:
        """Call the check function; raise TypeError if it does not return a list of CheckResult."""
        results = self.function(artifacts, self.params)
        if not isinstance(results, (list, tuple)):
            raise TypeError(f"{self.check} returned {type(results).__name__}, expected list[CheckResult]")
        for item in results:
            if not isinstance(item, CheckResult):
                raise TypeError(f"{self.check} returned an item of type {type(item).__name__}")
        return list(results)


def default_rules_dir() -> Path:
    """The repository's rules/ folder (next to the inspector package); for a non-editable install, the copy
    installed under <prefix>/share/gov-inspector/rules."""
    repo = Path(__file__).resolve().parent.parent / "rules"
    if repo.is_dir():
        return repo
    installed = Path(sys.prefix) / "share" / "gov-inspector" / "rules"
    return installed if installed.is_dir() else repo


def load_rules(folder: Path | None = None, *, include_retired: bool = False) -> list[Rule]:
    """Load and validate every `*.toml` in `folder` (default: the repo's rules/), sorted by id.

    Raises RuleError on the first invalid file, or when two files declare the same id.
    """
    folder = default_rules_dir() if folder is None else Path(folder)
    if not folder.is_dir():
        raise RuleError(_shown(folder), None, "rules folder not found")
    rules: list[Rule] = []
    seen: dict[str, Path] = {}
    for path in sorted(folder.glob("*.toml")):
        if path.name.startswith("."):
            continue
        rule = load_rule(path)
        if rule.id in seen:
            raise RuleError(_shown(path), "id", f"duplicate id '{rule.id}' (also in {_shown(seen[rule.id])})")
        seen[rule.id] = path
        if rule.retired and not include_retired:
            logger.debug("rule retired id=%s since=%s", rule.id, rule.retired)
            continue
        rules.append(rule)
    if not seen:
        # an empty folder would "check" a run with nothing and replace its findings with none
        raise RuleError(_shown(folder), None, "no rule files (*.toml) in the rules folder")
    logger.debug("rules loaded folder=%s count=%d", folder, len(rules))
    return sorted(rules, key=lambda r: r.id)


def load_rule(path: Path) -> Rule:
    """Load and validate one rule file; raise RuleError naming the file and the key on any problem."""
    path = Path(path)
    shown = _shown(path)
    raw = path.read_bytes()
    data = _parse_toml(raw, shown)

    def fail(key: str | None, problem: str) -> RuleError:
        return RuleError(shown, key, problem)

    unknown = sorted(set(data) - set(REQUIRED_KEYS) - set(OPTIONAL_KEYS))
    if unknown:
        raise fail(unknown[0], f"unknown key (allowed: {', '.join(REQUIRED_KEYS + OPTIONAL_KEYS)})")
    for key in REQUIRED_KEYS:
        if key not in data:
            raise fail(key, "required key missing")
        value = data[key]
        if not isinstance(value, str):
            raise fail(key, f"must be a string (got {value!r})")
        if not value.strip():
            raise fail(key, "must not be empty")

    rule_id: str = data["id"]
    if not _ID_RE.match(rule_id):
        raise fail("id", f"must be kebab-case (lowercase letters, digits, '-') (got {rule_id!r})")
    if rule_id != path.stem:
        raise fail("id", f"must equal the file name stem '{path.stem}' (got {rule_id!r})")

    severity = _enum_value(Severity, data["severity"], "severity", fail)
    points = _number(data.get("points", 0), "points", fail)
    if severity is Severity.DEDUCT and ("points" not in data or points <= 0):
        raise fail("points", "a deduct rule needs points > 0 (the cap of its deductions)")
    deduction = _number(data.get("deduction", points), "deduction", fail)
    if severity is Severity.DEDUCT and deduction <= 0:
        raise fail("deduction", "must be > 0 for a deduct rule")

    target = data.get("target", "site")
    if target not in TARGETS:
        raise fail("target", f"must be one of {', '.join(TARGETS)} (got {target!r})")
    if target == "account":
        from inspector.media.accounts import Platform

        applies_to: tuple[Any, ...] = _members(Platform, data.get("applies_to", [p.value for p in Platform]), fail)
    else:
        applies_to = _members(Level, data.get("applies_to", [lv.value for lv in Level]), fail)

    confidence: str = data["confidence"].strip()
    if not _CONFIDENCE_RE.match(confidence):
        raise fail("confidence", f"must start with one of {', '.join(CONFIDENCE_MARKS)} then a note (got {confidence!r})")

    retired = data.get("retired")
    if retired is not None and (not isinstance(retired, str) or not _QUARTER_RE.match(retired)):
        raise fail("retired", f"must be a quarter like '2026Q4' (got {retired!r})")

    function, params_type = _resolve_check(data["check"], fail)
    raw_params = data.get("params", {})
    if not isinstance(raw_params, dict):
        raise fail("params", f"must be a table (got {raw_params!r})")
    with _loading(path):
        params = _build_params(params_type, raw_params, data["check"], fail)

    return Rule(
        id=rule_id,
        title=data["title"].strip(),
        failure_title=data["failure_title"].strip(),
        check=data["check"],
        severity=severity,
        points=points,
        deduction=deduction,
        applies_to=applies_to,
        reference=data["reference"].strip(),
        confidence=confidence,
        description=data["description"].strip(),
        params=params,
        sha=hashlib.sha256(raw).hexdigest()[:12],
        path=path,
        function=function,
        retired=retired,
        target=target,
    )


# ---------------------------------------------------------------------------------------------- helpers

Fail = Callable[[str | None, str], RuleError]

#: The rule file whose [params] are being built (None outside load_rule). A params dataclass that names another
#: rule (e.g. a column rule searched inside its parent column) reads it to find that rule's file next to it.
_LOADING_FILE: ContextVar[Path | None] = ContextVar("inspector_rule_file", default=None)


def loading_rule_file() -> Path | None:
    """The rule file whose params are being built right now (for params that refer to a sibling rule), or None."""
    return _LOADING_FILE.get()


@contextmanager
def _loading(path: Path) -> Iterator[None]:
    token = _LOADING_FILE.set(path)
    try:
        yield
    finally:
        _LOADING_FILE.reset(token)


def _shown(path: Path) -> str:
    """The path as shown in messages: relative to the working directory when below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _parse_toml(raw: bytes, shown: str) -> dict[str, Any]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RuleError(shown, None, f"not UTF-8 text (byte {exc.start})") from exc
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        m = _TOML_LINE_RE.search(message)
        where = f"line {m.group(1)}, column {m.group(2)}: " if m else ""
        reason = _TOML_LINE_RE.sub("", message).strip()
        raise RuleError(shown, None, f"{where}TOML syntax error: {reason}") from exc


def _enum_value(enum: type[Severity], value: Any, key: str, fail: Fail) -> Severity:
    allowed = [m.value for m in enum]
    if value not in allowed:
        raise fail(key, f"must be one of {', '.join(allowed)} (got {value!r})")
    return enum(value)


def _number(value: Any, key: str, fail: Fail) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise fail(key, f"must be a number (got {value!r})")
    if value < 0:
        raise fail(key, f"must not be negative (got {value!r})")
    return float(value)


def _members(enum: Any, value: Any, fail: Fail) -> tuple[Any, ...]:
    """`applies_to`: a non-empty list of an enum's values (levels for site rules, platforms for account rules)."""
    allowed = [m.value for m in enum]
    if not isinstance(value, list) or not value:
        raise fail("applies_to", f"must be a non-empty list of {', '.join(allowed)} (got {value!r})")
    members: list[Any] = []
    for item in value:
        if item not in allowed:
            raise fail("applies_to", f"must contain only {', '.join(allowed)} (got {item!r})")
        if enum(item) not in members:
            members.append(enum(item))
    return tuple(members)


#: Packages a rule's `check` may name. Rule files are data: they never import arbitrary modules.
CHECK_PACKAGES: tuple[str, ...] = ("inspector.checks",)


def _resolve_check(spec: str, fail: Fail) -> tuple[CheckFunction, type[Any]]:
    """Import `module:function` and find the dataclass annotated on its `params` argument."""
    if not _CHECK_RE.match(spec):
        raise fail("check", f"must look like 'package.module:function' (got {spec!r})")
    module_name, func_name = spec.split(":")
    if not any(module_name == p or module_name.startswith(p + ".") for p in CHECK_PACKAGES):
        allowed = ", ".join(f"{p}.*" for p in CHECK_PACKAGES)
        raise fail("check", f"must name a function in {allowed} (got {spec!r})")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise fail("check", f"cannot import module '{module_name}' ({type(exc).__name__}: {exc})") from exc
    function = getattr(module, func_name, None)
    if function is None or not callable(function):
        raise fail("check", f"module '{module_name}' has no function '{func_name}'")
    if "params" not in inspect.signature(function).parameters:
        raise fail("check", f"'{spec}' has no 'params' argument")
    try:
        hints = typing.get_type_hints(function)
    except Exception as exc:  # a broken annotation is a configuration error of the check module
        raise fail("check", f"cannot resolve the annotations of '{spec}' ({exc})") from exc
    params_type = hints.get("params")
    if not (isinstance(params_type, type) and dataclasses.is_dataclass(params_type)):
        raise fail("check", f"the 'params' argument of '{spec}' must be annotated with a dataclass")
    return typing.cast(CheckFunction, function), params_type


def _build_params(params_type: type[Any], raw: dict[str, Any], spec: str, fail: Fail) -> Any:
    """Build the params dataclass from the [params] table: unknown, missing or ill-typed keys fail."""
    fields = {f.name: f for f in dataclasses.fields(params_type) if f.init}
    hints = typing.get_type_hints(params_type)
    for name in raw:
        if name not in fields:
            known = ", ".join(fields) or "none"
            raise fail(f"params.{name}", f"unknown parameter for {spec} (known: {known})")
    values: dict[str, Any] = {}
    for name, f in fields.items():
        key = f"params.{name}"
        if name not in raw:
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise fail(key, f"required parameter of {spec} missing")
            continue
        values[name] = _coerce(raw[name], hints[name], key, fail)
    try:
        return params_type(**values)
    except ParamError as exc:
        raise fail(f"params.{exc.field}", exc.problem) from exc
    except (ValueError, TypeError) as exc:
        raise fail("params", str(exc)) from exc


_TYPE_NAMES: dict[Any, tuple[str, str]] = {
    str: ("a string", "strings"),
    int: ("an integer", "integers"),
    float: ("a number", "numbers"),
    bool: ("a boolean (true/false)", "booleans"),
}


def _type_name(tp: Any, plural: bool = False) -> str:
    origin = get_origin(tp)
    if origin is Literal:
        return "one of " + ", ".join(repr(a) for a in get_args(tp))
    if origin in (tuple, list):
        args = get_args(tp)
        return f"a list of {_type_name(args[0], plural=True)}" if args else "a list"
    if origin in (dict, Mapping):
        args = get_args(tp)
        return f"a table of {_type_name(args[1], plural=True)}" if args else "a table"
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return "tables" if plural else "a table"
    names = _TYPE_NAMES.get(tp)
    return names[plural] if names else str(tp)


def _coerce(value: Any, tp: Any, key: str, fail: Fail) -> Any:
    """Check a TOML value against a params field type; lists become tuples."""
    origin = get_origin(tp)
    if tp is Any:
        return value
    if origin is Literal:
        if value not in get_args(tp):
            raise fail(key, f"must be {_type_name(tp)} (got {value!r})")
        return value
    if origin in (Union, types.UnionType):
        options = [a for a in get_args(tp) if a is not type(None)]
        for option in options:
            try:
                return _coerce(value, option, key, fail)
            except RuleError:
                continue
        raise fail(key, f"must be {' or '.join(_type_name(o) for o in options)} (got {value!r})")
    if origin in (tuple, list):
        args = get_args(tp)
        if not isinstance(value, list):
            raise fail(key, f"must be {_type_name(tp)} (got {value!r})")
        item_type = args[0] if args else Any
        items = [_coerce(v, item_type, f"{key}[{i}]", fail) for i, v in enumerate(value)]
        return tuple(items) if origin is tuple else items
    if origin in (dict, Mapping):  # a nested table: {name = value, ...}; keys are strings in TOML
        args = get_args(tp)
        if not isinstance(value, dict):
            raise fail(key, f"must be {_type_name(tp)} (got {value!r})")
        value_type = args[1] if len(args) == 2 else Any
        return {str(k): _coerce(v, value_type, f"{key}.{k}", fail) for k, v in value.items()}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):  # a nested table checked like [params] itself
        if not isinstance(value, dict):
            raise fail(key, f"must be a table (got {value!r})")
        return _build_nested(tp, value, key, fail)
    if tp is bool:
        if not isinstance(value, bool):
            raise fail(key, f"must be a boolean (true/false) (got {value!r})")
        return value
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise fail(key, f"must be an integer (got {value!r})")
        return value
    if tp is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise fail(key, f"must be a number (got {value!r})")
        return float(value)
    if tp is str:
        if not isinstance(value, str):
            raise fail(key, f"must be a string (got {value!r})")
        return value
    raise fail(key, f"unsupported parameter type {tp!r} in the params dataclass")


def _build_nested(cls: type[Any], raw: dict[str, Any], key: str, fail: Fail) -> Any:
    """A dataclass from a nested table (e.g. params.types.news): unknown, missing or ill-typed keys fail."""
    fields = {f.name: f for f in dataclasses.fields(cls) if f.init}
    hints = typing.get_type_hints(cls)
    for name in raw:
        if name not in fields:
            raise fail(f"{key}.{name}", f"unknown key (known: {', '.join(fields) or 'none'})")
    values: dict[str, Any] = {}
    for name, f in fields.items():
        if name not in raw:
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise fail(f"{key}.{name}", "required key missing")
            continue
        values[name] = _coerce(raw[name], hints[name], f"{key}.{name}", fail)
    try:
        return cls(**values)
    except ParamError as exc:
        raise fail(f"{key}.{exc.field}", exc.problem) from exc
    except (ValueError, TypeError) as exc:
        raise fail(key, str(exc)) from exc
