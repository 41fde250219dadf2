"""What the fake Telegram server saw the bot do, kept apart from how it answers so tests can
assert on it: the messages the bot sent, the calls it made, the faults injected into them, and
helpers that wait for a message or call to arrive (no polling, no sleeps).

``RecordsMixin`` is one of the bases of ``FakeTelegramServer`` (tests/fakes/telegram_server.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from tests.fakes.telegram_objects import Faults, Params, SentMessage, Signal

__all__ = ["RecordsMixin"]


class RecordsMixin:
    """The record of the bot's traffic, the fault plan, and waiting for what the bot sends."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[SentMessage] = []
        self.calls: list[tuple[str, Params]] = []  # answered calls (not pre-processing faults)
        self.faulted: list[tuple[str, str]] = []  # (method, fault kind)
        self.downloads: list[str] = []  # file paths fetched from /file/bot<token>/
        self.faults = Faults()
        self._sent_signal, self._calls_signal = Signal(), Signal()
        self._cursors: dict[int, int] = defaultdict(int)
        self._call_cursors: dict[str, int] = defaultdict(int)

    # --- recording -------------------------------------------------------------------------

    @property
    def fault_count(self) -> int:
        return len(self.faulted)

    def _count_fault(self, method: str, kind: str) -> None:
        self.faulted.append((method, kind))

    def _record_call(self, method: str, params: Params) -> None:
        """An answered call (a fault drawn before processing is not one)."""
        self.calls.append((method, params))
        self._calls_signal.notify()

    def _record(
        self, method: str, p: Params, msg: Params, text: str | None, files: dict[str, bytes]
    ) -> None:
        self.sent.append(
            SentMessage(
                method=method,
                chat_id=msg["chat"]["id"],
                text=text,
                reply_markup=p.get("reply_markup"),
                files=files,
                params=p,
                message_id=msg["message_id"],
            )
        )
        self._sent_signal.notify()

    # --- assertion helpers -----------------------------------------------------------------

    def sent_to(self, chat_id: int) -> list[SentMessage]:
        """Everything the bot sent to ``chat_id``, oldest first."""
        return [m for m in self.sent if m.chat_id == chat_id]

    async def wait_for_message(
        self,
        chat_id: int,
        predicate: Callable[[SentMessage], bool] | str | None = None,
        *,
        timeout: float = 10.0,  # noqa: ASYNC109 -- a test-helper deadline, not a cancel scope
        since: int | None = None,
    ) -> SentMessage:
        """Wait for the next message to ``chat_id`` after the chat's read cursor (or from index
        ``since`` of ``self.sent``) matching ``predicate`` (a callable, or a substring of the
        text); the cursor then moves past it. On timeout, AssertionError lists what was sent."""
        start = self._cursors[chat_id] if since is None else since
        match = _matcher(predicate)
        try:
            index = await _wait_next(
                self._sent_signal,
                self.sent,
                start,
                lambda m: m.chat_id == chat_id and match(m),
                timeout,
            )
        except TimeoutError:
            seen = "\n".join(
                f"  [{i}] {m.method} #{m.message_id}: {m.text!r}"
                for i, m in enumerate(self.sent)
                if m.chat_id == chat_id
            )
            raise AssertionError(
                f"no message to chat {chat_id} matching {predicate!r} at index >= {start} "
                f"within {timeout}s; sent to this chat:\n{seen or '  (nothing)'}"
            ) from None
        self._cursors[chat_id] = index + 1
        return self.sent[index]

    async def wait_for_call(
        self,
        method: str,
        predicate: Callable[[Params], bool] | None = None,
        *,
        timeout: float = 10.0,  # noqa: ASYNC109 -- as in wait_for_message
        since: int | None = None,
    ) -> Params:
        """Wait for the next answered call of ``method`` after its cursor (or from index
        ``since`` of ``self.calls``) whose params match ``predicate``; returns the params."""
        start = self._call_cursors[method] if since is None else since
        try:
            index = await _wait_next(
                self._calls_signal,
                self.calls,
                start,
                lambda c: c[0] == method and (predicate is None or predicate(c[1])),
                timeout,
            )
        except TimeoutError:
            seen = [name for name, _ in self.calls[start:]]
            raise AssertionError(f"no {method} call within {timeout}s; calls: {seen}") from None
        self._call_cursors[method] = index + 1
        return self.calls[index][1]


async def _wait_next(
    signal: Signal, items: list[Any], start: int, match: Callable[[Any], bool], seconds: float
) -> int:
    """Index of the first item from ``start`` on that matches, waiting for appends."""

    def find() -> int | None:
        return next((i for i in range(start, len(items)) if match(items[i])), None)

    return await signal.wait_for(find, seconds)


def _matcher(
    predicate: Callable[[SentMessage], bool] | str | None,
) -> Callable[[SentMessage], bool]:
    if predicate is None:
        return lambda m: True
    if isinstance(predicate, str):
        return lambda m: m.text is not None and predicate in m.text
    return predicate
