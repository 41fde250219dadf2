"""The unit tree and known places: lookups, subtree queries and CSV import."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from tortoise.transactions import in_transaction

from models.units import KnownPlace, Unit

UNIT_COLUMNS = ("code", "name", "kind", "parent_code", "lat", "lon")
PLACE_COLUMNS = ("unit_code", "name", "lat", "lon")


class ImportProblem(ValueError):
    """A CSV row that cannot be imported; the message names the line."""


@dataclass(frozen=True, slots=True)
class ImportResult:
    """How many rows were created and updated."""

    created: int
    updated: int


async def get_unit(unit_id: int) -> Unit | None:
    """A unit by id."""
    return await Unit.get_or_none(id=unit_id)


async def get_unit_by_code(code: str) -> Unit | None:
    """A unit by its code, case-insensitive as staff type it."""
    return await Unit.get_or_none(code=code.strip().upper())


async def units_by_ids(ids: list[int]) -> list[Unit]:
    """Units in a stable order (by path, so parents come first)."""
    return await Unit.filter(id__in=ids).order_by("path")


async def subtree(unit: Unit) -> list[Unit]:
    """The unit and everything under it: one indexed prefix query on the materialised path."""
    return await Unit.filter(path__startswith=unit.path).order_by("path")


def is_within(unit: Unit, ancestor: Unit) -> bool:
    """True if `unit` is `ancestor` or lies under it."""
    return unit.path.startswith(ancestor.path)


async def places_of(unit_id: int) -> list[KnownPlace]:
    """The unit's known places, by name."""
    return await KnownPlace.filter(unit_id=unit_id).order_by("name")


async def get_place(place_id: int) -> KnownPlace | None:
    """A known place by id."""
    return await KnownPlace.get_or_none(id=place_id)


async def count_units() -> int:
    """Used to decide whether the console demo data must be loaded."""
    return await Unit.all().count()


def _read_rows(text: str, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """Parse CSV text and check the header; returns (line number, row) pairs."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in columns if c not in (reader.fieldnames or [])]
    if missing:
        raise ImportProblem(f"missing columns: {', '.join(missing)}")
    return [
        (n, {k: (v or "").strip() for k, v in row.items() if k})
        for n, row in enumerate(reader, start=2)
    ]


def _coordinate(value: str, low: float, high: float, line: int) -> float | None:
    """An optional decimal coordinate within bounds."""
    if not value:
        return None
    try:
        number = float(value.replace(",", "."))
    except ValueError:
        raise ImportProblem(f"line {line}: '{value}' is not a coordinate") from None
    if not low <= number <= high:
        raise ImportProblem(f"line {line}: {number} is out of range")
    return number


async def import_units(text: str) -> ImportResult:
    """Create or update units from CSV (code,name,kind,parent_code,lat,lon), in any row order."""
    rows = _read_rows(text, UNIT_COLUMNS)
    created = updated = 0
    async with in_transaction():
        pending = list(rows)
        while pending:
            progressed = False
            for line, row in list(pending):
                code = row["code"].upper()
                if not code or not row["name"]:
                    raise ImportProblem(f"line {line}: code and name are required")
                parent = None
                if row["parent_code"]:
                    parent = await Unit.get_or_none(code=row["parent_code"].upper())
                    if parent is None:
                        continue
                values = {
                    "name": row["name"],
                    "kind": row["kind"] or "unit",
                    "parent": parent,
                    "latitude": _coordinate(row["lat"], -90, 90, line),
                    "longitude": _coordinate(row["lon"], -180, 180, line),
                }
                unit = await Unit.get_or_none(code=code)
                if unit is None:
                    unit = await Unit.create(code=code, **values)
                    created += 1
                else:
                    await unit.update_from_dict(values).save()
                    updated += 1
                pending.remove((line, row))
                progressed = True
            if not progressed:
                line, row = pending[0]
                raise ImportProblem(f"line {line}: unknown parent_code '{row['parent_code']}'")
        await _rebuild_paths()
    return ImportResult(created, updated)


async def _rebuild_paths() -> None:
    """Recompute every materialised path, so moving a unit also moves its subtree."""
    units = await Unit.all().only("id", "parent_id", "path")
    parent_of = {u.id: u.parent_id for u in units}
    paths: dict[int, str] = {}

    def path_of(unit_id: int, depth: int = 0) -> str:
        if depth > len(parent_of):
            raise ImportProblem(f"unit {unit_id} is its own ancestor")
        if unit_id not in paths:
            parent_id = parent_of[unit_id]
            prefix = path_of(parent_id, depth + 1) if parent_id else "/"
            paths[unit_id] = f"{prefix}{unit_id}/"
        return paths[unit_id]

    for unit in units:
        if unit.path != path_of(unit.id):
            await Unit.filter(id=unit.id).update(path=paths[unit.id])


async def import_places(text: str) -> ImportResult:
    """Create or update known places from CSV (unit_code,name,lat,lon)."""
    rows = _read_rows(text, PLACE_COLUMNS)
    created = updated = 0
    async with in_transaction():
        for line, row in rows:
            unit = await Unit.get_or_none(code=row["unit_code"].upper())
            if unit is None:
                raise ImportProblem(f"line {line}: unknown unit_code '{row['unit_code']}'")
            latitude = _coordinate(row["lat"], -90, 90, line)
            longitude = _coordinate(row["lon"], -180, 180, line)
            if not row["name"] or latitude is None or longitude is None:
                raise ImportProblem(f"line {line}: name, lat and lon are required")
            _, was_created = await KnownPlace.update_or_create(
                unit=unit, name=row["name"], defaults={"latitude": latitude, "longitude": longitude}
            )
            created += was_created
            updated += not was_created
    return ImportResult(created, updated)
