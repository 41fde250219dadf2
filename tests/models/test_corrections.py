"""A draft filled from a report holds every answer of it, and its photos change only at Gửi."""

from __future__ import annotations

from pathlib import Path

from models import corrections, directory
from models.activity_types import ACTIVITY_TYPES
from models.filing import report_values
from models.reports import Photo, Report
from tests.models.test_demo_reports import loaded

NOT_ANSWERS = {"submit_key", "author", "channel", "filed_external_id", "submitted_at"}


async def test_every_demo_report_comes_back_unchanged_through_a_draft(
    database_url: str, media_dir: Path
) -> None:
    """The demo year holds every activity type, location source and figure: a draft built
    from each report and turned back into columns gives exactly the stored values, so an
    untouched correction has an empty diff."""
    author = await loaded(media_dir)
    reports = await Report.all().order_by("id")
    assert {r.activity_type for r in reports} == set(ACTIVITY_TYPES)
    assert {"known_place", "skipped"} <= {r.location_source for r in reports}
    for report in reports:
        draft = await corrections.draft_from_report(report)
        assert (draft.report_id, draft.report_revision) == (report.id, report.revision)
        assert draft.key != report.submit_key and draft.photos_done
        values = report_values(draft, author, report.channel)
        changed = {
            k: (getattr(report, k), v)
            for k, v in values.items()
            if k not in NOT_ANSWERS and getattr(report, k) != v
        }
        assert changed == {}, f"report #{report.id} ({report.activity_type})"


async def test_a_known_place_gets_its_name_back(database_url: str, media_dir: Path) -> None:
    await loaded(media_dir)
    report = await Report.filter(location_source="known_place").order_by("id").first()
    assert report is not None
    names = {p.name for p in await directory.places_of(report.unit_id)}  # type: ignore[attr-defined]
    location = (await corrections.draft_from_report(report)).location
    assert location is not None and location.place in names


async def test_photos_are_copied_and_handed_back_only_at_gui(
    database_url: str, media_dir: Path
) -> None:
    await loaded(media_dir)
    report = await _report_with_photos(1)
    other = await Photo.filter(report_id__not=report.id, report_id__isnull=False).first()
    assert other is not None
    await Photo.filter(id=other.id).update(report_id=report.id)  # a report with two photos
    original = await _photo_ids(report)
    draft = await corrections.draft_from_report(report)
    assert await corrections.copy_report_photos(report.id, draft.key) == len(original)
    copies = await Photo.filter(draft_key=draft.key).order_by("id")
    assert [c.storage_key for c in copies] == [
        p.storage_key for p in await Photo.filter(id__in=original).order_by("id")
    ]
    assert await _photo_ids(report) == original, "the report's rows are untouched"
    await Photo.filter(id=copies[0].id).delete()  # the first photo removed from the draft
    await corrections.replace_report_photos(report.id, draft.key)
    assert await _photo_ids(report) == original[1:], "kept photos keep their rows"
    assert not await Photo.filter(draft_key=draft.key, report_id__isnull=True).exists()


async def test_a_draft_without_photos_leaves_the_report_without(
    database_url: str, media_dir: Path
) -> None:
    await loaded(media_dir)
    report = await _report_with_photos(1)
    draft = await corrections.draft_from_report(report)
    await corrections.replace_report_photos(report.id, draft.key)  # nothing was copied
    assert await _photo_ids(report) == []
    assert await Photo.filter().count() > 0, "other reports keep theirs"


async def _report_with_photos(at_least: int) -> Report:
    for report in await Report.all().order_by("id"):
        if await Photo.filter(report_id=report.id).count() >= at_least:
            return report
    raise AssertionError(f"no demo report with {at_least} photos")


async def _photo_ids(report: Report) -> list[int]:
    ids = await Photo.filter(report_id=report.id).order_by("id").values_list("id", flat=True)
    return list(ids)
