"""Content-addressed photo storage behind a small interface (local disk now, S3 later)."""

import hashlib
import os
import re
import tempfile
import time
from pathlib import Path, PurePosixPath
from typing import Protocol

from media.formats import ImageFormat

_SHA256 = re.compile(r"[0-9a-f]{64}")
_TEMP_PREFIX, _TEMP_SUFFIX = ".tmp-", ".part"
# A photo is written in well under a second; an hour-old temp file is a crash's leftover, while
# a younger one may be another worker's write in progress on the shared volume.
STALE_TEMP_SECONDS = 3600
_EXTENSIONS = frozenset(fmt.ext for fmt in ImageFormat)
# The only key shapes this store ever hands out. Matching them whole is what makes `..`,
# absolute paths, backslashes and stray names impossible, not a later path check.
_KEY = re.compile(
    r"originals/(?P<a>[0-9a-f]{2})/(?P=a)[0-9a-f]{62}\.(?:" + "|".join(sorted(_EXTENSIONS)) + r")"
    r"|derived/(?P<b>[0-9a-f]{2})/(?P=b)[0-9a-f]{62}_[1-9][0-9]{0,5}\.jpg"
)


class PhotoStorage(Protocol):
    """Where originals and derived copies live; keys are opaque relative posix paths."""

    def save_original(self, sha256: str, ext: str, data: bytes) -> str:
        """Store the upload as received and return its key."""
        ...

    def save_derived(self, sha256: str, size: int, data: bytes) -> str:
        """Store a derived JPEG of the given longest side and return its key."""
        ...

    def read(self, key: str) -> bytes:
        """Return the stored bytes for a key this store issued."""
        ...

    def exists(self, key: str) -> bool:
        """Say whether the key is stored, so callers can skip re-deriving."""
        ...

    def path_for(self, key: str) -> Path | None:
        """Local file path for zero-copy sending, or None for remote backends."""
        ...


def original_key(sha256: str, ext: str) -> str:
    """Key for an original; validated so no user-supplied text reaches a path."""
    _require_sha256(sha256)
    if ext not in _EXTENSIONS:
        raise ValueError(f"extension not allowed: {ext!r}")
    return f"originals/{sha256[:2]}/{sha256}.{ext}"


def derived_key(sha256: str, size: int) -> str:
    """Key for a derived JPEG; size is part of the name so copies of different sizes coexist."""
    _require_sha256(sha256)
    # bool is an int subclass; True would otherwise make "_1.jpg".
    if isinstance(size, bool) or not isinstance(size, int) or not 0 < size < 1_000_000:
        raise ValueError(f"size must be a positive int below 1000000: {size!r}")
    return f"derived/{sha256[:2]}/{sha256}_{size}.jpg"


def check_key(key: str) -> PurePosixPath:
    """Accept only keys this store could have issued; anything else is a ValueError."""
    if not isinstance(key, str) or _KEY.fullmatch(key) is None:
        raise ValueError(f"not a storage key: {key!r}")
    return PurePosixPath(key)


def _require_sha256(sha256: str) -> None:
    """Refuse anything but 64 lowercase hex digits, the only name we put on disk."""
    if not isinstance(sha256, str) or _SHA256.fullmatch(sha256) is None:
        raise ValueError(f"not a lowercase sha256 hex digest: {sha256!r}")


class LocalPhotoStorage:
    """Files under one root: originals/<aa>/<sha>.<ext> and derived/<aa>/<sha>_<size>.jpg."""

    def __init__(self, root: Path) -> None:
        """Remember the root only; directories are created on first write."""
        self._root = Path(root)

    def save_original(self, sha256: str, ext: str, data: bytes) -> str:
        """Store the upload as received; content-addressed, so a repeat save is a no-op."""
        key = original_key(sha256, ext)
        # The name is a promise about the content; a mismatch is a caller bug that would
        # silently break deduplication, so refuse it.
        if hashlib.sha256(data).hexdigest() != sha256:
            raise ValueError("data does not hash to the given sha256")
        self._write_once(key, data)
        return key

    def save_derived(self, sha256: str, size: int, data: bytes) -> str:
        """Store a derived JPEG; deterministic from the original, so a repeat save is a no-op."""
        key = derived_key(sha256, size)
        self._write_once(key, data)
        return key

    def read(self, key: str) -> bytes:
        """Return the stored bytes; FileNotFoundError if the key was never saved."""
        return self._path(key).read_bytes()

    def exists(self, key: str) -> bool:
        """Say whether the key is stored."""
        return self._path(key).is_file()

    def path_for(self, key: str) -> Path | None:
        """Local file path for the key (which may not exist yet)."""
        return self._path(key)

    def _path(self, key: str) -> Path:
        """Map a validated key to a path under the root."""
        return self._root.joinpath(*check_key(key).parts)

    def _write_once(self, key: str, data: bytes) -> None:
        """Write atomically (temp file + rename) unless the file is already there."""
        target = self._path(key)
        if target.is_file():
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        # Same directory as the target, so os.replace is a rename on one filesystem: readers
        # see either no file or the whole file, never a partial one. mkstemp creates it 0600,
        # which suits field-report photos.
        fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=_TEMP_PREFIX, suffix=_TEMP_SUFFIX)
        try:
            with os.fdopen(fd, "wb") as tmp:
                tmp.write(data)
                tmp.flush()
                os.fsync(tmp.fileno())  # Data on disk before the name points at it.
            os.replace(tmp_name, target)
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise


def remove_stale_temp_files(
    root: Path, older_than: float = STALE_TEMP_SECONDS, now: float | None = None
) -> int:
    """Delete temp files a crashed write left in the store (older than `older_than` seconds);
    how many. Run at start-up: nothing else ever removes them."""
    cutoff = (time.time() if now is None else now) - older_than
    removed = 0
    for area in ("originals", "derived"):
        for path in Path(root).glob(f"{area}/*/{_TEMP_PREFIX}*{_TEMP_SUFFIX}"):
            try:
                if path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed += 1
            except FileNotFoundError:  # renamed into place or removed by another worker
                continue
    return removed
