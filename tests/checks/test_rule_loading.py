"""Malformed rule files fail at load time with a one-line RuleError naming the file and the key."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Literal

import pytest

from inspector.errors import RuleError
from inspector.model import CheckResult, Level, Severity, SiteArtifacts
from inspector.rules import load_rule, load_rules

GOOD = """\
id            = "footer-demo"
title         = "页脚有演示标识"
failure_title = "页脚缺少演示标识"
check         = "inspector.checks.footer:footer_mark"
severity      = "deduct"
points        = 2
deduction     = 0.5
applies_to    = ["city", "county"]
reference     = "演示依据"
confidence    = "U：演示"
description   = "演示说明。"

[params]
mark    = "icp"
pattern = 'ICP备\\d+'
"""


def write(folder: Path, text: str, name: str = "footer-demo.toml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def load_error(path: Path) -> str:
    with pytest.raises(RuleError) as info:
        load_rule(path)
    message = str(info.value)
    assert "\n" not in message, "one line"
    assert path.name in message, "names the file"
    return message


def test_good_rule_loads(tmp_path: Path) -> None:
    rule = load_rule(write(tmp_path, GOOD))
    assert rule.id == "footer-demo"
    assert rule.severity is Severity.DEDUCT
    assert (rule.points, rule.deduction) == (2.0, 0.5)
    assert rule.applies_to == (Level.CITY, Level.COUNTY)
    assert rule.params.mark == "icp" and rule.params.pattern == r"ICP备\d+"
    assert rule.confidence_mark == "U"
    assert rule.retired is None and rule.path == tmp_path / "footer-demo.toml"


def test_defaults(tmp_path: Path) -> None:
    text = GOOD.replace("deduction     = 0.5\n", "").replace('applies_to    = ["city", "county"]\n', "")
    rule = load_rule(write(tmp_path, text))
    assert rule.deduction == rule.points == 2.0
    assert rule.applies_to == tuple(Level)


def test_sha_follows_the_bytes(tmp_path: Path) -> None:
    first = load_rule(write(tmp_path, GOOD)).sha
    second = load_rule(write(tmp_path, GOOD + "# a comment\n")).sha
    assert len(first) == 12 and first != second


@pytest.mark.parametrize(
    ("old", "new", "key", "words"),
    [
        pytest.param('severity      = "deduct"', 'severity      = "major"', "severity", "must be one of veto, deduct, notice (got 'major')", id="bad-severity"),
        pytest.param('title         = "页脚有演示标识"\n', "", "title", "required key missing", id="missing-title"),
        pytest.param('title         = "页脚有演示标识"', 'title         = "  "', "title", "must not be empty", id="empty-title"),
        pytest.param('mark    = "icp"', 'mark    = "icp"\nwhere   = "homepage"', "params.where", "unknown parameter", id="unknown-param"),
        pytest.param('mark    = "icp"\n', "", "params.mark", "required parameter", id="missing-param"),
        pytest.param('mark    = "icp"', 'mark    = "beian"', "params.mark", "must be one of", id="param-not-in-literal"),
        pytest.param('mark    = "icp"', "mark    = 3", "params.mark", "got 3", id="param-wrong-type"),
        pytest.param("pattern = 'ICP备\\d+'", "pattern = 'ICP备(\\d+'", "params.pattern", "invalid regular expression", id="bad-regex"),
        pytest.param('check         = "inspector.checks.footer:footer_mark"', 'check         = "inspector.checks.fotter:footer_mark"',
         "check", "cannot import module 'inspector.checks.fotter'", id="module-typo"),
        pytest.param('check         = "inspector.checks.footer:footer_mark"', 'check         = "inspector.checks.footer:no_such"',
         "check", "has no function 'no_such'", id="function-missing"),
        pytest.param('check         = "inspector.checks.footer:footer_mark"', 'check         = "footer_mark"', "check", "module:function", id="check-without-colon"),
        pytest.param('id            = "footer-demo"', 'id            = "footer-other"', "id", "must equal the file name stem", id="id-not-stem"),
        pytest.param("points        = 2", 'points        = "2"', "points", "must be a number", id="points-string"),
        pytest.param("points        = 2\n", "", "points", "points > 0", id="deduct-without-points"),
        pytest.param('applies_to    = ["city", "county"]', 'applies_to    = ["city", "province"]', "applies_to", "'province'", id="unknown-level"),
        pytest.param('confidence    = "U：演示"', 'confidence    = "high"', "confidence", "must start with one of C, V, S, U", id="bad-confidence"),
        pytest.param('description   = "演示说明。"', 'description   = "演示说明。"\nretired = "2026-12"', "retired", "2026Q4", id="bad-retired"),
        pytest.param('description   = "演示说明。"', 'description   = "演示说明。"\nseverity_level = 1', "severity_level", "unknown key", id="unknown-key"),
    ],
)
def test_bad_rule(tmp_path: Path, old: str, new: str, key: str, words: str) -> None:
    assert old in GOOD
    message = load_error(write(tmp_path, GOOD.replace(old, new, 1)))
    assert f"key '{key}'" in message
    assert words in message


def test_message_format(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "rules"
    folder.mkdir()
    write(folder, GOOD.replace('"deduct"', '"major"'), "footer-icp.toml")
    (folder / "footer-icp.toml").write_text(
        (folder / "footer-icp.toml").read_text(encoding="utf-8").replace("footer-demo", "footer-icp"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(RuleError) as info:
        load_rules(folder)
    assert str(info.value) == "rules/footer-icp.toml: key 'severity': must be one of veto, deduct, notice (got 'major')"
    assert info.value.key == "severity"


def test_toml_syntax_error_names_line(tmp_path: Path) -> None:
    message = load_error(write(tmp_path, GOOD.replace('points        = 2', 'points        2')))
    assert "line 6" in message and "TOML syntax error" in message


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "footer-demo.toml"
    path.write_bytes(GOOD.encode("gb18030"))
    assert "not UTF-8" in load_error(path)


def test_load_rules_skips_retired_and_other_files(tmp_path: Path) -> None:
    write(tmp_path, GOOD)
    retired = GOOD.replace("footer-demo", "footer-old").replace(
        'description   = "演示说明。"', 'description   = "演示说明。"\nretired       = "2026Q4"')
    write(tmp_path, retired, "footer-old.toml")
    (tmp_path / "README.md").write_text("not a rule", encoding="utf-8")
    assert [r.id for r in load_rules(tmp_path)] == ["footer-demo"]
    both = load_rules(tmp_path, include_retired=True)
    assert [(r.id, r.retired) for r in both] == [("footer-demo", None), ("footer-old", "2026Q4")]


def test_one_bad_file_stops_the_folder(tmp_path: Path) -> None:
    write(tmp_path, GOOD)
    write(tmp_path, GOOD.replace("footer-demo", "footer-zzz").replace('"icp"', '"fax"'), "footer-zzz.toml")
    with pytest.raises(RuleError, match=r"footer-zzz\.toml: key 'params\.mark'"):
        load_rules(tmp_path)


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match="rules folder not found"):
        load_rules(tmp_path / "nope")


# A check defined here so that typed-parameter coercion can be exercised on every supported type.
@dataclasses.dataclass(frozen=True, slots=True)
class DemoParams:
    words: tuple[str, ...]
    ratio: float = 0.5
    limit: int | None = None
    strict: bool = False
    where: Literal["homepage", "all"] = "homepage"


def demo_check(site: SiteArtifacts, params: DemoParams) -> list[CheckResult]:
    return []


def untyped_check(site, params):  # type: ignore[no-untyped-def]
    return []


DEMO = GOOD.replace("inspector.checks.footer:footer_mark", f"{__name__}:demo_check").split("[params]")[0]


@pytest.fixture(autouse=True)
def _allow_this_module_as_check_package(monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo check functions of this file live outside inspector.checks."""
    import inspector.rules

    monkeypatch.setattr(inspector.rules, "CHECK_PACKAGES", (*inspector.rules.CHECK_PACKAGES, __name__))


