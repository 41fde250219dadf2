"""The explicit conversation steps stored in ConversationState.step."""

from enum import StrEnum


class Step(StrEnum):
    """Where a conversation stands; the engine maps each to the function that answers it."""

    IDLE = "idle"
    CHOOSE_UNIT = "choose_unit"
    ACTIVITY_TYPE = "activity_type"
    TITLE = "title"
    DATE = "date"
    CONFIRM_DATE = "confirm_date"
    PLACE_NAME = "place_name"
    LOCATION = "location"
    CONFIRM_LOCATION = "confirm_location"
    FIGURE = "figure"
    COUNTERPART = "counterpart"
    COUNTRY = "country"
    LANGUAGES = "languages"
    DESCRIPTION = "description"
    PHOTOS = "photos"
    PHOTO_LOCATION = "photo_location"
    REVIEW = "review"
    EDIT_PICK = "edit_pick"
    WITHDRAW_REASON = "withdraw_reason"
    INVITE_UNIT = "invite_unit"
    INVITE_ROLE = "invite_role"
    SUMMARY_PERIOD = "summary_period"
    SUMMARY_SCOPE = "summary_scope"
    REVIEW_RETURN_REASON = "review_return_reason"


FILING_STEPS = frozenset(
    {
        Step.CHOOSE_UNIT,
        Step.ACTIVITY_TYPE,
        Step.TITLE,
        Step.DATE,
        Step.CONFIRM_DATE,
        Step.PLACE_NAME,
        Step.LOCATION,
        Step.CONFIRM_LOCATION,
        Step.FIGURE,
        Step.COUNTERPART,
        Step.COUNTRY,
        Step.LANGUAGES,
        Step.DESCRIPTION,
        Step.PHOTOS,
        Step.PHOTO_LOCATION,
        Step.REVIEW,
        Step.EDIT_PICK,
    }
)

SUMMARY_STEPS = frozenset({Step.SUMMARY_PERIOD, Step.SUMMARY_SCOPE})
