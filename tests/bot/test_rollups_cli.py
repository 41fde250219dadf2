"""`main.py db rollups check` prints what differs and exits 1; `rebuild` fixes it; then 0."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

import pytest

from bot.cli import main
from models.db import close_database, open_database
from models.rollups import MonthlyRollup
from tests.models import rollup_world as rw


async def filed_and_spoiled(url: str) -> None:
    """One report filed, then its quarter row changed behind the rollup's back."""
    await open_database(url)
    try:
        w = await rw.world()
        figures = {"sessions": 2, "audience": 40}
        await rw.file(w, rw.draft(w, "HN", "law_outreach", date(2026, 5, 6), figures=figures))
        await MonthlyRollup.filter(months=3, first_month=202604).update(audience=7)
    finally:
        await close_database()


def test_check_rebuild_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite://{tmp_path}/bot.sqlite3"
    monkeypatch.setenv("DATABASE_URL", url)
    asyncio.run(filed_and_spoiled(url))
    assert main(["db", "rollups", "check"]) == 1
    out = capsys.readouterr().out
    assert "1 rollup row(s) differ from the reports:" in out
    assert "months=3 first_month=202604 status=submitted" in out
    assert "audience 7 → 40 (rollup → reports)" in out
    assert main(["db", "rollups", "rebuild"]) == 0
    assert "rollup rebuilt: 4 rows" in capsys.readouterr().out
    assert main(["db", "rollups", "check"]) == 0
    assert capsys.readouterr().out.strip() == "rollup matches the reports"
