"""Words that fit the activity type: the counterpart's label, the title's example."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from handlers.summaries.exports import PhotoReader, export_file, gather
from handlers.texts import specific, t
from media import LocalPhotoStorage
from models.activity_types import ACTIVITY_TYPES
from models.demo_data import load_demo
from models.periods import Period
from models.scope import Scope
from tests.handlers.dialogue import Chat, Clock, make_engine
from tests.media.images import encode, scene
from tests.models import summary_data


@pytest.fixture
async def chat(database_url: str, media_dir: Path) -> Chat:
    await load_demo("console", "u1", "Nguyễn Văn A")
    return Chat(make_engine(media_dir, Clock()))


async def _to_title(chat: Chat, kind: str) -> str:
    await chat.say("/baocao")
    return await chat.press(f"type:{kind}")


@pytest.mark.parametrize(
    ("kind", "example"),
    [
        ("law_outreach", "Tuyên truyền Luật Biên phòng tại chợ cửa khẩu"),
        ("training", "Lớp tập huấn nghiệp vụ TTĐN năm 2026"),
        ("border_exchange", "Giao lưu hữu nghị với Trạm Kiểm soát Hữu Nghị Quan"),
    ],
)
async def test_the_title_example_fits_the_chosen_type(chat: Chat, kind: str, example: str) -> None:
    question = await _to_title(chat, kind)
    assert f"Ví dụ: {example}" in question
    if kind != "border_exchange":
        assert "Giao lưu hữu nghị" not in question


def test_every_type_has_its_own_title_example_or_the_fallback() -> None:
    keys = {code: specific("title_example", code) for code in ACTIVITY_TYPES}
    own = {code for code, key in keys.items() if key != "title_example"}
    assert own == set(ACTIVITY_TYPES) - {"other"}
    examples = [t("vi", key, year=2026, month=11) for key in keys.values()]
    assert len(set(examples)) == len(examples)


async def test_disinformation_is_labelled_by_platform(chat: Chat) -> None:
    await _to_title(chat, "counter_disinformation")
    await chat.say("Phản bác bài viết xuyên tạc về biên giới")
    await chat.press("date:0")
    await chat.say("Đồn Biên phòng Hữu Nghị")
    await chat.press("loc:skip")
    assert "nền tảng nào" in await chat.say("12")
    await chat.say("Facebook")
    await chat.press("desc:skip")
    card = await chat.say("xong")
    assert "Nền tảng: Facebook" in card and "Đối tác" not in card
    await chat.press("review:edit")
    labels = [b.label for r in chat.last for b in r.choices()]
    assert "Nền tảng" in labels and "Đối tác" not in labels


async def test_other_types_keep_the_partner_label(chat: Chat) -> None:
    await _to_title(chat, "border_exchange")
    for answer in ("Giao lưu hữu nghị", "hôm nay", "Cửa khẩu Hữu Nghị", "bỏ qua", "25", "12"):
        await chat.say(answer)
    await chat.say("Trạm Kiểm soát Hữu Nghị Quan")
    await chat.press("country:CN")
    await chat.press("desc:skip")
    await chat.photo(encode(scene(160, 120, 3), "JPEG"))
    assert "Đối tác: Trạm Kiểm soát Hữu Nghị Quan" in await chat.say("xong")


async def test_the_disinformation_sheet_heads_the_column_platform(
    database_url: str, media_dir: Path
) -> None:
    built = await summary_data.build()
    half = Period.half(2026, 2)
    data = await gather(
        Scope(built["units"]["P"]),
        half,
        half.same_period_last_year(),
        lang="vi",
        today=date(2026, 11, 23),
        rows=True,
        notable=False,
    )
    content, _ = await export_file("xlsx", data, PhotoReader(LocalPhotoStorage(media_dir)))
    book = load_workbook(io.BytesIO(content))
    headers = {sheet.title: [c.value for c in sheet[1]] for sheet in book.worksheets[1:]}
    platform = [h for title, h in headers.items() if title.startswith("Đấu tranh phản bác")]
    assert platform and "Nền tảng" in platform[0] and "Đối tác" not in platform[0]
    others = [h for title, h in headers.items() if not title.startswith("Đấu tranh phản bác")]
    assert others and all("Đối tác" in h for h in others)
