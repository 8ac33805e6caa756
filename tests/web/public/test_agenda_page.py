"""The agenda page: days, forums, sessions with local times, rooms and speakers; filters."""

from .reading import DEMO, FORUM, read

SESSIONS = "//article[contains(@class,'session')]"


def test_agenda_shows_the_demo_sessions_in_local_time_in_english(client, demo):
    page = read(client, f"/events/{DEMO}?lang=en")
    assert page.lang == "en"
    assert page.title == "Agenda · Zhongguancun Forum 2024"
    assert page.texts(f"{SESSIONS}//p[@class='when']") == [
        "09:00–09:20",
        "09:20–09:35",
        "09:35–09:50",
        "10:00–11:00",
    ]
    assert page.texts(f"{SESSIONS}//*[contains(@class,'title')]") == [
        "Opening speech",
        "Remarks: global collaboration amid rapid change",
        "Remarks: multi-level and multi-channel science diplomacy platforms",
        "Dialogue: young scientists on science diplomacy",
    ]
    assert page.texts(f"{SESSIONS}//ul[@class='people']/li") == [
        "Speaker Chen Jiachang, Vice Minister, Ministry of Science and Technology (MOST)",
        "Speaker Orakanoke Phanraksa, Head of International Affairs, "
        "Thailand Science Research and Innovation (TSRI)",
        "Speaker Xue Lan, Dean, Schwarzman College, Tsinghua University",
    ]
    assert page.texts("//section[@class='day']/h2") == ["Monday, April 29, 2024"]
    assert page.texts("//section[@class='forum-column']/h3") == [
        "International Forum on Science and Diplomacy"
    ]
    assert page.texts(f"{SESSIONS}//span[@class='room']") == ["Forum Hall"] * 4
    assert page.texts("//p[@class='zone']") == ["All times are local to Asia/Shanghai (UTC+08:00)."]


def test_agenda_shows_the_demo_in_chinese(client, demo):
    page = read(client, f"/events/{DEMO}?lang=zh")
    assert page.lang == "zh"
    assert page.title == "日程 · 2024中关村论坛"
    assert page.texts(f"{SESSIONS}//p[@class='when']") == [
        "09:00–09:20",
        "09:20–09:35",
        "09:35–09:50",
        "10:00–11:00",
    ]
    assert page.texts(f"{SESSIONS}//ul[@class='people']/li") == [
        "演讲嘉宾 陈家昌，科学技术部副部长",
        "演讲嘉宾 Orakanoke Phanraksa，泰国科学研究与创新署国际事务负责人",
        "演讲嘉宾 薛澜，清华大学苏世民书院院长",
    ]
    assert page.texts("//section[@class='day']/h2") == ["2024年4月29日星期一"]
    assert page.texts("//p[@class='zone']") == ["所有时间均为北京时间（UTC+08:00）。"]


def test_agenda_language_follows_accept_language_without_lang(client, demo):
    page = read(client, f"/events/{DEMO}", **{"Accept-Language": "zh-CN,zh;q=0.9"})
    assert page.lang == "zh"
    assert page.texts("//section[@class='forum-column']/h3") == ["科学与外交国际论坛"]


def test_agenda_filters_keep_links_in_step(client, demo):
    page = read(client, f"/events/{DEMO}?forum={FORUM}&day=2024-04-29&lang=en")
    assert page.attrs("//nav[@class='languages']//a/@href") == [
        f"/events/{DEMO}?day=2024-04-29&forum={FORUM}&lang=en",
        f"/events/{DEMO}?day=2024-04-29&forum={FORUM}&lang=zh",
    ]
    assert page.attrs("//footer//a[contains(@href,'webcal:')]/@href") == [
        f"webcal://localhost/events/{DEMO}/forums/{FORUM}/calendar.ics?lang=en"
    ]
    assert page.attrs("//footer//a[@type='application/json']/@href") == [
        f"/api/v1/events/{DEMO}/agenda?day=2024-04-29&forum={FORUM}"
    ]
    assert page.attrs("//select[@name='forum']/option[@selected]/@value") == [FORUM]
    assert len(page.texts(SESSIONS)) == 4


def test_agenda_room_filter_links_the_room_feed(client, demo):
    page = read(client, f"/events/{DEMO}?room=forum-hall&lang=en")
    assert page.attrs("//footer//a[contains(@href,'calendar.google.com')]/@href") == [
        "https://calendar.google.com/calendar/r?cid="
        f"webcal%3A%2F%2Flocalhost%2Fevents%2F{DEMO}%2Frooms%2Fforum-hall%2Fcalendar.ics%3Flang%3Den"
    ]


def test_agenda_day_without_sessions_says_so(client, demo):
    page = read(client, f"/events/{DEMO}?day=2024-04-25&lang=en")
    assert page.texts(SESSIONS) == []
    assert page.texts("//p[@class='empty']") == ["No session matches these filters."]


def test_agenda_unknown_forum_is_a_readable_404(client, demo):
    response = client.get(f"/events/{DEMO}?forum=nope&lang=zh")
    assert response.status_code == 404
    assert "页面不存在" in response.get_data(as_text=True)


def test_agenda_bad_day_is_a_readable_422(client, demo):
    response = client.get(f"/events/{DEMO}?day=29-04-2024")
    assert response.status_code == 422
    assert "day must be a date like 2024-04-29" in response.get_data(as_text=True)


def test_agenda_of_unknown_event_is_404(client, app):
    assert client.get("/events/nothing-here").status_code == 404


def test_agenda_cancelled_session_is_struck_through_not_hidden(client, app, in_app):
    from eventsvc.releases.publish import publish
    from tests.factories import make_event, make_forum, make_session

    with in_app() as db_session:
        event = make_event()
        forum = make_forum(event)
        make_session(forum, title={"en": "Kept"})
        make_session(forum, title={"en": "Called off"}, status="cancelled")
        publish(event, None)
        db_session.commit()
        slug = event.slug
    page = read(client, f"/events/{slug}?lang=en")
    assert page.texts(f"{SESSIONS}//*[contains(@class,'title')]") == ["Kept", "Called off"]
    assert page.texts(f"{SESSIONS}[contains(@class,'cancelled')]//del") == ["Called off"]
    assert page.texts(
        f"{SESSIONS}[contains(@class,'cancelled')]//span[contains(@class,'status')]"
    ) == ["Cancelled"]
