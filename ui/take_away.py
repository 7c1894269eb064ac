"""Your data, "Download the data": the article's events and places, and the session's own, in
every export format (`geo.io.formats`)."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from app_data import places_attribution, shipped_data
from geo.io.formats import FORMATS, export, file_name
from geo.map.framing import ARTICLE_ACCOUNT, UPLOAD_ACCOUNT
from geo.model.schema import UPLOAD_ID_PREFIX
from ui.lang import _
from ui.widgets import save_button

ARTICLE_LABEL = "karabakh-article"


@st.cache_data(show_spinner=False)
def article_export(kind: str, extension: str, day: dt.date) -> bytes:
    """The article's events or places as a file, made once per day and format for every session."""
    data = shipped_data()
    frame = data.events if kind == "events" else data.places
    attribution = places_attribution() if kind == "places" else None
    return export(frame, kind, extension, ARTICLE_LABEL, day, attribution, account=ARTICLE_ACCOUNT).data


def download_buttons(frame, kind: str, label: str, key: str) -> None:
    """One button per format; the session's own events are exported on each run (they are few)."""
    today = dt.date.today()
    with st.container(horizontal=True, key=f"downloads_{key}"):
        for extension, (format_label, mime) in FORMATS.items():
            name = file_name(label, kind, extension, frame, today)
            data = (
                article_export(kind, extension, today)
                if label == ARTICLE_LABEL
                else export(frame, kind, extension, label, today, account=UPLOAD_ACCOUNT).data
            )
            save_button(
                format_label,
                data=data,
                file_name=name,
                mime=mime,
                help=_("Saves `{name}`", name=name),
                key=f"download_{key}_{extension}",
            )


def take_away() -> None:
    data = shipped_data()
    st.markdown(
        _(
            "GeoJSON keeps every field as it is in the app's data. CSV opens in a spreadsheet (the geometry is "
            "in a WKT column, with latitude and longitude for points). KML opens in Google Earth, whose time "
            "slider plays the events by their dates. GeoPackage opens in QGIS and other GIS programs. "
            "File names say what the file holds, which dates its events cover and the day you downloaded it."
        )
    )
    st.markdown(_("**The article's events**"))
    download_buttons(data.events, "events", ARTICLE_LABEL, "events")
    st.markdown(_("**The article's places**"))
    download_buttons(data.places, "places", ARTICLE_LABEL, "places")
    uploaded = st.session_state.get("uploaded_data")
    if uploaded is not None:
        yours = uploaded.events[uploaded.events["id"].str.startswith(UPLOAD_ID_PREFIX)]
        st.markdown(_("**Your events, as on the map now**"))
        download_buttons(yours, "events", "your", "yours")
