"""Country and language names as people type them: any ISO country, no made-up codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from handlers.summaries.exports.labels import country_name
from handlers.vocabulary import country_codes, parse_country, parse_languages
from models.demo_data import load_demo
from tests.handlers.dialogue import Chat, Clock, make_engine


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Đức", "DE"),
        ("duc", "DE"),
        ("Pháp", "FR"),
        ("Hàn Quốc", "KR"),
        ("Hàn", "KR"),
        ("Nhật", "JP"),
        ("Nhật Bản", "JP"),
        ("Mỹ", "US"),
        ("my", "US"),
        ("Hoa Kỳ", "US"),
        ("Trung", "CN"),
        ("TQ", "CN"),
        ("Lào", "LA"),
        ("CPC", "KH"),
        ("Thái", "TH"),
        ("Miến Điện", "MM"),
        ("Myanmar", "MM"),
        ("Germany", "DE"),
        ("South Korea", "KR"),
        ("de", "DE"),
        ("VN", "VN"),
        ("MY", "MY"),  # an upper-case ISO code is the code: Malaysia, not Mỹ
        ("  Ðức ", "DE"),
    ],
)
def test_any_iso_country_by_name_short_form_or_code(typed: str, code: str) -> None:
    assert parse_country(typed) == code


@pytest.mark.parametrize("typed", ["xx", "ok", "ZZ", "EU", "UN", "QO", "EZ", "XK", "XA", "001"])
def test_made_up_and_pseudo_codes_are_refused(typed: str) -> None:
    assert parse_country(typed) is None


def test_only_the_249_iso_countries() -> None:
    codes = country_codes()
    assert len(codes) == 249
    assert {"CN", "LA", "KH", "VN", "DE"} <= codes
    assert not codes & {"ZZ", "EU", "EZ", "UN", "QO", "XA", "XB", "XK", "AC", "IC"}


def test_country_names_shown_from_babel_when_the_catalogue_has_none() -> None:
    assert country_name("vi", "CN") == "Trung Quốc"
    assert country_name("vi", "DE") == "Đức"
    assert country_name("en", "DE") == "Germany"
    assert country_name("vi", "Q1") == "Q1"  # a stored value that is no country stays as it is


def test_tay_and_nung_are_outreach_languages() -> None:
    assert parse_languages("Tày, Nùng") == (["tay", "nung"], "")
    assert parse_languages("tieng tay va tieng nung") == (["tay", "nung"], "")
    assert parse_languages("hoa, khmer") == (["zh", "km"], "")


async def test_typed_country_is_checked_and_shown_by_name(
    database_url: str, media_dir: Path
) -> None:
    await load_demo("console", "u1", "Nguyễn Văn A")
    chat = Chat(make_engine(media_dir, Clock()))
    await chat.say("/baocao")
    await chat.press("type:foreign_delegation_in")
    for answer in ("Đón đoàn Bộ Ngoại giao Đức", "hôm qua", "Trụ sở đồn"):
        await chat.say(answer)
    await chat.press("loc:skip")
    await chat.say("6")
    await chat.say("Đại sứ quán Đức")
    await chat.press("country:other")
    for made_up in ("xx", "ok"):
        assert "Không nhận ra tên nước" in await chat.say(made_up)
    await chat.say("Đức")
    await chat.press("desc:skip")
    card = await chat.press("photos:done")
    assert "Nước: Đức" in card
