"""Messages the bot sends on its own, written in the transaction of the change that causes
them and delivered afterwards by each running channel (see models/outbox_queue.py)."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class OutboxStatus(StrEnum):
    """A row's life: pending → sent, or failed for good (blocked bot, deleted account)."""

    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class OutboxMessage(Model):
    """One message to one messenger account, due at `due_at`, sent once.

    `cause_key` is unique per cause ("returned:123:r4", "album:telegram:987"), so writing the
    same notice twice (a redelivered update, two workers) leaves one row. A delivering worker
    holds a row by setting `lease_until`; a worker that died mid-delivery lets the lease run
    out and another one takes the row again.
    """

    id = fields.BigIntField(primary_key=True)
    cause_key = fields.CharField(max_length=128, unique=True)
    person: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.Person", related_name="outbox", null=True, on_delete=fields.CASCADE
    )
    channel = fields.CharField(max_length=16)
    external_id = fields.CharField(max_length=64)
    text = fields.TextField(default="")
    # [[{"label": "Sửa báo cáo #12", "command": "/sua 12"}], …]: commands with arguments,
    # never the conversation's stored choices.
    buttons = fields.JSONField(default=list)
    # A chart or file to render at delivery ({"kind": …, …}), never stored bytes.
    render = fields.JSONField(null=True)
    due_at = fields.DatetimeField()
    status = fields.CharEnumField(OutboxStatus, max_length=16, default=OutboxStatus.PENDING)
    lease_until = fields.DatetimeField(null=True)
    attempts = fields.IntField(default=0)
    last_error = fields.CharField(max_length=200, default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    sent_at = fields.DatetimeField(null=True)

    class Meta:
        table = "outbox_message"
        indexes = (("status", "channel", "due_at"),)
