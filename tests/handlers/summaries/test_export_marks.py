"""Photos taken far from a report's point (or its unit's, when it has none) are marked in the
spreadsheet and the CSV, and the review draft says so under such a picture."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

from docx import Document
from openpyxl import load_workbook

from handlers.summaries.exports import PhotoReader, export_file, gather
from media import LocalPhotoStorage
from models.periods import Period
from models.reports import Photo, Report
from models.scope import Scope
from tests.handlers.summaries.test_exports import _stored_photo
from tests.models import summary_data

H1 = Period.half(2026, 1)
ITALY = (43.4674, 11.8851)
SAI_GON = (10.7769, 106.7009)
HUU_NGHI = (21.97, 106.71)  # the HN post's own point in the data set
KM = re.compile(r"(\d{1,3}(?:\.\d{3})*) km")


async def _data(media_dir: Path, *, rows: bool = True, notable: bool = False, limit: float = 30):
    """The data set, with GPS photos: Italy on an HN report without location, Hữu Nghị on
    an HN report located in Sài Gòn, and a near one on a CM report."""
    storage = LocalPhotoStorage(media_dir)
    built = await summary_data.build()
    reports = {r.submit_key: r for r in await Report.all()}
    sha, key = _stored_photo(storage, 1)
    photos = [("spec-0", ITALY, sha, key), ("spec-1", HUU_NGHI, "b" * 64, key)]
    photos.append(("spec-3", (21.881, 107.021), "c" * 64, key))
    for submit_key, (lat, lon), sha256, storage_key in photos:
        await Photo.create(
            draft_key=submit_key,
            report=reports[submit_key],
            sha256=sha256,
            storage_key=storage_key,
            mime="image/jpeg",
            size_bytes=1,
            latitude=lat,
            longitude=lon,
        )
    await Report.filter(id=reports["spec-1"].id).update(
        latitude=SAI_GON[0], longitude=SAI_GON[1], location_source="typed"
    )
    data = await gather(
        Scope(built["units"]["P"]),
        H1,
        None,
        lang="vi",
        today=date(2026, 11, 23),
        rows=rows,
        notable=notable,
        max_distance_km=limit,
    )
    return data, PhotoReader(storage), reports


def km(text: str) -> int:
    found = KM.search(text)
    assert found, text
    return int(found.group(1).replace(".", ""))


async def test_spreadsheet_marks_far_photos(database_url: str, media_dir: Path) -> None:
    data, photos, reports = await _data(media_dir)
    book = load_workbook(io.BytesIO((await export_file("xlsx", data, photos))[0]))
    sheet = book["Giao lưu hữu nghị biên giới"]
    header = [c.value for c in sheet[1]]
    column = header.index("Ảnh chụp xa vị trí")
    marks = {row[0]: row[column] for row in sheet.iter_rows(min_row=2, values_only=True)}
    italy = marks[reports["spec-0"].id]
    assert italy.startswith("1 ảnh cách trụ sở đơn vị ") and 8_500 < km(italy) < 9_500
    located = marks[reports["spec-1"].id]
    assert located.startswith("1 ảnh cách vị trí báo cáo ") and 1_150 < km(located) < 1_350
    events = next(s for s in book.worksheets if s.title.startswith("Giao lưu văn hoá"))
    column = [c.value for c in events[1]].index("Ảnh chụp xa vị trí")
    assert [r[column] for r in events.iter_rows(min_row=2, values_only=True)] == [None]


async def test_csv_marks_far_photos(database_url: str, media_dir: Path) -> None:
    data, photos, reports = await _data(media_dir)
    text = (await export_file("csv", data, photos))[0].decode("utf-8-sig")
    rows = {int(r["id"]): r for r in csv.DictReader(io.StringIO(text))}
    italy = rows[reports["spec-0"].id]
    assert italy["far_photos"] == "1" and italy["far_from"] == "unit"
    assert 8_500 < int(italy["far_photo_km"]) < 9_500
    located = rows[reports["spec-1"].id]
    assert located["far_photos"] == "1" and located["far_from"] == "location"
    near = rows[reports["spec-3"].id]
    assert (near["far_photos"], near["far_photo_km"], near["far_from"]) == ("0", "", "")


async def test_the_threshold_is_the_setting(database_url: str, media_dir: Path) -> None:
    data, photos, _ = await _data(media_dir, limit=10_000)
    text = (await export_file("csv", data, photos))[0].decode("utf-8-sig")
    assert {r["far_photos"] for r in csv.DictReader(io.StringIO(text))} == {"0"}


async def test_review_draft_says_a_picture_was_taken_far_away(
    database_url: str, media_dir: Path
) -> None:
    data, photos, reports = await _data(media_dir, rows=False, notable=True)
    assert reports["spec-0"].id in [h.id for h in data.highlights]
    document = Document(io.BytesIO((await export_file("docx", data, photos))[0]))
    assert len(document.inline_shapes) == 3  # the chart, the exchange's, the cultural event's
    captions = [p.text for p in document.paragraphs if p.text.startswith("Ảnh:")]
    far = [c for c in captions if "lưu ý" in c]
    assert len(captions) == 2 and len(far) == 1, captions
    assert "ảnh chụp cách trụ sở đơn vị" in far[0] and 8_500 < km(far[0]) < 9_500
