"""What the demo reports say: which types each kind of unit reports, plausible figures, and the
wordings of models/demo/reports.csv."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from models.demo_data import demo_csv

# Activity types each kind of unit reports, with how often (weights). Unknown kinds: any type.
REPERTOIRE: dict[str, dict[str, int]] = {
    "border_post": {
        "border_exchange": 2,
        "twinning": 1,
        "law_outreach": 4,
        "foreigner_management": 3,
        "cultural_event": 1,
        "counter_disinformation": 1,
        "other": 1,
    },
    "commune": {
        "law_outreach": 3,
        "oral_propaganda": 4,
        "cultural_event": 1,
        "twinning": 1,
        "other": 1,
    },
    "agency": {
        "oral_propaganda": 3,
        "media_publication": 3,
        "training": 2,
        "foreign_delegation_in": 2,
        "delegation_out": 1,
        "exhibition": 1,
        "counter_disinformation": 2,
    },
    "province": {
        "exhibition": 1,
        "media_publication": 2,
        "foreign_delegation_in": 2,
        "training": 2,
        "other": 1,
    },
}
# Plausible ranges per type and figure, after the figures in the provinces' own reports.
FIGURE_RANGES: dict[str, dict[str, tuple[int, int]]] = {
    "border_exchange": {"participants_vn": (12, 60), "participants_foreign": (8, 45)},
    "twinning": {"participants_vn": (30, 150)},
    "law_outreach": {"sessions": (1, 4), "audience": (40, 320)},
    "oral_propaganda": {"sessions": (1, 3), "audience": (30, 250)},
    "foreign_delegation_in": {"delegation_size": (4, 25)},
    "delegation_out": {"delegation_size": (3, 12)},
    "media_publication": {"items": (1, 15), "copies": (200, 5000)},
    "exhibition": {"visitors": (300, 3500)},
    "training": {"classes": (1, 2), "trainees": (40, 220)},
    "counter_disinformation": {"posts_handled": (5, 80)},
    "cultural_event": {"participants_vn": (60, 400), "participants_foreign": (10, 150)},
    "foreigner_management": {"cases": (2, 40)},
    "other": {},
}


@dataclass(frozen=True, slots=True)
class Topic:
    """One line of models/demo/reports.csv: what a report of a type may say."""

    activity_type: str
    title: str
    place: str
    counterpart: str
    country: str
    languages: str
    description: str


def topics() -> dict[str, list[Topic]]:
    """The shipped wordings, by activity type."""
    found: dict[str, list[Topic]] = {}
    for row in csv.DictReader(io.StringIO(demo_csv("reports.csv"))):
        found.setdefault(row["activity_type"], []).append(Topic(**row))
    return found
