"""Why a photo was refused, as data the caller can turn into a reply."""

from enum import StrEnum


class RejectReason(StrEnum):
    """Machine-readable rejection causes; user-facing wording lives with the caller."""

    EMPTY = "empty"
    TOO_LARGE = "too_large"
    NOT_IMAGE = "not_image"
    UNSUPPORTED_FORMAT = "unsupported_format"
    CORRUPT = "corrupt"
    TOO_MANY_PIXELS = "too_many_pixels"


class PhotoRejected(Exception):
    """Raised when an upload is not an acceptable photo; carries the reason, not a message."""

    def __init__(self, reason: RejectReason, detail: str = "") -> None:
        """Keep the reason as an attribute so callers never parse exception text."""
        super().__init__(f"{reason}: {detail}" if detail else str(reason))
        self.reason = reason
