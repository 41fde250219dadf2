"""Demo reports for the console: deterministic, complete, stored like filed ones, removable."""

from __future__ import annotations

import math
from datetime import date, timedelta
from pathlib import Path

from handlers.filing.photo_intake import PhotoIntake
from media import LocalPhotoStorage, PhotoLimits
from media.demo_image import demo_photo
from models import access
from models.activity_types import ACTIVITY_TYPES, FIGURE_FIELDS
from models.aggregates import summarise
from models.demo_data import load_demo
from models.demo_reports import (
    DEMO_KEY_PREFIX,
    PhotoFacts,
    clear_demo_reports,
    load_demo_reports,
)
from models.filing import add_draft_photo, periods_of, submit_draft
from models.people import Person
from models.periods import Period
from models.reports import Photo, Report
from models.schemas import Draft
from models.scope import Scope
from models.units import Unit

TODAY = date(2026, 12, 1)
PREFIX = "[Demo] "
VOLATILE = {"id", "created_at", "updated_at", "report_id", "author_id"}


def photo_maker(media_dir: Path):
    """The real pipeline behind the loader's photo callback, as the console wires it."""
    intake = PhotoIntake.local(str(media_dir), PhotoLimits())

    async def make(seed: int, caption: str) -> PhotoFacts:
        return await intake.store(demo_photo(seed, caption))

    return make


async def loaded(media_dir: Path) -> Person:
    await load_demo("console", "local", "Cán bộ thử nghiệm")
    person = await access.person_for("console", "local")
    assert person is not None
    await load_demo_reports(person, TODAY, PREFIX, photo_maker(media_dir))
    return person


async def snapshot() -> tuple[list[dict], list[dict]]:
    reports = await Report.all().order_by("submit_key").values()
    photos = await Photo.all().order_by("draft_key", "sha256").values()
    strip = [{k: v for k, v in row.items() if k not in VOLATILE} for row in reports]
    return strip, [{k: v for k, v in row.items() if k not in VOLATILE} for row in photos]


async def test_loading_twice_gives_the_same_reports(database_url: str, media_dir: Path) -> None:
    person = await loaded(media_dir)
    first = await snapshot()
    await clear_demo_reports()
    await load_demo_reports(person, TODAY, PREFIX, photo_maker(media_dir))
    assert await snapshot() == first
    assert 200 <= len(first[0]) <= 400 and 20 <= len(first[1]) <= 60


async def test_every_unit_and_type_with_the_figures_of_its_type(
    database_url: str, media_dir: Path
) -> None:
    await loaded(media_dir)
    units = {u.id: u for u in await Unit.all()}
    reports = await Report.all()
    assert {r.unit_id for r in reports} == set(units)
    assert {r.activity_type for r in reports} == set(ACTIVITY_TYPES)
    for report in reports:
        kind = ACTIVITY_TYPES[report.activity_type]
        assert report.submit_key.startswith(DEMO_KEY_PREFIX) and report.title.startswith(PREFIX)
        assert TODAY - timedelta(days=366) <= report.start_date <= report.end_date < TODAY
        periods = periods_of(report.start_date)
        assert (report.period_month, report.period_quarter) == (periods.month, periods.quarter)
        assert (report.period_half, report.period_year) == (periods.half, periods.year)
        for name in FIGURE_FIELDS:
            value = getattr(report, name)
            assert (value is not None and value > 0) == (name in kind.figures), (report, name)
        assert kind.country or not report.country
        if report.latitude is not None:
            unit = units[report.unit_id]
            near = math.dist((report.latitude, report.longitude), (unit.latitude, unit.longitude))
            assert near < 0.1, "within about 10 km of the unit"
    located = [r for r in reports if r.latitude is not None]
    assert 0.3 * len(reports) < len(located) < 0.9 * len(reports)
    months = {(r.start_date.year, r.start_date.month) for r in reports}
    assert len(months) >= 12, "spread over the year"


async def test_photos_went_through_the_pipeline(database_url: str, media_dir: Path) -> None:
    await loaded(media_dir)
    storage = LocalPhotoStorage(media_dir)
    photos = await Photo.all().prefetch_related("report")
    assert photos
    for photo in photos:
        assert photo.report is not None and photo.draft_key == photo.report.submit_key
        assert photo.dhash is not None and photo.dhash_band0 is not None
        for key in (photo.storage_key, photo.display_key, photo.thumb_key):
            assert key and storage.exists(key), key
    with_photo = {p.report.activity_type for p in photos}
    required = {code for code, kind in ACTIVITY_TYPES.items() if kind.photo_required}
    assert required <= with_photo
    for report in await Report.filter(activity_type__in=required).prefetch_related("photos"):
        assert len(report.photos) >= 1, "types that need a photo have one, as when filed"


async def test_summaries_have_figures_after_loading(database_url: str, media_dir: Path) -> None:
    await loaded(media_dir)
    province = await Unit.get(code="LS")
    year = await summarise(Scope(province), Period.days(TODAY - timedelta(days=366), TODAY))
    assert year.total.activities == await Report.all().count()
    assert set(year.by_type) == set(ACTIVITY_TYPES)
    assert year.total.participants > 0 and year.total.get("audience") > 0
    assert not year.silent_units and year.countries
    half = await summarise(Scope(province), Period.half(2026, 2))
    assert 0 < half.total.activities < year.total.activities


async def test_clear_removes_exactly_the_demo_reports(database_url: str, media_dir: Path) -> None:
    person = await loaded(media_dir)
    post = await Unit.get(code="LS-DBP-HN")
    draft = Draft(
        unit_id=post.id,
        activity_type="exhibition",
        title="Triển lãm thật",
        start_date=date(2026, 11, 20),
        figures={"visitors": 120},
    )
    stored = await photo_maker(media_dir)(7, "real")
    facts = {
        name: getattr(stored, name)
        for name in ("sha256", "storage_key", "display_key", "thumb_key", "mime", "size_bytes")
    }
    await add_draft_photo(draft.key, None, stored.dhash, **facts)
    real, _ = await submit_draft(draft, person, "console")
    demo = await Report.filter(submit_key__startswith=DEMO_KEY_PREFIX).count()
    demo_photos = await Photo.filter(draft_key__startswith=DEMO_KEY_PREFIX).count()
    cleared = await clear_demo_reports()
    assert (cleared.reports, cleared.photos) == (demo, demo_photos)
    assert [r.id for r in await Report.all()] == [real.id]
    assert [p.draft_key for p in await Photo.all()] == [draft.key]
    assert (await clear_demo_reports()).reports == 0
