"""Receiving a photo: check, orient, derive copies, read EXIF, hash — off the event loop."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from media import (
    LocalPhotoStorage,
    PhotoLimits,
    PhotoRejected,
    PhotoStorage,
    ProcessedPhoto,
    process_photo,
)
from media.derive import DISPLAY_MAX, THUMB_MAX


@dataclass(frozen=True, slots=True)
class StoredPhoto:
    """A processed photo whose original and derived copies are in storage."""

    sha256: str
    storage_key: str
    display_key: str
    thumb_key: str
    mime: str
    size_bytes: int
    width: int
    height: int
    taken_at: datetime | None
    latitude: float | None
    longitude: float | None
    dhash: int

    @property
    def has_gps(self) -> bool:
        """Whether the camera wrote a position."""
        return self.latitude is not None and self.longitude is not None


class PhotoIntake:
    """Runs the media pipeline in a small thread pool and stores the three files.

    The pool is as wide as the machine has cores: Pillow releases the GIL while decoding, and
    a fixed width also bounds memory however many photos arrive at once.
    """

    def __init__(self, storage: PhotoStorage, limits: PhotoLimits, workers: int = 2) -> None:
        self._storage = storage
        self._limits = limits
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="photos")

    @classmethod
    def local(cls, root: str, limits: PhotoLimits, workers: int = 2) -> PhotoIntake:
        """Photos on local disk under `root` (MEDIA_DIR)."""
        return cls(LocalPhotoStorage(Path(root)), limits, workers)

    @property
    def storage(self) -> PhotoStorage:
        """Where the files live (exports read thumbnails from here)."""
        return self._storage

    def _process_and_store(self, data: bytes) -> StoredPhoto:
        photo: ProcessedPhoto = process_photo(data, self._limits)
        original = self._storage.save_original(photo.sha256, photo.ext, data)
        display = self._storage.save_derived(photo.sha256, DISPLAY_MAX, photo.display_jpeg)
        thumb = self._storage.save_derived(photo.sha256, THUMB_MAX, photo.thumb_jpeg)
        return StoredPhoto(
            sha256=photo.sha256,
            storage_key=original,
            display_key=display,
            thumb_key=thumb,
            mime=photo.mime,
            size_bytes=photo.size_bytes,
            width=photo.width,
            height=photo.height,
            taken_at=photo.taken_at,
            latitude=photo.latitude,
            longitude=photo.longitude,
            dhash=photo.dhash,
        )

    async def store(self, data: bytes) -> StoredPhoto:
        """Process and store; raises media.PhotoRejected with a reason for the reply."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, self._process_and_store, data)

    def close(self) -> None:
        """Let running work finish; called on shutdown."""
        self._pool.shutdown(wait=True)


__all__ = ["PhotoIntake", "PhotoRejected", "StoredPhoto"]
