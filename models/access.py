"""People, identities, memberships and invites: who someone is and what they may do."""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from models.people import Identity, Invite, LinkCode, Membership, Person, Role
from models.units import Unit

INVITE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
"""No 0/O, 1/I/L: codes are read aloud over the phone and typed on small keyboards."""
INVITE_LENGTH = 8
CODE_ATTEMPTS = 5

Coded = TypeVar("Coded")

READ_ROLES = (Role.REVIEWER, Role.COMMITTEE, Role.ADMIN)


@dataclass(frozen=True, slots=True)
class Access:
    """A person's memberships, resolved once per update."""

    person: Person
    memberships: list[Membership]

    def units_with(self, *roles: Role) -> list[Unit]:
        """Units where the person holds any of `roles`, without repeats, in tree order."""
        found = {m.unit.id: m.unit for m in self.memberships if m.role in roles}
        return sorted(found.values(), key=lambda u: u.path)

    def filing_units(self) -> list[Unit]:
        """Units the person files for: reporter memberships, else the units they administer."""
        return self.units_with(Role.REPORTER) or self.units_with(Role.ADMIN)

    def can_invite_to(self, unit: Unit) -> bool:
        """Admins invite within their own subtree only."""
        return any(unit.path.startswith(u.path) for u in self.units_with(Role.ADMIN))


async def person_for(channel: str, external_id: str) -> Person | None:
    """The person behind a messenger account, if registered."""
    # select_related: one JOIN, where prefetch_related costs a second query on every update.
    found = Identity.get_or_none(channel=channel, external_id=external_id)
    identity = await found.select_related("person")
    return identity.person if identity else None


async def access_of(person: Person) -> Access:
    """Load memberships with their units in one query (a JOIN, not a second query)."""
    memberships = await Membership.filter(person=person).select_related("unit")
    return Access(person, list(memberships))


async def register_identity(
    channel: str, external_id: str, display_name: str, language: str
) -> Person:
    """The account's person, created on first registration."""
    existing = await person_for(channel, external_id)
    if existing:
        return existing
    person = await Person.create(display_name=display_name[:200], language=language)
    await Identity.create(person=person, channel=channel, external_id=external_id)
    return person


async def grant(person: Person, unit: Unit, role: Role) -> Membership:
    """Give a role in a unit (idempotent)."""
    membership, _ = await Membership.get_or_create(person=person, unit=unit, role=role)
    return membership


def new_invite_code() -> str:
    """Eight characters from the unambiguous alphabet, from a CSPRNG (codes grant access)."""
    return "".join(secrets.choice(INVITE_ALPHABET) for _ in range(INVITE_LENGTH))


async def with_fresh_code(create: Callable[[str], Awaitable[Coded]]) -> Coded:
    """`create` with a new code, retried on the (astronomically rare) collision. Each attempt
    runs in a savepoint: on PostgreSQL a failed INSERT would otherwise abort the enclosing
    transaction (the engine's), and the retry could never succeed."""
    for _ in range(CODE_ATTEMPTS):
        try:
            async with in_transaction():
                return await create(new_invite_code())
        except IntegrityError:
            continue
    raise RuntimeError("could not allocate a unique code")


def normalise_invite_code(text: str) -> str | None:
    """The code as stored if `text` can be one (spaces, dashes and case ignored), else None."""
    code = "".join(ch for ch in text.upper() if ch not in " -_.")
    if len(code) == INVITE_LENGTH and all(ch in INVITE_ALPHABET for ch in code):
        return code
    return None


async def create_invite(
    unit: Unit, role: Role, created_by: Person | None, now: datetime, valid_days: int
) -> Invite:
    """A fresh one-time code that grants `role` in `unit` until it expires."""
    return await with_fresh_code(
        lambda code: Invite.create(
            code=code,
            unit=unit,
            role=role,
            created_by=created_by,
            created_at=now,
            expires_at=now + timedelta(days=valid_days),
        )
    )


async def find_invite(code: str) -> Invite | None:
    """An invite by code, with its unit."""
    return await Invite.get_or_none(code=code).prefetch_related("unit")


async def claim_invite(invite: Invite, person: Person, now: datetime) -> bool:
    """Mark the invite used by `person`; a conditional update so it is used once, ever."""
    claimed = await Invite.filter(id=invite.id, used_at__isnull=True, expires_at__gt=now).update(
        used_at=now, used_by=person
    )
    return claimed == 1


async def create_link_code(person: Person, now: datetime, lifetime: timedelta) -> LinkCode:
    """A fresh one-time code for adding another account to `person`; earlier unused codes of
    the person stop working (only the latest one shown is valid)."""
    await LinkCode.filter(person=person, used_at__isnull=True, expires_at__gt=now).update(
        expires_at=now
    )
    return await with_fresh_code(
        lambda code: LinkCode.create(
            code=code, person=person, created_at=now, expires_at=now + lifetime
        )
    )


async def find_link_code(code: str) -> LinkCode | None:
    """A link code by its text, with its person."""
    return await LinkCode.get_or_none(code=code).prefetch_related("person")


async def claim_link_code(link: LinkCode, channel: str, now: datetime) -> bool:
    """Mark the code used; a conditional update so it links one account, once, in time."""
    claimed = await LinkCode.filter(id=link.id, used_at__isnull=True, expires_at__gt=now).update(
        used_at=now, used_channel=channel
    )
    return claimed == 1


async def add_identity(person: Person, channel: str, external_id: str) -> Identity:
    """Let another messenger account act as `person` (the account must not belong to anyone)."""
    return await Identity.create(person=person, channel=channel, external_id=external_id)
