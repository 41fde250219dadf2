"""One-time codes survive a collision even inside the engine's transaction (PostgreSQL too)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from tortoise.transactions import in_transaction

from models import access, directory
from models.people import Invite, LinkCode, Person, Role

NOW = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)
TREE = "code,name,kind,parent_code,lat,lon\nTINH,Tỉnh,province,,,\n"


def codes(*sequence: str) -> Iterator[str]:
    """The codes `new_invite_code` hands out, in order."""
    return iter(sequence)


async def test_a_colliding_invite_code_is_retried_inside_an_open_transaction(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    await directory.import_units(TREE)
    unit = await directory.get_unit_by_code("TINH")
    assert unit is not None
    handed_out = codes("AAAAAAAA", "AAAAAAAA", "BBBBBBBB")
    monkeypatch.setattr(access, "new_invite_code", lambda: next(handed_out))

    async with in_transaction():  # as in the engine: one transaction per update
        first = await access.create_invite(unit, Role.REPORTER, None, NOW, 7)
        second = await access.create_invite(unit, Role.REPORTER, None, NOW, 7)
        person = await Person.create(display_name="after the collision")

    assert (first.code, second.code) == ("AAAAAAAA", "BBBBBBBB")
    assert sorted(await Invite.all().values_list("code", flat=True)) == ["AAAAAAAA", "BBBBBBBB"]
    assert await Person.filter(id=person.id).exists()


async def test_a_colliding_link_code_is_retried_and_the_old_one_stops_working(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    person = await Person.create(display_name="Đồn Biên phòng")
    handed_out = codes("CCCCCCCC", "CCCCCCCC", "DDDDDDDD")
    monkeypatch.setattr(access, "new_invite_code", lambda: next(handed_out))

    async with in_transaction():
        first = await access.create_link_code(person, NOW, timedelta(minutes=10))
        second = await access.create_link_code(person, NOW, timedelta(minutes=10))

    assert (first.code, second.code) == ("CCCCCCCC", "DDDDDDDD")
    assert not await access.claim_link_code(first, "zalo", NOW)  # only the latest is valid
    assert await access.claim_link_code(second, "zalo", NOW)
    assert await LinkCode.all().count() == 2


async def test_endless_collisions_give_up_and_leave_the_transaction_usable(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    await directory.import_units(TREE)
    unit = await directory.get_unit_by_code("TINH")
    assert unit is not None
    monkeypatch.setattr(access, "new_invite_code", lambda: "EEEEEEEE")

    async with in_transaction():
        await access.create_invite(unit, Role.ADMIN, None, NOW, 7)
        with pytest.raises(RuntimeError, match="unique code"):
            await access.create_invite(unit, Role.ADMIN, None, NOW, 7)
        await Person.create(display_name="still writable")

    assert await Invite.all().count() == 1
    assert await Person.filter(display_name="still writable").exists()
