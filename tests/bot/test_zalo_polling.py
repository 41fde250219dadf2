"""The Zalo channel in polling mode: the real adapter against the fake Zalo Bot API."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from handlers.texts import t
from models.conversation import ProcessedUpdate
from models.people import Identity, Person
from models.reports import Photo, Report
from tests.bot.telegram_harness import demo_units, failing_once, invite_code, jpeg
from tests.bot.zalo_harness import (
    ZaloUser,
    answer_steps,
    choices,
    joined_guard,
    polling_zalo,
    submit,
    zalo_settings,
)
from tests.fakes.zalo_server import FakeZaloServer, Faults

MAPS_LINK = (
    "https://www.google.com/maps/place/C%E1%BB%ADa+kh%E1%BA%A9u+H%E1%BB%AFu+Ngh%E1%BB%8B/"
    "@21.9712,106.704,17z/data=!3m1!4b1"
)


@pytest.fixture
async def server() -> AsyncIterator[FakeZaloServer]:
    async with FakeZaloServer() as fake:
        yield fake


async def test_reporter_joins_by_typed_code_and_files_a_report_with_two_photos(
    database_url: str, media_dir: Path, server: FakeZaloServer
) -> None:
    async with joined_guard(database_url, media_dir, server, join=str.lower) as guard:
        types = await guard.say("/baocao", "Bước 1/")
        assert choices(types)["Triển lãm, trưng bày"] == "8"
        assert t("vi", "zalo_choice_hint") in (types.text or "")
        dates = await guard.pick(types, "Triển lãm, trưng bày", "Bước 2/")
        dates = await guard.say("Triển lãm ảnh Hoàng Sa, Trường Sa", "Bước 3/")
        assert list(choices(dates)) == ["Hôm nay", "Hôm qua", "Hôm kia"]
        await guard.say("Hôm qua", "Bước 4/")  # the word, with diacritics
        where = await guard.say("Nhà văn hoá cửa khẩu", "Bước 5/")
        assert t("vi", "zalo_location_hint") in (where.text or "")
        known_places = ["Cửa khẩu Quốc tế Hữu Nghị", "Mốc 1116", "Trụ sở Đồn", "Bỏ qua"]
        assert list(choices(where)) == known_places
        await guard.say("21,97 106,70", "Bước 6/")
        await guard.say("3000", "Bước 7/")
        await guard.say("Giới thiệu tư liệu về chủ quyền biển đảo.", "Bước 8/")
        await guard.send_photo(jpeg(1), "Đã nhận 1/10 ảnh")
        await guard.send_photo(jpeg(2), "Đã nhận 2/10 ảnh", legacy_key=True)  # `photo` key
        card, done = await submit(guard, "gui")  # the word, without diacritics
        assert "Gửi" in choices(card)

    report = await Report.get()
    identity = await Identity.get(channel="zalo", external_id=guard.id)
    assert report.author_id == identity.person_id  # type: ignore[attr-defined]
    assert f"#{report.id}" in (done.text or "")
    assert (report.activity_type, report.visitors) == ("exhibition", 3000)
    assert report.location_source == "typed"
    assert (report.latitude, report.longitude) == (21.97, 106.70)
    assert await Photo.filter(report=report).count() == 2
    actions = [p["action"] for name, p in server.calls if name == "sendChatAction"]
    assert actions == ["typing", "typing"]
    assert all(status == 200 for _, status in server.media_requests)
    assert max(len(m.text or "") for m in server.sent) <= 2000


async def test_location_by_map_link_and_by_known_place_number(
    database_url: str, media_dir: Path, server: FakeZaloServer
) -> None:
    async with joined_guard(database_url, media_dir, server, join="/start {}".format) as guard:
        for location in (MAPS_LINK, "known place"):
            types, *_, where = await answer_steps(
                guard,
                "hoat dong khac",  # the label without diacritics
                "Họp giao ban cụm dân cư",
                "hom nay",
                "Thôn Pò Mã",
            )
            if location == "known place":
                await guard.pick(where, "Mốc 1116", "Bước 6/")
            else:
                await guard.say(location, "Bước 6/")
            await guard.say("Họp định kỳ với trưởng thôn.", "Bước 7/")
            await submit(guard, "Gửi")
        assert types.text and "1. " in types.text

    linked, known = await Report.all().order_by("id")
    assert (linked.location_source, linked.latitude, linked.longitude) == (
        "typed",
        21.9712,
        106.704,
    )
    assert (known.location_source, known.latitude, known.longitude) == (
        "known_place",
        21.9745,
        106.7089,
    )


async def test_stickers_voice_and_unsupported_get_a_polite_answer(
    database_url: str, media_dir: Path, server: FakeZaloServer
) -> None:
    polite = t("vi", "unsupported")
    async with joined_guard(database_url, media_dir, server) as guard:
        server.push_sticker(guard.id)
        await guard.expect(polite)
        server.push_voice(guard.id)
        await guard.expect(polite)
        server.push_unsupported(guard.id)
        await guard.expect(polite)
        await ZaloUser(server).say("xin chào", "chưa được đăng ký")


async def test_a_redelivered_event_is_handled_once(
    database_url: str, media_dir: Path, server: FakeZaloServer
) -> None:
    async with joined_guard(database_url, media_dir, server) as guard:
        await guard.say("/baocao", "Bước 1/")
        pick = guard.events[-1] | {}
        await guard.say("8", "Bước 2/")
        server.redeliver(guard.events[-1])  # "8" again: must not become the title
        server.redeliver(pick)  # "/baocao" again: must not say "resume"
        await guard.say("Triển lãm ảnh biên giới", "Bước 3/")
    texts = [m.text or "" for m in server.sent_to(guard.id)]
    assert sum("Bước 2/" in text for text in texts) == 1
    assert not any(t("vi", "resume") in text for text in texts)
    assert await ProcessedUpdate.filter(channel="zalo").count() == 4


async def test_when_the_engine_fails_the_user_is_asked_to_send_again(
    database_url: str, media_dir: Path, server: FakeZaloServer
) -> None:
    settings = zalo_settings(database_url, media_dir, server)
    stranger = ZaloUser(server)
    async with polling_zalo(settings, failing_once(settings)):
        await stranger.say("xin chào", "Hãy gửi lại tin đó")
        await stranger.say("xin chào", "chưa được đăng ký")
    assert await ProcessedUpdate.all().count() == 1  # the failed event left nothing behind
    assert server.calls[0][0] == "getMe" and server.calls[1][0] == "deleteWebhook"


async def test_the_channels_own_notes_follow_the_persons_language(
    database_url: str, media_dir: Path, server: FakeZaloServer
) -> None:
    async with joined_guard(database_url, media_dir, server) as guard:
        await Person.filter(identities__external_id=guard.id).update(language="en")
        types = await guard.say("/report", "Step 1/")
    assert (types.text or "").endswith(t("en", "zalo_choice_hint"))
    assert choices(types)["Exhibition"] == "8"


async def test_dotted_ids_join_and_a_list_result_answers_every_event(
    database_url: str, media_dir: Path, server: FakeZaloServer, caplog: pytest.LogCaptureFixture
) -> None:
    await demo_units()
    code = await invite_code()
    dotted = ZaloUser(server, user_id="abc.xyz")  # the shape of the docs' sendMessage example
    longest = ZaloUser(server, user_id="u." + "x" * 62)  # as long as the id columns allow
    async with polling_zalo(zalo_settings(database_url, media_dir, server)):
        await dotted.say(code, "đã được đăng ký")
        server.push_result(
            [server.text_event(longest.id, "xin chào"), server.text_event(dotted.id, "/baocao")]
        )
        await longest.expect("chưa được đăng ký")
        await dotted.expect("Bước 1/")
        with caplog.at_level(logging.WARNING, logger="bot.channels"):
            server.push_result(42)  # neither an event nor a list: logged, polling goes on
            await longest.say("xin chào", "chưa được đăng ký")
    assert await Identity.filter(channel="zalo", external_id="abc.xyz").count() == 1
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("int" in text for text in warnings)


async def test_a_reply_answered_403_is_sent_again(
    database_url: str, media_dir: Path, server: FakeZaloServer
) -> None:
    server.faults = Faults(rate_5xx=1.0, status_5xx=403, limit=1, methods={"sendMessage"})
    async with polling_zalo(zalo_settings(database_url, media_dir, server)):
        await ZaloUser(server).say("xin chào", "chưa được đăng ký")
    assert [status for _, _, status in server.faulted] == [403]  # Zalo's "internal error"
