"""Scrapy project of gov-inspector: the `site` spider, its resolver, middlewares and store pipeline.

`scrapy crawl site -a url=http://…` works from the repository root (scrapy.cfg → spiders.settings);
`python -m spiders.run '<json>'` is the child process that inspector.crawl.run_crawl starts.
"""

from __future__ import annotations
