"""Showing and ordering people's names the way a protocol office does."""

from __future__ import annotations

# Scripts preferred for each interface language; Latin is everyone's fallback.
_SCRIPTS_FOR = {
    "zh": ("Hans", "Hant"),
    "ja": ("Jpan", "Hani"),
    "ko": ("Kore", "Hang"),
    "th": ("Thai",),
}
# Scripts written without a space between family and given name.
_UNSPACED = {"Hans", "Hant", "Hani", "Jpan", "Kore", "Hang"}


def name_in(speaker: dict, lang: str) -> dict:
    """The speaker's name record best suited to lang."""
    names = speaker["names"]
    wanted = _SCRIPTS_FOR.get(lang.split("-")[0], ()) + ("Latn",)
    for script in wanted:
        for name in names:
            if name["script"] == script:
                return name
    return names[0]


def display_name(speaker: dict, lang: str) -> str:
    """ "Chen Jiachang", "陈家昌", "Orakanoke Phanraksa": each name in its own order."""
    name = name_in(speaker, lang)
    parts = (
        [name["family"], name["given"]] if name["family_first"] else [name["given"], name["family"]]
    )
    joiner = "" if name["script"] in _UNSPACED else " "
    return joiner.join(p for p in parts if p)


def latin_name(speaker: dict) -> str:
    return display_name(speaker, "en")


def protocol_key(speaker: dict) -> tuple:
    """Ranked speakers first by precedence, then everyone by family name, then given name."""
    precedence = speaker.get("precedence")
    return (
        precedence is None,
        precedence if precedence is not None else 0,
        speaker["sort_name"],
        speaker["id"],
    )


def name_key(speaker: dict) -> tuple:
    return (speaker["sort_name"], speaker["id"])


def ordered(speakers, order: str = "protocol") -> list[dict]:
    return sorted(speakers, key=protocol_key if order == "protocol" else name_key)
