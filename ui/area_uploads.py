"""Your data, "Areas over time": a GeoJSON file of dated polygons read by `geo.io.area_upload`, its
report, and the areas shown on the dashboard (beside or instead of the war's) for this session only."""

from __future__ import annotations

import dataclasses

import pandas as pd
import streamlit as st

from app_data import current_data, uploaded_note, use_uploaded
from geo.io.area_formats import areas_geojson_bytes, areas_kml_bytes
from geo.io.area_upload import (
    MAX_AREA_BYTES,
    MAX_AREA_FEATURES,
    MAX_AREA_FILE_VERTICES,
    MAX_AREA_VERTICES,
    parse_area_upload,
)
from geo.io.export import site_files, zip_site
from geo.map.safe import markdown_text
from geo.model.i18n import N_
from geo.model.loader import DataError, load_areas
from ui.lang import _, session_texts
from ui.uploads import upload_limit_bytes
from ui.widgets import save_button

AREA_MODES = {"beside": N_("beside the war's areas"), "instead": N_("instead of the war's areas")}


def _parsed(upload):
    held = st.session_state.get("area_upload_parsed")
    if held is None or held[0] != upload.file_id:
        try:
            outcome = parse_area_upload(
                upload.getvalue(), upload.name, max_bytes=min(upload_limit_bytes(), MAX_AREA_BYTES)
            )
        except DataError as err:
            outcome = err
        held = (upload.file_id, outcome)
        st.session_state.area_upload_parsed = held
    return held[1]


def bring_your_areas() -> None:
    language = session_texts()
    st.markdown("#### " + _("Areas over time"))  # not in an f-string: Babel would not find it there
    st.markdown(
        _(
            "Upload a **GeoJSON** file of Polygons or MultiPolygons, one feature per state of an area, with "
            "`start` (YYYY-MM-DD), optional `end` (the day the state stopped), `status` (e.g. “held by …”) and "
            "`source`; optional `id` (features with the same id are one area's states) and `name`. The map "
            "shades each area as it stood on the slider's date. Limits: at most **{features} features**, "
            "**{vertices} vertices** in all and **{area_vertices}** in one area. An invalid outline (e.g. a "
            "self-intersecting ring) is repaired where that is safe, otherwise left out.",
            features=language.number(MAX_AREA_FEATURES),
            vertices=language.number(MAX_AREA_FILE_VERTICES),
            area_vertices=language.number(MAX_AREA_VERTICES),
        )
    )
    upload = st.file_uploader(_("Areas file"), type=["geojson", "json"], key="areas_upload")
    if upload is None:
        return
    outcome = _parsed(upload)
    with st.container(key="area_upload_report"):
        if isinstance(outcome, DataError):
            st.error(markdown_text(_("This file could not be used: {problem}", problem=outcome.text(language))))
            return
        summary = _(
            "{features} feature(s) read, {areas} area(s) can be drawn, {bad} feature(s) left out.",
            features=outcome.features,
            areas=len(outcome.areas),
            bad=len(outcome.problems),
        )
        (st.warning if outcome.problems else st.success)(markdown_text(summary))
        for notice in outcome.notices:
            st.info(markdown_text(language.message(notice)))
        if outcome.problems:
            report = pd.DataFrame(
                [(p.row, p.field, p.value, language.message(p.reason)) for p in outcome.problems],
                columns=[_("Feature"), _("Field"), _("Value"), _("Why")],
            )
            st.table(report.set_index(_("Feature")))
    if not outcome.areas:
        return
    mode = st.radio(
        _("Show them"),
        list(AREA_MODES),
        format_func=lambda m: language(AREA_MODES[m]),
        horizontal=True,
        key="area_mode",
    )
    data = current_data()
    areas = outcome.areas if mode == "instead" else (*load_areas(), *outcome.areas)
    with_areas = dataclasses.replace(data, areas=tuple(areas))
    if st.button(_("Show the areas on the map"), type="primary", key="area_show"):
        note = uploaded_note() or "the article's events"
        use_uploaded(with_areas, f"{note}, with the areas from {upload.name}")
        st.switch_page("dashboard.py")
    stem = upload.name.rsplit(".", 1)[0]
    columns = st.columns(3)
    with columns[0]:
        save_button(_("Areas as GeoJSON"), data=areas_geojson_bytes(list(outcome.areas)),
                    file_name=f"{stem}_areas.geojson", mime="application/geo+json", key="area_geojson")  # fmt: skip
    with columns[1]:
        kml = areas_kml_bytes(list(outcome.areas), stem)
        save_button(_("Areas as KML (time span)"), data=kml, file_name=f"{stem}_areas.kml",
                    mime="application/vnd.google-earth.kml+xml", key="area_kml")  # fmt: skip
    with columns[2]:
        if st.button(_("Build a static site with them"), key="area_site_build"):
            st.session_state.area_site = zip_site(site_files(with_areas))
        if st.session_state.get("area_site"):
            save_button(_("Download the site (zip)"), data=st.session_state.area_site,
                        file_name=f"{stem}_site.zip", mime="application/zip", key="area_site")  # fmt: skip
