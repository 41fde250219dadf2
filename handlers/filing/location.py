"""The location question: shared point, typed coordinates, map link, known place, or skip."""

from __future__ import annotations

from handlers.filing.answers import pressed, reask, take_text, wrong_kind_key
from handlers.filing.card import format_point
from handlers.filing.flow import advance
from handlers.geo import distance_km, inside_vietnam
from handlers.parsing import CoordinatesOutOfRange, ParseError, parse_coordinates
from handlers.steps import Step
from handlers.turn import Turn
from handlers.types import Kind
from models import directory
from models.schemas import DraftLocation


async def received_location(turn: Turn) -> Step:
    """Any of the ways to give a location; implausible points are shown back for confirmation."""
    msg = turn.msg
    if msg.kind is Kind.LOCATION and msg.latitude is not None and msg.longitude is not None:
        return await check_point(
            turn, DraftLocation(source="shared", latitude=msg.latitude, longitude=msg.longitude)
        )
    if pressed(turn, "loc:") == "skip":
        turn.update_draft(location=DraftLocation(source="skipped").model_dump())
        return await advance(turn)
    place_id = pressed(turn, "loc:place:")
    if place_id is not None:
        return await _known_place(turn, place_id)
    if msg.kind is not Kind.TEXT:
        return await reask(turn, Step.LOCATION, wrong_kind_key(turn, "text"))
    text = await take_text(turn, Step.LOCATION, 2000)
    if text is None:
        return Step.LOCATION
    try:
        lat, lon = parse_coordinates(text)
    except CoordinatesOutOfRange as typed:
        return await _offer_swapped(turn, typed)
    except ParseError as problem:
        return await reask(turn, Step.LOCATION, problem.key)
    return await check_point(turn, DraftLocation(source="typed", latitude=lat, longitude=lon))


async def _offer_swapped(turn: Turn, typed: CoordinatesOutOfRange) -> Step:
    """'106.7, 21.9' is no point at all, but swapped it lies in Vietnam: offer it back."""
    lat, lon = typed.longitude, typed.latitude
    if not (-90 <= lat <= 90 and inside_vietnam(lat, lon, turn.config.location_margin_km)):
        return await reask(turn, Step.LOCATION, typed.key)
    shown = f"{typed.latitude:g}, {typed.longitude:g}"
    warning = turn.text("confirm_location_swapped", typed=shown, point=format_point(lat, lon))
    swapped = DraftLocation(source="typed", latitude=lat, longitude=lon)
    turn.data.update(pending_location=swapped.model_dump(), pending_warning=warning)
    turn.data["pending_swap"] = True
    return ask_confirmation(turn)


async def _known_place(turn: Turn, place_id: str) -> Step:
    """A place from the unit's gazetteer: trusted, no plausibility question."""
    place = await directory.get_place(int(place_id)) if place_id.isdigit() else None
    if place is None or place.unit_id != turn.draft.unit_id:  # type: ignore[attr-defined]
        return await reask(turn, Step.LOCATION, "err_expected_choice")
    location = DraftLocation(
        source="known_place", latitude=place.latitude, longitude=place.longitude, place=place.name
    )
    turn.update_draft(location=location.model_dump())
    return await advance(turn)


async def check_point(turn: Turn, location: DraftLocation) -> Step:
    """Accept a plausible point; otherwise ask whether it is really right."""
    assert location.latitude is not None and location.longitude is not None
    lat, lon = location.latitude, location.longitude
    point = format_point(lat, lon)
    warning = None
    if not inside_vietnam(lat, lon, turn.config.location_margin_km):
        warning = turn.text("confirm_location_abroad", point=point)
    else:
        unit = await directory.get_unit(turn.draft.unit_id) if turn.draft.unit_id else None
        if unit and unit.latitude is not None and unit.longitude is not None:
            km = distance_km(lat, lon, unit.latitude, unit.longitude)
            if km > turn.config.max_distance_from_unit_km:
                warning = turn.text("confirm_location_far", point=point, km=round(km))
    if warning is None:
        turn.update_draft(location=location.model_dump())
        return await advance(turn)
    turn.data["pending_location"] = location.model_dump()
    turn.data["pending_warning"] = warning
    return ask_confirmation(turn)


def ask_confirmation(turn: Turn) -> Step:
    """Show the doubtful point again with its two choices."""
    if turn.data.get("pending_swap"):
        keep = turn.button("btn_location_swap", "loc:swap")
    else:
        keep = turn.button("btn_location_ok", "loc:ok")
    buttons = [[keep, turn.button("btn_location_retry", "loc:retry")]]
    turn.ask(turn.data.get("pending_warning", ""), buttons)
    return Step.CONFIRM_LOCATION


async def received_location_confirmation(turn: Turn) -> Step:
    """Yes keeps the doubtful point; 'enter again' (or simply a new point) replaces it."""
    answer = pressed(turn, "loc:")
    pending = turn.data.get("pending_location")
    if answer == "swap" and pending and turn.data.get("pending_swap"):
        _forget_pending(turn)  # the swapped point still gets the abroad / far questions
        return await check_point(turn, DraftLocation.model_validate(pending))
    if answer == "ok" and pending and not turn.data.get("pending_swap"):
        _forget_pending(turn)
        turn.update_draft(location=pending)
        return await advance(turn)
    if answer == "retry" or not pending:
        _forget_pending(turn)
        return await reask(turn, Step.LOCATION)
    if turn.msg.kind in (Kind.LOCATION, Kind.TEXT):
        _forget_pending(turn)
        return await received_location(turn)
    turn.say("err_expected_choice")
    return ask_confirmation(turn)


def _forget_pending(turn: Turn) -> None:
    turn.data.pop("pending_location", None)
    turn.data.pop("pending_warning", None)
    turn.data.pop("pending_swap", None)
