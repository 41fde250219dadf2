"""The configurable unit tree and each unit's known places."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class Unit(Model):
    """A node of the organisation tree (province, district, commune, border post, agency).

    `path` is the materialised path of ids ("/1/4/9/") so that a unit and everything under it
    is one indexed prefix query, whatever the depth of the tree.
    """

    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=32, unique=True)
    name = fields.CharField(max_length=200)
    kind = fields.CharField(max_length=32)
    parent: fields.ForeignKeyNullableRelation[Unit] = fields.ForeignKeyField(
        "models.Unit", related_name="children", null=True, on_delete=fields.RESTRICT
    )
    path = fields.CharField(max_length=255, db_index=True, default="")
    latitude = fields.FloatField(null=True)
    longitude = fields.FloatField(null=True)

    class Meta:
        table = "unit"

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class KnownPlace(Model):
    """A named point of a unit (border gate, marker, commune centre) users can pick as location."""

    id = fields.IntField(primary_key=True)
    unit: fields.ForeignKeyRelation[Unit] = fields.ForeignKeyField(
        "models.Unit", related_name="places", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=200)
    latitude = fields.FloatField()
    longitude = fields.FloatField()

    class Meta:
        table = "known_place"
        unique_together = (("unit", "name"),)
