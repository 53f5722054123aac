"""The farm's hosts: five live registry portals, each in the style of a real CMS family, and the
non-registry hosts they link to."""

from __future__ import annotations

from inspector.farm.portals.externals import EXTERNALS
from inspector.farm.portals.hongan import Hongan
from inspector.farm.portals.huanggang import Huanggang
from inspector.farm.portals.macheng import Macheng
from inspector.farm.portals.qichun import Qichun
from inspector.farm.portals.xishui import Xishui

PORTALS = (Huanggang, Hongan, Macheng, Qichun, Xishui)

__all__ = ["EXTERNALS", "PORTALS", "Hongan", "Huanggang", "Macheng", "Qichun", "Xishui"]
