"""/tonghop through the engine: buttons, one-sentence requests, scope refusals, the files."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import load_workbook

from handlers.config import HandlerConfig
from handlers.engine import Engine
from handlers.filing.photo_intake import PhotoIntake
from handlers.types import Channel, Kind
from media import PhotoLimits
from models import access
from models.people import Role
from tests.handlers.dialogue import Chat, Clock
from tests.models import summary_data


async def _setup(
    database_url: str,
    media_dir: Path,
    *grants: tuple[str, Role],
    channel: Channel = Channel.CONSOLE,
    public_base_url: str | None = None,
) -> tuple[Chat, dict]:
    built = await summary_data.build()
    person = await access.register_identity(channel.value, "u1", "Chị Lan", "vi")
    for code, role in grants:
        await access.grant(person, built["units"][code], role)
    config = HandlerConfig(clock=Clock(), media_dir=str(media_dir), public_base_url=public_base_url)
    engine = Engine(config, PhotoIntake.local(str(media_dir), PhotoLimits()))
    return Chat(engine, channel=channel), built["units"]


async def test_buttons_then_files(database_url: str, media_dir: Path) -> None:
    chat, units = await _setup(database_url, media_dir, ("P", Role.COMMITTEE))
    assert "kỳ nào" in await chat.say("/tonghop")
    assert chat.payloads()[0] == "sum_period:2026H2"  # this 6-month period is the default
    assert "sum_period:2026H1" in chat.payloads()
    assert "đơn vị nào" in await chat.press("sum_period:2026H1")
    assert chat.payloads()[0] == f"sum_unit:{units['P'].id}"  # own top unit first
    text = await chat.press(f"sum_unit:{units['P'].id}")
    photo, _ = chat.last
    assert photo.photo is not None and photo.photo.startswith(b"\x89PNG")
    assert text.index("Tổng số: 7 hoạt động") < text.index("Theo loại") < text.index("Theo đơn vị")
    assert "(cùng kỳ 2, +5)" in text
    xlsx, docx = chat.payloads()
    assert xlsx == f"sumx:xlsx:{units['P'].id}:2026H1:2025H1" and docx.startswith("sumx:docx:")
    await chat.press(xlsx)
    (reply,) = chat.last
    assert reply.file_name == "tonghop_P_2026H1.xlsx" and reply.document
    book = load_workbook(io.BytesIO(reply.document))
    totals = [r for r in book.worksheets[0].iter_rows(values_only=True) if r[0] == "Tổng cộng"]
    assert totals[0][1] == 7
    await chat.press(docx)
    assert chat.last[0].file_name == "tonghop_P_2026H1.docx"
    assert chat.last[0].document[:2] == b"PK"


async def test_one_sentence_answers_at_once(database_url: str, media_dir: Path) -> None:
    chat, _ = await _setup(database_url, media_dir, ("P", Role.COMMITTEE))
    text = await chat.say("tổng hợp 6 tháng đầu năm 2026 toàn tỉnh")
    assert "TỔNG HỢP 6 tháng đầu năm 2026 — Tỉnh Thử Nghiệm" in text
    assert chat.last[0].photo
    text = await chat.say("/tonghop quy 3 2026 don Huu Nghi")
    assert "Quý 3 năm 2026 — Đồn Biên phòng Cửa khẩu Quốc tế Hữu Nghị" in text
    assert "Tổng số: 2 hoạt động" in text
    text = await chat.say("tong hop nam 2025 so voi 2024 huyen van lang")
    assert "Năm 2025 — Huyện Văn Lãng" in text and "so với năm 2024" in text
    assert "Triển lãm, trưng bày: 1 (cùng kỳ 0, +1) — Lượt khách: 3.000" in text


async def test_ambiguous_sentence_asks_back(database_url: str, media_dir: Path) -> None:
    chat, units = await _setup(database_url, media_dir, ("P", Role.COMMITTEE))
    assert "kỳ nào" in await chat.say("/tonghop 6 tháng đồn Chi Ma")
    assert chat.payloads() == ["sum_period:2026H1", "sum_period:2026H2"]
    text = await chat.say("1")  # typing the number of a choice presses it
    assert "6 tháng đầu năm 2026 — Đồn Biên phòng Chi Ma" in text
    await chat.say("/tonghop quý 3 tháng 10")
    assert chat.payloads() == ["sum_period:2026Q3", "sum_period:2026-10"]
    assert "đơn vị nào" in await chat.press("sum_period:2026-10")
    assert "Tổng số: 2 hoạt động" in await chat.say("toàn tỉnh")
    await chat.say("/tonghop năm 2026 đồn")
    assert "nhiều đơn vị" in chat.text(chat.last)
    assert sorted(chat.payloads()) == sorted(
        [f"sum_unit:{units['HN'].id}", f"sum_unit:{units['CM'].id}"]
    )


async def test_district_member_cannot_see_the_neighbour(database_url: str, media_dir: Path) -> None:
    chat, units = await _setup(database_url, media_dir, ("D1", Role.COMMITTEE))
    text = await chat.say("tổng hợp năm 2025 huyện Văn Lãng")
    assert "không có quyền xem số liệu của Huyện Văn Lãng" in text
    assert f"sum_unit:{units['D2'].id}" not in chat.payloads()
    forged = f"sumx:xlsx:{units['D2'].id}:2026H1:2025H1"
    assert "không có quyền" in await chat.press(forged)
    assert chat.last[0].document is None
    text = await chat.say("tổng hợp năm 2026 toàn tỉnh")  # "whole" means their own top unit
    assert "Năm 2026 — Huyện Cao Lộc" in text
    text = await chat.say("/tonghop 2026")
    assert "đơn vị nào" in text and f"sum_unit:{units['D1'].id}" in chat.payloads()
    assert "không có quyền" in await chat.press(f"sum_unit:{units['P'].id}")


async def test_reporter_sees_own_unit_only(database_url: str, media_dir: Path) -> None:
    chat, _ = await _setup(database_url, media_dir, ("HN", Role.REPORTER))
    await chat.say("/tonghop")
    text = await chat.press("sum_period:2026H1")  # one unit: no scope question
    assert "Đồn Biên phòng Cửa khẩu Quốc tế Hữu Nghị" in text
    assert "chính đơn vị đồng chí" in text and "Tổng số: 2 hoạt động" in text
    assert "không có quyền" in await chat.say("tổng hợp năm 2026 đồn Chi Ma")


async def test_channel_without_files_points_to_the_cli(database_url: str, media_dir: Path) -> None:
    chat, _ = await _setup(database_url, media_dir, ("P", Role.ADMIN), channel=Channel.ZALO)
    await chat.say("tổng hợp quý 2 2026 toàn tỉnh")
    text = await chat.press(chat.payloads()[0])
    assert "python main.py export --unit P --period 2026Q2 --format xlsx" in text
    assert chat.last[0].document is None


async def test_other_commands_leave_the_summary(database_url: str, media_dir: Path) -> None:
    chat, _ = await _setup(database_url, media_dir, ("P", Role.COMMITTEE), ("HN", Role.REPORTER))
    await chat.say("/tonghop")
    assert "Đã huỷ" in await chat.say("huỷ")
    await chat.say("/tonghop")
    assert "Hướng dẫn" in await chat.say("/trogiup") or "kỳ nào" in chat.text(chat.last)
    assert "kỳ nào" in chat.text(chat.last)  # help re-asks the summary question
    assert "Bước 1/" in await chat.say("/baocao")  # a new report starts; nothing was lost
    await chat.say("/huy")
    assert "không có thật" in await chat.say("tổng hợp quý 7")
    assert "kỳ nào" in chat.text(chat.last)


async def test_strangers_and_members_without_roles(database_url: str, media_dir: Path) -> None:
    chat, _ = await _setup(database_url, media_dir)
    assert "chưa có quyền xem số liệu" in await chat.say("/tonghop")


async def test_slow_requests_announce_themselves(database_url: str, media_dir: Path) -> None:
    chat, _ = await _setup(database_url, media_dir, ("P", Role.COMMITTEE))
    shown: list[str] = []

    async def progress(key: str) -> None:
        shown.append(key)

    await chat.engine.handle(
        chat.incoming(Kind.TEXT, text="tổng hợp quý 2 2026 toàn tỉnh"), progress
    )
    assert shown == ["sum_working"]
    await chat.engine.handle(
        chat.incoming(Kind.COMMAND, command="tonghop", text="/tonghop"), progress
    )
    assert shown == ["sum_working"]  # only a question follows: nothing to announce
    asked = await chat.engine.handle(chat.incoming(Kind.TEXT, text="tổng hợp 6 tháng"), progress)
    assert shown == ["sum_working"]  # ambiguous: asked back, nothing computed
    first_half = asked.replies[-1].choices()[0].payload
    asked = await chat.engine.handle(chat.incoming(Kind.BUTTON, payload=first_half), progress)
    assert shown == ["sum_working"]  # the unit is asked next
    whole = asked.replies[-1].choices()[0].payload
    await chat.engine.handle(chat.incoming(Kind.BUTTON, payload=whole), progress)
    assert shown == ["sum_working", "sum_working"]


async def test_the_other_file_can_still_be_typed(database_url: str, media_dir: Path) -> None:
    """After the Excel file, typing "2" still asks for the Word file of the same summary."""
    chat, _ = await _setup(database_url, media_dir, ("P", Role.COMMITTEE))
    await chat.say("tổng hợp quý 2 2026 toàn tỉnh")
    await chat.say("1")
    assert chat.last[0].file_name and chat.last[0].file_name.endswith(".xlsx")
    await chat.say("2")
    assert chat.last[0].file_name and chat.last[0].file_name.endswith(".docx")


async def test_zalo_gets_the_file_when_links_can_be_made(
    database_url: str, media_dir: Path
) -> None:
    """With PUBLIC_BASE_URL the Zalo adapter turns the document into an expiring link."""
    chat, _ = await _setup(
        database_url,
        media_dir,
        ("P", Role.ADMIN),
        channel=Channel.ZALO,
        public_base_url="https://bot.example.vn",
    )
    await chat.say("tổng hợp quý 2 2026 toàn tỉnh")
    await chat.press(chat.payloads()[0])
    document = chat.last[0]
    assert document.document and document.file_name and document.file_name.endswith(".xlsx")


async def test_a_period_sentence_alone_asks_for_figures(database_url: str, media_dir: Path) -> None:
    """Anyone who may see figures can just type the period; the year-earlier comparison too."""
    chat, _ = await _setup(database_url, media_dir, ("P", Role.COMMITTEE))
    assert "đơn vị nào" in await chat.say("6 tháng đầu năm 2026 so với cùng kỳ")
    assert "6 tháng đầu năm 2026" in await chat.say("1")
    assert any(p.startswith("sumx:xlsx:") for p in chat.payloads())
    assert "sumx:" not in " ".join(chat.payloads()[2:])
    assert "tổng hợp" not in (await chat.say("3")).lower()  # a stray number: only the hint
