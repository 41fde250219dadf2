"""The Zalo client and translation against the fake API: envelopes, faults, hostile bodies."""

from __future__ import annotations

import logging
import time
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
    assert await client.get_updates(0.2) == []  # HTTP 408 "Request timeout" after 1 s: idle
    first = server.push_text(USER, "một")
    server.push_text(USER, "hai")
    assert await client.get_updates(1) == [first]  # the documented shape: one object
    assert (await client.get_updates(1))[0]["message"]["text"] == "hai"
    assert server.calls[0] == ("getUpdates", {"timeout": "1"})


async def test_a_list_result_is_taken_item_by_item_and_other_shapes_are_logged(
    server: FakeZaloServer, client: ZaloClient, caplog: pytest.LogCaptureFixture
) -> None:
    one, two = server.text_event(USER, "một"), server.text_event(USER, "hai")
    server.push_result([one, two])
    assert await client.get_updates(1) == [one, two]
    server.push_result("mật khẩu 0912345678")
    with caplog.at_level(logging.WARNING, logger="bot.channels.zalo_client"):
        assert await client.get_updates(1) == []
    [record] = [r for r in caplog.records if r.name == "bot.channels.zalo_client"]
    assert record.levelno == logging.WARNING and "str" in record.getMessage()
    assert "0912345678" not in caplog.text  # the shape is logged, never the content


async def test_403_is_zalos_server_error_retried_with_backoff_and_bounded(
    server: FakeZaloServer,
) -> None:
    policy = RetryPolicy(attempts=3, base_delay=0.05)
    server.faults = Faults(rate_5xx=1.0, status_5xx=403, limit=2, methods={"sendMessage"})
    async with zalo_client(server, policy) as client:
        started = time.monotonic()
        await client.send_message(USER, "xin chào")
        assert time.monotonic() - started >= 0.05 + 0.1  # backed off after each 403
        assert server.fault_count == 2 and [m.text for m in server.sent_to(USER)] == ["xin chào"]
        server.faults = Faults(rate_5xx=1.0, status_5xx=403, methods={"sendMessage"})
        with pytest.raises(ZaloApiError) as lost:
            await client.send_message(USER, "lần hai")
    assert lost.value.status == 403 and lost.value.transient
    assert server.fault_count == 2 + policy.attempts  # bounded


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
        event(message_id=""),
        event(**{"from": {"id": "abc xyz"}}),
        event(chat={"id": "abc/xyz"}),
        event(chat={"id": "Nguyễn"}),
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


@pytest.mark.parametrize("zalo_id", ["abc.xyz", "A-b_c.9", "x" * 64, USER])
def test_ids_of_any_documented_shape_are_accepted(zalo_id: str) -> None:
    body = event(**{"from": {"id": zalo_id}}, chat={"id": zalo_id}, message_id=zalo_id)
    msg = translate(parse_event(body), None, 1)  # type: ignore[arg-type]
    assert msg is not None and msg.user_id == msg.chat_id == msg.message_id == zalo_id