def test_check_outside_the_checks_package_is_refused(tmp_path: Path) -> None:
    message = load_error(write(tmp_path, GOOD.replace("inspector.checks.footer:footer_mark", "os:system")))
    assert "key 'check'" in message and "inspector.checks.*" in message


def test_typed_params(tmp_path: Path) -> None:
    rule = load_rule(write(tmp_path, DEMO + '[params]\nwords = ["六保", "六稳"]\nratio = 1\nlimit = 3\nstrict = true\n'))
    assert rule.params == DemoParams(words=("六保", "六稳"), ratio=1.0, limit=3, strict=True)
    assert isinstance(rule.params.ratio, float)


@pytest.mark.parametrize(
    ("params", "key", "words"),
    [
        pytest.param('words = "六保"', "params.words", "must be a list of strings", id="str-for-tuple"),
        pytest.param("words = [1]", "params.words[0]", "must be a string", id="int-in-tuple"),
        pytest.param('words = []\nratio = "half"', "params.ratio", "must be a number", id="str-for-float"),
        pytest.param("words = []\nratio = true", "params.ratio", "must be a number", id="bool-for-float"),
        pytest.param("words = []\nlimit = 2.5", "params.limit", "must be an integer (got 2.5)", id="float-for-optional-int"),
        pytest.param('words = []\nstrict = "yes"', "params.strict", "must be a boolean", id="str-for-bool"),
        pytest.param('words = []\nwhere = "everywhere"', "params.where", "must be one of 'homepage', 'all'", id="literal"),
    ],
)
def test_bad_typed_params(tmp_path: Path, params: str, key: str, words: str) -> None:
    message = load_error(write(tmp_path, DEMO + "[params]\n" + params + "\n"))
    assert f"key '{key}'" in message and words in message


def test_check_without_params_dataclass(tmp_path: Path) -> None:
    message = load_error(write(tmp_path, DEMO.replace(":demo_check", ":untyped_check")))
    assert "key 'check'" in message and "annotated with a dataclass" in message
