"""The outbox's queue: rows written in the caller's transaction, claimed and marked by the
deliverer each running channel runs (bot/outbox.py).

Writing is insert-or-ignore on the cause key inside a savepoint, so a redelivered update or
a second worker writes one row and a failed insert never aborts the caller's PostgreSQL
transaction. Claiming takes a lease: PostgreSQL locks candidates `FOR UPDATE SKIP LOCKED`,
SQLite (no row locks) sets the lease with a conditional update per candidate; either way
two claimers never hold the same row, and a claimer that died lets its lease run out.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F, Q
from tortoise.transactions import in_transaction

from models.conversation import ConversationState
from models.outbox import OutboxMessage, OutboxStatus
from models.people import Identity, Person

Buttons = Sequence[Sequence[dict[str, str]]]
COMMAND_PREFIX = "cmd:"
"""A pressed outbox button's payload: "cmd:/sua 12" reaches the engine as the command."""
MAX_PAYLOAD_BYTES = 64  # Telegram's callback data
MAX_ATTEMPTS = 8
"""Transient failures of one row before it is given up (about a day with retry_delay)."""
MAX_ERROR = 200
NEVER = datetime.min.replace(tzinfo=UTC)


def command_payload(command: str) -> str:
    """The button payload of an outbox command ("/sua 12" → "cmd:/sua 12")."""
    return f"{COMMAND_PREFIX}{command}"


def _checked_buttons(buttons: Buttons) -> list[list[dict[str, str]]]:
    """Buttons as stored; refuse what no channel could show (caught when written, not sent)."""
    rows = [[dict(button) for button in row] for row in buttons]
    for row in rows:
        for button in row:
            command = button.get("command", "")
            if not button.get("label") or not command.startswith("/") or "#" in command:
                raise ValueError(f"an outbox button needs a label and a /command: {button}")
            if len(command_payload(command).encode()) > MAX_PAYLOAD_BYTES:
                raise ValueError(f"outbox command too long for a button: {command}")
    return rows


async def enqueue(
    cause_key: str,
    *,
    person: Person | None,
    channel: str,
    external_id: str,
    text: str,
    buttons: Buttons = (),
    due_at: datetime,
    render: dict | None = None,
) -> bool:
    """Write one message for later delivery unless its cause already has one; True if written.

    Runs in a savepoint of the caller's transaction: the unique cause key decides between
    racing writers, and the loser's failed INSERT is rolled back alone.
    """
    rows = _checked_buttons(buttons)
    try:
        async with in_transaction():
            await OutboxMessage.create(
                cause_key=cause_key,
                person=person,
                channel=channel,
                external_id=external_id,
                text=text,
                buttons=rows,
                render=render,
                due_at=due_at,
            )
    except IntegrityError:
        return False
    return True


async def recipient(
    person: Person, prefer: tuple[str, str] | None = None
) -> tuple[str, str] | None:
    """(channel, external_id) to reach a person: `prefer` while it is still theirs, else the
    account they used last (latest conversation activity); None without any account."""
    identities = await Identity.filter(person=person).order_by("id")
    accounts = [(i.channel, i.external_id) for i in identities]
    if prefer is not None and tuple(prefer) in accounts:
        return tuple(prefer)  # type: ignore[return-value]
    if not accounts:
        return None
    states = await ConversationState.filter(
        Q(*(Q(channel=c, external_id=e) for c, e in accounts), join_type="OR")
    )
    seen = {(s.channel, s.external_id): s.updated_at for s in states}
    # Accounts never written from rank last, in the order they were added.
    return max(accounts, key=lambda a: (a in seen, seen.get(a) or NEVER, -accounts.index(a)))


async def enqueue_for_person(
    cause_key: str,
    person: Person,
    *,
    text: str,
    buttons: Buttons = (),
    due_at: datetime,
    prefer: tuple[str, str] | None = None,
    render: dict | None = None,
) -> bool:
    """`enqueue` to the person's best account (see `recipient`); False if they have none."""
    account = await recipient(person, prefer)
    if account is None:
        return False
    channel, external_id = account
    return await enqueue(
        cause_key,
        person=person,
        channel=channel,
        external_id=external_id,
        text=text,
        buttons=buttons,
        due_at=due_at,
        render=render,
    )


