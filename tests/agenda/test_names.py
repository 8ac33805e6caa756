"""The naming rules every rendering shares: names, honorifics and positions per language."""

from eventsvc.agenda import names

GIANOTTI = {
    "names": [
        {"script": "Latn", "family": "Gianotti", "given": "Fabiola", "family_first": False},
        {"script": "Hans", "family": "贾诺蒂", "given": "法比奥拉", "family_first": False},
    ]
}
WANG = {
    "names": [
        {"script": "Latn", "family": "Wang", "given": "Yifang", "family_first": True},
        {"script": "Hans", "family": "王", "given": "贻芳", "family_first": True},
    ]
}


def test_display_name_of_foreign_name_in_characters_is_given_name_dot_family_name():
    assert names.display_name(GIANOTTI, "zh") == "法比奥拉·贾诺蒂"


def test_display_name_of_foreign_name_in_english_is_unchanged():
    assert names.display_name(GIANOTTI, "en") == "Fabiola Gianotti"


def test_display_name_of_chinese_name_in_characters_runs_together():
    assert names.display_name(WANG, "zh") == "王贻芳"


def test_addressed_in_chinese_puts_honorific_after_name():
    assert names.addressed("王贻芳", "教授", "zh") == "王贻芳教授"


def test_addressed_in_english_puts_honorific_before_name():
    assert names.addressed("Wang Yifang", "Prof.", "en") == "Prof. Wang Yifang"


def test_honorific_in_chinese_is_never_english():
    assert names.honorific({"en": "Prof."}, "zh", "en") == ""


def test_honorific_in_chinese_is_the_chinese_one():
    assert names.honorific({"en": "Prof.", "zh": "教授"}, "zh", "en") == "教授"


def test_honorific_in_english_falls_back_like_other_text():
    assert names.honorific({"zh": "院士"}, "en", "zh") == "院士"


def test_position_in_chinese_is_affiliation_then_title_without_comma():
    assert names.position("副部长", "科学技术部", "zh") == "科学技术部副部长"


def test_position_in_chinese_spaces_latin_text_from_characters():
    assert names.position("Director", "科学技术部", "zh") == "科学技术部 Director"


def test_position_in_english_is_title_comma_affiliation():
    assert names.position("Vice Minister", "MOST", "en") == "Vice Minister, MOST"


def test_position_with_one_part_is_that_part():
    assert names.position("", "科学技术部", "zh") == "科学技术部"
