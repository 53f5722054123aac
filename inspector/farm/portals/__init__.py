"""The farm's hosts: the registry portals, each in the style of a real CMS family (the five of the original
demo, then the five small sites of the IPv6 inspection), the non-registry hosts they link to, and the
benchmark mirrors."""

from __future__ import annotations

from inspector.farm.base import HostApp
from inspector.farm.portals.externals import EXTERNALS as _LINKED
from inspector.farm.portals.hgjy import Hgjy
from inspector.farm.portals.hgrs import Hgrs
from inspector.farm.portals.hongan import Hongan
from inspector.farm.portals.huanggang import Huanggang
from inspector.farm.portals.huangmei import Huangmei, HuangmeiFiles
from inspector.farm.portals.macheng import Macheng
from inspector.farm.portals.media import MEDIA_HOSTS
from inspector.farm.portals.mirror import MAX_MIRRORS, Mirror, mirror_host
from inspector.farm.portals.qichun import Qichun
from inspector.farm.portals.tuanfeng import Tuanfeng
from inspector.farm.portals.wuxue import Wuxue
from inspector.farm.portals.xishui import Xishui

CORE_PORTALS = (Huanggang, Hongan, Macheng, Qichun, Xishui)
IPV6_PORTALS = (Hgjy, Hgrs, Huangmei, Wuxue, Tuanfeng)
PORTALS = CORE_PORTALS + IPV6_PORTALS
EXTERNALS: tuple[type[HostApp], ...] = (*_LINKED, HuangmeiFiles, *MEDIA_HOSTS)  # MEDIA_HOSTS: 政务新媒体 feeds

__all__ = [
    "CORE_PORTALS", "EXTERNALS", "IPV6_PORTALS", "MAX_MIRRORS", "MEDIA_HOSTS", "PORTALS", "Hgjy", "Hgrs", "Hongan",
    "Huanggang", "Huangmei", "HuangmeiFiles", "Macheng", "Mirror", "Qichun", "Tuanfeng", "Wuxue", "Xishui",
    "mirror_host",
]
