"""The chart, spreadsheet, draft review report and CSV, re-opened and their numbers checked."""

from __future__ import annotations

import csv
import hashlib
import io
import struct
from datetime import date
from pathlib import Path

from docx import Document
from openpyxl import load_workbook

from handlers.summaries.exports import PhotoReader, export_file, gather
from handlers.summaries.exports.chart import render_chart
from handlers.summaries.exports.chart_data import chart_data
from handlers.summaries.text import summary_text
from media import LocalPhotoStorage
from models.periods import Period
from models.scope import Scope
from tests.media.images import encode, scene
from tests.models import summary_data
from tests.models.summary_data import expected

H1 = Period.half(2026, 1)


def _stored_photo(storage: LocalPhotoStorage, seed: int) -> tuple[str, str]:
    """An original saved as received, without derived copies (the export derives them)."""
    data = encode(scene(800, 600, seed), "JPEG")
    sha = hashlib.sha256(data).hexdigest()
    return sha, storage.save_original(sha, "jpg", data)


async def _data(media_dir: Path, top: str = "P", *, rows=True, notable=True):
    storage = LocalPhotoStorage(media_dir)
    photos = {0: _stored_photo(storage, 1)}  # report 3's photo is missing from disk

    def photo_key(n: int) -> tuple[str, str]:
        return photos.get(n) or ("f" * 64, "originals/ff/" + "f" * 64 + ".jpg")

    built = await summary_data.build(photo_key)
    data = await gather(
        Scope(built["units"][top]),
        H1,
        H1.same_period_last_year(),
        lang="vi",
        today=date(2026, 11, 23),
        rows=rows,
        notable=notable,
    )
    return data, PhotoReader(storage)


