"""Photo intake for field reports: validation, metadata, derived copies, fingerprints, storage.

Pure synchronous functions (bytes in, results out) meant to run in a thread pool. Imports no
project code.
"""

from media.errors import PhotoRejected, RejectReason
from media.formats import ImageFormat
from media.hashing import NEAR_DUPLICATE_DISTANCE, hamming, sha256_hex
from media.limits import PhotoLimits
from media.pipeline import ProcessedPhoto, process_photo, sniff_only
from media.storage import LocalPhotoStorage, PhotoStorage

__all__ = [
    "NEAR_DUPLICATE_DISTANCE",
    "ImageFormat",
    "LocalPhotoStorage",
    "PhotoLimits",
    "PhotoRejected",
    "PhotoStorage",
    "ProcessedPhoto",
    "RejectReason",
    "hamming",
    "process_photo",
    "sha256_hex",
    "sniff_only",
]
