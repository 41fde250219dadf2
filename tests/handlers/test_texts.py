"""The texts catalogue: both languages in step, one form of address in Vietnamese."""

from __future__ import annotations

import re
import string

import pytest

from handlers.texts_en import EN
from handlers.texts_vi import VI

# Other ways of addressing the reader than "đồng chí". "nước bạn" (a friendly country) is no
# address; "Tiếng Anh" (English) is why a bare "anh" is not listed.
OTHER_ADDRESS = re.compile(
    r"(?<!nước )\bbạn\b|\banh\s*(?:/|,|\bhoặc\b)?\s*chị\b|\bchị\b|\bquý\s+(?:vị|khách)\b"
    r"|\bông\s*/\s*bà\b|\bem\b",
    re.IGNORECASE,
)


def test_the_catalogue_addresses_the_reader_as_dong_chi_only() -> None:
    found = {key: m.group(0) for key, text in VI.items() if (m := OTHER_ADDRESS.search(text))}
    assert found == {}


@pytest.mark.parametrize(
    "text",
    [
        "Bạn chưa được đăng ký",
        "của bạn",
        "Anh/chị hãy gửi",
        "anh chị gửi",
        "Quý vị vui lòng",
        "em gửi ảnh",
    ],
)
def test_the_address_check_catches_other_forms(text: str) -> None:
    assert OTHER_ADDRESS.search(text)


@pytest.mark.parametrize(
    "text", ["Nước bạn? Bấm nút", "phía nước bạn", "Tiếng Anh", "Cảm ơn đồng chí!", "xem ảnh"]
)
def test_the_address_check_leaves_other_words(text: str) -> None:
    assert not OTHER_ADDRESS.search(text)


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_both_languages_have_the_same_keys_and_placeholders() -> None:
    assert set(VI) == set(EN)
    assert [k for k in VI if _fields(VI[k]) != _fields(EN[k])] == []
