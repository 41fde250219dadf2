"""Pydantic schemas: the draft kept in the conversation state and validated on every load."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Literal

from pydantic import BaseModel, Field, field_validator

from models.activity_types import ACTIVITY_TYPES, FIGURE_FIELDS, LANGUAGE_CODES

LocationSource = Literal["shared", "typed", "known_place", "photo", "skipped"]
MAX_FIGURE = 10_000_000
TITLE_MAX = 200
PLACE_MAX = 200
COUNTERPART_MAX = 200
DESCRIPTION_MAX = 4000


class DraftLocation(BaseModel):
    """Where the activity happened, or that the user chose to skip it."""

    source: LocationSource
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    place: str = ""


class Draft(BaseModel):
    """A report being filed; it lives only in ConversationState until Gửi."""

    key: str = Field(default_factory=lambda: uuid.uuid4().hex)
    unit_id: int | None = None
    activity_type: str | None = None
    title: str | None = Field(default=None, min_length=1, max_length=TITLE_MAX)
    start_date: date | None = None
    end_date: date | None = None
    place_name: str | None = Field(default=None, max_length=PLACE_MAX)
    location: DraftLocation | None = None
    figures: dict[str, int] = Field(default_factory=dict)
    counterpart: str | None = Field(default=None, max_length=COUNTERPART_MAX)
    country: str | None = Field(default=None, pattern="^([A-Z]{2})?$")
    languages: list[str] | None = None
    description: str | None = Field(default=None, max_length=DESCRIPTION_MAX)
    photos_done: bool = False
    # Set when the draft corrects a filed report (/sua N): Gửi then updates that report if it
    # still has this revision. None for a new report (and for drafts stored before this).
    report_id: int | None = None
    report_revision: int | None = None

    @field_validator("activity_type")
    @classmethod
    def _known_type(cls, value: str | None) -> str | None:
        """Only taxonomy codes."""
        if value is not None and value not in ACTIVITY_TYPES:
            raise ValueError(f"unknown activity type {value}")
        return value

    @field_validator("figures")
    @classmethod
    def _known_figures(cls, value: dict[str, int]) -> dict[str, int]:
        """Only known figure fields, each a plausible non-negative count."""
        for name, number in value.items():
            if name not in FIGURE_FIELDS or not 0 <= number <= MAX_FIGURE:
                raise ValueError(f"bad figure {name}={number}")
        return value

    @field_validator("languages")
    @classmethod
    def _known_languages(cls, value: list[str] | None) -> list[str] | None:
        """Only known language codes."""
        if value is not None and any(code not in LANGUAGE_CODES for code in value):
            raise ValueError("unknown language code")
        return value
