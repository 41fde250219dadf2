"""Parsing what people type: dates, counts and coordinates, forgiving about format."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import unquote_plus

from handlers.folding import fold

EARLIEST_DATE = date(2000, 1, 1)


class ParseError(ValueError):
    """Input that cannot be understood; `key` names the texts-catalogue message to show."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


class CoordinatesOutOfRange(ParseError):
    """Numbers read as a point but beyond ±90/±180; kept, since swapped they may be right."""

    def __init__(self, latitude: float, longitude: float) -> None:
        super().__init__("err_coordinates_range")
        self.latitude, self.longitude = latitude, longitude


@dataclass(frozen=True, slots=True)
class DateRange:
    """An activity's first and last day (the same for a one-day activity)."""

    start: date
    end: date


_RELATIVE_DAYS = {"hom nay": 0, "today": 0, "hom qua": 1, "yesterday": 1, "hom kia": 2}
_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})(?:[/.\-](\d{2}|\d{4}))?$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")  # 2026-10-05: phones, spreadsheets
_RANGE_SEPARATORS = re.compile(r"\s+(?:-|–|den|toi|to)\s+|\s*(?:–)\s*")


def _one_date(text: str, today: date, default_year: int | None = None) -> date:
    """A single dd/mm[/yyyy], yyyy-mm-dd or relative day."""
    folded = fold(text)
    if folded in _RELATIVE_DAYS:
        return today - timedelta(days=_RELATIVE_DAYS[folded])
    compact = folded.replace(" ", "")
    if iso := _ISO_DATE.match(compact):
        year_text, month, day = iso.groups()
    elif match := _DATE.match(compact):
        day, month, year_text = match.groups()
    else:
        raise ParseError("err_date_format")
    if year_text is None:
        year = default_year or today.year
    else:
        year = int(year_text) + (2000 if len(year_text) == 2 else 0)
    try:
        return date(year, int(month), int(day))
    except ValueError:
        raise ParseError("err_date_invalid") from None


def parse_date_range(text: str, today: date) -> DateRange:
    """'hôm nay', '20/11/2026', '2026-11-20', '20/11', or a range '20/11 - 22/11/2026';
    no future, no pre-2000."""
    parts = _RANGE_SEPARATORS.split(fold(text), maxsplit=1)
    if len(parts) == 2:
        end = _one_date(parts[1], today)
        start = _one_date(parts[0], today, default_year=end.year)
    else:
        start = end = _one_date(parts[0], today)
    if start > end:
        raise ParseError("err_date_order")
    if end > today:
        raise ParseError("err_date_future")
    if start < EARLIEST_DATE:
        raise ParseError("err_date_too_old")
    return DateRange(start, end)


def more_than_a_year_before(day: date, today: date) -> bool:
    """Whether `day` is before the same date last year (a typo like 2024 for 2026 is likely)."""
    try:
        a_year_ago = today.replace(year=today.year - 1)
    except ValueError:  # 29 February: last year's 28th
        a_year_ago = date(today.year - 1, 2, 28)
    return day < a_year_ago


_COUNT = re.compile(r"^\d{1,3}(?:[.,\s]\d{3})+$|^\d+$")


def parse_count(text: str, maximum: int) -> int:
    """A non-negative whole number; '1.200', '1,200' and '1 200' all mean 1200."""
    cleaned = text.strip()
    if not _COUNT.match(cleaned):
        raise ParseError("err_number")
    value = int(re.sub(r"[.,\s]", "", cleaned))
    if value > maximum:
        raise ParseError("err_number_too_big")
    return value


