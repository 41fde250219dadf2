"""The chat progress line: edited in place where the messenger can, else resent sparingly."""

from __future__ import annotations

from bot.channels.progress import ProgressLine


async def test_telegram_style_sends_once_then_edits() -> None:
    calls: list[tuple[str, object, str]] = []

    async def send(text: str) -> int:
        calls.append(("send", None, text))
        return 42

    async def edit(handle: object, text: str) -> None:
        calls.append(("edit", handle, text))

    line = ProgressLine(send, edit)
    for text in ("1.000/3.000", "2.000/3.000", "3.000/3.000"):
        await line.show(text)
    assert calls == [
        ("send", None, "1.000/3.000"),
        ("edit", 42, "2.000/3.000"),
        ("edit", 42, "3.000/3.000"),
    ]


async def test_zalo_style_sends_at_most_every_few_seconds() -> None:
    sent: list[str] = []
    now = [0.0]

    async def send(text: str) -> None:
        sent.append(text)

    line = ProgressLine(send, every=10, clock=lambda: now[0])
    for second, text in ((0, "a"), (3, "b"), (9, "c"), (11, "d"), (15, "e"), (21, "f")):
        now[0] = second
        await line.show(text)
    assert sent == ["a", "d", "f"]
