"""Places: the gazetteer as a searchable table, a small map of the chosen place, a link to the dashboard.

Wiring only: the table comes from `geo.map.place_table`, the map from `geo.map.mapview` / `geo.map.textmap`.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from app_data import localized, shipped_data, shipped_data_or_stop
from geo.io.formats import spreadsheet_safe
from geo.map.framing import PAGE_TITLE_SUFFIX, SOURCE_LINE
from geo.map.mapview import base_map
from geo.map.place_table import TABLE_COLUMNS, article_mentions, place_rows, search
from geo.map.safe import markdown_text
from geo.map.textmap import place_highlight, place_view
from geo.model.loader import DATA_DIR, SHIPPED_DATA_DIR
from geo.model.naming import NAMINGS
from geo.model.prepare import in_naming, paragraph_text
from geo.model.schema import CATEGORIES
from geo.model.viewstate import ViewState, view_query
from geo.text.article_facts import load_facts
from ui.lang import _, current_lang, lang_query, language_selector, n_, session_texts

st.set_page_config(page_title=_("Places") + " · " + _(PAGE_TITLE_SUFFIX), page_icon="🗺️", layout="wide")

PLACE_MAP_HEIGHT = 420


@st.cache_data
def places_table(naming: str):
    places = shipped_data().places
    # The shipped facts describe the shipped places; another dataset (MAP_DATA_DIR) has none.
    facts = load_facts() if DATA_DIR == SHIPPED_DATA_DIR else None
    mentions, from_article = article_mentions(places, facts)
    return place_rows(places, mentions, naming), from_article


def page_naming() -> str:
    """The dashboard's naming, when the link carries it (`names`), else the reader's language's: the
    table's names, the map's labels and the notes."""
    asked = st.query_params.get("names")
    return asked if asked in NAMINGS else current_lang()


def choose_from_table() -> None:
    """A row picked in the table becomes the chosen place."""
    rows = st.session_state.places_table.selection.rows
    if rows:
        table, _from_article = places_table(page_naming())
        shown = search(table, st.session_state.get("places_search", ""))
        st.session_state.place_choice = shown.index[rows[0]]


def open_on_dashboard(place_id: str) -> None:
    base = st.session_state.get("saved_view") or ViewState(date=shipped_data().war_bounds[1], layers=CATEGORIES)
    query = view_query(replace(base, event=None, place=place_id), CATEGORIES)
    st.switch_page("dashboard.py", query_params={**query, **lang_query()})


def main() -> None:
    language_selector()
    st.title(_("Places"))
    st.caption(_(SOURCE_LINE))
    data = localized(shipped_data_or_stop(), current_lang())  # our notes in the reader's language
    naming = page_naming()
    table, from_article = places_table(naming)
    language = session_texts()
    where = (
        _(
            "Mentions were counted in the article by the app's place finder (stored with the data, so "
            "they show without the article's text)."
        )
        if from_article
        else _(
            "These places are not the article's: paragraphs are those recorded in the places file, "
            "and mentions are not counted."
        )
    )
    st.caption(
        n_(
            "All {count} place on the map, with its names in four languages; contested places always show both "
            "names. {where} Shapes and lines (countries, corridors) are located at a point inside them.",
            "All {count} places on the map, with their names in four languages; contested places always show both "
            "names. {where} Shapes and lines (countries, corridors) are located at a point inside them.",
            len(table),
            where=where,
        )
    )
    query = st.text_input(
        _("Search names (any language, or another spelling)"),
        key="places_search",
        placeholder=_("e.g. Shushi, Şuşa, Berdzor, Гянджа"),
    )
    shown = search(table, query)
    if shown.empty:
        st.info(markdown_text(_("No place has a name containing {query}.", query=repr(query))))
        return
    st.dataframe(
        spreadsheet_safe(
            shown[TABLE_COLUMNS].assign(Kind=shown["Kind"].map(language), Precision=shown["Precision"].map(language))
        ),
        hide_index=True,
        width="stretch",
        key="places_table",
        on_select=choose_from_table,
        selection_mode="single-row",
        column_config={
            **{column: st.column_config.Column(_(column)) for column in TABLE_COLUMNS},
            "GeoNames": st.column_config.LinkColumn("GeoNames", display_text=r"https://www\.geonames\.org/(\d+)"),
            "Latitude": st.column_config.NumberColumn(_("Latitude"), format="%.4f"),
            "Longitude": st.column_config.NumberColumn(_("Longitude"), format="%.4f"),
        },
    )
    if st.session_state.get("place_choice") not in shown.index:
        st.session_state.place_choice = shown.index[0]
    map_column, detail_column = st.columns([3, 2])
    with detail_column:
        choice = st.selectbox(
            _("Place"),
            list(shown.index),
            format_func=lambda pid: table.at[pid, "Name"],
            key="place_choice",
            help=_("Or pick a row in the table."),
        )
        row = table.loc[choice]
        place = data.places.set_index("id").loc[choice]
        st.subheader(markdown_text(row["Name"]))
        names = " · ".join(
            f"{language(NAMINGS[lang])}: {markdown_text(place.names[lang])}"
            for lang in NAMINGS
            if place.names.get(lang)
        )
        st.markdown(names)
        latitude, longitude = f"{row['Latitude']:.4f}", f"{row['Longitude']:.4f}"
        st.markdown(
            _(
                "Kind: {kind} · position: {precision} ({latitude}, {longitude})",
                kind=markdown_text(language(row["Kind"])),
                precision=markdown_text(language(row["Precision"])),
                latitude=latitude,
                longitude=longitude,
            )
        )
        if pd.notna(row["Mentions"]):
            mentions = int(row["Mentions"])
            if mentions == 1:
                st.markdown(_("The article names it once."))
            elif mentions:
                st.markdown(n_("The article names it {count} time.", "The article names it {count} times.", mentions))
            else:
                st.markdown(_("The article does not name it."))
        if row["Paragraphs"]:
            st.markdown(markdown_text(paragraph_text([int(p) for p in row["Paragraphs"].split(", ")], language)))
        if place.note:
            # Our own note, its contested places named as the link's naming writes them.
            st.caption(markdown_text(in_naming(place.note, data.places_by_id, naming)))
        label = _("Open the dashboard centred on {name}", name=markdown_text(row["Name"]))
        if st.button(label, key="place_open", type="primary"):
            open_on_dashboard(choice)
    with map_column:
        view = place_view(place.kind, place.geometry)
        st_folium(
            base_map(data.places, naming, lang=current_lang()),
            key="place_map",
            height=PLACE_MAP_HEIGHT,
            use_container_width=True,
            returned_objects=[],
            feature_group_to_add=place_highlight(place.geometry),
            center=view["center"],
            zoom=view["zoom"],
        )


main()
