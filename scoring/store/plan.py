"""Figures from the district implementation plan (松市监竞争〔2023〕33号), in one place.

Section 五: one review round selects, in principle, zones 1–5, stations 2–10 and points 10–30.
Section 二: by the end of 2023, municipal level 1 zone and 6 stations/points; district level 2 zones and
40 stations/points.
The registry feeds two zone-table items, marked ``fed_by`` in the zone rubric: certified member sites (the
"at least 3" rule) and the park's service organisations (bonus by types and units).
"""

from __future__ import annotations

from ..rubric import Item, Rubric, load_rubric
from . import messages as msg
from .errors import StoreError

SELECTION_QUOTAS: dict[str, tuple[int, int]] = {"zone": (1, 5), "station": (2, 10), "point": (10, 30)}

TARGET_YEAR = 2023
TARGETS: dict[str, dict[str, int]] = {
    "municipal": {"zone": 1, "station_point": 6},
    "district": {"zone": 2, "station_point": 40},
}

# The zone-table items whose values come from the park registry are marked in the rubric (``fed_by``).
CERTIFIED_SITES = "registry.certified_sites"
SERVICE_ORGANISATIONS = "registry.service_organisations"
# Certification kinds that count as "示范站（点）" for the certified-sites item.
SITE_KINDS = ("station", "point")


def fed_items(rubric: Rubric | None = None) -> tuple[Item, Item]:
    """The zone items the registry fills (certified sites, service organisations), as the rubric marks them."""
    rubric = rubric or load_rubric("zone")
    sites, services = rubric.item_fed_by(CERTIFIED_SITES), rubric.item_fed_by(SERVICE_ORGANISATIONS)
    if sites is None or services is None:
        raise StoreError(msg.REGISTRY_RUBRIC_UNMARKED.format(table=rubric.title))
    return sites, services


def fed_item_names(rubric: Rubric | None = None) -> dict[str, str]:
    """``sites`` and ``services``: each fed item's ID and title, for UI text."""
    sites, services = fed_items(rubric)
    return {"sites": f"{sites.id} {sites.title}", "services": f"{services.id} {services.title}",
            "sites_id": sites.id, "services_id": services.id}
