from __future__ import annotations

import codecs
from pathlib import Path

import lxml.html
import pytest

from inspector.extract import decode_body, extract_page, normalize_encoding

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "extract"
GBK_ONLY = "镕喆堃"  # in GBK / GB18030, not in GB2312

BODY = "<p>朱镕基、张喆、王堃参加会议。</p><div>网站标识码：4211000001</div>"


def page(meta: str = "", body: str = BODY) -> str:
    return f"<html><head>{meta}<title>镕喆堃</title></head><body>{body}</body></html>"


META_GB2312 = '<meta charset="gb2312">'
META_HTTP_EQUIV_GB2312 = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'


def test_committed_gbk_fixture_declaring_gb2312_decodes_as_gb18030() -> None:
    body = (FIXTURES / "gbk-declared-gb2312.html").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")  # the fixture really is GBK bytes
    text, encoding = decode_body(body, "text/html")
    assert encoding == "gb18030"
    assert "朱镕基 张喆 王堃" in text
    assert "\ufffd" not in text


def test_lxml_on_bytes_would_truncate_but_decoded_text_is_complete() -> None:
    body = (FIXTURES / "gbk-declared-gb2312.html").read_bytes()
    text, encoding = decode_body(body)
    facts = extract_page("http://www.test-county.gov.cn.test/", text, encoding)
    # the footer comes after the GBK-only characters: a truncated parse would lose it
    assert facts.footer.site_code == "4211000001"
    assert facts.footer.icp == "鄂ICP备05002000号-1"
    assert facts.title == "朱镕基 张喆 王堃 - 测试县人民政府"
    assert lxml.html.document_fromstring(text).findtext(".//title") == facts.title


@pytest.mark.parametrize(
    ("meta", "content_type"),
    [
        (META_GB2312, "text/html"),
        (META_HTTP_EQUIV_GB2312, None),
        ('<meta http-equiv="Content-Type" content="text/html; charset=GBK">', "text/html"),
        ("", "text/html; charset=gb2312"),
        ("", 'text/html; charset="GBK"'),
        (META_GB2312, "text/html; charset=ISO-8859-1"),  # server default label is not a statement about the page
    ],
)
def test_gbk_body_with_gb_declarations(meta: str, content_type: str | None) -> None:
    body = page(meta).encode("gbk")
    text, encoding = decode_body(body, content_type)
    assert encoding == "gb18030"
    assert GBK_ONLY in text
    assert "朱镕基、张喆、王堃参加会议" in text


def test_declares_gb2312_but_is_utf8() -> None:
    body = page(META_HTTP_EQUIV_GB2312).encode("utf-8")
    text, encoding = decode_body(body, "text/html")
    assert encoding == "utf-8"
    assert "朱镕基、张喆、王堃参加会议" in text


def test_header_gbk_but_body_utf8() -> None:
    text, encoding = decode_body(page().encode("utf-8"), "text/html; charset=gbk")
    assert (encoding, GBK_ONLY in text) == ("utf-8", True)


def test_utf8_bom_page() -> None:
    body = codecs.BOM_UTF8 + page(META_GB2312).encode("utf-8")
    text, encoding = decode_body(body, "text/html; charset=gbk")
    assert encoding == "utf-8"
    assert text.startswith("<html>")  # BOM removed
    assert GBK_ONLY in text


def test_utf16_bom_page() -> None:
    body = codecs.BOM_UTF16_LE + page().encode("utf-16-le")
    text, encoding = decode_body(body)
    assert encoding == "utf-16-le"
    assert GBK_ONLY in text and text.startswith("<html>")


def test_header_says_utf8_but_body_is_gbk_with_meta() -> None:
    body = page(META_GB2312).encode("gbk")
    text, encoding = decode_body(body, "text/html; charset=utf-8")
    assert encoding == "gb18030"
    assert "朱镕基、张喆、王堃参加会议" in text


def test_header_says_utf8_but_body_is_gbk_without_meta() -> None:
    body = page("", BODY * 20).encode("gbk")
    text, encoding = decode_body(body, "text/html; charset=UTF-8")
    assert encoding == "gb18030"
    assert "朱镕基、张喆、王堃参加会议" in text


@pytest.mark.parametrize(("encode_as", "expected"), [("gbk", "gb18030"), ("utf-8", "utf-8")])
def test_no_declaration_anywhere(encode_as: str, expected: str) -> None:
    body = page("", BODY * 20).encode(encode_as)
    text, encoding = decode_body(body, "text/html")
    assert encoding == expected
    assert "朱镕基、张喆、王堃参加会议" in text


def test_short_gbk_body_without_declaration() -> None:
    text, encoding = decode_body("朱镕基".encode("gbk"))
    assert (text, encoding) == ("朱镕基", "gb18030")


def test_meta_beyond_first_4kb_is_not_read() -> None:
    # padding pushes the meta out of the scan window; the body is UTF-8 so the result is still right
    body = ("<!--" + "x" * 5000 + "-->" + page(META_GB2312)).encode("utf-8")
    text, encoding = decode_body(body)
    assert encoding == "utf-8" and GBK_ONLY in text


def test_ascii_body_and_empty_body() -> None:
    assert decode_body(b"<html><body>hello</body></html>", "text/html; charset=gbk") == (
        "<html><body>hello</body></html>",
        "gb18030",
    )
    assert decode_body(b"", None) == ("", "utf-8")


def test_unknown_label_is_ignored() -> None:
    body = page('<meta charset="x-no-such-charset">').encode("utf-8")
    text, encoding = decode_body(body, "text/html; charset=bogus")
    assert encoding == "utf-8" and GBK_ONLY in text


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("gb2312", "gb18030"),
        ("GB2312", "gb18030"),
        ("gbk", "gb18030"),
        ("x-gbk", "gb18030"),
        ("cp936", "gb18030"),
        ("GB18030", "gb18030"),
        ("UTF8", "utf-8"),
        ("utf-8", "utf-8"),
        ('"utf-8"', "utf-8"),
        ("big5", "big5"),
        ("no-such", None),
        ("", None),
        (None, None),
    ],
)
def test_normalize_encoding(label: str | None, expected: str | None) -> None:
    assert normalize_encoding(label) == expected
