"""Time zones named as each language's readers name them."""

import pytest

from eventsvc.zones import zone_name


@pytest.mark.parametrize(
    ("key", "chinese"),
    [
        ("Asia/Shanghai", "北京时间"),
        # Old names of the same zone, still accepted by zoneinfo.
        ("PRC", "北京时间"),
        ("Asia/Chongqing", "北京时间"),
        ("Europe/Berlin", "中欧时间"),
        ("Asia/Hong_Kong", "香港时间"),
        # Zones of no place keep their key, not CLDR's 未知地区（UTC）时间.
        ("UTC", "UTC"),
        ("Etc/GMT-8", "Etc/GMT-8"),
    ],
)
def test_chinese_readers_get_the_zones_chinese_name(key, chinese):
    assert (zone_name(key, "zh"), zone_name(key, "en")) == (chinese, key)
