"""Reading public pages the way a reader does: strictly parsed, by visible text."""

from __future__ import annotations

import html5lib
import lxml.html

DEMO = "zgc-forum-2024"
FORUM = "science-diplomacy"
# The forum's organizations as its Chinese page lists them: each role, then its members.
FORUM_ORGANIZATIONS_ZH = [
    "主办单位",
    "中华人民共和国科学技术部（科技部）",
    "承办单位",
    "中国国际科学技术合作协会",
    "北京市科学技术委员会",
    "中关村科技园区管理委员会",
]
# Every public page of the demo, as a reader reaches it.
PAGES = (
    "/",
    f"/events/{DEMO}",
    f"/events/{DEMO}?day=2024-04-29&forum={FORUM}&room=forum-hall",
    f"/events/{DEMO}/forums/{FORUM}",
    f"/events/{DEMO}/speakers",
    f"/events/{DEMO}/speakers?order=name&forum={FORUM}",
    f"/events/{DEMO}/timetable",
    f"/events/{DEMO}/changes",
    f"/events/{DEMO}/sessions/6f1c2a0e-5b1d-4c55-9a57-1b0c6b1e0001",
    f"/events/{DEMO}/speakers/xue-lan",
    f"/events/{DEMO}/search?q=薛澜",
    f"/events/{DEMO}/now?at=2024-04-29T09:25",
    f"/events/{DEMO}/rooms/forum-hall/display?at=2024-04-29T09:25",
)


class Page:
    def __init__(self, response):
        self.response = response
        self.html = response.get_data(as_text=True)
        # Strict: any parse error (a stray tag, a bad attribute) raises here.
        html5lib.HTMLParser(strict=True).parse(self.html)
        self.tree = lxml.html.fromstring(self.html)

    def texts(self, xpath: str) -> list[str]:
        return [" ".join(e.text_content().split()) for e in self.tree.xpath(xpath)]

    def text(self, xpath: str) -> str:
        (found,) = self.texts(xpath)
        return found

    def attrs(self, xpath: str) -> list[str]:
        return [str(v) for v in self.tree.xpath(xpath)]

    @property
    def title(self) -> str:
        return self.text("//title")

    @property
    def lang(self) -> str:
        return self.tree.get("lang")


def read(client, url: str, **headers) -> Page:
    response = client.get(url, headers=headers)
    assert response.status_code == 200, (url, response.status_code)
    assert response.mimetype == "text/html"
    return Page(response)


def with_lang(url: str, lang: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}lang={lang}"
