"""The Zalo client and translation against the fake API: envelopes, faults, hostile bodies."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.channels.retry import RetryPolicy
from bot.channels.zalo_client import ZaloApiError, ZaloClient
from bot.channels.zalo_translate import parse_event, translate
from handlers.types import Channel, Kind
from tests.bot.telegram_harness import jpeg
from tests.bot.zalo_harness import zalo_client
from tests.fakes.zalo_server import FakeZaloServer, Faults

QUICK = RetryPolicy(attempts=4, base_delay=0.01)
USER = "6ede9afa66b88fe6d6a9"


@pytest.fixture
async def server() -> AsyncIterator[FakeZaloServer]:
    async with FakeZaloServer() as fake:
        yield fake


@pytest.fixture
async def client(server: FakeZaloServer) -> AsyncIterator[ZaloClient]:
    async with zalo_client(server, QUICK) as zalo:
        yield zalo


async def test_long_poll_returns_one_update_or_none_when_idle(
    server: FakeZaloServer, client: ZaloClient
) -> None:
    assert await client.get_updates(0.2) is None  # HTTP 408 "Request timeout" after 1 s: idle
    first = server.push_text(USER, "một")
    server.push_text(USER, "hai")
    update = await client.get_updates(1)
    assert update == first  # one object, not a list
    assert (await client.get_updates(1) or {})["message"]["text"] == "hai"
    assert server.calls[0] == ("getUpdates", {"timeout": "1"})


async def test_sends_retry_429_and_5xx_and_split_long_texts(
    server: FakeZaloServer, client: ZaloClient
) -> None:
    server.faults = Faults(rate_429=0.5, rate_5xx=0.5, limit=3, seed=1, methods={"sendMessage"})
    await client.send_message(USER, "\n".join(f"dòng {n} " + "x" * 90 for n in range(50)))
    await client.send_chat_action(USER)  # answered {"ok": true} without a result
    sent = server.sent_to(USER)
    assert server.fault_count == 3 and len(sent) == 3
    assert all(len(m.text or "") <= 2000 for m in sent)
    assert sent[0].text and sent[0].text.startswith("dòng 0 ")


async def test_definite_errors_raise_at_once_without_the_token(server: FakeZaloServer) -> None:
    async with zalo_client(server, QUICK, token="42:not-the-token") as wrong:
        with pytest.raises(ZaloApiError) as failed:
            await wrong.get_me()
    assert failed.value.status == 401 and "not-the-token" not in str(failed.value)
    assert [name for name, _ in server.calls] == []  # rejected before any method ran
    async with zalo_client(server, QUICK) as fine:
        with pytest.raises(ZaloApiError) as bad:
            await fine.send_photo(USER, "ftp://nowhere/x.png")
    assert bad.value.status == 400 and bad.value.transient is False
    assert [name for name, _ in server.calls] == ["sendPhoto"]  # not retried


async def test_events_become_neutral_messages(server: FakeZaloServer, client: ZaloClient) -> None:
    data = jpeg(7)
    command = parse_event({"ok": True, "result": server.push_text(USER, "/lienket ABCD 2345")})
    text = parse_event(server.push_text(USER, "21,97 106,70", display_name="Lò Thị E"))
    photo = parse_event(server.push_image(USER, data, caption="Hiện trường", legacy_key=True))
    sticker = parse_event(server.push_sticker(USER))
    messages = [translate(e, client.session, 10_000_000) for e in (command, text, photo, sticker)]
    cmd, txt, pic, stk = messages
    assert cmd and (cmd.kind, cmd.command, cmd.args) == (Kind.COMMAND, "lienket", ("ABCD", "2345"))
    assert txt and (txt.kind, txt.text, txt.display_name) == (Kind.TEXT, "21,97 106,70", "Lò Thị E")
    assert (txt.channel, txt.user_id, txt.chat_id) == (Channel.ZALO, USER, USER)
    assert txt.update_key == f"message.text.received:{text.message.message_id}"  # type: ignore[union-attr]
    assert (
        pic
        and pic.kind is Kind.PHOTO
        and pic.attachment
        and pic.attachment.caption == "Hiện trường"
    )
    assert await pic.attachment.fetch() == data
    assert stk and stk.kind is Kind.UNSUPPORTED


def event(**message: Any) -> dict[str, Any]:
    """A text event with some fields of its message replaced."""
    base = {
        "from": {"id": USER, "display_name": "A"},
        "chat": {"id": USER, "chat_type": "PRIVATE"},
        "text": "xin chào",
        "message_id": "2d758cb5e222177a4e35",
        "date": 1750316131602,
    }
    return {"event_name": "message.text.received", "message": base | message}


@pytest.mark.parametrize(
    "body",
    [
        [],
        "event",
        {"ok": False, "error_code": 500, "description": "x"},
        {"ok": True, "result": []},
        {"event_name": "Message Text", "message": None},
        event(message_id="../../etc/passwd"),
        event(message_id="a" * 65),
        event(**{"from": {"id": "6ede9afa66b88fe6d6a9'; DROP TABLE person; --"}}),
        event(chat={"id": 12345678901234567890123}),
        event(date=-1),
        event(photo_url="file:///etc/passwd"),
        event(photo="javascript:alert(1)"),
    ],
)
def test_hostile_bodies_are_refused_before_the_core(body: Any) -> None:
    with pytest.raises(ValueError, match="not a Zalo event"):
        parse_event(body)


def test_unusual_but_valid_events() -> None:
    bot_message = parse_event(event(**{"from": {"id": USER, "is_bot": True}}))
    no_message = parse_event({"event_name": "message.unsupported.received"})
    named = parse_event(event(**{"from": {"id": USER, "name": "Tên cũ"}}))
    assert translate(bot_message, None, 1) is None  # type: ignore[arg-type]
    assert translate(no_message, None, 1) is None  # type: ignore[arg-type]
    msg = translate(named, None, 1)  # type: ignore[arg-type]
    assert msg is not None and msg.display_name == "Tên cũ"
