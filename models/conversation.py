"""Conversation state and processed-update keys: what makes the bot stateless per process."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class ConversationState(Model):
    """Current step and draft of one messenger account (it exists before a Person does)."""

    id = fields.IntField(primary_key=True)
    channel = fields.CharField(max_length=16)
    external_id = fields.CharField(max_length=64)
    step = fields.CharField(max_length=32, default="idle")
    data = fields.JSONField(default=dict)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "conversation_state"
        unique_together = (("channel", "external_id"),)


class ProcessedUpdate(Model):
    """A platform update already handled: the unique key makes redelivery a no-op."""

    id = fields.BigIntField(primary_key=True)
    channel = fields.CharField(max_length=16)
    update_key = fields.CharField(max_length=128)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "processed_update"
        unique_together = (("channel", "update_key"),)


# No longer written: album acknowledgements are outbox rows ("album:<channel>:<group>",
# models/outbox_queue.py). The table stays (no migration for it in issue 12).
class AlbumBuffer(Model):
    """Photos of one album arriving as separate updates, acknowledged once after a quiet spell.

    The conditional update on `acknowledged` is the claim: with several workers, exactly one
    sends the acknowledgement.
    """

    id = fields.IntField(primary_key=True)
    channel = fields.CharField(max_length=16)
    external_id = fields.CharField(max_length=64)
    media_group_id = fields.CharField(max_length=64)
    items = fields.IntField(default=0)
    last_item_at = fields.DatetimeField()
    acknowledged = fields.BooleanField(default=False)

    class Meta:
        table = "album_buffer"
        unique_together = (("channel", "media_group_id"),)


class FailedUpdate(Model):
    """An update whose handling raised: counted per delivery, given up after a few.

    Holds no message content (only the key, the channel and the error's class), so operators
    can see what failed without reading anyone's report.
    """

    id = fields.BigIntField(primary_key=True)
    channel = fields.CharField(max_length=16)
    update_key = fields.CharField(max_length=128)
    error_class = fields.CharField(max_length=128)
    attempts = fields.IntField(default=1)
    first_failed_at = fields.DatetimeField()
    last_failed_at = fields.DatetimeField()
    given_up = fields.BooleanField(default=False)

    class Meta:
        table = "failed_update"
        unique_together = (("channel", "update_key"),)


class CodeAttempt(Model):
    """One wrong invite or link code typed by an account: five in 15 minutes make it wait."""

    id = fields.BigIntField(primary_key=True)
    channel = fields.CharField(max_length=16)
    external_id = fields.CharField(max_length=64)
    attempted_at = fields.DatetimeField()

    class Meta:
        table = "code_attempt"
        indexes = (("channel", "external_id", "attempted_at"),)
