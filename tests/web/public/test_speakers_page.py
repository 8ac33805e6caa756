"""The speaker list, ordered as a protocol office would, names shown in their own order."""

from .reading import DEMO, FORUM, read

NAMES = "//ol[@class='speaker-list']/li//*[@class='name']"


def test_speakers_default_to_protocol_order(client, demo):
    page = read(client, f"/events/{DEMO}/speakers?lang=en")
    assert page.title == "Speakers · Zhongguancun Forum 2024"
    assert page.texts(NAMES) == ["Chen Jiachang", "Orakanoke Phanraksa", "Xue Lan"]
    assert page.texts("//nav[@class='order']//a[@aria-current]") == ["In protocol order"]


def test_speakers_by_name_sort_by_family_name(client, demo):
    page = read(client, f"/events/{DEMO}/speakers?order=name&lang=en")
    assert page.texts(NAMES) == [
        "Chen Jiachang",
        "Orakanoke Phanraksa",
        "Xue Lan",
    ]  # Chen, Phanraksa, Xue
    assert page.texts("//nav[@class='order']//a[@aria-current]") == ["By family name"]


def test_speakers_in_chinese_show_chinese_names_in_characters(client, demo):
    page = read(client, f"/events/{DEMO}/speakers?lang=zh")
    assert page.texts(NAMES) == ["陈家昌", "Orakanoke Phanraksa", "薛澜"]
    assert page.texts("//ol[@class='speaker-list']/li/p") == [
        "陈家昌，科学技术部副部长",
        "Orakanoke Phanraksa，泰国科学研究与创新署国际事务负责人",
        "薛澜，清华大学苏世民书院院长",
    ]
    assert page.texts("//ul[@class='their-sessions']/li/time") == [
        "2024年4月29日 09:00",
        "2024年4月29日 09:20",
        "2024年4月29日 09:35",
    ]


def test_speakers_of_a_forum_keep_forum_and_order_in_links(client, demo):
    page = read(client, f"/events/{DEMO}/speakers?forum={FORUM}&order=name&lang=en")
    assert page.attrs("//nav[@class='languages']//a/@href") == [
        f"/events/{DEMO}/speakers?forum={FORUM}&order=name&lang=en",
        f"/events/{DEMO}/speakers?forum={FORUM}&order=name&lang=zh",
    ]
    assert page.attrs("//footer//a[@type='application/json']/@href") == [
        f"/api/v1/events/{DEMO}/speakers?forum={FORUM}&order=name"
    ]
    assert page.attrs("//footer//a[starts-with(@href,'webcal:')]/@href") == [
        f"webcal://localhost/events/{DEMO}/forums/{FORUM}/calendar.ics?lang=en"
    ]


def test_speakers_unknown_order_is_422(client, demo):
    assert client.get(f"/events/{DEMO}/speakers?order=height").status_code == 422
