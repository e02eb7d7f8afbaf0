"""Figures from the district implementation plan (松市监竞争〔2023〕33号), in one place.

Section 五: one review round selects, in principle, zones 1–5, stations 2–10 and points 10–30.
Section 二: by the end of 2023, municipal level 1 zone and 6 stations/points; district level 2 zones and
40 stations/points.
The registry feeds two zone-table items: certified member sites (the "at least 3" rule) and the park's service
organisations (bonus by types and units).
"""

from __future__ import annotations

SELECTION_QUOTAS: dict[str, tuple[int, int]] = {"zone": (1, 5), "station": (2, 10), "point": (10, 30)}

TARGET_YEAR = 2023
TARGETS: dict[str, dict[str, int]] = {
    "municipal": {"zone": 1, "station_point": 6},
    "district": {"zone": 2, "station_point": 40},
}

# Zone-table items whose values come from the park registry.
REGISTRY_CERTIFIED_SITES_ITEM = "Z15"
REGISTRY_SERVICE_ORGANISATIONS_ITEM = "ZB1"
# Certification kinds that count as "示范站（点）" for the certified-sites item.
SITE_KINDS = ("station", "point")
