"""Small helpers shared by the checks: error glosses, percentages, the self-check and homepage gates."""

from __future__ import annotations

import pytest
from rule_case_loader import artifacts_from_json

from inspector.checks._common import describe_error, homepage_unusable, percent, self_check_failure


@pytest.mark.parametrize(
    ("error", "text"),
    [
        ("timeout", "超时（timeout）"),
        ("dns: NXDOMAIN", "域名不存在（dns: NXDOMAIN）"),
        ("dns: SERVFAIL", "域名解析失败（dns: SERVFAIL）"),
        ("connection refused", "连接被拒绝（connection refused）"),
        ("http 404", "HTTP 404"),
        ("HTTP 503 after retries", "HTTP 503 after retries"),
        ("something odd", "something odd"),
        ("", "未知错误"),
    ],
)
def test_describe_error(error: str, text: str) -> None:
    assert describe_error(error) == text


@pytest.mark.parametrize(("value", "text"), [(0.05, "5%"), (1 / 24, "4.2%"), (0.5, "50%"), (1.0, "100%"), (0.0, "0%")])
def test_percent(value: float, text: str) -> None:
    assert percent(value) == text


def test_self_check_gate() -> None:
    assert self_check_failure(artifacts_from_json({})) is None
    ok = artifacts_from_json({"run_probes": [{"ok": True}]})
    assert self_check_failure(ok) is None
    bad = artifacts_from_json({"run_probes": [{"ok": True}, {"ok": False, "error": "timeout"}]})
    assert self_check_failure(bad) == "timeout"


@pytest.mark.parametrize(
    ("page", "problem"),
    [
        ({"url": "http://www.demo.test/", "facts": {"footer": {}}}, None),
        ({"url": "http://www.demo.test/", "facts": {"waf_challenge": True}}, "防火墙"),
        ({"url": "http://www.demo.test/", "outcome": "broken", "detail": "timeout"}, "无法访问，timeout"),
        ({"url": "http://www.demo.test/", "outcome": "rate_limited"}, "限流"),
    ],
)
def test_homepage_gate(page: dict[str, object], problem: str | None) -> None:
    site = artifacts_from_json({"pages": [page]})
    found = homepage_unusable(site.homepage)
    assert (found is None) if problem is None else (found is not None and problem in found)


def test_homepage_gate_without_homepage() -> None:
    assert homepage_unusable(None) == "首页未抓取"
