"""Access to the real camera files in shared/samples/photos (see its SOURCE.md)."""

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from media import PhotoLimits, ProcessedPhoto, process_photo

# tests/media/conftest.py → parents[3] is the directory holding both main/ and shared/.
_DEFAULT_SAMPLES = Path(__file__).resolve().parents[3] / "shared/samples/photos"


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    """The samples directory; a missing one fails the test loudly instead of skipping it."""
    directory = Path(os.environ.get("SAMPLES_DIR", _DEFAULT_SAMPLES))
    if not (directory / "SOURCE.md").is_file():
        pytest.fail(
            f"sample photos not found in {directory}: check out shared/ next to the repository "
            "or point SAMPLES_DIR at a copy of shared/samples/photos",
            pytrace=False,
        )
    return directory


@pytest.fixture(scope="session")
def sample(samples_dir: Path) -> Callable[[str], bytes]:
    """Read one sample file by name."""
    return lambda name: (samples_dir / name).read_bytes()


@pytest.fixture(scope="session")
def processed(sample: Callable[[str], bytes]) -> Callable[[str], ProcessedPhoto]:
    """Process a sample once per session: the big phone files take a few tenths of a second."""
    cache: dict[str, ProcessedPhoto] = {}

    def get(name: str) -> ProcessedPhoto:
        """Return the cached result, processing the file on first use."""
        if name not in cache:
            cache[name] = process_photo(sample(name), PhotoLimits())
        return cache[name]

    return get
