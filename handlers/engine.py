"""The conversation engine: one update, one transaction, state from the database.

Per update: skip it if its key was seen; fetch and store a photo (outside the transaction,
it may be slow); then in one transaction claim the key, load the state, run the step,
save the state with the domain rows, commit. A crash before the commit leaves nothing
behind, so the redelivered update is handled as if for the first time.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Protocol

from tortoise.transactions import in_transaction

from handlers.access import invites as admin
from handlers.access import registration
from handlers.choices import (
    bind_buttons,
    choices_of,
    command_pressed,
    draft_tag,
    outdated,
    resolve_choice,
    unbind,
)
from handlers.commands import command_of, pressed_outdated, received_when_idle, run_command
from handlers.config import HandlerConfig
from handlers.filing import answers as filing
from handlers.filing import location, mine, photos
from handlers.filing import submit as review
from handlers.filing.photo_intake import PhotoIntake, PhotoRejected
from handlers.normalise import normalise_incoming
from handlers.reviewing import decisions
from handlers.steps import FILING_STEPS, Step
from handlers.summaries import dialogue as summaries
from handlers.texts import t
from handlers.turn import PhotoArrival, Turn
from handlers.types import (
    Channel,
    FetchFailed,
    FetchRefused,
    Incoming,
    Kind,
    Outcome,
    Progress,
    Reply,
)
from models import access, state

log = logging.getLogger(__name__)

StepFunction = Callable[[Turn], Awaitable[Step]]
STEP_FUNCTIONS: dict[Step, StepFunction] = {
    Step.IDLE: received_when_idle,
    Step.CHOOSE_UNIT: filing.received_unit,
    Step.ACTIVITY_TYPE: filing.received_activity_type,
    Step.TITLE: filing.received_title,
    Step.DATE: filing.received_date,
    Step.CONFIRM_DATE: filing.received_date_confirmation,
    Step.PLACE_NAME: filing.received_place_name,
    Step.LOCATION: location.received_location,
    Step.CONFIRM_LOCATION: location.received_location_confirmation,
    Step.FIGURE: filing.received_figure,
    Step.COUNTERPART: filing.received_counterpart,
    Step.COUNTRY: filing.received_country,
    Step.LANGUAGES: filing.received_languages,
    Step.DESCRIPTION: filing.received_description,
    Step.PHOTOS: photos.received_photos_answer,
    Step.PHOTO_LOCATION: photos.received_photo_location_answer,
    Step.REVIEW: review.received_review,
    Step.EDIT_PICK: review.received_edit_pick,
    Step.WITHDRAW_REASON: mine.received_withdraw_reason,
    Step.INVITE_UNIT: admin.received_invite_unit,
    Step.INVITE_ROLE: admin.received_invite_role,
    Step.SUMMARY_PERIOD: summaries.received_period,
    Step.SUMMARY_SCOPE: summaries.received_scope,
    Step.REVIEW_RETURN_REASON: decisions.received_return_reason,
}
PHOTO_STEPS = frozenset({Step.PHOTOS.value})
FETCH_TIMEOUT_SECONDS = 60
MAX_DELIVERIES = 3
"""Deliveries of one update that may fail before it is answered with an apology and dropped."""


class Conversation(Protocol):
    """What adapters need of an engine (Engine, or one wrapped for logs and metrics)."""

    config: HandlerConfig

    async def handle(
        self, msg: Incoming, on_progress: Progress | None = None, *, redelivered: bool = True
    ) -> Outcome: ...

    async def finish_album(self, channel: str, user_id: str, draft_key: str) -> Outcome: ...


async def rendered(reply: Reply, lang: str) -> Reply:
    """A reply's deferred rendering, run in a thread after the commit (holding no lock). The
    update is already committed, so a failure cannot be retried by redelivery: say so."""
    if reply.render is None:
        return reply
    try:
        return await asyncio.to_thread(reply.render)
    except Exception:
        log.exception("rendering a reply failed")
        return Reply(text=t(lang, "sum_render_failed"))


class _AlreadyHandled(Exception):
    """Raised inside the transaction so that a lost race on the update key rolls back."""


class Engine:
    """Turns one Incoming into replies; holds no per-user state of its own."""

    def __init__(self, config: HandlerConfig, photo_intake: PhotoIntake) -> None:
        self.config = config
        self.photo_intake = photo_intake

    async def handle(
        self, msg: Incoming, on_progress: Progress | None = None, *, redelivered: bool = True
    ) -> Outcome:
        """Answer one update exactly once, however often it is delivered.

        `on_progress` receives a catalogue key (e.g. 'photo_processing') before slow work, so
        the adapter can show it its own way (a chat action, a line of text). `redelivered`
        says whether the sender delivers the update again when handling fails (webhooks do;
        polling and the console do not): a failure then raises until the update has failed
        `MAX_DELIVERIES` times, after which it is answered with an apology, once.
        """
        msg = command_pressed(normalise_incoming(msg))
        try:
            return await self._handle_once(msg, on_progress)
        except Exception as error:
            give_up_after = MAX_DELIVERIES if redelivered else 1
            return await self._failed(msg, error, give_up_after)

    async def _handle_once(self, msg: Incoming, on_progress: Progress | None) -> Outcome:
        # Only an attachment is worth a query up front (a redelivered photo is not downloaded
        # again); any other duplicate is caught just as well by the claim in the transaction.
        if msg.attachment is not None and await state.was_processed(
            msg.channel.value, msg.update_key
        ):
            return Outcome(duplicate=True)
        arrival = await self._receive_photo(msg, on_progress)
        try:
            async with in_transaction():
                outcome = await self._handle_in_transaction(msg, arrival, on_progress)
        except _AlreadyHandled:
            return Outcome(duplicate=True)
        outcome.replies = [await rendered(reply, outcome.lang) for reply in outcome.replies]
        if arrival is not None and arrival.stored is not None:
            outcome.photo_bytes = arrival.stored.size_bytes
        return outcome

    async def _failed(self, msg: Incoming, error: Exception, give_up_after: int) -> Outcome:
        """Count a failed delivery; re-raise (so it comes again) until it is given up, then
        claim it as handled and apologise once. Nothing of the message is recorded."""
        log.error("update %s/%s failed", msg.channel.value, msg.update_key, exc_info=error)
        now = self.config.clock()
        try:
            attempts = await state.record_failure(
                msg.channel.value, msg.update_key, type(error).__name__, now
            )
            if attempts < give_up_after:
                raise error
            async with in_transaction():
                claimed = await state.give_up_update(msg.channel.value, msg.update_key)
                person = await access.person_for(msg.channel.value, msg.user_id)
        except Exception as recording_failed:
            if recording_failed is error:
                raise
            raise error from recording_failed  # the database is away too: let it come again
        if not claimed:
            return Outcome(duplicate=True)
        lang = person.language if person else self.config.default_language
        log.warning(
            "update %s/%s given up after %d failed deliveries",
            msg.channel.value,
            msg.update_key,
            attempts,
        )
        return Outcome(replies=[Reply(text=t(lang, "err_try_again"))], step="failed", lang=lang)

    async def _handle_in_transaction(
        self, msg: Incoming, arrival: PhotoArrival | None, on_progress: Progress | None
    ) -> Outcome:
        if not await state.claim_update(msg.channel.value, msg.update_key):
            raise _AlreadyHandled
        row = await state.load_state(msg.channel.value, msg.user_id)
        person = await access.person_for(msg.channel.value, msg.user_id)
        pressed, carried = unbind(resolve_choice(msg, row.data.get("choices", [])))
        turn = Turn(
            msg=pressed,
            lang=person.language if person else self.config.default_language,
            now=self.config.clock(),
            config=self.config,
            person=person,
            access=await access.access_of(person) if person else None,
            data=dict(row.data),
            photo=arrival,
            progress=on_progress,
            outdated=outdated(pressed, carried, draft_tag(row.data)),
            pressed_tag=carried,
        )
        step = Step(row.step) if row.step in Step._value2member_map_ else Step.IDLE
        next_step = await route(turn, step)
        self._bind_to_draft(turn, next_step)
        await state.save_state(row, next_step.value, turn.data)
        return Outcome(
            replies=turn.replies,
            step=next_step.value,
            album=turn.album,
            person_id=turn.person.id if turn.person else None,
            lang=turn.lang,
        )

    @staticmethod
    def _bind_to_draft(turn: Turn, step: Step) -> None:
        """Tag the buttons of a draft's question with that draft, then remember them as the
        typable choices (unless the replies offer none and the earlier ones stay valid)."""
        tag = draft_tag(turn.data)
        if tag is not None and step in FILING_STEPS:
            turn.replies = bind_buttons(turn.replies, tag)
        if turn.replies and not turn.keep_choices:
            turn.data["choices"] = choices_of(turn.replies)

    async def finish_album(self, channel: str, user_id: str, draft_key: str) -> Outcome:
        """The one acknowledgement of an album, computed when its outbox row is delivered
        (the count as it is then); nothing if the conversation left that draft's photo step.

        Its Xong is the photo step's own choice, so the stored choices are updated as for
        any answer of that step.
        """
        async with in_transaction():
            row = await state.load_state(channel, user_id)
            if row.step != Step.PHOTOS.value or _draft_key(row.data) != draft_key:
                return Outcome()
            person = await access.person_for(channel, user_id)
            msg = Incoming(
                channel=Channel(channel),
                user_id=user_id,
                chat_id=user_id,
                update_key="",
                kind=Kind.UNSUPPORTED,
            )
            turn = Turn(
                msg=msg,
                lang=person.language if person else self.config.default_language,
                now=self.config.clock(),
                config=self.config,
                person=person,
                access=None,
                data=dict(row.data),
            )
            await photos.acknowledge_album(turn)
            self._bind_to_draft(turn, Step.PHOTOS)
            await state.save_state(row, row.step, turn.data)
        return Outcome(replies=turn.replies, step=row.step, lang=turn.lang)

    async def _receive_photo(
        self, msg: Incoming, on_progress: Progress | None
    ) -> PhotoArrival | None:
        """Download and store a photo now (links expire) if the user is at the photo step."""
        if msg.kind not in (Kind.PHOTO, Kind.DOCUMENT) or msg.attachment is None:
            return None
        if await state.peek_step(msg.channel.value, msg.user_id) not in PHOTO_STEPS:
            return None
        limit = self.config.max_photo_bytes
        if msg.attachment.size is not None and msg.attachment.size > limit:
            return PhotoArrival(problem_key="err_photo_too_large", problem_values=_mb(limit))
        if on_progress is not None:
            await on_progress("photo_processing")
        try:
            data = await asyncio.wait_for(msg.attachment.fetch(), FETCH_TIMEOUT_SECONDS)
        except FetchRefused as refused:  # the file itself is wrong: say why, as for an upload
            values = _mb(limit) if refused.reason == "too_large" else {}
            return PhotoArrival(problem_key=f"err_photo_{refused.reason}", problem_values=values)
        except (FetchFailed, OSError, TimeoutError) as problem:
            log.warning("photo download failed channel=%s: %s", msg.channel.value, problem)
            return PhotoArrival(problem_key="photo_fetch_failed")
        try:
            return PhotoArrival(stored=await self.photo_intake.store(data))
        except PhotoRejected as rejected:
            values = _mb(limit) if rejected.reason == "too_large" else {}
            return PhotoArrival(problem_key=f"err_photo_{rejected.reason}", problem_values=values)


def _draft_key(data: dict) -> str | None:
    return (data.get("draft") or {}).get("key")


def _mb(limit: int) -> dict[str, object]:
    return {"mb": limit // (1024 * 1024)}


async def route(turn: Turn, step: Step) -> Step:
    """Strangers may only redeem invites; commands work anywhere; else the step answers."""
    if turn.person is None:
        return await registration.received_from_stranger(turn)
    if turn.outdated:
        return await pressed_outdated(turn, step)
    command = command_of(turn, step)
    if command:
        return await run_command(turn, step, command)
    return await STEP_FUNCTIONS[step](turn)
