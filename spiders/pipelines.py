"""Item pipeline: PageRecord / LinkRecord items → inspector.store.Store, in batches.

Off (NotConfigured) unless INSPECTOR_STORE_URL is set, so `scrapy crawl site -a url=…` works without a store
(the spider logs what it saw; `-O out.jsonl` exports the records).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy.exceptions import DropItem, NotConfigured

from inspector.model import LinkRecord, PageRecord

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from inspector.store import Store

logger = logging.getLogger(__name__)


class StorePipeline:
    """Batch add_pages / add_links under INSPECTOR_RUN_ID; flush every INSPECTOR_STORE_BATCH items and at close."""

    def __init__(self, url: str, run_id: int, batch: int = 200) -> None:
        self.url = url
        self.run_id = run_id
        self.batch = max(1, batch)
        self.store: Store | None = None
        self.pages: list[PageRecord] = []
        self.links: list[LinkRecord] = []
        self.written = {"pages": 0, "links": 0}
        self.crawler: Crawler | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        s = crawler.settings
        url = s.get("INSPECTOR_STORE_URL") or ""
        if not url:
            raise NotConfigured("INSPECTOR_STORE_URL is not set")
        pipeline = cls(url, s.getint("INSPECTOR_RUN_ID", 0), s.getint("INSPECTOR_STORE_BATCH", 200))
        pipeline.crawler = crawler
        return pipeline

    def open_spider(self) -> None:
        from inspector.store import Store

        self.store = Store(self.url)
        logger.info("storing records of run %s in %s", self.run_id, self.store.url)

    def process_item(self, item: Any) -> Any:
        if isinstance(item, PageRecord):
            self.pages.append(item)
        elif isinstance(item, LinkRecord):
            self.links.append(item)
        else:
            raise DropItem(f"not a PageRecord or LinkRecord: {type(item).__name__}")
        if len(self.pages) + len(self.links) >= self.batch:
            self.flush()
        return item

    def flush(self) -> None:
        assert self.store is not None
        if self.pages:
            self.store.add_pages(self.run_id, self.pages)
            self.written["pages"] += len(self.pages)
            self.pages = []
        if self.links:
            self.store.add_links(self.run_id, self.links)
            self.written["links"] += len(self.links)
            self.links = []

    def close_spider(self) -> None:
        if self.store is None:
            return
        try:
            self.flush()
        finally:
            self.store.close()
            self.store = None
        if self.crawler is not None and self.crawler.stats is not None:
            self.crawler.stats.set_value("inspector/stored_pages", self.written["pages"])
            self.crawler.stats.set_value("inspector/stored_links", self.written["links"])
        logger.info("stored %d page records and %d link records", self.written["pages"], self.written["links"])
