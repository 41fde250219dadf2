"""The console channel end to end: `python main.py` as a subprocess, driven through stdin."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import sys
from pathlib import Path

from openpyxl import load_workbook

from handlers.texts import t

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT.parent / "shared" / "samples" / "photos" / "gps_DSCN0010.jpg"


async def run_console(tmp_path: Path, lines: list[str]) -> tuple[str, str, int]:
    env = {k: v for k, v in os.environ.items() if not k.endswith("_BOT_TOKEN")}
    env |= {"DATABASE_URL": f"sqlite://{tmp_path}/bot.sqlite3", "MEDIA_DIR": str(tmp_path / "m")}
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        str(ROOT / "main.py"),
        cwd=tmp_path,
        env=env,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate("\n".join(lines).encode() + b"\n"), 60)
    return out.decode(), err.decode(), process.returncode or 0


async def test_console_files_one_report(tmp_path: Path) -> None:
    assert SAMPLE.is_file(), f"sample photo missing: {SAMPLE}"
    script = [
        "/baocao",
        "1",
        "Giao lưu hữu nghị đầu xuân",
        "2",
        "Cửa khẩu Hữu Nghị",
        "/location 21.9712 106.7040",
        "25",
        "30",
        "Trạm Hữu Nghị Quan",
        "1",
        "4",
        "/photo /no/such/file.jpg",
        f"/photo {SAMPLE}",
        "xong",
        "gửi",
        "/cuatoi",
    ]
    out, err, code = await run_console(tmp_path, script)
    assert code == 0, err
    assert "Đã nạp dữ liệu mẫu: 10 đơn vị, 6 địa điểm" in out
    assert "  1) Giao lưu hữu nghị biên giới" in out
    assert "Không đọc được tệp /no/such/file.jpg" in out
    assert "Đã nhận 1/10 ảnh ✓" in out
    with sqlite3.connect(tmp_path / "bot.sqlite3") as db:
        number, *row = db.execute(
            "select id, activity_type, participants_vn, participants_foreign, country, "
            "location_source from report where submit_key not like 'demo-%'"
        ).fetchone()
        photos = db.execute("select count(*) from photo where report_id = ?", (number,))
        assert photos.fetchone() == (1,)
    assert row == ["border_exchange", 25, 30, "CN", "shared"]
    assert f"Đã gửi báo cáo số #{number}" in out, "numbered after the demo reports"
    assert f"#{number} · " in out and "Giao lưu hữu nghị đầu xuân · chờ duyệt" in out


async def test_console_restart_keeps_the_draft(tmp_path: Path) -> None:
    await run_console(tmp_path, ["/baocao", "1", "Giao lưu"])
    out, _, code = await run_console(tmp_path, ["/baocao"])
    assert code == 0
    assert "Đã nạp dữ liệu mẫu" not in out, "demo data is loaded only on the first run"
    assert "Tiếp tục báo cáo đang làm dở" in out and "Bước 3/" in out


async def test_console_saves_the_chart_and_the_spreadsheet(tmp_path: Path) -> None:
    out, err, code = await run_console(tmp_path, ["tong hop nam 2026 toan tinh", "1"])
    assert code == 0, err
    folder = tmp_path / "console_files"
    saved = [line.split("📎 Đã lưu tệp: ", 1)[1] for line in out.splitlines() if "📎" in line]
    chart, sheet = (Path(path) for path in saved)
    assert chart.parent == folder and chart.read_bytes().startswith(b"\x89PNG")
    assert sheet == folder / "tonghop_LS_2026.xlsx"
    book = load_workbook(sheet)
    assert any(row[0] == "Tổng cộng" for row in book.worksheets[0].iter_rows(values_only=True))


async def test_console_start_with_a_draft_waiting_says_so_and_asks_again(tmp_path: Path) -> None:
    await run_console(tmp_path, ["/baocao", "1", "Giao lưu"])
    out, err, code = await run_console(tmp_path, [])
    assert code == 0, err
    assert t("vi", "draft_waiting") in out
    assert out.index(t("vi", "draft_waiting")) < out.index("Bước 3/"), "then the question"
    (tmp_path / "other").mkdir()
    fresh, _, _ = await run_console(tmp_path / "other", [])
    assert t("vi", "draft_waiting") not in fresh and "Bước" not in fresh


async def test_an_empty_line_asks_the_current_question_again(tmp_path: Path) -> None:
    out, err, code = await run_console(tmp_path, ["", "/baocao", "1", "", "  "])
    assert code == 0, err
    title_question = t("vi", "ask_title").split("\n", 1)[0]
    assert out.count(title_question) == 3, "asked, then again for each empty line"
    assert out.count("Bước 2/") == 3
    assert t("vi", "err_empty") not in out
    idle = out.split(t("vi", "console_intro"), 1)[1].split("Bước 1/", 1)[0]
    assert idle.strip() == "", "when nothing is pending, an empty line prints nothing"