_NUMBER = r"[-+]?\d{1,3}(?:[.,]\d+)?"
_LINK_PATTERNS = (
    re.compile(rf"!3d({_NUMBER})!4d({_NUMBER})"),
    re.compile(rf"@({_NUMBER}),({_NUMBER})"),
    re.compile(
        rf"(?:[?&](?:q|query|ll|destination|center)=|geo:)(?:loc:)?({_NUMBER}),\s*({_NUMBER})"
    ),
    re.compile(rf"/maps/(?:search|place|dir)/({_NUMBER}),\s*({_NUMBER})"),  # searched coordinates
    re.compile(rf"[?&]mlat=({_NUMBER})&mlon=({_NUMBER})"),  # OpenStreetMap marker
    re.compile(rf"#map=\d+/({_NUMBER})/({_NUMBER})"),  # OpenStreetMap view
)
_SHORT_LINK = re.compile(r"(?:maps\.app\.goo\.gl|goo\.gl/maps|g\.co/kgs)/", re.I)
_DMS = re.compile(
    r"(\d{1,3})\s*°\s*(\d{1,2})\s*['′]\s*(?:(\d{1,2}(?:[.,]\d+)?)\s*[\"″])?\s*([NSEW])", re.I
)
_DECIMAL = re.compile(rf"([NSEW])?\s*({_NUMBER})\s*°?\s*([NSEW])?", re.I)
# Labels a GPS or compass app puts in front of the numbers (folded: "Vĩ độ" → "vi do").
_LAT_LABEL = re.compile(r"\b(?:vi do|latitude|lat)\b\s*:?")
_LON_LABEL = re.compile(r"\b(?:kinh do|longitude|long|lng|lon)\b\s*:?")
_OTHER_LABEL = re.compile(r"\b(?:toa do|vi tri|gps)\b\s*:?")


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def _signed(value: float, hemisphere: str | None) -> float:
    return -abs(value) if hemisphere and hemisphere.upper() in "SW" else value


def parse_coordinates(text: str) -> tuple[float, float]:
    """'21.85, 106.76', '21,85 106,76', '21.85°N 106.76°E', DMS, 'Vĩ độ: 21.85 Kinh độ: 106.76',
    or a map link with coordinates (Google Maps, OpenStreetMap, Apple Maps, geo:)."""
    if "://" in text or text.lstrip().lower().startswith("geo:"):
        if _SHORT_LINK.search(text):
            raise ParseError("err_coordinates_short_link")  # the coordinates are behind a redirect
        text = unquote_plus(text)  # query=21.97%2C106.70, /search/21.97,+106.70
    for pattern in _LINK_PATTERNS:
        match = pattern.search(text)
        if match:
            return _checked(_number(match.group(1)), _number(match.group(2)))
    dms = _DMS.findall(text)
    if len(dms) == 2:
        values = [
            _signed(int(d) + int(m) / 60 + (_number(s) if s else 0) / 3600, h) for d, m, s, h in dms
        ]
        return _checked(values[0], values[1])
    plain, swapped = _without_labels(text)
    if re.search(r"[a-zA-Z]", re.sub(r"[NSEWnsew]", "", plain)):
        raise ParseError("err_coordinates")
    numbers = [m for m in _DECIMAL.finditer(plain) if m.group(2)]
    if len(numbers) != 2:
        raise ParseError("err_coordinates")
    lat, lon = (_signed(_number(m.group(2)), m.group(1) or m.group(3)) for m in numbers)
    return _checked(lon, lat) if swapped else _checked(lat, lon)


def _without_labels(text: str) -> tuple[str, bool]:
    """The text without 'vĩ độ'/'kinh độ'/'lat'/'lon' labels, and whether the longitude
    was labelled first ('Kinh độ 106.76, Vĩ độ 21.85')."""
    folded = fold(text)
    lat, lon = _LAT_LABEL.search(folded), _LON_LABEL.search(folded)
    if lat is None and lon is None and _OTHER_LABEL.search(folded) is None:
        return text, False
    swapped = lat is not None and lon is not None and lon.start() < lat.start()
    plain = _OTHER_LABEL.sub(" ", _LON_LABEL.sub(" ", _LAT_LABEL.sub(" ", folded)))
    return plain, swapped


def _checked(lat: float, lon: float) -> tuple[float, float]:
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise CoordinatesOutOfRange(lat, lon)
    return lat, lon
