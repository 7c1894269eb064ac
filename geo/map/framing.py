"""What every screen says about the source: the title, the one-line source note, and what
"The article says" means. One place for these texts; the dashboard, presentation mode, the
pages and the static export (which receives them as data) all read them from here.
"""

from __future__ import annotations

from geo.model.i18n import N_

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
WAR_AREAS_SOURCE = (
    "the 10 November 2020 statement and the reports each state names (listed on the app's Sources page); "
    "outlines: geoBoundaries AZE ADM2, CC BY-SA 3.0, simplified by this project."
)