def _png_size(content: bytes) -> tuple[int, int]:
    assert content[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", content[16:24])


async def test_chart_is_a_phone_sized_png(database_url: str, media_dir: Path) -> None:
    data, _ = await _data(media_dir, notable=False)
    content = render_chart(chart_data("vi", data.comparison))
    width, height = _png_size(content)
    assert width == 1080 and 900 <= height <= 2000
    assert 20_000 < len(content) < 1_000_000


async def test_empty_chart_still_renders(database_url: str, media_dir: Path) -> None:
    data, _ = await _data(media_dir, "D2", notable=False)
    assert data.comparison.current.total.activities == 0
    width, _ = _png_size(render_chart(chart_data("en", data.comparison)))
    assert width == 1080


async def test_spreadsheet_numbers(database_url: str, media_dir: Path) -> None:
    data, photos = await _data(media_dir, notable=False)
    content, name = await export_file("xlsx", data, photos)
    assert name == "tonghop_P_2026H1.xlsx"
    book = load_workbook(io.BytesIO(content))
    summary = book.worksheets[0]
    rows = {r[0]: r for r in summary.iter_rows(values_only=True) if r and r[0]}
    want = expected("P", H1.start, H1.end)
    total = rows["Tổng cộng"]
    assert total[1] == want["activities"] == 7
    before = expected("P", date(2025, 1, 1), date(2025, 6, 30))
    assert total[2] == before["activities"] == 2  # an exchange and an exhibition
    assert total[3] == 5
    assert total[4:16] == tuple(want["sums"].values())
    assert rows["Giao lưu hữu nghị biên giới"][1:4] == (2, 1, 1)
    assert rows["Triển lãm, trưng bày"][1:4] == (0, 1, -1)
    assert rows["Huyện Cao Lộc"][1] == 3
    assert rows["Trung Quốc"][1:3] == (3, 92)
    assert "Huyện Văn Lãng" in rows["Đơn vị chưa có báo cáo: Huyện Văn Lãng"][0]
    sheets = {ws.title: ws for ws in book.worksheets[1:]}
    exchange = list(sheets["Giao lưu hữu nghị biên giới"].iter_rows(values_only=True))
    assert len(exchange) == 3  # header + two reports
    column = exchange[0].index("Người tham gia phía VN")
    assert sum(r[column] for r in exchange[1:]) == 35  # participants VN
    keys = [r[exchange[0].index("Ảnh (nơi lưu)")] for r in exchange[1:]]
    assert any(k and k.startswith("originals/") for k in keys), "stored keys"
    map_column = exchange[0].index("Bản đồ")
    urls = [v for r in exchange[1:] for i, v in enumerate(r) if i != map_column and v]
    assert not any("://" in str(v) for v in urls), "no public photo URL"
    listed = sum(ws.max_row - 1 for ws in sheets.values())
    assert listed == want["activities"]


async def test_review_report_layout_and_numbers(database_url: str, media_dir: Path) -> None:
    data, photos = await _data(media_dir, rows=False)
    content, name = await export_file("docx", data, photos)
    assert name.endswith(".docx")
    document = Document(io.BytesIO(content))
    section = document.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    assert round(section.left_margin.cm, 1) == 3.0 and round(section.right_margin.cm, 1) == 1.5
    assert document.styles["Normal"].font.name == "Times New Roman"
    assert document.styles["Normal"].font.size.pt == 14
    heading = document.tables[0]
    assert "TỈNH ỦY THỬ NGHIỆM" in heading.cell(0, 0).text
    assert "BAN CHỈ ĐẠO" in heading.cell(0, 0).text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in heading.cell(0, 1).text
    assert "Thử Nghiệm, ngày 23 tháng 11 năm 2026" in heading.cell(0, 1).text
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Sơ kết công tác thông tin đối ngoại 6 tháng đầu năm 2026" in text
    for section_title in (
        "I. KẾT QUẢ ĐẠT ĐƯỢC",
        "II. HẠN CHẾ, NGUYÊN NHÂN",
        "III. NHIỆM VỤ TRỌNG TÂM THỜI GIAN TỚI",
    ):
        assert section_title in text
    assert "đã báo cáo 7 hoạt động" in text and "135 lượt người tham gia phía Việt Nam" in text
    by_type = document.tables[1]
    cells = {row.cells[1].text: [c.text for c in row.cells] for row in by_type.rows}
    assert cells["Tổng cộng"][2:4] == ["7", "2"]
    assert cells["Giao lưu hữu nghị biên giới"][2:4] == ["2", "1"]
    assert "Số lớp: 1" in cells["Tập huấn, bồi dưỡng nghiệp vụ"][4]
    by_unit = {row.cells[1].text: row.cells[2].text for row in document.tables[2].rows}
    assert by_unit["Huyện Cao Lộc"] == "3" and by_unit["Bộ Chỉ huy Bộ đội Biên phòng tỉnh"] == "3"
    assert "Đơn vị chưa có báo cáo trong kỳ: Huyện Văn Lãng." in text
    assert "Nơi nhận:" in document.tables[3].cell(0, 0).text
    assert "T/M BAN CHỈ ĐẠO" in document.tables[3].cell(0, 1).text
    assert len(document.inline_shapes) == 2  # the chart; one photo derived, the missing one skipped
    assert (media_dir / "derived").is_dir()  # and the derived copies were kept


async def test_csv_lists_every_report(database_url: str, media_dir: Path) -> None:
    data, photos = await _data(media_dir, notable=False)
    content, name = await export_file("csv", data, photos)
    assert content.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert len(rows) == 7 and name.endswith(".csv")
    assert sum(int(r["participants_foreign"] or 0) for r in rows) == 92
    assert {r["start_date"] for r in rows} >= {"2026-06-30", "2026-06-29", "2026-01-01"}


async def test_summary_text_reads_totals_first(database_url: str, media_dir: Path) -> None:
    data, _ = await _data(media_dir, rows=False, notable=False)
    text = summary_text("vi", data.comparison)
    lines = text.splitlines()
    assert lines[0] == "📊 TỔNG HỢP 6 tháng đầu năm 2026 — Tỉnh Thử Nghiệm"
    assert "Tổng số: 7 hoạt động (cùng kỳ 2, +5)" in lines
    assert text.index("Theo loại hoạt động") < text.index("Theo đơn vị")
    assert "• Giao lưu hữu nghị biên giới: 2 (cùng kỳ 1, +1)" in text
    assert "• Triển lãm, trưng bày: 0 (cùng kỳ 1, −1)" in text
    assert "Đón đoàn khách quốc tế: 1 (cùng kỳ 0, +1) — Số thành viên đoàn: 12" in text
    assert "Chưa có báo cáo: Huyện Văn Lãng" in text
    assert "Nước bạn: Trung Quốc 3, Lào 1" in text
