"""Column discovery on saved real pages (邯郸 政府信息公开 platform index and its 指南 page) against the hand-made
`detected_columns` of their expectation files (tests/fixtures/extract/realpages/*.expect.json).

Each page is treated as a one-page site (the page is the homepage, its links are the links), as `inspector page`
does; section rules that normally search inside the platform search this page directly.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from inspector.checks.columns import columns_on_page, one_page_site
from inspector.extract import decode_body, extract_page
from inspector.model import SiteArtifacts
from inspector.rules import default_rules_dir, load_rules

FOLDER = Path(__file__).resolve().parents[1] / "fixtures" / "extract" / "realpages"
PAGES = ("handan-xxgk-index", "handan-zfxxgkzn")


def load(name: str) -> tuple[SiteArtifacts, dict]:
    expect = json.loads((FOLDER / f"{name}.expect.json").read_text(encoding="utf-8"))
    text, encoding = decode_body((FOLDER / f"{name}.html").read_bytes(), None)
    facts = extract_page(expect["url"], text, encoding)
    site = one_page_site(expect["url"], [(link.url, link.text, link.how) for link in facts.links], title=facts.title,
                         meta=dict(facts.meta), as_of=date(2020, 8, 5))
    return site, expect


@pytest.mark.parametrize("name", PAGES)
def test_detected_columns_match_the_hand_made_expectation(name: str) -> None:
    site, expect = load(name)
    wanted: dict[str, list[str] | None] = expect["detected_columns"]
    rules = [r for r in load_rules(default_rules_dir()) if r.check == "inspector.checks.columns:required_column"]
    assert set(wanted) == {r.id for r in rules}, "every column rule has a hand-made expectation"
    found = {c["rule_id"]: c for c in columns_on_page(site, rules)}
    assert all(c["how"] for c in found.values())  # every match says how it was recognised
    got: dict[str, str | None] = {rule_id: (found[rule_id]["url"] if rule_id in found else None) for rule_id in wanted}
    wrong = {rid: (got[rid], accepted) for rid, accepted in wanted.items()
             if got[rid] not in (accepted if accepted is not None else [None])}
    assert not wrong, wrong
