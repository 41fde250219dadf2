"""Folding: look-alike letters people's keyboards produce match the Vietnamese ones."""

from __future__ import annotations

from handlers.folding import fold, matches


def test_icelandic_eth_folds_like_vietnamese_d() -> None:
    # U+00D0/U+00F0 look exactly like Đ/đ and come from some keyboards and copied text.
    assert fold("\u00d0ồn Biên phòng") == fold("Đồn Biên phòng") == "don bien phong"
    assert fold("\u00f0úng") == "dung"
    assert matches("\u00d0ÚNG", "đúng")
