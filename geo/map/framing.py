"""What every screen says about the source: the title, the one-line source note, and what
"The article says" means. One place for these texts; the dashboard, presentation mode, the
pages and the static export (which receives them as data) all read them from here.
"""

from __future__ import annotations

import re

from geo.model.i18n import N_, Texts

TITLE = N_("One article's account of the 2020 Karabakh war, on a map")
PAGE_TITLE_SUFFIX = N_("One article's account of the Karabakh war")

# Short enough to stay on every presentation slide, readable from the back of a room.
SOURCE_LINE = N_(
    "Source: one opinion article, written from an Azerbaijani perspective. The map shows only what "
    "it mentions; it is not a record of the war."
)
ARTICLE_SAYS_MEANING = N_(
    "“The article says …” marks the article's own claims and framing, paraphrased by us and not "
    "checked against other sources; titles and summaries are our own neutral wording."
)
CITATION_NOTE = N_("Each event cites the article's paragraphs; what comes from outside the article says so.")

# The dashboard's and the export's caption under the title.
INTRO = f"{SOURCE_LINE} {ARTICLE_SAYS_MEANING} {CITATION_NOTE}"

OUTLINES_NOTE = N_("Country outlines: {source}")
NATURAL_EARTH = N_("Natural Earth (public domain).")
# The labels of the shipped files' credit lines ("Points: GeoNames … Country outlines: Natural Earth …").
CREDIT_LABELS = {"Points:": N_("Points: {source}"), "Country outlines:": OUTLINES_NOTE}
_CREDIT_PARTS = re.compile(r"\s+(?=(?:Points|Country outlines):)")


def credit_in(attribution: str, language: Texts) -> str:
    """A data file's credit line with its labels in `language`; the sources' names (and any words
    of a credit we do not know) stay as the file writes them."""
    parts = []
    for part in _CREDIT_PARTS.split(attribution.strip()):
        label = next((label for label in CREDIT_LABELS if part.startswith(label)), None)
        parts.append(language(CREDIT_LABELS[label], source=part.removeprefix(label).strip()) if label else part)
    return " ".join(parts)


def basemap_credit(attribution: str | None, language: Texts) -> str:
    """The country outlines' credit in `language`: the basemap file's own attribution ("Country
    outlines: Natural Earth 1:110m …", the source's name) under the translated label."""
    return credit_in(attribution, language) if attribution else language(OUTLINES_NOTE, source=language(NATURAL_EARTH))


def intro(language: Texts) -> str:
    """INTRO in `language` (the handout's and the export's, which are not made in a session)."""
    return " ".join(language(text) for text in (SOURCE_LINE, ARTICLE_SAYS_MEANING, CITATION_NOTE))


# Whose account a downloaded file holds (in the file: GeoJSON metadata, a CSV column, KML's description).
ARTICLE_ACCOUNT = f"{SOURCE_LINE} {CITATION_NOTE}"
UPLOAD_ACCOUNT = (
    "Events someone uploaded to the map: their own data and its sources' account, not the article's; "
    "the map checked their format, not what they say."
)
# The "Your data" page, under its title, after the source line.
DATA_PAGE_NOTE = N_(
    "Its downloads say so inside the file. Events you upload and texts you map are "
    "their own sources' account, not the article's, and their downloads say that instead."
)
TEXT_ACCOUNT = (
    "Places and dates the map found in a text someone gave it, reviewed by them: that text's account, "
    "not the article's; the map checked their format, not what they say."
)

# What is known of the text itself (Sources page).
PUBLICATION_NOTE = N_(
    "The text we have is an **excerpt**: it begins at a section heading in the middle of a longer "
    "piece, cites numbered references without the list they point to, and ends on a stray running "
    "head. It names no author, title, journal or date of publication. Its latest dated event is "
    "11 January 2021, so it was written after that day."
)

# The war's areas' source in a line, for the handout's map (the full credit is in data/areas.geojson's
# attribution and on the Sources page).
WAR_AREAS_SOURCE = N_(
    "the 10 November 2020 statement and the reports each state names (listed on the app's Sources page); "
    "outlines: geoBoundaries AZE ADM2, CC BY-SA 3.0, simplified by this project."
)
