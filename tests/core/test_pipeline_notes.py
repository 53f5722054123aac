"""Run notes are read by the analyst: a probe's English error details become Chinese, URLs kept."""

from __future__ import annotations

from inspector.pipeline import _reasons


def test_self_check_errors_read_in_chinese_with_their_urls() -> None:
    error = "http://www.gov.cn.test:1234/: dns: noanswer; https://www.baidu.com/: timeout"
    assert _reasons(error) == "http://www.gov.cn.test:1234/ 域名无法解析；https://www.baidu.com/ 连接超时"
    assert _reasons(error, ipv6=True) == "http://www.gov.cn.test:1234/ 无AAAA记录；https://www.baidu.com/ 连接超时"
    assert _reasons("http://[::1]:9/: refused") == "http://[::1]:9/ 连接被拒绝"
    assert _reasons("read timeout") == "响应超时"
    assert _reasons("") == ""
