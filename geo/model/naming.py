"""How a place is labelled under the chosen naming.

Rules, for a room where both sides sit together:
- a contested place always shows both sides' names, whatever the naming, so everyone can read both:
  "Shusha / Shushi", "Şuşa (Shusha) / Shushi", "Շուշի (Shushi) / Shusha", "Шуша / Шуши";
- which name comes first (ORDER_RULE, stated on the Sources page): the Armenian usage under Armenian
  naming; under English, Azerbaijani and Russian naming the name in official use today, the
  Azerbaijani usage (every contested place is inside Azerbaijan's internationally recognised borders
  and, since 2023, under its administration);
- both names are in Latin script, except under Russian naming, where the other side's name is in
  Cyrillic when Russian has an established form of it ("Шуши", "Арцах");
- where a naming's name is an exonym (Gandzak for Ganja, İrəvan for Yerevan), the official local
  name is shown beside it: "Գանձակ (Gəncə)".
"""

from __future__ import annotations

from geo.model.i18n import N_

NAMINGS = {"en": N_("English"), "az": N_("Azerbaijani"), "hy": N_("Armenian"), "ru": N_("Russian")}
ORDER_RULE = N_(
    "Contested places carry both names in every naming. Which comes first follows one rule: under "
    "Armenian naming the Armenian name (Շուշի (Shushi) / Shusha); under English, Azerbaijani and Russian "
    "naming the name in official use today, the Azerbaijani one (Shusha / Shushi, Şuşa (Shusha) / Shushi, "
    "Шуша / Шуши), as every contested place lies inside Azerbaijan's internationally recognised borders "
    "and has been under its administration since 2023 (facts from outside the article). The order says "
    "which name is official now; it does not rank the two. Under Russian naming the other side's name "
    "is written in Cyrillic where Russian has an established form of it (Шуши, Арцах); elsewhere both "
    "names are in Latin script."
)


def place_label(names: dict | None, contested: dict | None, naming: str = "en", exonyms: dict | None = None) -> str:
    """E.g. "Shusha / Shushi" (en), "Şuşa (Shusha) / Shushi" (az), "Շուշի (Shushi) / Shusha" (hy),
    "Шуша / Шуши" (ru), "Գանձակ (Gəncə)" (hy, an exonym).

    `contested` holds each side's Latin-script name ({"az": …, "hy": …}) and may hold the Armenian
    usage in Cyrillic ("hy_ru"); the order is ORDER_RULE's. `exonyms` maps a naming to the official
    local name to show beside that naming's name.
    """
    names = names or {}
    native = names.get(naming) or names.get("en") or ""
    if not contested:
        official = (exonyms or {}).get(naming)
        return f"{native} ({official})" if official and official != native else native
    if naming == "ru" and contested.get("hy_ru") and names.get("ru"):
        return f"{names['ru']} / {contested['hy_ru']}"
    own, other = ("hy", "az") if naming == "hy" else ("az", "hy")
    head, own_name = contested[own], names.get(naming)
    if naming != "en" and own_name and own_name.casefold() != head.casefold():
        head = f"{own_name} ({head})"
    return f"{head} / {contested[other]}"
