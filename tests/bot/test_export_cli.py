"""`main.py export`: the same files as the chat, written to disk for staff at a desk."""

from __future__ import annotations

import asyncio
import csv
import io
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from bot.cli import main
from models.db import close_database, open_database
from tests.models import summary_data


@pytest.fixture
def seeded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A SQLite file with the summary data set, and the settings pointing at it."""
    url = f"sqlite://{tmp_path}/cli.sqlite3"

    async def seed() -> None:
        await open_database(url)
        try:
            await summary_data.build()
        finally:
            await close_database()

    asyncio.run(seed())
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("MEDIA_DIR", str(tmp_path / "media"))
    return tmp_path


def test_exports_every_format(seeded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for kind in ("xlsx", "docx", "csv"):
        out = seeded / f"report.{kind}"
        args = ["export", "--unit", "d1", "--period", "2026H1", "--format", kind]
        assert main([*args, "--out", str(out)]) == 0
        assert str(out) in capsys.readouterr().out
    book = load_workbook(seeded / "report.xlsx")
    totals = [r for r in book.worksheets[0].iter_rows(values_only=True) if r[0] == "Tổng cộng"]
    assert totals[0][1] == 3  # Huyện Cao Lộc, first half of 2026
    rows = list(csv.DictReader(io.StringIO((seeded / "report.csv").read_text("utf-8-sig"))))
    assert sorted(r["unit_code"] for r in rows) == ["D1", "D1-X1", "D1-X2"]
    text = "\n".join(p.text for p in Document(str(seeded / "report.docx")).paragraphs)
    assert "HUYỆN ỦY CAO LỘC" not in text  # the heading block is a table
    assert "đã báo cáo 3 hoạt động" in text


def test_default_file_name_and_day_ranges(
    seeded: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(seeded)
    args = ["export", "--unit", "P", "--period", "2026-06-30..2026-07-01", "--format", "csv"]
    assert main(args) == 0
    written = seeded / "tonghop_P_2026-06-30_2026-07-01.csv"
    rows = list(csv.DictReader(io.StringIO(written.read_text("utf-8-sig"))))
    assert [r["start_date"] for r in rows] == ["2026-06-30", "2026-07-01"]  # not 29/06
    capsys.readouterr()


def test_bad_arguments(seeded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--unit", "P", "--period", "2026H3", "--format", "csv"]) == 2
    assert main(["export", "--unit", "NOPE", "--period", "2026", "--format", "csv"]) == 1
    assert "unknown unit" in capsys.readouterr().err


def test_approved_only(seeded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["export", "--unit", "P", "--period", "2026H1", "--format"]
    out = seeded / "approved.csv"
    assert main([*base, "csv", "--approved-only", "--out", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8-sig"))))
    assert sorted(r["start_date"] for r in rows) == ["2026-03-10", "2026-05-05", "2026-06-29"]
    assert main([*base, "xlsx", "--approved-only", "--out", str(seeded / "a.xlsx")]) == 0
    sheet = load_workbook(seeded / "a.xlsx").worksheets[0]
    cells = [r[0] for r in sheet.iter_rows(values_only=True)]
    assert "Chỉ tính các báo cáo đã duyệt." in cells
    totals = [r for r in sheet.iter_rows(values_only=True) if r[0] == "Tổng cộng"]
    assert totals[0][1] == 3
    assert main([*base, "csv", "--out", str(seeded / "all.csv")]) == 0
    every = list(csv.DictReader(io.StringIO((seeded / "all.csv").read_text("utf-8-sig"))))
    assert len(every) == 7  # approved, returned and waiting ones; not the withdrawn one
    capsys.readouterr()
