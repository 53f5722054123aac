"""Probes outside the crawl: DNS resolution (shared with the spider), HTTP availability checks."""

from __future__ import annotations
