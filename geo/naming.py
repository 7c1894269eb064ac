"""How a place is labelled under the chosen naming; contested places always show both names."""

from __future__ import annotations

NAMINGS = {"en": "English", "az": "Azerbaijani", "hy": "Armenian", "ru": "Russian"}


def place_label(names: dict | None, contested: dict | None, naming: str = "en") -> str:
    """E.g. "Shusha / Shushi" (en), "Şuşa / Shushi" (az), "Շուշի / Shusha" (hy).

    The chosen language's name comes first; a contested place adds the other side's
    Latin-script name, so both names are always there.
    """
    names = names or {}
    first = names.get(naming) or names.get("en") or ""
    if not contested:
        return first
    other = contested["az"] if naming == "hy" else contested["hy"]
    if other.casefold() == first.casefold():
        other = contested["hy"] if other == contested["az"] else contested["az"]
    return f"{first} / {other}"
