"""Saving a received photo as received: checked cheaply, content-addressed, off the event loop."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from media import LocalPhotoStorage, PhotoLimits, PhotoRejected, PhotoStorage, sniff_only


@dataclass(frozen=True, slots=True)
class StoredPhoto:
    """A photo file written to storage, ready to attach to a draft."""

    sha256: str
    storage_key: str
    mime: str
    size_bytes: int


class PhotoIntake:
    """Checks size and format from the bytes, then stores the original under its SHA-256."""

    def __init__(self, storage: PhotoStorage, limits: PhotoLimits) -> None:
        self._storage = storage
        self._limits = limits

    @classmethod
    def local(cls, root: str, limits: PhotoLimits) -> PhotoIntake:
        """Photos on local disk under `root` (MEDIA_DIR)."""
        from pathlib import Path

        return cls(LocalPhotoStorage(Path(root)), limits)

    def _store(self, data: bytes) -> StoredPhoto:
        sha256, fmt = sniff_only(data, self._limits)
        key = self._storage.save_original(sha256, fmt.ext, data)
        return StoredPhoto(sha256, key, fmt.mime, len(data))

    async def store(self, data: bytes) -> StoredPhoto:
        """Hash and write in a worker thread so a 20 MB photo never stalls other users.

        Raises media.PhotoRejected with a reason the handler turns into a reply.
        """
        return await asyncio.to_thread(self._store, data)


__all__ = ["PhotoIntake", "PhotoRejected", "StoredPhoto"]
