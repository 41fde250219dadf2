"""One update being answered: the message, who sent it, their state, and the replies so far."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from handlers.config import HandlerConfig
from handlers.texts import t
from handlers.types import Button, Incoming, Kind, Progress, Reply
from models.access import Access
from models.people import Person
from models.schemas import Draft


@dataclass(frozen=True, slots=True)
class PhotoArrival:
    """A photo that came with this update: stored, or the text key of why it was not."""

    stored: Any = None
    problem_key: str | None = None
    problem_values: dict[str, object] = field(default_factory=dict)


@dataclass
class Turn:
    """Everything a step function needs; step functions add replies and return the next step."""

    msg: Incoming
    lang: str
    now: datetime
    config: HandlerConfig
    person: Person | None
    access: Access | None
    data: dict[str, Any]
    photo: PhotoArrival | None = None
    replies: list[Reply] = field(default_factory=list)
    album: str | None = None
    progress: Progress | None = None
    """The adapter's way to show slow work (a chat action, a line of text)."""
    outdated: bool = False
    """The pressed button was shown for another draft than the one open now."""
    pressed_tag: str | None = None
    """The draft tag the pressed button carried, if any."""
    keep_choices: bool = False
    """The replies offer no new choices: the earlier ones stay valid for typing (a file sent
    after one of two file buttons leaves the other one typable)."""

    async def working(self, key: str) -> None:
        """Tell the person that slow work starts now (a summary being computed)."""
        if self.progress is not None:
            await self.progress(key)

    @property
    def today(self) -> date:
        """Today's date in the configured zone, whatever the server's clock zone."""
        return self.now.astimezone(self.config.tz).date()

    def text(self, key: str, **values: object) -> str:
        """A catalogue text in the user's language."""
        return t(self.lang, key, **values)

    def say(self, key: str, **values: object) -> None:
        """Append a plain text reply."""
        self.replies.append(Reply(text=self.text(key, **values)))

    def ask(
        self,
        text: str,
        buttons: list[list[Button]] | None = None,
        *,
        request_location: bool = False,
    ) -> None:
        """Append a question, with its choices."""
        rows = tuple(tuple(row) for row in (buttons or []) if row)
        self.replies.append(Reply(text=text, buttons=rows, request_location=request_location))

    def button(self, key: str, payload: str, **values: object) -> Button:
        """A button labelled from the catalogue."""
        return Button(self.text(key, **values), payload)

    @property
    def words(self) -> str:
        """The typed text, stripped (empty for non-text messages)."""
        return self.msg.text.strip() if self.msg.kind is Kind.TEXT else ""

    @property
    def draft(self) -> Draft:
        """The draft being filed, validated from the stored JSON."""
        return Draft.model_validate(self.data.get("draft") or {})

    def update_draft(self, **changes: Any) -> Draft:
        """Apply validated changes to the draft and keep it in the state data."""
        merged = {**self.draft.model_dump(mode="json"), **changes}
        draft = Draft.model_validate(merged)
        self.data["draft"] = draft.model_dump(mode="json")
        return draft

    def start_draft(self, unit_id: int | None) -> Draft:
        """Begin a fresh draft (new key, so an earlier Gửi cannot collide with it)."""
        self.data = {"draft": Draft(unit_id=unit_id).model_dump(mode="json")}
        return self.draft

    def clear(self) -> None:
        """Forget the flow's data (the submitted marker survives for a late second Gửi)."""
        kept = {k: v for k, v in self.data.items() if k in ("last_submitted", "last_submitted_tag")}
        self.data = kept
