"""Every kind of bad input gets a short Vietnamese reply and leaves the draft as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from handlers.types import Kind
from models.conversation import ConversationState
from models.demo_data import load_demo
from models.reports import Report
from tests.handlers.dialogue import Chat, Clock, make_engine
from tests.media.images import encode, scene


async def draft_of(chat: Chat) -> tuple[str, dict]:
    """The stored step and draft (what must not change on bad input)."""
    row = await ConversationState.get(channel=chat.channel.value, external_id=chat.user_id)
    return row.step, dict(row.data.get("draft", {}))


@pytest.fixture
async def chat(database_url: str, media_dir: Path) -> Chat:
    await load_demo("console", "u1", "Nguyễn Văn A")
    return Chat(make_engine(media_dir, Clock()))


async def reach_step(chat: Chat, step: str) -> None:
    """Answer questions of a border exchange until the given step is asked."""
    answers = [
        ("press", "type:border_exchange", "title"),
        ("say", "Giao lưu đầu xuân", "date"),
        ("press", "date:1", "place_name"),
        ("say", "Cửa khẩu Hữu Nghị", "location"),
        ("press", "loc:skip", "figure"),
    ]
    await chat.say("/baocao")
    for how, answer, next_step in answers:
        if (await draft_of(chat))[0] == step:
            return
        await (chat.press(answer) if how == "press" else chat.say(answer))
        if next_step == step:
            return
    assert (await draft_of(chat))[0] == step


@pytest.mark.parametrize(
    ("step", "send", "expected"),
    [
        ("figure", ("say", "hai mươi lăm"), "Cần một số nguyên"),
        ("figure", ("say", "-4"), "Cần một số nguyên"),
        ("title", ("say", "x" * 10_000), "Quá dài: tối đa 200 ký tự (đồng chí gửi 10000)"),
        ("title", ("sticker",), "chưa đọc được loại tin này"),
        ("title", ("photo",), "Chưa đến bước gửi ảnh"),
        ("title", ("location",), "Chưa đến bước gửi vị trí"),
        ("date", ("say", "ngày mai"), "Không hiểu ngày"),
        ("date", ("say", "30/12/2026"), "ngày tương lai"),
        ("date", ("say", "1/1/1999"), "trước năm 2000"),
        ("location", ("say", "gần chợ"), "Không đọc được toạ độ"),
        ("place_name", ("press", "type:twinning"), "Ở bước này cần gõ chữ"),
        ("title", ("say", "/xyz"), "Không có lệnh /xyz"),
        ("title", ("say", "/cuatoi"), "Đồng chí đang làm dở một việc"),
        ("title", ("say", "/moi"), "Đồng chí đang làm dở một việc"),
    ],
)
async def test_bad_input_is_explained_and_changes_nothing(
    chat: Chat, step: str, send: tuple[str, ...], expected: str
) -> None:
    await reach_step(chat, step)
    before = await draft_of(chat)
    question = chat.last[-1].text
    how = send[0]
    if how == "say":
        reply = await chat.say(send[1])
    elif how == "press":
        reply = await chat.press(send[1])
    elif how == "photo":
        reply = await chat.photo(encode(scene(64, 48, 1), "JPEG"))
    elif how == "location":
        reply = await chat.location(21.97, 106.70)
    else:
        reply = await chat.sticker()
    assert expected in reply
    assert question.split(". ", 1)[-1] in reply, "the question is asked again"
    assert await draft_of(chat) == before


async def test_a_redelivered_update_is_handled_once(chat: Chat) -> None:
    await reach_step(chat, "title")
    first = await chat.say("Giao lưu", key="same-key")
    assert "Bước 3/" in first
    again = await chat.deliver(chat.incoming(Kind.TEXT, "same-key", text="Giao lưu"))
    assert again == []
    assert (await draft_of(chat))[0] == "date"


async def test_restart_mid_conversation_resumes(chat: Chat, media_dir: Path) -> None:
    await reach_step(chat, "figure")
    restarted = Chat(make_engine(media_dir, Clock()))
    reply = await restarted.say("/baocao")
    assert "Tiếp tục báo cáo đang làm dở" in reply and "phía Việt Nam" in reply
    assert "phía nước bạn" in await restarted.say("12")


async def test_help_and_unknown_words_keep_the_question(chat: Chat) -> None:
    await reach_step(chat, "title")
    reply = await chat.say("tro giup")
    assert "/baocao" in reply and "Nhập tên hoạt động" in reply


async def test_cancel_by_word_without_diacritics(chat: Chat) -> None:
    await reach_step(chat, "date")
    assert "Đã huỷ bản nháp" in await chat.say("huy")
    assert (await draft_of(chat)) == ("idle", {})
    assert "Không có việc gì" in await chat.say("/huy")


async def test_submit_pressed_twice_files_one_report(chat: Chat) -> None:
    await chat.say("/baocao")
    await chat.press("type:other")
    for answer in (
        "Họp giao ban",
        "hôm nay",
        "Đồn",
    ):
        await chat.say(answer)
    await chat.press("loc:skip")
    await chat.say("Nội dung họp")
    await chat.press("photos:done")
    first = await chat.press("review:submit")
    second = await chat.press("review:submit")
    report = await Report.get()
    assert f"#{report.id}" in first and f"Báo cáo #{report.id} đã được gửi rồi" in second
    assert await Report.all().count() == 1


async def test_photo_required_types_refuse_to_finish_without_one(chat: Chat) -> None:
    await reach_step(chat, "figure")
    for answer in ("10", "12", "Trạm Hữu Nghị Quan"):
        await chat.say(answer)
    await chat.press("country:CN")
    await chat.press("desc:skip")
    assert "cần ít nhất 1 ảnh" in await chat.say("xong")
    assert (await draft_of(chat))[0] == "photos"


async def test_not_an_image_and_exact_duplicate_photo(chat: Chat) -> None:
    await reach_step(chat, "figure")
    for answer in ("10", "12", "Trạm Hữu Nghị Quan", "1"):
        await chat.say(answer)
    await chat.press("desc:skip")
    assert "không phải ảnh" in await chat.photo(b"hello, this is text")
    photo = encode(scene(120, 90, 3), "JPEG")
    assert "Đã nhận 1/10 ảnh" in await chat.photo(photo)
    assert "đã có trong báo cáo" in await chat.photo(photo)
    assert "Ảnh: 1" in await chat.say("xong")
