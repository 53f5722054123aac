"""No English reaches an analyst: link and availability messages are Chinese apart from URLs and quoted link text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rule_case_loader import artifacts_from_json, load_case

from inspector.engine import evaluate
from inspector.rules import default_rules_dir, load_rule

CASES_DIR = Path(__file__).resolve().parents[1] / "cases"
RULE_IDS = ("broken-links-homepage", "broken-links-other", "site-availability")
CASES = sorted(p for rule in RULE_IDS for p in (CASES_DIR / rule).glob("*.json"))

_URL = re.compile(r"https?://[^\s（）：，；]+")
_QUOTED = re.compile(r"“[^”]*”")


def _english(message: str) -> list[str]:
    rest = _QUOTED.sub("", _URL.sub("", message)).replace("HTTP", "").replace("inspector probe --run", "")
    return re.findall(r"[A-Za-z]+", rest)


@pytest.mark.parametrize("case", CASES, ids=[f"{p.parent.name}/{p.name}" for p in CASES])
def test_case_messages_are_chinese(case: Path) -> None:
    rule = load_rule(default_rules_dir() / f"{case.parent.name}.toml")
    for finding in evaluate([rule], load_case(case), run_id=1):
        assert not _english(finding.message), finding.message
        assert "(" not in finding.message and ")" not in finding.message, finding.message


HOME = {"url": "http://www.demo.test/", "depth": 0, "outcome": "ok", "http_status": 200, "facts": {"footer": {}}}


@pytest.mark.parametrize(
    ("target", "words"),
    [
        ({"outcome": "broken", "detail": "connect error: All connection attempts failed"}, "连接失败"),
        ({"outcome": "broken", "detail": "dns: timeout (5s)"}, "域名解析超时"),
        ({"outcome": "broken", "detail": "no response (connection closed)"}, "连接中断"),
        ({"outcome": "redirect_loop", "http_status": 302,
          "detail": "redirect loop: http://www.other.test/x -> http://www.other.test/a -> http://www.other.test/x"},
         "重定向循环"),
        ({"outcome": "soft_404", "http_status": 200,
          "detail": "redirected to homepage: http://www.other.test/x -> http://www.other.test/"}, "软404（跳转到首页）"),
        ({"outcome": "waf", "http_status": 412, "detail": "http 412 challenge"}, "防火墙拦截（无法判定）"),
        ({"outcome": "rate_limited", "http_status": 429, "detail": "http 429 after 2 retries"}, "限流（无法判定）"),
    ],
)
def test_link_message_translates_the_detail_and_evidence_keeps_it(target: dict[str, object], words: str) -> None:
    site = artifacts_from_json({
        "pages": [HOME, {"url": "http://www.other.test/x", "kind": "external", **target}],
        "links": [{"source": "http://www.demo.test/", "target": "http://www.other.test/x", "text": "外链",
                   "on_homepage": True}],
    })
    rule = load_rule(default_rules_dir() / "broken-links-homepage.toml")
    [finding] = [f for f in evaluate([rule], site, run_id=1) if f.subject == "http://www.other.test/x"]
    assert finding.message == f"首页链接“外链”（http://www.other.test/x）：{words}"
    assert not _english(finding.message)
    assert [e.detail for e in finding.evidence] == [target["detail"]]  # raw, for the bulletin's 技术细节


def test_homepage_down_message_is_chinese() -> None:
    site = artifacts_from_json({"pages": [{**HOME, "outcome": "broken", "http_status": None, "detail": "refused"}]})
    rule = load_rule(default_rules_dir() / "broken-links-homepage.toml")
    [finding] = evaluate([rule], site, run_id=1)
    assert finding.message == "首页无法访问：连接被拒绝，无法检查首页链接"
