"""What the registry portals share: their standard meta tags, article rows and pagers, and the URL scheme
and routing of the TRS-style portals. Markup that differs on purpose (each portal imitates a CMS) stays
in the portal's own module."""

from __future__ import annotations

import logging
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable

from inspector.farm.base import Article, Column, Ctx, Portal, Reply, html_reply
from inspector.farm.content import fmt_date
from inspector.farm.markup import Meta, esc

logger = logging.getLogger(__name__)


class GovPortal(Portal):
    """A portal with the standard government-site meta tags; the content source is the site's 办公室."""

    meta_site_code: bool = True  # False: no SiteIDCode tag (the code must be found elsewhere, or nowhere)

    def meta(self, column: str | None = None, column_type: str | None = None, art: Article | None = None) -> Meta:
        return Meta(self.name, self.host, self.site_code if self.meta_site_code else None, column, column_type,
                    art.title if art else None, f"{art.when:%Y-%m-%d %H:%M}" if art else None,
                    f"{self.name}办公室" if art else None)


class TrsPortal(GovPortal, ABC):
    """TRS WCM URLs: lists `<dir>index.<ext>`, `<dir>index_N.<ext>`; articles `<dir>YYYYMM/tYYYYMMDD_ID.<ext>`.

    A column's key is its directory. Subclasses set `page_ext` and write `list_page` and `article_page`.
    """

    page_ext: str = "html"
    _list_re: re.Pattern[str]
    _article_re: re.Pattern[str]

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        ext = re.escape(cls.page_ext)
        cls._list_re = re.compile(rf"^(?P<dir>/(?:[a-z]+/)+)index(?:_(?P<page>[1-9]\d*))?\.{ext}$")
        cls._article_re = re.compile(rf"^(?P<dir>/(?:[a-z]+/)+)(?P<ym>\d{{6}})/t(?P<ymd>\d{{8}})_(?P<id>\d+)\.{ext}$")

    @classmethod
    def list_path(cls, col: Column, page: int) -> str:
        return f"{col.key}index.{cls.page_ext}" if page == 0 else f"{col.key}index_{page}.{cls.page_ext}"

    @classmethod
    def article_rel(cls, art: Article) -> str:
        """The article's link relative to its column directory (`./202611/t20261120_1234567.shtml`)."""
        return f"./{art.when:%Y%m}/t{art.when:%Y%m%d}_{art.id}.{cls.page_ext}"

    @classmethod
    def article_path(cls, art: Article) -> str:
        return art.column.key + cls.article_rel(art)[2:]

    def route_columns(self, path: str, ctx: Ctx) -> Reply | None:
        """A list page or an article of a column; None for any other path (or a page that does not exist)."""
        match = self._list_re.match(path)
        if match:
            col = self.column(match["dir"])
            page = int(match["page"] or 0)
            if col is not None and page < self.n_pages(col):
                return html_reply(self.list_page(col, page, ctx))
            return None
        match = self._article_re.match(path)
        if match:
            col = self.column(match["dir"])
            art = self.locate(col, int(match["id"])) if col is not None else None
            if art is not None and self.article_path(art) == path:
                return html_reply(self.article_page(art, ctx))
        return None

    @abstractmethod
    def list_page(self, col: Column, page: int, ctx: Ctx) -> str:
        """HTML of list page `page` of `col` (each TRS portal writes its own markup)."""

    @abstractmethod
    def article_page(self, art: Article, ctx: Ctx) -> str:
        """HTML of one article (each TRS portal writes its own markup)."""


def list_items(arts: Iterable[Article], href: Callable[[Article], str], date_style: str | None = None) -> str:
    """`<li>` rows: the title linked (new window), then the date in `date_style` (default: the column's)."""
    return "".join(
        f'<li><a href="{href(a)}" target="_blank">{esc(a.title)}</a>'
        f"<span>{fmt_date(a.when, date_style or a.column.date_style)}</span></li>"
        for a in arts
    )


def pager_links(page: int, total: int, href: Callable[[int], str], *, reach: int = 4,
                current: str = "span") -> list[str]:
    """Links to the first and last list pages and those within `reach` of `page` (0-based), the current one
    as `<current>` text, then 下一页 unless on the last page."""
    numbers = sorted({0, total - 1, *range(max(0, page - reach), min(total, page + reach + 1))})
    parts = [f"<{current}>{n + 1}</{current}>" if n == page else f'<a href="{href(n)}">{n + 1}</a>' for n in numbers]
    if page < total - 1:
        parts.append(f'<a href="{href(page + 1)}">下一页</a>')
    return parts
