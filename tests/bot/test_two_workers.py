"""Two worker processes on one database (SQLite file or PostgreSQL) handling the same person at
the same moment: no corrupted draft, never two reports from one submit."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

from handlers.types import Channel
from models import access
from models.conversation import ConversationState
from models.demo_data import load_demo
from models.directory import get_unit_by_code
from models.people import Role
from models.reports import Report
from tests.handlers.dialogue import Chat, Clock, make_engine

ROOT = Path(__file__).resolve().parents[2]


async def race(
    database_url: str, media_dir: Path, tmp_path: Path, batches: list[list[dict[str, str]]]
) -> list[list[dict]]:
    """Start one worker per batch, release them together, collect what each answered."""
    workers = []
    for n, batch in enumerate(batches):
        file = tmp_path / f"batch{n}.json"
        file.write_text(json.dumps(batch), encoding="utf-8")
        workers.append(
            await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "tests.bot.engine_worker",
                database_url,
                str(media_dir),
                str(file),
                cwd=ROOT,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
            )
        )
    for worker in workers:
        assert worker.stdout is not None
        assert (await asyncio.wait_for(worker.stdout.readline(), 30)).strip() == b"ready"
    results = await asyncio.gather(*(w.communicate(b"go\n") for w in workers))
    answers = []
    for worker, (out, err) in zip(workers, results, strict=True):
        assert worker.returncode == 0, err.decode()[-2000:]
        answers.append([json.loads(line) for line in out.decode().splitlines()])
    return answers


async def draft_at_review(media_dir: Path) -> Chat:
    """Telegram user 42, reporter of the demo post, with a complete draft on the card."""
    await load_demo("console", "local", "A")
    person = await access.register_identity("telegram", "42", "B", "vi")
    post = await get_unit_by_code("LS-DBP-HN")
    assert post
    await access.grant(person, post, Role.REPORTER)
    chat = Chat(make_engine(media_dir, Clock()), user_id="42", channel=Channel.TELEGRAM)
    await chat.say("/baocao")
    await chat.press("type:other")
    for answer in ("Họp giao ban", "hôm nay", "Đồn"):
        await chat.say(answer)
    await chat.press("loc:skip")
    await chat.say("Nội dung")
    assert "Kiểm tra báo cáo" in await chat.press("photos:done")
    return chat


async def test_double_submit_on_two_workers_files_one_report(
    database_url: str, media_dir: Path, tmp_path: Path
) -> None:
    chat = await draft_at_review(media_dir)
    submit = chat.shown_payload("review:submit")
    assert submit and submit.startswith("review:submit#"), "Gửi names the draft it files"
    press = {"user": "42", "kind": "button", "payload": submit}
    answers = await race(
        database_url,
        media_dir,
        tmp_path,
        [
            [{**press, "key": "press-a"}, {**press, "key": "same-update"}],
            [{**press, "key": "press-b"}, {**press, "key": "same-update"}],
        ],
    )
    assert await Report.all().count() == 1
    report = await Report.get()
    first_replies = [a["replies"][0] for a in (answers[0][0], answers[1][0])]
    assert sorted(first_replies) == sorted(
        [
            f"Đã gửi báo cáo số #{report.id}. Cảm ơn đồng chí!",
            f"Báo cáo #{report.id} đã được gửi rồi.",
        ]
    )
    same = [answers[0][1], answers[1][1]]
    assert sorted(a["duplicate"] for a in same) == [False, True], "one update, handled once"


async def test_two_answers_at_once_leave_a_consistent_draft(
    database_url: str, media_dir: Path, tmp_path: Path
) -> None:
    chat = await draft_at_review(media_dir)
    await chat.press("review:cancel")
    await chat.say("/baocao")
    await chat.press("type:other")  # now at the title step
    titles = ["Tiêu đề từ máy một", "Tiêu đề từ máy hai"]
    answers = await race(
        database_url,
        media_dir,
        tmp_path,
        [
            [{"user": "42", "kind": "text", "text": titles[0], "key": "t1"}],
            [{"user": "42", "kind": "text", "text": titles[1], "key": "t2"}],
        ],
    )
    replies = [a[0]["replies"] for a in answers]
    state = await ConversationState.get(channel="telegram", external_id="42")
    assert state.step == "date"
    assert state.data["draft"]["title"] in titles
    winner = titles.index(state.data["draft"]["title"])
    assert "Bước 3/" in replies[winner][-1]
    assert "Không hiểu ngày" in replies[1 - winner][0], "the loser is answered at the new step"
