"""One sentence → period, comparison and unit words; ambiguous sentences give choices."""

from __future__ import annotations

from datetime import date

import pytest

from handlers.periods import parse_request
from models.periods import Period

TODAY = date(2026, 11, 20)
H1, H2 = Period.half(2026, 1), Period.half(2026, 2)

# (sentence, period code, comparison code or None, whole province, unit words)
TABLE = [
    ("quý 3 2026", "2026Q3", None, False, ""),
    ("quy 3 2026", "2026Q3", None, False, ""),
    ("quý 3", "2026Q3", None, False, ""),
    ("quý III năm 2025", "2025Q3", None, False, ""),
    ("quy tu nam 2025", "2025Q4", None, False, ""),
    ("quý này", "2026Q4", None, False, ""),
    ("quý trước", "2026Q3", None, False, ""),
    ("tháng 10", "2026-10", None, False, ""),
    ("thang 10", "2026-10", None, False, ""),
    ("tháng 12", "2025-12", None, False, ""),  # not begun this year: the latest December
    ("tháng 10/2026", "2026-10", None, False, ""),
    ("tháng 3 năm 2025", "2025-03", None, False, ""),
    ("tháng này", "2026-11", None, False, ""),
    ("tháng trước", "2026-10", None, False, ""),
    ("6 tháng đầu năm", "2026H1", None, False, ""),
    ("6 thang dau nam", "2026H1", None, False, ""),
    ("sáu tháng cuối năm 2025", "2025H2", None, False, ""),
    ("6 tháng đầu năm nay", "2026H1", None, False, ""),
    ("nửa đầu năm 2025", "2025H1", None, False, ""),
    ("sơ kết 2026", "2026H1", None, False, ""),
    ("tổng kết năm 2025", "2025", None, False, ""),
    ("năm 2025 so với 2024", "2025", "2024", False, ""),
    ("nam 2025 so voi nam 2023", "2025", "2023", False, ""),
    ("năm nay", "2026", None, False, ""),
    ("năm ngoái", "2025", None, False, ""),
    ("2025", "2025", None, False, ""),
    ("9 tháng đầu năm", "2026-01-01..2026-09-30", None, False, ""),
    ("từ 01/07 đến 15/08/2026", "2026-07-01..2026-08-15", None, False, ""),
    ("01/07/2026 - 15/08/2026", "2026-07-01..2026-08-15", None, False, ""),
    ("ngày 30/06/2026", "2026-06-30..2026-06-30", None, False, ""),
    ("30 ngày qua", "2026-10-22..2026-11-20", None, False, ""),
    ("3 tháng qua", "2026-08-21..2026-11-20", None, False, ""),
    ("hôm qua", "2026-11-19..2026-11-19", None, False, ""),
    ("quý 3 2026 so với cùng kỳ", "2026Q3", None, False, ""),
    ("quy 3 2026 so voi 2025", "2026Q3", "2025Q3", False, ""),
    ("quý 3 2026 so với quý 2", "2026Q3", "2026Q2", False, ""),
    ("tháng 1 so với tháng 12", "2026-01", "2025-12", False, ""),
    ("6 tháng đầu năm 2026 toàn tỉnh", "2026H1", None, True, ""),
    ("tổng hợp 6 tháng đầu năm 2026 toàn tỉnh", "2026H1", None, True, ""),
    ("toan tinh quy 2", "2026Q2", None, True, ""),
    ("quý 3, Đồn Biên phòng Hữu Nghị", "2026Q3", None, False, "don bien phong huu nghi"),
    ("đồn Hữu Nghị tháng 10", "2026-10", None, False, "don huu nghi"),
    ("huyện Cao Lộc năm 2025", "2025", None, False, "huyen cao loc"),
    ("xa Dong Dang, 6 thang cuoi nam", "2026H2", None, False, "xa dong dang"),
    ("đơn vị LS-DBP-HN quý 1", "2026Q1", None, False, "ls-dbp-hn"),
    ("của tỉnh Lạng Sơn năm nay", "2026", None, False, "tinh lang son"),
]


@pytest.mark.parametrize(("sentence", "code", "against", "whole", "unit"), TABLE)
def test_sentences(sentence: str, code: str, against: str | None, whole: bool, unit: str) -> None:
    request = parse_request(sentence, TODAY)
    assert request.problem is None
    assert request.period == Period.from_code(code)
    assert (request.against.code if request.against else None) == against
    assert request.whole is whole
    assert request.unit_words == unit


def test_the_table_is_big_enough() -> None:
    assert len(TABLE) >= 30


@pytest.mark.parametrize(
    ("sentence", "choices"),
    [
        ("6 tháng", [H1, H2]),
        ("6 thang nam 2025", [Period.half(2025, 1), Period.half(2025, 2)]),
        ("3", [Period.month(2026, 3), Period.quarter(2026, 3)]),
        ("quý 3 tháng 10", [Period.quarter(2026, 3), Period.month(2026, 10)]),
        ("quý", [Period.quarter(2026, q) for q in range(1, 5)]),
        ("năm", [Period.year(2026), Period.year(2025)]),
        ("tháng", [Period.month(2026, 11), Period.month(2026, 10)]),
    ],
)
def test_ambiguous_sentences_offer_choices(sentence: str, choices: list[Period]) -> None:
    request = parse_request(sentence, TODAY)
    assert request.period is None
    assert list(request.choices) == choices


@pytest.mark.parametrize("sentence", ["quý 5", "tháng 13", "31/02/2026", "quy 0 2026"])
def test_impossible_periods_are_named(sentence: str) -> None:
    request = parse_request(sentence, TODAY)
    assert request.period is None and request.choices == ()
    assert request.problem == "err_period_invalid"


def test_no_period_leaves_only_the_unit() -> None:
    request = parse_request("toàn tỉnh", TODAY)
    assert request.period is None and request.whole and request.choices == ()
    request = parse_request("Đồn Biên phòng Chi Ma", TODAY)
    assert request.period is None and request.unit_words == "don bien phong chi ma"


def test_unreadable_comparison_is_reported() -> None:
    request = parse_request("quý 3 2026 so với hôm nào đó", TODAY)
    assert request.period == Period.quarter(2026, 3)
    assert request.problem == "err_period_compare"


@pytest.mark.parametrize(
    ("code", "start", "end"),
    [
        ("2026H1", date(2026, 1, 1), date(2026, 6, 30)),
        ("2026h2", date(2026, 7, 1), date(2026, 12, 31)),
        ("2024Q1", date(2024, 1, 1), date(2024, 3, 31)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2026", date(2026, 1, 1), date(2026, 12, 31)),
        ("2024-02-29..2024-03-01", date(2024, 2, 29), date(2024, 3, 1)),
    ],
)
def test_period_codes(code: str, start: date, end: date) -> None:
    period = Period.from_code(code)
    assert (period.start, period.end) == (start, end)
    assert Period.from_code(period.code) == period


def test_same_period_last_year() -> None:
    assert Period.half(2026, 1).same_period_last_year() == Period.half(2025, 1)
    assert Period.month(2024, 2).same_period_last_year() == Period.month(2023, 2)
    leap = Period.from_code("2024-02-29..2024-03-01").same_period_last_year()
    assert (leap.start, leap.end) == (date(2023, 2, 28), date(2023, 3, 1))


@pytest.mark.parametrize("code", ["2026H3", "2026Q5", "2026-13", "26", "H1", "1999"])
def test_bad_period_codes(code: str) -> None:
    with pytest.raises(ValueError):
        Period.from_code(code)
