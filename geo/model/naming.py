"""How a place is labelled under the chosen naming.

Two rules, for a room where both sides sit together:
- a contested place always shows both sides' names in Latin script, whatever the naming, so
  everyone can read both: "Shusha / Shushi", "Şuşa (Shusha) / Shushi", "Շուշի (Shushi) / Shusha";
- where a naming's name is an exonym (Gandzak for Ganja, İrəvan for Yerevan), the official local
  name is shown beside it: "Գանձակ (Gəncə)".
"""

from __future__ import annotations

NAMINGS = {"en": "English", "az": "Azerbaijani", "hy": "Armenian", "ru": "Russian"}


def place_label(names: dict | None, contested: dict | None, naming: str = "en", exonyms: dict | None = None) -> str:
    """E.g. "Shusha / Shushi" (en), "Şuşa (Shusha) / Shushi" (az), "Շուշի (Shushi) / Shusha" (hy),
    "Шуша (Shusha) / Shushi" (ru), "Գանձակ (Gəncə)" (hy, an exonym).

    `contested` holds each side's Latin-script name ({"az": …, "hy": …}); the naming's own side
    comes first (Armenian usage under hy, Azerbaijani usage otherwise). `exonyms` maps a naming
    to the official local name to show beside that naming's name.
    """
    names = names or {}
    native = names.get(naming) or names.get("en") or ""
    if not contested:
        official = (exonyms or {}).get(naming)
        return f"{native} ({official})" if official and official != native else native
    own, other = ("hy", "az") if naming == "hy" else ("az", "hy")
    head, own_name = contested[own], names.get(naming)
    if naming != "en" and own_name and own_name.casefold() != head.casefold():
        head = f"{own_name} ({head})"
    return f"{head} / {contested[other]}"
