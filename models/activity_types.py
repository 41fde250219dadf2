"""The activity taxonomy: which figures and details each type of report carries.

Labels and questions live in the texts catalogue (handlers/texts.py); this module only says
what data a type needs, so the conversation, validation and aggregation agree.
"""

from __future__ import annotations

from dataclasses import dataclass

FIGURE_FIELDS: tuple[str, ...] = (
    "participants_vn",
    "participants_foreign",
    "sessions",
    "audience",
    "copies",
    "items",
    "delegation_size",
    "classes",
    "trainees",
    "visitors",
    "posts_handled",
    "cases",
)

COUNTRY_CODES: tuple[str, ...] = ("CN", "LA", "KH")
"""Countries across the border; any other ISO 3166 alpha-2 code is accepted when typed."""


@dataclass(frozen=True, slots=True)
class ActivityType:
    """What one type of activity asks for."""

    code: str
    figures: tuple[str, ...] = ()
    counterpart: bool = False
    country: bool = False
    languages: bool = False
    photo_required: bool = False


ACTIVITY_TYPES: dict[str, ActivityType] = {
    t.code: t
    for t in (
        ActivityType(
            "border_exchange",
            ("participants_vn", "participants_foreign"),
            counterpart=True,
            country=True,
            photo_required=True,
        ),
        ActivityType(
            "twinning", ("participants_vn",), counterpart=True, country=True, photo_required=True
        ),
        ActivityType("law_outreach", ("sessions", "audience"), languages=True),
        ActivityType("oral_propaganda", ("sessions", "audience")),
        ActivityType("foreign_delegation_in", ("delegation_size",), counterpart=True, country=True),
        ActivityType("delegation_out", ("delegation_size",), counterpart=True, country=True),
        ActivityType("media_publication", ("items", "copies"), counterpart=True, languages=True),
        ActivityType("exhibition", ("visitors",)),
        ActivityType("training", ("classes", "trainees")),
        ActivityType("counter_disinformation", ("posts_handled",), counterpart=True),
        ActivityType(
            "cultural_event",
            ("participants_vn", "participants_foreign"),
            counterpart=True,
            country=True,
            photo_required=True,
        ),
        ActivityType("foreigner_management", ("cases",), country=True),
        ActivityType("other"),
    )
}

LANGUAGE_CODES: tuple[str, ...] = (
    "vi",
    "thai",
    "tay",
    "nung",
    "hmong",
    "dao",
    "hanhi",
    "zh",
    "lo",
    "km",
    "en",
)
"""Languages used in outreach: Vietnamese, ethnic languages (Tày and Nùng are the largest
groups along the Lạng Sơn border), and the counterparts' languages."""
