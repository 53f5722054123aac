"""gov-inspector: inspects Chinese government websites for compliance and writes the quarterly bulletin."""

from __future__ import annotations

__version__ = "0.1.0"

#: Every request names the tool (ASCII only: HTTP header values must be Latin-1).
USER_AGENT = f"gov-inspector/{__version__} (+https://github.com/gov-inspector/gov-inspector; government website inspection)"
