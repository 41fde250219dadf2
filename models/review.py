"""Review states: one function per transition, each a conditional UPDATE on the revision.

chờ duyệt (submitted) → đã duyệt (approved) | trả lại (returned); returned or submitted →
submitted by the author's correction; submitted or returned → withdrawn by the author;
approved → submitted by an administrator's reopen. Every other move is refused.

Each transition is `UPDATE report SET …, revision = revision + 1 WHERE id = ? AND revision = ?
AND status IN (…)`: of two reviewers acting on the same revision one changes the row, the
other changes nothing and is told who acted last and when (TransitionRefused "stale").
Nobody decides on a report they wrote, even a reviewer (the four-eyes rule of a review).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from tortoise.expressions import F

from models import rollups
from models.access import READ_ROLES, Access, access_of
from models.directory import is_within
from models.people import Person, Role
from models.reports import AuditEvent, Report, ReportStatus

REASON_MAX = 500
S = ReportStatus

# Columns a correction never touches: who filed it, from where, its key, its review state.
_KEPT = {"id", "submit_key", "author", "author_id", "channel", "filed_external_id", "status"}
_KEPT |= {"revision", "return_reason", "decided_by", "decided_by_id", "decided_at"}
_KEPT |= {"withdrawn_reason", "submitted_at", "created_at", "updated_at"}


class TransitionRefused(Exception):
    """A transition that did not happen, and why ("not_allowed" | "stale" | "not_found").

    For "stale" (and "not_allowed") it carries the report's current state and who changed
    it last and when, for "đã được X duyệt lúc …".
    """

    def __init__(
        self,
        reason: str,
        *,
        status: ReportStatus | None = None,
        decided_by_name: str | None = None,
        decided_at: datetime | None = None,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status
        self.decided_by_name = decided_by_name
        self.decided_at = decided_at


def may_decide(access: Access, report: Report) -> bool:
    """Reviewers and admins over the report's unit subtree, never on their own report.

    `report.unit` must be fetched (report_in_scope does that)."""
    if report.author_id == access.person.id:  # type: ignore[attr-defined]
        return False
    units = access.units_with(Role.REVIEWER, Role.ADMIN)
    return any(is_within(report.unit, u) for u in units)


def may_reopen(access: Access, report: Report) -> bool:
    """Administrators over the report's unit subtree (an approved report back to waiting)."""
    return any(is_within(report.unit, u) for u in access.units_with(Role.ADMIN))


def may_read(access: Access, report: Report) -> bool:
    """Readers (reviewer, committee, admin) over the unit's subtree, and the author."""
    if report.author_id == access.person.id:  # type: ignore[attr-defined]
        return True
    return any(is_within(report.unit, u) for u in access.units_with(*READ_ROLES))


async def report_in_scope(
    access: Access | None, person: Person | None, report_id: int
) -> Report | None:
    """The report if the person may read it; None for a missing one and for one out of
    scope alike, so a typed number never tells whether it exists."""
    report = await Report.get_or_none(id=report_id).select_related("unit")
    if report is None:
        return None
    if access is not None and may_read(access, report):
        return report
    if person is not None and report.author_id == person.id:  # type: ignore[attr-defined]
        return report
    return None


async def _refusal(report_id: int, revision: int | None, reason: str) -> TransitionRefused:
    """Why a conditional update changed nothing: gone, changed meanwhile, or not allowed."""
    report = await Report.get_or_none(id=report_id)
    if report is None:
        return TransitionRefused("not_found")
    last = await AuditEvent.filter(report_id=report_id).order_by("-id").first()
    person = await Person.get_or_none(id=last.person_id) if last is not None else None  # type: ignore[attr-defined]
    stale = revision is not None and report.revision != revision
    return TransitionRefused(
        "stale" if stale else reason,
        status=report.status,
        decided_by_name=person.display_name if person else None,
        decided_at=last.created_at if last is not None else None,
    )


async def _checked(report_id: int, actor: Person, may: str) -> Report:
    """The report if `actor` may act on it ("decide", "reopen", "author"), else refused:
    "not_found" when they may not even read it, "not_allowed" when they only read it."""
    access = await access_of(actor)
    report = await Report.get_or_none(id=report_id).select_related("unit")
    if report is None or not may_read(access, report):
        raise TransitionRefused("not_found")
    allowed = {
        "decide": lambda: may_decide(access, report),
        "reopen": lambda: may_reopen(access, report),
        "author": lambda: report.author_id == actor.id,  # type: ignore[attr-defined]
    }[may]()
    if not allowed:
        raise await _refusal(report_id, None, "not_allowed")
    return report


