"""People, their messenger identities, their roles per unit, and invites."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class Role(StrEnum):
    """What a membership allows; admin implies committee and may invite within its subtree."""

    REPORTER = "reporter"
    REVIEWER = "reviewer"
    COMMITTEE = "committee"
    ADMIN = "admin"


class Person(Model):
    """A human user, whichever messengers they use."""

    id = fields.IntField(primary_key=True)
    display_name = fields.CharField(max_length=200, default="")
    language = fields.CharField(max_length=5, default="vi")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "person"


class Identity(Model):
    """One messenger account (channel + external id) belonging to a person."""

    id = fields.IntField(primary_key=True)
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="identities", on_delete=fields.CASCADE
    )
    channel = fields.CharField(max_length=16)
    external_id = fields.CharField(max_length=64)

    class Meta:
        table = "identity"
        unique_together = (("channel", "external_id"),)


class Membership(Model):
    """A role of a person in a unit (and, for readers, its whole subtree)."""

    id = fields.IntField(primary_key=True)
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="memberships", on_delete=fields.CASCADE
    )
    unit: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.Unit", related_name="memberships", on_delete=fields.CASCADE
    )
    role = fields.CharEnumField(Role, max_length=16)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "membership"
        unique_together = (("person", "unit", "role"),)


class Invite(Model):
    """A one-time code that binds whoever redeems it to a unit and role, until it expires."""

    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=8, unique=True)
    unit: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.Unit", related_name="invites", on_delete=fields.CASCADE
    )
    role = fields.CharEnumField(Role, max_length=16)
    created_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="invites_created", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField()
    expires_at = fields.DatetimeField()
    used_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="invites_used", null=True, on_delete=fields.SET_NULL
    )
    used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "invite"


class LinkCode(Model):
    """A one-time code that adds another messenger account to a person, for a few minutes."""

    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=8, unique=True)
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="link_codes", on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField()
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)
    used_channel = fields.CharField(max_length=16, null=True)

    class Meta:
        table = "link_code"
