"""Pasted control characters, decomposed Unicode and "/ huy": cleaned once, on the way in.

On PostgreSQL a NUL in a title used to abort the transaction (the bot asked to resend for
ever); on SQLite it was stored and then broke the province's spreadsheet.
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook

from handlers.normalise import clean_text, normalise_incoming
from handlers.types import Attachment, Channel, Incoming, Kind
from models import access, directory
from models.conversation import ConversationState
from models.demo_data import load_demo
from models.people import Person, Role
from models.reports import Report
from tests.handlers.dialogue import Chat, Clock, make_engine

DIRTY_TITLE = "Giao\x00 lưu\x0b hữu nghị\x1b\x85 đồn\u2028–trạm\x7f"


@pytest.fixture
async def chat(database_url: str, media_dir: Path) -> Chat:
    await load_demo("console", "u1", "Nguyễn Văn A")
    return Chat(make_engine(media_dir, Clock()))


def test_clean_text_keeps_lines_and_tabs_and_composes() -> None:
    assert clean_text("a\x00b\x0bc\x1fd\x7fe\x9ff") == "abcdef"
    assert clean_text("dòng 1\r\ndòng 2\rdòng 3\tcột") == "dòng 1\ndòng 2\ndòng 3\tcột"
    nfd = unicodedata.normalize("NFD", "Đồn Biên phòng Hữu Nghị")
    assert nfd != "Đồn Biên phòng Hữu Nghị"
    assert clean_text(nfd) == "Đồn Biên phòng Hữu Nghị"
    assert clean_text("lone \ud800 surrogate") == "lone  surrogate"


def test_every_text_of_a_message_is_cleaned() -> None:
    async def fetch() -> bytes:
        return b""

    msg = Incoming(
        channel=Channel.TELEGRAM,
        user_id="1",
        chat_id="1",
        update_key="1",
        kind=Kind.PHOTO,
        text="x\x00",
        command="bao\x00cao",
        args=("quý\x0b3", "\x00"),
        payload="type:other\x00",
        display_name=" Nguyễn\x00 Văn A ",
        attachment=Attachment(fetch=fetch, caption="ảnh\x00 1", file_name="a\x00.jpg"),
    )
    clean = normalise_incoming(msg)
    assert (clean.text, clean.command, clean.args, clean.payload) == (
        "x",
        "baocao",
        ("quý3",),
        "type:other",
    )
    assert clean.display_name == "Nguyễn Văn A"
    assert clean.attachment and clean.attachment.caption == "ảnh 1"
    assert clean.attachment.file_name == "a.jpg"


async def test_a_pasted_control_character_is_dropped_and_the_report_files(chat: Chat) -> None:
    await chat.say("/baocao")
    await chat.press("type:other")
    assert "Bước 3/" in await chat.say(DIRTY_TITLE)
    await chat.say("20/11/2026")
    await chat.say("Đồn\x00 Biên phòng")
    await chat.press("loc:skip")
    await chat.say("Nội dung\x0c có\x00 ký tự lạ\nvà xuống dòng")
    await chat.say("xong")
    assert "Đã gửi báo cáo số #" in await chat.press("review:submit")
    report = await Report.get()
    assert report.title == "Giao lưu hữu nghị đồn\u2028–trạm"
    assert report.place_name == "Đồn Biên phòng"
    assert report.description == "Nội dung có ký tự lạ\nvà xuống dòng"


async def test_the_spreadsheet_of_such_a_report_opens(chat: Chat) -> None:
    """End to end: the Excel file of a province summary with that report in it."""
    await test_a_pasted_control_character_is_dropped_and_the_report_files(chat)
    await chat.say("tổng hợp tháng 11 2026 toàn tỉnh")
    await chat.press(next(p for p in chat.payloads() if p.startswith("sumx:xlsx:")))
    document = chat.last[0].document
    assert document is not None
    workbook = load_workbook(BytesIO(document), read_only=True)
    cells = [c for ws in workbook.worksheets for row in ws.iter_rows(values_only=True) for c in row]
    assert "Giao lưu hữu nghị đồn\u2028–trạm" in cells


async def test_decomposed_input_is_stored_composed(chat: Chat) -> None:
    nfd_title = unicodedata.normalize("NFD", "Tuyên truyền Luật Biên phòng")
    await chat.say("/baocao")
    await chat.press("type:other")
    await chat.say(nfd_title)
    row = await ConversationState.get(external_id="u1")
    assert row.data["draft"]["title"] == "Tuyên truyền Luật Biên phòng"
    assert unicodedata.is_normalized("NFC", row.data["draft"]["title"])


async def test_a_display_name_with_control_characters_registers(
    database_url: str, media_dir: Path
) -> None:
    await load_demo("console", "admin", "Quản trị")
    post = await directory.get_unit_by_code("LS-DBP-HN")
    assert post
    invite = await access.create_invite(post, Role.REPORTER, None, datetime.now(UTC), 7)
    newcomer = Chat(make_engine(media_dir, Clock()), user_id="n1", name="Lò\x00 Văn\x1b Pao")
    assert "đã được đăng ký" in await newcomer.say(f"/start {invite.code}")
    assert await Person.filter(display_name="Lò Văn Pao").exists()


@pytest.mark.parametrize("typed", ["/ huy", "/  huy", "/ HUỶ", "/ cancel"])
async def test_a_space_after_the_slash_is_still_the_command(chat: Chat, typed: str) -> None:
    await chat.say("/baocao")
    await chat.press("type:other")
    answer = chat.text(await chat.deliver(chat.incoming(Kind.TEXT, text=typed)))
    assert "Đã huỷ" in answer
    row = await ConversationState.get(external_id="u1")
    assert row.step == "idle" and "draft" not in row.data


async def test_a_spaced_command_keeps_its_arguments(chat: Chat) -> None:
    answer = chat.text(
        await chat.deliver(chat.incoming(Kind.TEXT, text="/ tonghop quý 3 2026 toàn tỉnh"))
    )
    assert "sumx:xlsx:" in " ".join(chat.payloads()), answer
