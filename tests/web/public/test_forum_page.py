"""A forum's page: theme, host and organizers in order, sessions and speakers."""

from .reading import DEMO, FORUM, FORUM_ORGANIZATIONS_ZH, read

URL = f"/events/{DEMO}/forums/{FORUM}"


def test_forum_page_in_english(client, demo):
    page = read(client, f"{URL}?lang=en")
    assert page.title == "International Forum on Science and Diplomacy · Zhongguancun Forum 2024"
    assert page.text("//h1") == "International Forum on Science and Diplomacy"
    assert (
        page.text("//p[@class='theme']")
        == "Theme Promoting Open Innovation, Cooperation for Mutual Benefits"
    )
    assert page.texts("//dl[@class='organizations']/*") == [
        "Host",
        "Ministry of Science and Technology (MOST)",
        "Organizers",
        "China Association for International Science and Technology",
        "Beijing Municipal Science and Technology Commission",
        "Administrative Commission of Zhongguancun Science Park",
    ]
    assert page.texts("//article//p[@class='when']") == [
        "09:00–09:20",
        "09:20–09:35",
        "09:35–09:50",
        "10:00–11:00",
    ]
    assert page.texts("//ul[@class='speaker-list']/li") == [
        "Chen Jiachang, Vice Minister, Ministry of Science and Technology (MOST)",
        "Orakanoke Phanraksa, Head of International Affairs, "
        "Thailand Science Research and Innovation (TSRI)",
        "Xue Lan, Dean, Schwarzman College, Tsinghua University",
    ]
    assert page.attrs("//footer//a[starts-with(@href,'webcal:')]/@href") == [
        f"webcal://localhost/events/{DEMO}/forums/{FORUM}/calendar.ics?lang=en"
    ]
    assert page.attrs("//footer//a[@type='application/json']/@href") == [
        f"/api/v1/events/{DEMO}/forums/{FORUM}"
    ]


def test_forum_page_in_chinese(client, demo):
    page = read(client, f"{URL}?lang=zh")
    assert page.lang == "zh"
    assert page.title == "科学与外交国际论坛 · 2024中关村论坛"
    assert page.text("//p[@class='theme']") == "主题 推动开放创新，合作互利共赢"
    assert page.texts("//dl[@class='organizations']/*") == FORUM_ORGANIZATIONS_ZH
    assert page.texts("//ul[@class='speaker-list']/li") == [
        "陈家昌，科学技术部副部长",
        "Orakanoke Phanraksa，泰国科学研究与创新署国际事务负责人",
        "薛澜，清华大学苏世民书院院长",
    ]


def test_forum_page_of_unknown_forum_is_404(client, demo):
    assert client.get(f"/events/{DEMO}/forums/nope").status_code == 404
