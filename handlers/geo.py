"""Plausibility of a reported point: inside Vietnam (with a margin), near the unit, and
photos taken near where the report says."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

# Mainland Vietnam's bounding box; the margin (LOCATION_MARGIN_KM) covers border areas.
VN_SOUTH, VN_NORTH, VN_WEST, VN_EAST = 8.18, 23.39, 102.14, 109.47
KM_PER_DEGREE = 111.32
EARTH_RADIUS_KM = 6371.0


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def inside_vietnam(lat: float, lon: float, margin_km: float) -> bool:
    """True if the point lies in Vietnam's bounding box widened by `margin_km`."""
    lat_margin = margin_km / KM_PER_DEGREE
    lon_margin = margin_km / (KM_PER_DEGREE * math.cos(math.radians(max(abs(lat), 1e-6))))
    return (
        VN_SOUTH - lat_margin <= lat <= VN_NORTH + lat_margin
        and VN_WEST - lon_margin <= lon <= VN_EAST + lon_margin
    )


Point = tuple[float, float]


@dataclass(frozen=True, slots=True)
class FarPhotos:
    """Photos taken farther than the limit from the report's point (or the unit's)."""

    count: int
    farthest_km: float
    from_unit: bool
    """Measured from the unit's point, because the report has no location of its own."""


def reference_point(report: Point | None, unit: Point | None) -> tuple[Point | None, bool]:
    """Where photos should have been taken: the report's point, else the unit's (flagged)."""
    if report is not None:
        return report, False
    return unit, unit is not None


def far_photos(
    photos: Iterable[Point | None], report: Point | None, unit: Point | None, limit_km: float
) -> FarPhotos | None:
    """The photos far from the reference point; None when none is, or nothing to measure from.

    Computed whenever it is shown (card, exports) from the stored points, so a location
    changed after the photos were sent is measured afresh.
    """
    reference, from_unit = reference_point(report, unit)
    if reference is None:
        return None
    distances = [distance_km(*point, *reference) for point in photos if point is not None]
    far = [km for km in distances if km > limit_km]
    return FarPhotos(len(far), max(far), from_unit) if far else None
