"""Whose figures a person may see: reader roles see their subtrees, reporters their own unit."""

from __future__ import annotations

from dataclasses import dataclass

from models.access import READ_ROLES, Access
from models.directory import is_within
from models.people import Role
from models.units import Unit


@dataclass(frozen=True, slots=True)
class Scope:
    """A unit and, unless `subtree` is False, everything under it."""

    unit: Unit
    subtree: bool = True


def reader_roots(access: Access) -> list[Unit]:
    """Top units of the subtrees the person reads (reviewer, committee, admin), no nesting."""
    units = access.units_with(*READ_ROLES)
    return [u for u in units if not any(o.id != u.id and is_within(u, o) for o in units)]


def scope_for(access: Access, unit: Unit) -> Scope | None:
    """The scope the person may see when asking about `unit`; None when it is not theirs."""
    if any(is_within(unit, root) for root in reader_roots(access)):
        return Scope(unit, subtree=True)
    if unit.id in {u.id for u in access.units_with(Role.REPORTER)}:
        return Scope(unit, subtree=False)
    return None


def default_scope(access: Access) -> Scope | None:
    """The person's own top unit: the highest subtree they read, else their reporting unit."""
    roots = reader_roots(access)
    if roots:
        return Scope(roots[0], subtree=True)
    reporting = access.units_with(Role.REPORTER)
    return Scope(reporting[0], subtree=False) if reporting else None


def may_summarise(access: Access | None) -> bool:
    """Anyone with a reader role, or a reporter (own unit only)."""
    return access is not None and default_scope(access) is not None


async def visible_units(access: Access) -> list[Unit]:
    """Every unit the person may ask a summary about, parents first."""
    found: dict[int, Unit] = {}
    for root in reader_roots(access):
        for unit in await Unit.filter(path__startswith=root.path).order_by("path"):
            found[unit.id] = unit
    for unit in access.units_with(Role.REPORTER):
        found.setdefault(unit.id, unit)
    return sorted(found.values(), key=lambda u: u.path)


async def children_of(unit: Unit) -> list[Unit]:
    """The unit's direct children, by name."""
    return list(await Unit.filter(parent_id=unit.id).order_by("name"))


async def all_units() -> list[Unit]:
    """Every unit (to tell "not yours" from "no such unit" when a name is typed)."""
    return list(await Unit.all().order_by("path"))
