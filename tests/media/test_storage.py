"""LocalPhotoStorage: content-addressed layout, atomic writes, no path escapes."""

import hashlib
import os
import time
from pathlib import Path

import pytest

from media import LocalPhotoStorage, PhotoStorage
from media.storage import check_key, remove_stale_temp_files

DATA = b"\xff\xd8\xff pretend jpeg bytes"
SHA = hashlib.sha256(DATA).hexdigest()


@pytest.fixture
def storage(tmp_path: Path) -> LocalPhotoStorage:
    """A store rooted in a fresh temporary directory."""
    return LocalPhotoStorage(tmp_path / "photos")


def test_is_a_photo_storage(storage: LocalPhotoStorage) -> None:
    """The local store offers every method of the interface."""
    backend: PhotoStorage = storage
    for method in ("save_original", "save_derived", "read", "exists", "path_for"):
        assert callable(getattr(backend, method))


def test_constructor_touches_no_disk(tmp_path: Path) -> None:
    """Directories appear on first write, not when the store is built."""
    LocalPhotoStorage(tmp_path / "photos")
    assert not (tmp_path / "photos").exists()


def test_original_layout_and_round_trip(storage: LocalPhotoStorage, tmp_path: Path) -> None:
    """originals/<aa>/<sha>.<ext>, readable back through the key."""
    key = storage.save_original(SHA, "jpg", DATA)
    assert key == f"originals/{SHA[:2]}/{SHA}.jpg"
    assert storage.read(key) == DATA
    assert storage.exists(key)
    assert storage.path_for(key) == tmp_path / "photos" / "originals" / SHA[:2] / f"{SHA}.jpg"


def test_derived_layout(storage: LocalPhotoStorage) -> None:
    """derived/<aa>/<sha>_<size>.jpg, one file per size."""
    display = storage.save_derived(SHA, 1280, b"display")
    thumb = storage.save_derived(SHA, 320, b"thumb")
    assert display == f"derived/{SHA[:2]}/{SHA}_1280.jpg"
    assert (storage.read(display), storage.read(thumb)) == (b"display", b"thumb")


