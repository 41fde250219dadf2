"""The unit tree: CSV import in any order, materialised paths, subtree queries, places."""

from __future__ import annotations

import pytest

from models import directory
from models.directory import ImportProblem
from models.units import Unit

TREE = """code,name,kind,parent_code,lat,lon
XA-1,Xã Một,commune,HUYEN-A,,
HUYEN-A,Huyện A,district,TINH,21.5,106.5
TINH,Tỉnh,province,,21.8,106.7
HUYEN-B,Huyện B,district,TINH,,
XA-2,Xã Hai,commune,HUYEN-B,"21,6","106,6"
"""


async def test_import_in_any_order_builds_paths(database_url: str) -> None:
    result = await directory.import_units(TREE)
    assert (result.created, result.updated) == (5, 0)
    province = await directory.get_unit_by_code("tinh")
    district = await directory.get_unit_by_code("HUYEN-A")
    assert province and district
    assert [u.code for u in await directory.subtree(district)] == ["HUYEN-A", "XA-1"]
    assert {u.code for u in await directory.subtree(province)} == {
        "TINH",
        "HUYEN-A",
        "HUYEN-B",
        "XA-1",
        "XA-2",
    }
    commune = await directory.get_unit_by_code("XA-2")
    assert commune and (commune.latitude, commune.longitude) == (21.6, 106.6)
    assert directory.is_within(commune, province) and not directory.is_within(commune, district)


async def test_moving_a_unit_moves_its_subtree(database_url: str) -> None:
    await directory.import_units(TREE)
    moved = "code,name,kind,parent_code,lat,lon\nHUYEN-B,Huyện B,district,HUYEN-A,,\n"
    assert (await directory.import_units(moved)).updated == 1
    district_a = await directory.get_unit_by_code("HUYEN-A")
    assert district_a
    assert {u.code for u in await directory.subtree(district_a)} == {
        "HUYEN-A",
        "XA-1",
        "HUYEN-B",
        "XA-2",
    }
    commune = await Unit.get(code="XA-2")
    assert commune.path.count("/") == 5  # /tinh/huyen-a/huyen-b/xa-2/


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("code,name\nA,B\n", "missing columns"),
        (
            "code,name,kind,parent_code,lat,lon\nA,Tên,x,NOWHERE,,\n",
            "unknown parent_code 'NOWHERE'",
        ),
        ("code,name,kind,parent_code,lat,lon\nA,Tên,x,,95,10\n", "out of range"),
        ("code,name,kind,parent_code,lat,lon\nA,Tên,x,,abc,10\n", "not a coordinate"),
        ("code,name,kind,parent_code,lat,lon\n,Tên,x,,,\n", "code and name are required"),
    ],
)
async def test_bad_unit_csv_is_refused_whole(database_url: str, text: str, message: str) -> None:
    with pytest.raises(ImportProblem, match=message):
        await directory.import_units(text)
    assert await directory.count_units() == 0


async def test_places_import_and_update(database_url: str) -> None:
    await directory.import_units(TREE)
    places = "unit_code,name,lat,lon\nXA-1,Mốc 5,21.9,106.7\nXA-1,Chợ,21.8,106.6\n"
    assert (await directory.import_places(places)).created == 2
    again = "unit_code,name,lat,lon\nXA-1,Mốc 5,21.91,106.71\n"
    assert (await directory.import_places(again)).updated == 1
    unit = await directory.get_unit_by_code("XA-1")
    assert unit
    assert [(p.name, p.latitude) for p in await directory.places_of(unit.id)] == [
        ("Chợ", 21.8),
        ("Mốc 5", 21.91),
    ]
    with pytest.raises(ImportProblem, match="unknown unit_code"):
        await directory.import_places("unit_code,name,lat,lon\nNOPE,X,1,2\n")
