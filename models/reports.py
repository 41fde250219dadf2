"""Filed reports, their photos, and the audit trail."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from models.activity_types import FIGURE_FIELDS

SUMMARY_INDEX = (
    "start_date",
    "status",
    "unit_id",
    "activity_type",
    "country",
    *FIGURE_FIELDS,
    "id",
)


class ReportStatus(StrEnum):
    """A report is never deleted: withdrawing keeps it for the audit trail."""

    SUBMITTED = "submitted"  # chờ duyệt: waiting for review (also after a correction)
    APPROVED = "approved"  # đã duyệt
    RETURNED = "returned"  # trả lại: the author must correct it (return_reason says why)
    WITHDRAWN = "withdrawn"


class Report(Model):
    """One activity report, created only when the user presses Gửi.

    The period columns are derived from the start date (Vietnamese date) at write time and
    indexed, so summaries group by plain integers on any database.
    """

    id = fields.IntField(primary_key=True)
    submit_key = fields.CharField(max_length=64, unique=True)
    unit: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.Unit", related_name="reports", on_delete=fields.RESTRICT
    )
    author: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.Person", related_name="reports", on_delete=fields.RESTRICT
    )
    activity_type = fields.CharField(max_length=32)
    title = fields.CharField(max_length=200)
    start_date = fields.DateField(db_index=True)
    end_date = fields.DateField()
    period_month = fields.IntField(db_index=True)
    period_quarter = fields.IntField(db_index=True)
    period_half = fields.IntField(db_index=True)
    period_year = fields.IntField(db_index=True)
    place_name = fields.CharField(max_length=200, default="")
    latitude = fields.FloatField(null=True)
    longitude = fields.FloatField(null=True)
    location_source = fields.CharField(max_length=16, default="none")
    counterpart = fields.CharField(max_length=200, default="")
    country = fields.CharField(max_length=2, default="")
    languages = fields.CharField(max_length=100, default="")
    participants_vn = fields.IntField(null=True)
    participants_foreign = fields.IntField(null=True)
    sessions = fields.IntField(null=True)
    audience = fields.IntField(null=True)
    copies = fields.IntField(null=True)
    items = fields.IntField(null=True)
    delegation_size = fields.IntField(null=True)
    classes = fields.IntField(null=True)
    trainees = fields.IntField(null=True)
    visitors = fields.IntField(null=True)
    posts_handled = fields.IntField(null=True)
    cases = fields.IntField(null=True)
    description = fields.TextField(default="")
    status = fields.CharEnumField(ReportStatus, max_length=16, default=ReportStatus.SUBMITTED)
    channel = fields.CharField(max_length=16)
    withdrawn_reason = fields.CharField(max_length=500, default="")
    # The messenger account it was filed from: where notices about it are sent first.
    filed_external_id = fields.CharField(max_length=64, default="", db_default="")
    # Bumped by every transition and correction; each one is
    # UPDATE … WHERE id = ? AND revision = ?, so of two reviewers acting at once one wins.
    revision = fields.IntField(default=1, db_default=1)
    return_reason = fields.CharField(max_length=500, default="", db_default="")
    decided_by: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.Person", related_name="decisions", null=True, on_delete=fields.SET_NULL
    )
    decided_at = fields.DatetimeField(null=True)
    submitted_at = fields.DatetimeField(null=True)  # last Gửi (first filing or a correction)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "report"
        # Summaries read only this index (it covers their filters, groups and sums), so a
        # 6-month provincial summary is an index range scan on SQLite and an index-only scan
        # on PostgreSQL. Its leading columns also serve the duplicate check at filing.
        indexes = (SUMMARY_INDEX,)


class Photo(Model):
    """A photo saved as received. `report` stays empty while it belongs to a draft."""

    id = fields.IntField(primary_key=True)
    draft_key = fields.CharField(max_length=64, db_index=True)
    report: fields.ForeignKeyNullableRelation[Report] = fields.ForeignKeyField(
        "models.Report", related_name="photos", null=True, on_delete=fields.CASCADE
    )
    sha256 = fields.CharField(max_length=64, db_index=True)
    storage_key = fields.CharField(max_length=255)
    mime = fields.CharField(max_length=32)
    size_bytes = fields.IntField()
    media_group_id = fields.CharField(max_length=64, null=True)
    # Empty for photos stored before the pipeline existed (no derived copies were made).
    display_key = fields.CharField(max_length=255, null=True)
    thumb_key = fields.CharField(max_length=255, null=True)
    width = fields.IntField(null=True)
    height = fields.IntField(null=True)
    taken_at = fields.DatetimeField(null=True)
    latitude = fields.FloatField(null=True)
    longitude = fields.FloatField(null=True)
    dhash = fields.BigIntField(null=True)
    # The 64-bit dHash cut in four 16-bit bands: near-copies (a few bits apart) share at least
    # one band exactly, so candidates come from an indexed equality query on any database.
    dhash_band0 = fields.IntField(null=True, db_index=True)
    dhash_band1 = fields.IntField(null=True, db_index=True)
    dhash_band2 = fields.IntField(null=True, db_index=True)
    dhash_band3 = fields.IntField(null=True, db_index=True)
    reused_from_report_id = fields.IntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "photo"
        unique_together = (("draft_key", "sha256"),)
        # A report's photos in order: exports read them page by page of reports.
        indexes = (("report_id", "id"),)


class AuditEvent(Model):
    """Who did what to which report, and when."""

    id = fields.IntField(primary_key=True)
    person: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.Person", related_name="audit_events", null=True, on_delete=fields.SET_NULL
    )
    report: fields.ForeignKeyNullableRelation[Report] = fields.ForeignKeyField(
        "models.Report", related_name="audit_events", null=True, on_delete=fields.SET_NULL
    )
    action = fields.CharField(max_length=32)
    detail = fields.JSONField(default=dict)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "audit_event"
