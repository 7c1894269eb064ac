"""A session's own events merged with the article's: beside them or instead of them.

Uploads are kept by the caller for one session only; the shipped data is never changed.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from geo.model.i18n import N_
from geo.model.loader import Dataset
from geo.model.prepare import WAR_START, MapData, prepare
from geo.model.schema import UPLOAD_ID_PREFIX

UPLOAD_MODES = {"beside": N_("beside the article's events"), "instead": N_("instead of the article's events")}


def session_dataset(shipped: Dataset, events: gpd.GeoDataFrame, mode: str) -> Dataset:
    """The article's places with the uploaded events beside or instead of the article's events.

    Uploaded ids get a prefix so they never clash with the article's.
    """
    if mode not in UPLOAD_MODES:
        raise ValueError(f"mode {mode!r} is not one of {', '.join(UPLOAD_MODES)}")
    ours = events.copy()
    ours["id"] = [f"{UPLOAD_ID_PREFIX}{event_id}" for event_id in ours["id"]]
    if mode == "beside":
        both = pd.concat([shipped.events, ours], ignore_index=True)
        ours = gpd.GeoDataFrame(both, geometry="geometry", crs=shipped.events.crs)
        ours = ours.sort_values(["start", "id"], kind="stable").reset_index(drop=True)
    return Dataset(shipped.places, ours)


def session_map_data(shipped: Dataset, events: gpd.GeoDataFrame, mode: str) -> MapData:
    """MapData for a session's upload: beside the article's events the article's war start splits
    off the background era; instead of them, every uploaded event is on the slider."""
    dataset = session_dataset(shipped, events, mode)
    return prepare(dataset, background_before=WAR_START if mode == "beside" else None)