async def _move(
    report_id: int,
    revision: int | None,
    sources: tuple[ReportStatus, ...],
    actor: Person,
    action: str,
    now: datetime,
    detail: dict[str, Any],
    **changes: Any,
) -> Report:
    """The one conditional UPDATE, the re-read, the rollup's −old +new and the audit event of
    every transition (the row is locked first on PostgreSQL, so "old" is what was updated)."""
    old = await Report.filter(id=report_id).select_for_update().first()
    query = Report.filter(id=report_id, status__in=list(sources))
    if revision is not None:
        query = query.filter(revision=revision)
    changed = await query.update(revision=F("revision") + 1, updated_at=now, **changes)
    if changed == 0 or old is None:
        raise await _refusal(report_id, revision, "not_allowed")
    report = await Report.get(id=report_id)
    await rollups.report_changed(old, report)
    detail = {"revision": report.revision, **detail}
    await AuditEvent.create(
        person=actor, report=report, action=action, detail=detail, created_at=now
    )
    return report


def clean_reason(reason: str) -> str:
    """A reason stripped, 1–500 characters, else ValueError (checked before any write)."""
    text = reason.strip()
    if not 1 <= len(text) <= REASON_MAX:
        raise ValueError(f"a reason has 1 to {REASON_MAX} characters")
    return text


async def approve(report_id: int, revision: int, reviewer: Person, now: datetime) -> Report:
    """chờ duyệt → đã duyệt, by a reviewer or admin of the unit's subtree."""
    await _checked(report_id, reviewer, "decide")
    return await _move(
        report_id,
        revision,
        (S.SUBMITTED,),
        reviewer,
        "approve",
        now,
        {},
        status=S.APPROVED,
        decided_by_id=reviewer.id,
        decided_at=now,
        return_reason="",
    )


async def return_report(
    report_id: int, revision: int, reviewer: Person, reason: str, now: datetime
) -> Report:
    """chờ duyệt → trả lại with a reason of 1–500 characters, for the author to correct."""
    text = clean_reason(reason)
    await _checked(report_id, reviewer, "decide")
    return await _move(
        report_id,
        revision,
        (S.SUBMITTED,),
        reviewer,
        "return",
        now,
        {"reason": text},
        status=S.RETURNED,
        decided_by_id=reviewer.id,
        decided_at=now,
        return_reason=text,
    )


async def withdraw(
    report_id: int, revision: int | None, author: Person, reason: str, now: datetime
) -> Report:
    """Submitted or returned → withdrawn, by its author (None: whatever revision it has)."""
    text = clean_reason(reason)
    await _checked(report_id, author, "author")
    return await _move(
        report_id,
        revision,
        (S.SUBMITTED, S.RETURNED),
        author,
        "withdraw",
        now,
        {"reason": text},
        status=S.WITHDRAWN,
        withdrawn_reason=text,
    )


async def reopen(report_id: int, revision: int, admin: Person, now: datetime) -> Report:
    """đã duyệt → chờ duyệt, by an administrator of the unit's subtree (the approval lapses)."""
    await _checked(report_id, admin, "reopen")
    return await _move(
        report_id,
        revision,
        (S.APPROVED,),
        admin,
        "reopen",
        now,
        {},
        status=S.SUBMITTED,
        decided_by_id=None,
        decided_at=None,
        return_reason="",
    )


def _json(value: object) -> object:
    """A diff value as JSON can hold it (dates as ISO text)."""
    return value.isoformat() if isinstance(value, date) else value


async def correct(
    report_id: int, revision: int, author: Person, values: dict[str, object], now: datetime
) -> tuple[Report, dict[str, tuple[object, object]]]:
    """Returned or submitted → submitted with the author's new values; returns and audits the
    field-level diff {field: (old, new)}. A new unit must be one the author files for."""
    report = await _checked(report_id, author, "author")
    columns = set(Report._meta.fields_db_projection) | {"unit", "author", "decided_by"}
    unknown = set(values) - columns
    if unknown:
        raise ValueError(f"not report columns: {sorted(unknown)}")
    new = {k: v for k, v in values.items() if k not in _KEPT and k != "unit"}
    if "unit_id" in new and new["unit_id"] != report.unit_id:  # type: ignore[attr-defined]
        filing = (await access_of(author)).filing_units()
        if new["unit_id"] not in {u.id for u in filing}:
            raise await _refusal(report_id, None, "not_allowed")
    diff = {k: (getattr(report, k), v) for k, v in new.items() if getattr(report, k) != v}
    stored = {k: [_json(old), _json(v)] for k, (old, v) in diff.items()}
    corrected = await _move(
        report_id,
        revision,
        (S.SUBMITTED, S.RETURNED),
        author,
        "correct",
        now,
        {"from_status": report.status.value, "changes": stored},
        **new,
        status=S.SUBMITTED,
        submitted_at=now,
        decided_by_id=None,
        decided_at=None,
        return_reason="",
    )
    return corrected, diff


async def history(report_id: int) -> list[AuditEvent]:
    """The report's audit trail, oldest first, each with its person."""
    return list(
        await AuditEvent.filter(report_id=report_id).order_by("id").prefetch_related("person")
    )
