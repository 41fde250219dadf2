"""A summary file as a chat reply: built after the commit, with a progress line, and never
sent larger than the messenger accepts.

The figures are read in the update's transaction (`gather`); the engine then runs the
reply's `render` in a worker thread. That thread pulls the report rows page by page from
the event loop (asyncio.run_coroutine_threadsafe: the database connections belong to the
loop) and writes them as they come, so the writer stays synchronous and testable with any
iterable of rows, and nothing but one page is held.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
from pathlib import Path

from handlers.summaries.exports import ExportData, PhotoReader, render_in_thread
from handlers.summaries.exports.labels import number
from handlers.summaries.exports.listing import Counted, Ticker
from handlers.turn import Turn
from handlers.types import Channel, Progress, Reply
from media import LocalPhotoStorage
from models.periods import Period
from models.units import Unit

log = logging.getLogger(__name__)

PROGRESS_WAIT_SECONDS = 10
"""The adapter's callback only starts its message; waiting longer means the loop is stuck."""
MB = 1024 * 1024


def cli_command(unit: Unit, period: Period, kind: str) -> str:
    """How staff get the same file at a desk."""
    return f"python main.py export --unit {unit.code} --period {period.code} --format {kind}"


def _megabytes(turn: Turn, size: int) -> str:
    """'52,4' (Vietnamese decimal comma) or '52.4'."""
    text = f"{size / MB:.1f}"
    return text.replace(".", ",") if turn.lang == "vi" else text


def upload_limit(turn: Turn) -> int | None:
    """The largest file the channel takes in chat (Zalo gets a link, the console a path)."""
    if turn.msg.channel is Channel.TELEGRAM:
        return turn.config.telegram_max_upload_bytes
    return None


def progress_teller(
    turn: Turn, loop: asyncio.AbstractEventLoop, data: ExportData
) -> Counted | None:
    """'Đang tạo tệp… 40.000/100.000 báo cáo' through the adapter, every few seconds."""
    progress: Progress | None = turn.progress
    if progress is None or data.rows is None:
        return None
    total, lang = data.rows.expected, turn.lang

    def tell(done: int) -> None:
        line = turn.text("sum_file_progress", done=number(done), total=number(max(total, done)))
        future = asyncio.run_coroutine_threadsafe(progress("sum_file_progress", line), loop)
        try:
            future.result(PROGRESS_WAIT_SECONDS)
        except concurrent.futures.TimeoutError:
            log.warning("progress line (%s) took too long; the file goes on", lang)

    return Ticker(tell, turn.config.export_progress_seconds)


def file_reply(
    turn: Turn, kind: str, data: ExportData, unit: Unit, period: Period, caption: str
) -> Reply:
    """The deferred reply that builds the file (in the engine's worker thread)."""
    photos = PhotoReader(LocalPhotoStorage(Path(turn.config.media_dir)))
    loop = asyncio.get_running_loop()
    counted, limit = progress_teller(turn, loop, data), upload_limit(turn)
    command = cli_command(unit, period, kind)

    def rendered() -> Reply:
        content, name = render_in_thread(kind, data, photos, loop, counted)
        if limit is not None and len(content) > limit:
            size, most = _megabytes(turn, len(content)), _megabytes(turn, limit)
            values = {"name": name, "size": size, "limit": most, "command": command}
            return Reply(text=turn.text("sum_file_too_large", **values))
        return Reply(text=caption, document=content, file_name=name)

    return Reply(render=rendered)
