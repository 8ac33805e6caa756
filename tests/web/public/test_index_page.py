"""/: the published events, leading a newcomer straight to the demo."""

from eventsvc.extensions import db
from tests.factories import make_event

from .reading import DEMO, read


def test_index_leads_to_the_demo(client, demo, in_app):
    with in_app():
        make_event()  # never published: not listed
        db.session.commit()
    page = read(client, "/?lang=en")
    assert page.title == "Published events · Conference agendas"
    assert page.texts("//ul[@class='events']/li/h2") == ["Zhongguancun Forum 2024"]
    assert page.attrs("//p[@class='lead']/a/@href") == [f"/events/{DEMO}?lang=en"]
    assert page.attrs("//ul[@class='events']//a[starts-with(@href,'webcal:')]/@href") == [
        f"webcal://localhost/events/{DEMO}/calendar.ics?lang=en"
    ]
    assert page.attrs("//footer//a[@type='application/json']/@href") == ["/api/v1/events"]


def test_index_in_chinese(client, demo):
    page = read(client, "/?lang=zh")
    assert page.title == "已发布的会议 · 会议日程"
    assert page.text("//p[@class='lead']") == "初次访问？请从2024中关村论坛的日程开始。"


def test_index_without_events_explains_how_to_get_one(client, app):
    page = read(client, "/?lang=en")
    assert page.texts("//ul[@class='events']/li") == []
    assert "eventsvc demo" in page.text("//p[@class='empty']")
