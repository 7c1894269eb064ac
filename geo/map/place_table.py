"""The places page's table: every place with its names, where it is, and where the article names it."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from geo.model.i18n import N_
from geo.model.naming import place_label
from geo.text.article_facts import place_mentions
from geo.text.gazetteer import normalise_key

GEONAMES_URL = "https://www.geonames.org/{}"
# The words for a place's kind and precision (geo.model.schema's PLACE_KINDS and PRECISIONS), for
# the catalogues: the page shows them in the reader's language.
KIND_WORDS = (N_("capital"), N_("city"), N_("town"), N_("district"), N_("region"), N_("territory"), N_("country"),
              N_("continent"), N_("sea"), N_("corridor"))  # fmt: skip
PRECISION_WORDS = (N_("exact"), N_("approximate"), N_("schematic"))
# Column names, also the headers the page shows (translated there).
TABLE_COLUMNS = [
    N_("Name"), N_("English"), N_("Azerbaijani"), N_("Armenian"), N_("Russian"), N_("Kind"), N_("Latitude"),
    N_("Longitude"), N_("Precision"), "GeoNames", N_("Mentions"), N_("Paragraphs"),
]  # fmt: skip


def article_mentions(places: gpd.GeoDataFrame, facts: dict | None) -> tuple[dict[str, tuple[int | None, tuple]], bool]:
    """Place id -> (how many times the article names it, its paragraphs), and whether the
    counts come from the article. `facts` are the precomputed article facts
    (`geo.text.article_facts`), counted by the finder with the app's own places only, as the data
    was built; without them (another dataset), the paragraphs recorded in the places file are
    used and the counts are unknown (None)."""
    if facts:
        counted = place_mentions(facts)
        return {pid: counted.get(pid, (0, ())) for pid in places["id"]}, True
    recorded = zip(places["id"], places["source_paragraphs"], strict=True)
    return {pid: (None, tuple(paragraphs)) for pid, paragraphs in recorded}, False


def place_rows(
    places: gpd.GeoDataFrame, mentions: dict[str, tuple[int | None, tuple]], naming: str = "en"
) -> pd.DataFrame:
    """One row per place, indexed by place id, its "Name" as `naming` writes it (both names of a contested
    place). Shapes and lines are located at a point inside them."""
    rows = []
    for place in places.itertuples(index=False):
        point = place.geometry if place.geometry.geom_type == "Point" else place.geometry.representative_point()
        names = place.names or {}
        count, paragraphs = mentions.get(place.id, (None, ()))
        rows.append(
            {
                "id": place.id,
                "Name": place_label(names, place.contested_names, naming),
                "English": names.get("en", ""),
                "Azerbaijani": names.get("az", ""),
                "Armenian": names.get("hy", ""),
                "Russian": names.get("ru", ""),
                "Kind": place.kind,
                "Latitude": round(point.y, 4),
                "Longitude": round(point.x, 4),
                "Precision": place.precision,
                "GeoNames": GEONAMES_URL.format(int(place.geonames_id)) if pd.notna(place.geonames_id) else None,
                "Mentions": count,
                "Paragraphs": ", ".join(str(p) for p in paragraphs),
                "search": " | ".join(
                    normalise_key(n)
                    for n in [
                        place.name,
                        *names.values(),
                        *(place.aliases or []),
                        *(place.contested_names or {}).values(),
                    ]
                ),
            }
        )
    table = pd.DataFrame(rows).set_index("id")
    table["Mentions"] = table["Mentions"].astype("Int64")
    return table


def search(table: pd.DataFrame, query: str) -> pd.DataFrame:
    """Rows whose names (any language, or an alias) contain the query, ignoring case and accents."""
    key = normalise_key(query or "")
    if not key:
        return table
    return table[table["search"].str.contains(key, regex=False)]
