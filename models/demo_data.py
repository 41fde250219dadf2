"""The demo province shipped for the console channel: units, places and the console user."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from importlib import resources

from models import access, directory
from models.people import Role


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """What was loaded, for the console's greeting."""

    units: int
    places: int
    province: str
    post: str


def demo_csv(name: str) -> str:
    """The text of a demo CSV shipped inside the package."""
    return resources.files("models").joinpath("demo", name).read_text(encoding="utf-8")


async def load_demo(channel: str, external_id: str, display_name: str) -> DemoSummary:
    """Import the demo tree and make the account admin of the province and reporter of the post."""
    units_text = demo_csv("units.csv")
    units = await directory.import_units(units_text)
    places = await directory.import_places(demo_csv("places.csv"))
    rows = list(csv.DictReader(io.StringIO(units_text)))
    province_code = next(r["code"] for r in rows if not r["parent_code"])
    post_code = next(r["code"] for r in rows if r.get("console_post") == "1")
    province = await directory.get_unit_by_code(province_code)
    post = await directory.get_unit_by_code(post_code)
    assert province and post, "demo CSV must have a root and a marked console post"
    person = await access.register_identity(channel, external_id, display_name, "vi")
    await access.grant(person, province, Role.ADMIN)
    await access.grant(person, post, Role.REPORTER)
    return DemoSummary(
        units.created + units.updated, places.created + places.updated, province.name, post.name
    )
