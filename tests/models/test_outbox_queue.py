"""The outbox queue on both databases: insert-or-ignore in a transaction, recipients, leases."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from tortoise.transactions import in_transaction

from models import access, outbox_queue
from models.conversation import ConversationState
from models.outbox import OutboxMessage, OutboxStatus

NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
LEASE = timedelta(seconds=60)
BUTTONS = [[{"label": "Sửa báo cáo #12", "command": "/sua 12"}]]


async def notice(key: str, **changes: object) -> bool:
    """A plain notice to telegram:1, due now."""
    values: dict = {"person": None, "channel": "telegram", "external_id": "1", "text": key}
    return await outbox_queue.enqueue(key, **(values | {"due_at": NOW} | changes))


async def test_enqueue_writes_once_per_cause_and_keeps_the_transaction_usable(
    database_url: str,
) -> None:
    async with in_transaction():
        assert await notice("returned:12:r2", buttons=BUTTONS)
        assert not await notice("returned:12:r2", text="again")
        # The caller's transaction goes on after the ignored insert (PostgreSQL would abort it
        # without the savepoint).
        assert await notice("approved:13:r1")
    rows = await OutboxMessage.all().order_by("id")
    assert [(r.cause_key, r.text) for r in rows] == [
        ("returned:12:r2", "returned:12:r2"),
        ("approved:13:r1", "approved:13:r1"),
    ]
    assert rows[0].buttons == BUTTONS and rows[0].status is OutboxStatus.PENDING


async def test_a_rolled_back_transaction_writes_nothing(database_url: str) -> None:
    with pytest.raises(RuntimeError):
        async with in_transaction():
            assert await notice("returned:12:r2")
            raise RuntimeError("the decision failed")
    assert await OutboxMessage.all().count() == 0


@pytest.mark.parametrize(
    "button",
    [
        {"label": "", "command": "/sua 12"},
        {"label": "Sửa", "command": "sua 12"},
        {"label": "Sửa", "command": "/sua 12#abc"},
        {"label": "Sửa", "command": "/xem " + "9" * 60},
    ],
)
async def test_buttons_no_channel_could_show_are_refused_when_written(
    database_url: str, button: dict[str, str]
) -> None:
    with pytest.raises(ValueError):
        await notice("x", buttons=[[button]])
    assert await OutboxMessage.all().count() == 0


async def test_recipient_is_the_preferred_account_else_the_one_used_last(
    database_url: str,
) -> None:
    person = await access.register_identity("telegram", "100", "A", "vi")
    await access.add_identity(person, "zalo", "abc")
    other = await access.register_identity("telegram", "200", "B", "vi")
    assert await outbox_queue.recipient(person, ("zalo", "abc")) == ("zalo", "abc")
    # An account that is no longer theirs is not used, whoever holds it now.
    assert await outbox_queue.recipient(person, ("telegram", "200")) == ("telegram", "100")
    await ConversationState.create(channel="telegram", external_id="100", step="idle", data={})
    await asyncio.sleep(0.01)
    await ConversationState.create(channel="zalo", external_id="abc", step="idle", data={})
    assert await outbox_queue.recipient(person, None) == ("zalo", "abc")
    await ConversationState.filter(channel="telegram", external_id="100").update(
        updated_at=datetime.now(UTC) + timedelta(minutes=1)
    )
    assert await outbox_queue.recipient(person, ("telegram", "999")) == ("telegram", "100")
    assert await outbox_queue.enqueue_for_person("n:1", other, text="hi", due_at=NOW)
    row = await OutboxMessage.get(cause_key="n:1")
    assert (row.channel, row.external_id, row.person_id) == ("telegram", "200", other.id)


async def test_a_person_without_accounts_gets_nothing(database_url: str) -> None:
    person = await access.register_identity("telegram", "100", "A", "vi")
    await person.identities.all().delete()
    assert not await outbox_queue.enqueue_for_person("n:1", person, text="hi", due_at=NOW)
    assert await OutboxMessage.all().count() == 0


async def test_claim_takes_due_rows_of_its_channel_once_until_the_lease_ends(
    database_url: str,
) -> None:
    await notice("a")
    await notice("later", due_at=NOW + timedelta(minutes=5))
    await notice("zalo", channel="zalo")
    claimed = await outbox_queue.claim_due("telegram", NOW, LEASE, 10)
    assert [r.cause_key for r in claimed] == ["a"]
    assert await outbox_queue.claim_due("telegram", NOW, LEASE, 10) == []
    # A deliverer that died lets the lease run out; another one takes the row again.
    again = await outbox_queue.claim_due("telegram", NOW + timedelta(minutes=10), LEASE, 10)
    assert sorted(r.cause_key for r in again) == ["a", "later"]
    assert await outbox_queue.mark_sent(again[0].id, NOW)
    assert not await outbox_queue.mark_sent(again[0].id, NOW), "sent once"
    assert await outbox_queue.next_due("telegram") == NOW + timedelta(minutes=5)


async def test_postponing_moves_the_due_time_and_a_moved_row_is_not_marked_sent(
    database_url: str,
) -> None:
    key, where = "album:telegram:g1", {"person": None, "channel": "telegram", "external_id": "1"}
    await outbox_queue.enqueue_or_postpone(key, due_at=NOW, render={"kind": "album_ack"}, **where)
    [claimed] = await outbox_queue.claim_due("telegram", NOW, LEASE, 10)
    later = NOW + timedelta(seconds=2)
    await outbox_queue.enqueue_or_postpone(key, due_at=later, render={"kind": "album_ack"}, **where)
    assert not await outbox_queue.mark_sent(claimed.id, NOW, due_at=claimed.due_at)
    assert await outbox_queue.claim_due("telegram", NOW + timedelta(seconds=1), LEASE, 10) == []
    [again] = await outbox_queue.claim_due("telegram", later, LEASE, 10)
    assert await outbox_queue.mark_sent(again.id, later, due_at=again.due_at)
    # A late item of an album already acknowledged makes it due once more.
    await outbox_queue.enqueue_or_postpone(key, due_at=later, render={"kind": "album_ack"}, **where)
    assert [r.id for r in await outbox_queue.claim_due("telegram", later, LEASE, 10)] == [again.id]
    assert await OutboxMessage.all().count() == 1


async def test_permanent_and_repeated_transient_failures_stop_the_row(database_url: str) -> None:
    await notice("blocked")
    await notice("flaky")
    blocked, flaky = await outbox_queue.claim_due("telegram", NOW, LEASE, 10)
    await outbox_queue.mark_failed(blocked.id, "Forbidden: bot was blocked by the user")
    at = NOW
    for attempt in range(1, outbox_queue.MAX_ATTEMPTS + 1):
        assert await outbox_queue.retry_later(flaky.id, "HTTP 502", at) == (
            attempt < outbox_queue.MAX_ATTEMPTS
        )
        at += outbox_queue.retry_delay(attempt)
        claimed = [r.id for r in await outbox_queue.claim_due("telegram", at, LEASE, 10)]
        assert claimed == ([] if attempt == outbox_queue.MAX_ATTEMPTS else [flaky.id])
    rows = {r.cause_key: r for r in await OutboxMessage.all()}
    assert rows["blocked"].status is OutboxStatus.FAILED and "blocked" in rows["blocked"].last_error
    assert rows["flaky"].status is OutboxStatus.FAILED
    assert rows["flaky"].attempts == outbox_queue.MAX_ATTEMPTS


async def test_two_claim_loops_at_once_never_get_the_same_row(database_url: str) -> None:
    async with in_transaction():
        for n in range(60):
            await notice(f"n:{n}")

    async def claim_loop() -> list[int]:
        got: list[int] = []
        while batch := await outbox_queue.claim_due("telegram", NOW, LEASE, 7):
            got += [r.id for r in batch]
            await asyncio.sleep(0)
        return got

    first, second = await asyncio.gather(claim_loop(), claim_loop())
    assert not set(first) & set(second)
    assert len(first) + len(second) == 60
