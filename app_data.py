"""The dashboard's and pages' one cached loader: shared, read-only MapData per process."""

from __future__ import annotations

import streamlit as st

from geo.data import load_dataset
from geo.prepare import MapData, prepare


@st.cache_resource(show_spinner="Loading the article's places and events…")
def shipped_data() -> MapData:
    # Shared by every session and never mutated: views copy what they change.
    return prepare(load_dataset())


def current_data() -> MapData:
    """The session's own uploaded events if it chose them (data page), else the shipped data."""
    return st.session_state.get("uploaded_data") or shipped_data()
