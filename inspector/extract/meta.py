"""<meta name=… content=…> of a page, keyed by name; standard government tags get canonical CamelCase names."""

from __future__ import annotations

import logging

from inspector.extract._dom import HtmlElement, norm_space

logger = logging.getLogger(__name__)

# Government page metadata (政府网站网页设计规范) and common generic tags, canonical spelling.
STANDARD_META_NAMES: tuple[str, ...] = (
    "SiteName",
    "SiteDomain",
    "SiteIDCode",
    "ColumnName",
    "ColumnDescription",
    "ColumnKeywords",
    "ColumnType",
    "ArticleTitle",
    "PubDate",
    "ContentSource",
    "Keywords",
    "Description",
    "Author",
    "Image",
    "Url",
)
_CANONICAL = {name.lower(): name for name in STANDARD_META_NAMES}


def canonical_meta_name(name: str) -> str:
    """'siteidcode' → 'SiteIDCode'; unknown names are returned as written (stripped)."""
    stripped = name.strip()
    return _CANONICAL.get(stripped.lower(), stripped)


def extract_meta(tree: HtmlElement) -> dict[str, str]:
    """name → content for every <meta name> in document order; the first non-empty value of a name wins."""
    meta: dict[str, str] = {}
    for el in tree.iter("meta"):
        name = el.get("name")
        if not name or not name.strip():
            continue
        key = canonical_meta_name(name)
        value = norm_space(el.get("content") or "")
        if key not in meta or (not meta[key] and value):
            meta[key] = value
    return meta


def meta_lookup(meta: dict[str, str], name: str) -> str | None:
    """Case-insensitive lookup: meta_lookup(m, 'pubdate') finds 'PubDate'."""
    wanted = name.lower()
    for key, value in meta.items():
        if key.lower() == wanted:
            return value
    return None
