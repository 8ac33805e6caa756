"""One day as a grid: rooms as columns, each session a block as long as it lasts."""

from .reading import DEMO, read


def test_timetable_places_sessions_by_room_and_time(client, demo):
    page = read(client, f"/events/{DEMO}/timetable?lang=en")
    assert page.title == "Timetable · Monday, April 29, 2024 · Zhongguancun Forum 2024"
    assert page.texts("//p[@class='room-head']") == ["Forum Hall"]
    # 09:00 is grid line 2 (line 1 holds the room names); five-minute rows.
    assert page.attrs("//article[contains(@class,'block')]/@style") == [
        "grid-column: 2; grid-row: 2 / 6",
        "grid-column: 2; grid-row: 6 / 9",
        "grid-column: 2; grid-row: 9 / 12",
        "grid-column: 2; grid-row: 14 / 26",
    ]
    assert page.texts("//p[@class='mark']") == ["09:00", "09:30", "10:00", "10:30"]
    assert page.texts("//article[contains(@class,'block')]/p[@class='when']") == [
        "09:00–09:20, Forum Hall",
        "09:20–09:35, Forum Hall",
        "09:35–09:50, Forum Hall",
        "10:00–11:00, Forum Hall",
    ]


def test_timetable_in_chinese(client, demo):
    page = read(client, f"/events/{DEMO}/timetable?day=2024-04-29&lang=zh")
    assert page.title == "时间表 · 2024年4月29日星期一 · 2024中关村论坛"
    assert page.texts("//p[@class='room-head']") == ["论坛会场"]
    assert page.texts("//article[contains(@class,'block')]/p[@class='people']") == [
        "陈家昌",
        "Orakanoke Phanraksa",
        "薛澜",
    ]


def test_timetable_of_a_day_without_sessions_says_so(client, demo):
    page = read(client, f"/events/{DEMO}/timetable?day=2024-04-25&lang=en")
    assert page.texts("//p[@class='empty']") == ["No session is published for this day."]
