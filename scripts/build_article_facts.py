"""Write data/article_facts.json: where and how often the source article names each place, and
what "Map a text" finds in it, as positions and counts (never passages of the text).

The app reads these facts instead of the article, so a clone without ../shared works the same.
Run after scripts/build_places.py (the counts depend on the places):
.venv/bin/python scripts/build_article_facts.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a plain script, the repo root is not on sys.path
    sys.path.insert(0, str(ROOT))
from geo.model.loader import (  # noqa: E402
    ARTICLE_PATH,  # noqa: E402
    SHIPPED_DATA_DIR,
    load_places,
)
from geo.text.article_facts import FACTS_PATH, build_facts, write_facts  # noqa: E402
from geo.text.gazetteer import Gazetteer  # noqa: E402


def main() -> None:
    if not ARTICLE_PATH.is_file():
        sys.exit(f"the source article is not at {ARTICLE_PATH} (set ARTICLE_PATH to its file)")
    places = load_places(SHIPPED_DATA_DIR / "places.geojson")
    facts = build_facts(ARTICLE_PATH.read_text(encoding="utf-8"), places, Gazetteer(places))
    write_facts(facts)
    found = len(facts["text_mapping"]["places"])
    print(f"wrote {FACTS_PATH.relative_to(ROOT)}: {facts['paragraphs']} paragraphs, {found} places found")


if __name__ == "__main__":
    main()
