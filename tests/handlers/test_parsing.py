"""Dates, counts and coordinates as people type them."""

from __future__ import annotations

from datetime import date

import pytest

from handlers.folding import fold, matches
from handlers.parsing import ParseError, parse_coordinates, parse_count, parse_date_range
from handlers.vocabulary import parse_country, parse_languages

TODAY = date(2026, 11, 20)


@pytest.mark.parametrize(
    ("typed", "start", "end"),
    [
        ("hôm nay", TODAY, TODAY),
        ("Hom nay", TODAY, TODAY),
        ("HÔM QUA", date(2026, 11, 19), date(2026, 11, 19)),
        ("hôm kia", date(2026, 11, 18), date(2026, 11, 18)),
        ("20/11/2026", TODAY, TODAY),
        ("5/3/2026", date(2026, 3, 5), date(2026, 3, 5)),
        ("05-03-2026", date(2026, 3, 5), date(2026, 3, 5)),
        ("05.03.26", date(2026, 3, 5), date(2026, 3, 5)),
        ("1/11", date(2026, 11, 1), date(2026, 11, 1)),
        ("18/11 - 20/11/2026", date(2026, 11, 18), TODAY),
        ("18/11 den 19/11", date(2026, 11, 18), date(2026, 11, 19)),
        ("30/12/2025 - 2/1/2026", date(2025, 12, 30), date(2026, 1, 2)),
    ],
)
def test_dates_people_type(typed: str, start: date, end: date) -> None:
    span = parse_date_range(typed, TODAY)
    assert (span.start, span.end) == (start, end)


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("21/11/2026", "err_date_future"),
        ("25/12", "err_date_future"),
        ("31/12/1999", "err_date_too_old"),
        ("31/2/2026", "err_date_invalid"),
        ("20/11 - 18/11/2026", "err_date_order"),
        ("ngày mai", "err_date_format"),
        ("2026-11-20T00:00", "err_date_format"),
    ],
)
def test_dates_refused(typed: str, key: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_date_range(typed, TODAY)
    assert caught.value.key == key


@pytest.mark.parametrize(
    ("typed", "value"),
    [("25", 25), ("0", 0), ("1.200", 1200), ("1,200", 1200), ("45 982", 45982), (" 7 ", 7)],
)
def test_counts(typed: str, value: int) -> None:
    assert parse_count(typed, 10_000_000) == value


@pytest.mark.parametrize("typed", ["hai mươi", "-3", "12a", "1.2", "", "3.5"])
def test_counts_refused(typed: str) -> None:
    with pytest.raises(ParseError):
        parse_count(typed, 10_000_000)


def test_count_above_maximum_is_refused() -> None:
    with pytest.raises(ParseError) as caught:
        parse_count("20000000", 10_000_000)
    assert caught.value.key == "err_number_too_big"


@pytest.mark.parametrize(
    ("typed", "lat", "lon"),
    [
        ("21.85, 106.76", 21.85, 106.76),
        ("21,85 106,76", 21.85, 106.76),
        ("21,85; 106,76", 21.85, 106.76),
        ("21.85°N 106.76°E", 21.85, 106.76),
        ("N21.85 E106.76", 21.85, 106.76),
        ("21°51'N 106°45'36\"E", 21.85, 106.76),
        ("-33.5, -70.25", -33.5, -70.25),
        ("https://www.google.com/maps/@21.9712,106.704,17z", 21.9712, 106.704),
        ("https://maps.google.com/?q=21.9712,106.7040", 21.9712, 106.704),
        ("xem https://www.google.com/maps/place/X/data=!3d21.97!4d106.70 nhé", 21.97, 106.70),
        ("geo:21.97,106.70", 21.97, 106.70),
        # pasted on Zalo, which has no location message: links with encoded commas, searches
        ("https://www.google.com/maps/search/?api=1&query=21.9712%2C106.704", 21.9712, 106.704),
        ("https://www.google.com/maps/search/21.9712,+106.704?entry=tts", 21.9712, 106.704),
        (
            "https://www.openstreetmap.org/?mlat=21.9712&mlon=106.704#map=17/21/106",
            21.9712,
            106.704,
        ),
        ("https://www.openstreetmap.org/#map=17/21.97120/106.70400", 21.9712, 106.704),
        # what GPS and compass apps show
        ("Vĩ độ: 21,9712, Kinh độ: 106,704", 21.9712, 106.704),
        ("Kinh độ 106.704 - Vĩ độ 21.9712", 21.9712, 106.704),
        ("Toạ độ: 21.9712, 106.704", 21.9712, 106.704),
        ("lat 21.9712 lng 106.704", 21.9712, 106.704),
    ],
)
def test_coordinates(typed: str, lat: float, lon: float) -> None:
    got = parse_coordinates(typed)
    assert got == pytest.approx((lat, lon), abs=1e-4)


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("cửa khẩu", "err_coordinates"),
        ("21.85", "err_coordinates"),
        ("1, 2, 3", "err_coordinates"),
        ("95, 106", "err_coordinates_range"),
        ("https://maps.app.goo.gl/Xy7kQ2", "err_coordinates_short_link"),
        ("Vĩ độ 21.9712", "err_coordinates"),
    ],
)
def test_coordinates_refused(typed: str, key: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_coordinates(typed)
    assert caught.value.key == key


def test_folding_makes_diacritics_optional() -> None:
    assert fold("  Huỷ  ") == fold("HỦY") == "huy"
    assert fold("Đồn Biên phòng") == "don bien phong"
    assert matches("hom nay", "Hôm nay")


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Trung Quốc", "CN"),
        ("trung quoc", "CN"),
        ("Lào", "LA"),
        ("campuchia", "KH"),
        ("China", "CN"),
        ("th", "TH"),
        ("Thái Lan", "TH"),
    ],
)
def test_countries(typed: str, code: str) -> None:
    assert parse_country(typed) == code


def test_unknown_country() -> None:
    assert parse_country("xứ sở thần tiên") is None


def test_languages() -> None:
    assert parse_languages("việt, mông và Dao") == (["vi", "hmong", "dao"], "")
    assert parse_languages("Tiếng Trung; tiếng Lào") == (["zh", "lo"], "")
    assert parse_languages("việt, klingon") == (["vi"], "klingon")
