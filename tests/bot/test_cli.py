"""Staff sub-commands run as a staff member would run them, on a real SQLite file."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from models.access import INVITE_ALPHABET

ROOT = Path(__file__).resolve().parents[2]


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.endswith("_BOT_TOKEN")}
    env["DATABASE_URL"] = f"sqlite://{tmp_path}/staff.sqlite3"
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_units_places_invite_and_upgrade(tmp_path: Path) -> None:
    units = tmp_path / "units.csv"
    units.write_text(
        "code,name,kind,parent_code,lat,lon\nCB,Tỉnh Cao Bằng,province,,22.66,106.25\n"
        "CB-DBP-TL,Đồn Biên phòng Trà Lĩnh,border_post,CB,22.82,106.32\n",
        encoding="utf-8",
    )
    places = tmp_path / "places.csv"
    places.write_text(
        "unit_code,name,lat,lon\nCB-DBP-TL,Cửa khẩu Trà Lĩnh,22.83,106.33\n", encoding="utf-8"
    )
    assert run(tmp_path, "db", "upgrade").returncode == 0
    assert run(tmp_path, "units", "import", str(units)).stdout.strip() == (
        "units: 2 created, 0 updated"
    )
    assert run(tmp_path, "places", "import", str(places)).stdout.strip() == (
        "places: 1 created, 0 updated"
    )
    made = run(tmp_path, "invite", "--unit", "cb-dbp-tl", "--role", "reporter")
    code = made.stdout.strip()
    assert made.returncode == 0 and len(code) == 8 and set(code) <= set(INVITE_ALPHABET)
    with sqlite3.connect(tmp_path / "staff.sqlite3") as db:
        stored = db.execute(
            "select i.role, u.code, i.used_at from invite i join unit u on u.id = i.unit_id"
        ).fetchone()
    assert stored == ("reporter", "CB-DBP-TL", None)


def test_db_upgrade_says_what_it_applied(tmp_path: Path) -> None:
    migrations = sorted(p.stem for p in (ROOT / "models" / "migrations").glob("0*.py"))
    assert migrations[0] == "0001_initial" and len(migrations) >= 6
    first = run(tmp_path, "db", "upgrade")
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines() == [
        f"applied {len(migrations)} migrations:",
        *(f"  models.{name}" for name in migrations),
    ]
    second = run(tmp_path, "db", "upgrade")
    assert (second.returncode, second.stdout.strip()) == (0, "database is up to date")


def test_bad_input_gives_an_error_and_exit_code(tmp_path: Path) -> None:
    missing = run(tmp_path, "units", "import", str(tmp_path / "nope.csv"))
    assert missing.returncode == 1 and "nope.csv" in missing.stderr
    unknown = run(tmp_path, "invite", "--unit", "NOWHERE", "--role", "reporter")
    assert unknown.returncode == 1 and "unknown unit NOWHERE" in unknown.stderr
    bad_role = run(tmp_path, "invite", "--unit", "X", "--role", "king")
    assert bad_role.returncode == 2 and "invalid choice" in bad_role.stderr


def test_db_backup(tmp_path: Path) -> None:
    assert run(tmp_path, "db", "upgrade").returncode == 0
    made = run(tmp_path, "db", "backup", str(tmp_path / "copies" / "b.sqlite3"))
    assert made.returncode == 0 and "backup written to" in made.stdout
    with sqlite3.connect(tmp_path / "copies" / "b.sqlite3") as copy:
        assert copy.execute("select count(*) from tortoise_migrations").fetchone()[0] >= 3
    env_pg = {k: v for k, v in os.environ.items() if not k.endswith("_BOT_TOKEN")}
    env_pg["DATABASE_URL"] = "postgres://u@127.0.0.1:5432/x"
    refused = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "db", "backup", "x.sql"],
        cwd=tmp_path,
        env=env_pg,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert refused.returncode == 2 and "pg_dump" in refused.stderr
