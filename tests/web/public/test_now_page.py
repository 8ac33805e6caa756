"""Now and next, per room and on a hall's door screen, at any moment ?at= names."""

import pytest

from .reading import DEMO, read

NOW = f"/events/{DEMO}/now"
DISPLAY = f"/events/{DEMO}/rooms/forum-hall/display"
TITLES = {
    "opening": "Opening speech",
    "phanraksa": "Remarks: global collaboration amid rapid change",
    "xue": "Remarks: multi-level and multi-channel science diplomacy platforms",
}


def _now_and_next(client, url: str, at: str) -> tuple[list[str], list[str]]:
    page = read(client, f"{url}?at={at}&lang=en")
    dds = page.tree.xpath("//dl[@class='now-next']/dd")
    return [" ".join(dd.xpath("string(.//a[@class='title'])").split()) for dd in dds], [
        " ".join(dd.text_content().split()) for dd in dds
    ]


def test_now_at_a_sessions_start_shows_it_on(client, demo):
    titles, _ = _now_and_next(client, NOW, "2024-04-29T09:00:00%2B08:00")
    assert titles == [TITLES["opening"], TITLES["phanraksa"]]


def test_now_during_a_session_shows_it_and_the_next(client, demo):
    titles, _ = _now_and_next(client, NOW, "2024-04-29T01:25:00Z")  # 09:25 in Beijing
    assert titles == [TITLES["phanraksa"], TITLES["xue"]]


def test_now_between_sessions_shows_nothing_on_and_the_next(client, demo):
    titles, texts = _now_and_next(client, NOW, "2024-04-29T08:30")  # the event's zone
    assert (titles, texts[0]) == (["", TITLES["opening"]], "Nothing on")


def test_now_after_the_last_session_has_no_room_left(client, demo):
    page = read(client, f"{NOW}?at=2024-04-29T23:00%2B08:00&lang=en")
    assert page.texts("//section[@class='room-now']") == []
    assert page.text("//p[@class='empty']") == "No session is on now, and none is to come."


def test_door_screen_after_the_last_session_says_no_more(client, demo):
    titles, texts = _now_and_next(client, DISPLAY, "2024-04-29T23:00%2B08:00")
    assert texts == ["Nothing on", "No more sessions here"]


def test_door_screen_shows_its_room_in_chinese(client, demo):
    page = read(client, f"{DISPLAY}?at=2024-04-29T09:25%2B08:00&lang=zh")
    assert page.text("//h1") == "论坛会场"
    assert page.texts("//dl[@class='now-next']/dt") == ["现在", "下一场"]


def test_now_without_at_refreshes_every_minute(client, demo):
    response = client.get(f"{NOW}?lang=en")
    page = read(client, f"{NOW}?lang=en")
    assert page.attrs("//meta[@http-equiv='refresh']/@content") == ["60"]
    assert response.cache_control.max_age <= 60


def test_now_at_a_moment_does_not_refresh(client, demo):
    page = read(client, f"{NOW}?at=2024-04-29T09:25%2B08:00&lang=en")
    assert page.attrs("//meta[@http-equiv='refresh']/@content") == []


@pytest.mark.parametrize("at", ["yesterday", "2024-13-01T00:00"])
def test_now_at_a_bad_moment_is_422(client, demo, at):
    assert client.get(f"{NOW}?at={at}").status_code == 422


def test_door_screen_of_unknown_room_is_404(client, demo):
    assert client.get(f"/events/{DEMO}/rooms/nowhere/display").status_code == 404


def test_now_api_gives_each_rooms_sessions(client, demo):
    body = client.get(f"/api/v1/events/{DEMO}/now?at=2024-04-29T09:25%2B08:00").get_json()
    assert [
        (r["room"], r["current"]["title"]["en"], r["next"]["title"]["en"]) for r in body["rooms"]
    ] == [("forum-hall", TITLES["phanraksa"], TITLES["xue"])]
