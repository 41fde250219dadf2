"""Photos for exports: the stored display copy, or one derived from the original on demand.

Never raises: a missing or broken photo leaves a gap in the document, not a failed export.
Synchronous (file reads, Pillow): runs inside the export's worker thread.
"""

from __future__ import annotations

import logging

from media import PhotoLimits, PhotoRejected, PhotoStorage, process_photo
from media.derive import DISPLAY_MAX, THUMB_MAX
from models.summary_rows import PhotoRef

log = logging.getLogger(__name__)


class PhotoReader:
    """Reads display-size JPEGs from storage, deriving (and keeping) missing copies."""

    def __init__(self, storage: PhotoStorage, limits: PhotoLimits | None = None) -> None:
        self._storage = storage
        self._limits = limits or PhotoLimits()

    def display_jpeg(self, photo: PhotoRef) -> bytes | None:
        """The ≤1280 px upright JPEG of the photo, or None when it cannot be had."""
        try:
            if photo.display_key and self._storage.exists(photo.display_key):
                return self._storage.read(photo.display_key)
            return self._derive(photo)
        except (OSError, ValueError, PhotoRejected) as problem:
            log.warning("export photo %s skipped: %s", photo.sha256[:12], problem)
            return None

    def _derive(self, photo: PhotoRef) -> bytes:
        """Photos stored before the pipeline existed have no copies: make them once."""
        processed = process_photo(self._storage.read(photo.storage_key), self._limits)
        self._storage.save_derived(photo.sha256, DISPLAY_MAX, processed.display_jpeg)
        self._storage.save_derived(photo.sha256, THUMB_MAX, processed.thumb_jpeg)
        return processed.display_jpeg
