"""The benchmark's baseline: the naive way to put events on a Streamlit map.

Every rerun builds a new folium.Map and adds each shown event as its own folium.Marker,
then hands the whole map to st_folium, so every date step sends (and the browser redraws)
a new map. Same date slider, status heading and locally served Leaflet as the dashboard;
no cards. Data is loaded once (cached) so only the map differs. Started by bench.run
through bench/timed_server.py, never part of the app.
"""

from __future__ import annotations

import datetime as dt

import folium
import streamlit as st
from branca.element import MacroElement
from jinja2 import Template
from streamlit_folium import st_folium

from geo.map.mapview import LOCAL_CSS, LOCAL_JS, STATIC_PREFIX
from geo.map.safe import html_text
from geo.map.style import MAP_HEIGHT, WAR_VIEW
from geo.model.loader import load_dataset
from geo.model.prepare import MapData, format_day, prepare

st.set_page_config(page_title="Naive baseline", layout="wide")


class _IconPath(MacroElement):
    """Points Leaflet's default marker icon at the local images (its CSS guess fails in the iframe)."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        f"L.Icon.Default.imagePath = '{STATIC_PREFIX}/vendor/leaflet/images/';"
        "{% endmacro %}"
    )


def tooltip_text(value: str) -> str:
    """folium puts tooltip text into HTML inside a JS template string: escape for both."""
    return html_text(value).replace("\\", "&#92;").replace("`", "&#96;").replace("$", "&#36;")


@st.cache_resource
def war_data() -> MapData:
    return prepare(load_dataset())


def start_date(data: MapData) -> dt.date:
    """The `date` in the URL if it is a day within the slider's range, else the last day."""
    try:
        day = dt.date.fromisoformat(st.query_params.get("date", ""))
    except ValueError:
        return data.war_bounds[1]
    return min(max(day, data.war_bounds[0]), data.war_bounds[1])


data = war_data()
if "date" not in st.session_state:
    st.session_state.date = start_date(data)
date = st.slider("Date", min_value=data.war_bounds[0], max_value=data.war_bounds[1], key="date", format="D MMM YYYY")

events = data.events
shown = events[(events["era"] == "war") & (events["start"] <= date)]
with st.container(key="status"):
    st.markdown(f"### {format_day(date)} · {len(shown)} events shown")

fmap = folium.Map(location=WAR_VIEW["center"], zoom_start=WAR_VIEW["zoom"], tiles=None)
fmap.default_js = LOCAL_JS[:1]  # Leaflet only: the naive way has no engine
fmap.default_css = LOCAL_CSS[:1]
fmap.add_child(_IconPath())
for row in shown.itertuples(index=False):
    for lat, lon in row.coords:
        folium.Marker([lat, lon], tooltip=tooltip_text(row.title), title=row.title).add_to(fmap)
st_folium(fmap, key="naive_map", height=MAP_HEIGHT, use_container_width=True, returned_objects=[])
