"""`main.py export` on hostile stored text, and with the photo-distance setting it is given."""

from __future__ import annotations

import asyncio
import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.cli import main
from models.db import close_database, open_database
from models.reports import Photo, Report
from models.units import Unit
from tests.models import summary_data

ITALY = (43.4674, 11.8851)


@pytest.fixture
def seeded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The summary data set with a NUL and controls in stored text and a photo from Italy."""
    url = f"sqlite://{tmp_path}/cli.sqlite3"

    async def seed() -> None:
        await open_database(url)
        try:
            await summary_data.build()
            first = await Report.get(submit_key="spec-0")
            await Report.filter(id=first.id).update(title="Giao\x00 lưu\x1b\x85")
            await Unit.filter(code="D1").update(name="Huyện\x0c Cao Lộc")
            await Photo.create(
                draft_key="spec-0",
                report=first,
                sha256="a" * 64,
                storage_key="originals/aa/" + "a" * 64 + ".jpg",
                mime="image/jpeg",
                size_bytes=1,
                latitude=ITALY[0],
                longitude=ITALY[1],
            )
        finally:
            await close_database()

    asyncio.run(seed())
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("MEDIA_DIR", str(tmp_path / "media"))
    return tmp_path


def _csv_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text("utf-8-sig"))))


def test_every_format_renders_despite_controls(
    seeded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for kind in ("xlsx", "docx", "csv"):
        out = seeded / f"report.{kind}"
        args = ["export", "--unit", "P", "--period", "2026H1", "--format", kind]
        assert main([*args, "--out", str(out)]) == 0, capsys.readouterr().err
    book = load_workbook(seeded / "report.xlsx")
    assert "Huyện Cao Lộc" in [r[0] for r in book.worksheets[0].iter_rows(values_only=True)]
    first = next(r for r in _csv_rows(seeded / "report.csv") if r["unit_code"] == "HN")
    assert first["title"] == "Giao lưu"
    capsys.readouterr()


@pytest.mark.parametrize(("setting", "far"), [(None, "1"), ("20000", "0")])
def test_the_distance_setting_reaches_the_export(
    seeded: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    setting: str | None,
    far: str,
) -> None:
    if setting:
        monkeypatch.setenv("MAX_DISTANCE_FROM_UNIT_KM", setting)
    out = seeded / "report.csv"
    args = ["export", "--unit", "HN", "--period", "2026H1", "--format", "csv", "--out", str(out)]
    assert main(args) == 0
    rows = {r["title"]: r for r in _csv_rows(out)}
    assert rows["Giao lưu"]["far_photos"] == far
    capsys.readouterr()