async def enqueue_or_postpone(
    cause_key: str,
    *,
    person: Person | None,
    channel: str,
    external_id: str,
    due_at: datetime,
    render: dict | None = None,
    text: str = "",
) -> None:
    """Write the message, or move an existing one's due time to `due_at` (an album's next
    item restarts its quiet time); one already sent is due again, a failed one stays so."""
    written = await enqueue(
        cause_key,
        person=person,
        channel=channel,
        external_id=external_id,
        text=text,
        due_at=due_at,
        render=render,
    )
    if not written:
        await OutboxMessage.filter(cause_key=cause_key, status__not=OutboxStatus.FAILED).update(
            due_at=due_at, status=OutboxStatus.PENDING, sent_at=None, render=render
        )


async def claim_due(
    channel: str, now: datetime, lease: timedelta, limit: int
) -> list[OutboxMessage]:
    """Pending rows of `channel` due by `now` and not held by another deliverer, now held by
    this one until `now + lease` (oldest first, at most `limit`)."""
    due = OutboxMessage.filter(
        Q(lease_until__isnull=True) | Q(lease_until__lt=now),
        channel=channel,
        status=OutboxStatus.PENDING,
        due_at__lte=now,
    ).order_by("due_at", "id")
    until = now + lease
    async with in_transaction() as connection:
        if connection.capabilities.dialect == "postgres":
            rows = await due.limit(limit).select_for_update(skip_locked=True)
            if rows:
                await OutboxMessage.filter(id__in=[r.id for r in rows]).update(lease_until=until)
            mine = rows
        else:
            mine = []
            for row in await due.limit(limit):
                # Only the claimer whose conditional update touched the row holds it.
                held = await OutboxMessage.filter(
                    Q(lease_until__isnull=True) | Q(lease_until__lt=now),
                    id=row.id,
                    status=OutboxStatus.PENDING,
                ).update(lease_until=until)
                if held == 1:
                    mine.append(row)
    for row in mine:
        row.lease_until = until
    if mine:
        await OutboxMessage.fetch_for_list(mine, "person")  # the recipient's language
    return mine


async def next_due(channel: str) -> datetime | None:
    """When the channel's earliest pending row is due (a deliverer sleeps until then)."""
    row = (
        await OutboxMessage.filter(channel=channel, status=OutboxStatus.PENDING)
        .order_by("due_at")
        .first()
        .values("due_at")
    )
    return row["due_at"] if row else None


async def mark_sent(message_id: int, now: datetime, *, due_at: datetime | None = None) -> bool:
    """Record a delivery; True if done. Given the `due_at` it was claimed with, a row whose
    due time moved meanwhile (an album's next item) is released to be sent again instead."""
    held = OutboxMessage.filter(id=message_id, status=OutboxStatus.PENDING)
    changes = {"status": OutboxStatus.SENT, "sent_at": now, "lease_until": None}
    if due_at is None:
        return await held.update(**changes) == 1
    if await held.filter(due_at=due_at).update(**changes) == 1:
        return True
    await held.update(lease_until=None)
    return False


async def mark_failed(message_id: int, error: str) -> None:
    """A permanent failure (blocked bot, deleted account, chat not found): never retried."""
    await OutboxMessage.filter(id=message_id).update(
        status=OutboxStatus.FAILED, last_error=error[:MAX_ERROR], lease_until=None
    )


async def retry_later(message_id: int, error: str, at: datetime) -> bool:
    """A transient failure: due again at `at`; given up after MAX_ATTEMPTS. True if it will
    be tried again."""
    await OutboxMessage.filter(id=message_id, status=OutboxStatus.PENDING).update(
        attempts=F("attempts") + 1, due_at=at, lease_until=None, last_error=error[:MAX_ERROR]
    )
    given_up = await OutboxMessage.filter(
        id=message_id, status=OutboxStatus.PENDING, attempts__gte=MAX_ATTEMPTS
    ).update(status=OutboxStatus.FAILED)
    return given_up == 0


def retry_delay(attempts: int) -> timedelta:
    """Wait before the next try: 30 s doubling per failed attempt, at most 4 hours."""
    return timedelta(seconds=min(30 * 2**attempts, 4 * 3600))
