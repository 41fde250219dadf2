"""A demo tree with an author, reviewers and a committee member, and one report filed by chat."""

from __future__ import annotations

from pathlib import Path

from handlers.config import HandlerConfig
from handlers.engine import Engine
from handlers.filing.photo_intake import PhotoIntake
from media import PhotoLimits
from models import access, directory
from models.demo_data import load_demo
from models.people import Role
from models.reports import Report
from tests.handlers.dialogue import Chat, Clock
from tests.media.images import encode, scene

PEOPLE = {  # user id: (name, unit code, role)
    "author": ("Trung uý Hà", "LS-DBP-HN", Role.REPORTER),
    "rev": ("Thiếu tá Minh", "LS-BDBP", Role.REVIEWER),
    "rev2": ("Đại uý Tâm", "LS", Role.REVIEWER),
    "com": ("Chị Lan", "LS", Role.COMMITTEE),
    "outsider": ("Anh Tú", "LS-XA-DD", Role.REVIEWER),
}


async def team(media_dir: Path, clock: Clock | None = None) -> dict[str, Chat]:
    """The demo tree (u1 is its admin) and one chat per person of PEOPLE."""
    await load_demo("console", "u1", "Quản trị")
    config = HandlerConfig(clock=clock or Clock(), media_dir=str(media_dir))
    engine = Engine(config, PhotoIntake.local(str(media_dir), PhotoLimits()))
    chats = {"u1": Chat(engine, user_id="u1")}
    for user_id, (name, code, role) in PEOPLE.items():
        person = await access.register_identity("console", user_id, name, "vi")
        unit = await directory.get_unit_by_code(code)
        assert unit is not None
        await access.grant(person, unit, role)
        chats[user_id] = Chat(engine, user_id=user_id, name=name)
    return chats


async def file_report(chat: Chat, title: str = "Giao lưu với trạm bạn", photos: int = 1) -> Report:
    """A border exchange with `photos` photos, sent with Gửi."""
    await chat.say("/baocao")
    await chat.press("type:border_exchange")
    await chat.say(title)
    await chat.say("19/11/2026")
    await chat.say("Cửa khẩu Hữu Nghị")
    await chat.say("21.97, 106.71")
    for answer in ("20", "15", "Trạm kiểm soát Hữu Nghị Quan"):
        await chat.say(answer)
    await chat.press("country:CN")
    await chat.press("desc:skip")
    for seed in range(photos):
        await chat.photo(encode(scene(160, 120, seed + 3), "JPEG"))
    await chat.say("xong")
    assert "Đã gửi báo cáo" in await chat.press("review:submit"), chat.text(chat.last)
    return await Report.filter(title=title).order_by("-id").first()  # type: ignore[return-value]