def test_saving_again_is_a_no_op(storage: LocalPhotoStorage) -> None:
    """A second save of the same content returns the same key and leaves the file alone."""
    key = storage.save_original(SHA, "jpg", DATA)
    path = storage.path_for(key)
    assert path is not None
    before = path.stat()
    assert storage.save_original(SHA, "jpg", DATA) == key
    after = path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_write_goes_through_a_temp_file_in_the_same_directory(
    storage: LocalPhotoStorage, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file appears by rename from its own directory, so it is never seen half-written."""
    renames: list[tuple[Path, Path]] = []
    real_replace = os.replace

    def recording_replace(src: str, dst: Path) -> None:
        """Check the state just before the rename, then do it."""
        assert not Path(dst).exists()  # Nothing visible before the rename.
        assert Path(src).read_bytes() == DATA  # The temp file is complete first.
        renames.append((Path(src), Path(dst)))
        real_replace(src, dst)

    monkeypatch.setattr("media.storage.os.replace", recording_replace)
    key = storage.save_original(SHA, "jpg", DATA)
    [(src, dst)] = renames
    assert src.parent == dst.parent
    assert dst == storage.path_for(key)


def test_failed_write_leaves_nothing_behind(
    storage: LocalPhotoStorage, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the rename fails (disk full, crash), neither the target nor a temp file remains."""

    def failing_replace(src: str, dst: Path) -> None:
        """Fail the way a full disk or a crash would, after the temp file is written."""
        raise OSError("disk full")

    monkeypatch.setattr("media.storage.os.replace", failing_replace)
    with pytest.raises(OSError, match="disk full"):
        storage.save_original(SHA, "jpg", DATA)
    key = f"originals/{SHA[:2]}/{SHA}.jpg"
    assert not storage.exists(key)
    path = storage.path_for(key)
    assert path is not None
    assert list(path.parent.iterdir()) == []


def test_original_must_match_its_hash(storage: LocalPhotoStorage) -> None:
    """A name that lies about the content would break deduplication: refused."""
    with pytest.raises(ValueError, match="sha256"):
        storage.save_original(SHA, "jpg", DATA + b"tampered")


@pytest.mark.parametrize(
    "sha",
    [SHA.upper(), SHA[:63], SHA + "0", "../" + SHA[3:], SHA[:62] + "/x", "", None],
)
def test_bad_digests_are_refused(storage: LocalPhotoStorage, sha: object) -> None:
    """Only 64 lowercase hex digits ever become a file name."""
    with pytest.raises(ValueError):
        storage.save_original(sha, "jpg", DATA)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        storage.save_derived(sha, 320, DATA)  # type: ignore[arg-type]


@pytest.mark.parametrize("ext", ["exe", "JPG", "jpeg", "jpg/../../x", "", ".jpg", "svg"])
def test_extensions_outside_the_allow_list_are_refused(
    storage: LocalPhotoStorage, ext: str
) -> None:
    """Extensions come from ImageFormat.ext, never from an upload's file name."""
    with pytest.raises(ValueError):
        storage.save_original(SHA, ext, DATA)


@pytest.mark.parametrize("size", [0, -320, True, 1.5, "320", 1_000_000])
def test_bad_sizes_are_refused(storage: LocalPhotoStorage, size: object) -> None:
    """Derived sizes are positive ints (bool excluded)."""
    with pytest.raises(ValueError):
        storage.save_derived(SHA, size, DATA)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "key",
    [
        "../outside.jpg",
        "/etc/passwd",
        f"originals/{SHA[:2]}/../../../etc/passwd",
        f"originals/{SHA[:2]}/{SHA}.jpg/..",
        f"originals\\{SHA[:2]}\\{SHA}.jpg",
        f"/originals/{SHA[:2]}/{SHA}.jpg",
        f"originals/ff/{SHA}.jpg" if not SHA.startswith("ff") else f"originals/00/{SHA}.jpg",
        f"originals/{SHA[:2]}/{SHA}.exe",
        f"derived/{SHA[:2]}/{SHA}_0.jpg",
        f"derived/{SHA[:2]}/{SHA}_320.png",
        f"originals/{SHA[:2]}/{SHA}.jpg\n",
        "",
    ],
)
def test_keys_that_could_escape_are_refused(storage: LocalPhotoStorage, key: str) -> None:
    """read, exists and path_for accept only keys this store could have issued."""
    for use in (storage.read, storage.exists, storage.path_for, check_key):
        with pytest.raises(ValueError):
            use(key)


def test_reading_a_missing_key(storage: LocalPhotoStorage) -> None:
    """A valid key that was never saved is FileNotFoundError, and exists() says no."""
    key = f"derived/{SHA[:2]}/{SHA}_320.jpg"
    assert not storage.exists(key)
    with pytest.raises(FileNotFoundError):
        storage.read(key)


def test_stale_temporary_files_are_removed(storage: LocalPhotoStorage, tmp_path: Path) -> None:
    """A crash between mkstemp and rename leaves .tmp-*.part files: those over an hour old go,
    younger ones (maybe another worker writing right now) and every other file stay."""
    key = storage.save_original(SHA, "jpg", DATA)
    root = tmp_path / "photos"
    now = time.time()
    files = {
        "old": root / "originals" / SHA[:2] / ".tmp-crashed.part",
        "old_derived": root / "derived" / "ab" / ".tmp-crashed2.part",
        "young": root / "originals" / SHA[:2] / ".tmp-writing.part",
        "not_ours": root / "originals" / SHA[:2] / "notes.part",
        "elsewhere": root / "links" / "x" / ".tmp-link.part",
    }
    for name, path in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"partial")
        age = 59 * 60 if name == "young" else 2 * 3600
        os.utime(path, (now - age, now - age))
    assert remove_stale_temp_files(root, now=now) == 2
    assert {name for name, path in files.items() if path.exists()} == {
        "young",
        "not_ours",
        "elsewhere",
    }
    assert storage.read(key) == DATA
    assert remove_stale_temp_files(tmp_path / "never-created") == 0
