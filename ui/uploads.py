"""Your data, "Upload your events": a GeoJSON, CSV or ACLED file read by `geo.io.upload`, its
per-row report, a preview, and the events shown on the dashboard for this session only."""

from __future__ import annotations

import streamlit as st

from app_data import clear_uploaded, shipped_data, uploaded_note, use_uploaded
from geo.io.formats import spreadsheet_safe
from geo.io.upload import (
    MAX_EVENT_POINTS,
    MAX_ROWS,
    MAX_UPLOAD_POINTS,
    category_table,
    parse_upload,
    preview_table,
)
from geo.map.mapview import MAX_MAP_EVENTS
from geo.map.safe import markdown_text
from geo.model.loader import DataError, Dataset
from geo.model.session import UPLOAD_MODES, session_map_data
from ui.widgets import save_button

PREVIEW_ROWS = 200
REPORT_ROWS_SHOWN = 100


def upload_limit_bytes() -> int:
    return int(st.get_option("server.maxUploadSize")) * 1024 * 1024


def parsed(upload):
    """The upload's result (or its DataError), parsed once per uploaded file and kept in this session."""
    held = st.session_state.get("upload_parsed")
    if held is None or held[0] != upload.file_id:
        st.session_state.pop("upload_parsed", None)  # the last file's events go before this one is read
        bar = st.progress(0.0, text=f"Reading {upload.name}")

        def progress(share: float, doing: str) -> None:
            bar.progress(min(max(share, 0.0), 1.0), text=doing)

        try:
            outcome = parse_upload(upload.getvalue(), upload.name, max_bytes=upload_limit_bytes(), progress=progress)
        except DataError as err:
            outcome = err
        bar.empty()
        held = (upload.file_id, outcome)
        st.session_state.upload_parsed = held
    return held[1]


def show_on_map(events, mode: str, what: str) -> None:
    shipped = shipped_data()
    data = session_map_data(Dataset(shipped.places, shipped.events), events, mode)
    use_uploaded(data, f"{len(events)} {what}, {UPLOAD_MODES[mode]}")
    st.switch_page("dashboard.py")


def bring_your_own() -> None:
    limit_mb = st.get_option("server.maxUploadSize")
    st.markdown(
        f"Upload a **GeoJSON** file of point events, a **CSV** with `date`, `latitude` and `longitude` "
        f"columns (optional: `title`, `summary`, `category`, `place`, `end_date`, `killed`, `injured`), or "
        f"an **ACLED export** (CSV). Limits: files up to **{limit_mb} MB**, at most **{MAX_ROWS:,} rows** and "
        f"**{MAX_UPLOAD_POINTS:,} points** ({MAX_EVENT_POINTS:,} in one event). "
        "Every row is checked like the app's own events; rows with problems are left out and listed with "
        "the reason, and the others can be shown on the map. Your file stays in this browser session only: "
        "it is never saved on the server or shown to anyone else."
    )
    with st.expander("How ACLED event types become categories"):
        st.dataframe(category_table(), hide_index=True)
        st.caption(
            "A sub-event type in the first rows decides first; otherwise the event type does. "
            "ACLED's time precision 3 (month known only) becomes a month date."
        )
    note = uploaded_note()
    if note:
        with st.container(key="upload_active"):
            st.info(markdown_text(f"The map now shows {note}."))
            st.button("Show only the article's events again", key="upload_clear", on_click=clear_uploaded)
    upload = st.file_uploader("Events file", type=["geojson", "json", "csv"], key="events_upload")
    if upload is None:
        return
    outcome = parsed(upload)
    with st.container(key="upload_report"):
        if isinstance(outcome, DataError):
            st.error(markdown_text(f"This file could not be used: {outcome}"))
            st.caption("Nothing was added to the map. Fix the file and upload it again.")
            return
        bad = len(outcome.bad_rows)
        mapped = len(outcome.events)
        summary = f"{outcome.file_kind}: {outcome.rows:,} row(s) read, {mapped:,} can be mapped, {bad:,} left out."
        (st.success if not bad else st.warning if len(outcome.events) else st.error)(markdown_text(summary))
        for notice in outcome.notices:
            st.info(markdown_text(notice))
        if bad:
            st.markdown(
                "**Rows left out**: the row (the line in a CSV file, counting the header as line 1; "
                "the feature number in a GeoJSON file), the field, the bad value and why."
            )
            report = outcome.report()
            with st.container(key="upload_problems"):
                st.table(report.head(REPORT_ROWS_SHOWN), hide_index=True)  # the Row column is shown as such
            if len(report) > REPORT_ROWS_SHOWN:
                st.caption(f"The first {REPORT_ROWS_SHOWN} of {len(report)} problems; the file below has them all.")
            report_csv = spreadsheet_safe(report).to_csv(index=False).encode("utf-8-sig")
            save_button(
                "Download the report (CSV)",
                data=report_csv,
                file_name=f"upload-report_{upload.name}.csv",
                mime="text/csv",
                key="upload_report_download",
            )
    if not len(outcome.events):
        return
    shown = outcome.events.head(PREVIEW_ROWS)
    first = f" (the first {PREVIEW_ROWS})" if len(outcome.events) > PREVIEW_ROWS else ""
    st.markdown(f"**Events that can be mapped**{first}")
    preview = preview_table(shown)
    # Neutralised: the table's own "Download as CSV" must not carry formulas from the file.
    st.dataframe(spreadsheet_safe(preview), hide_index=True, width="stretch")
    if len(outcome.events) > MAX_MAP_EVENTS:
        with st.container(key="upload_too_many"):
            st.warning(
                f"These {len(outcome.events):,} events are more than the {MAX_MAP_EVENTS:,} the map can show at "
                "once, so they cannot be shown yet. Keep a part of the file (e.g. a few months, or one region) and "
                "upload that."
            )
        return
    mode = st.radio("Show them", list(UPLOAD_MODES), format_func=UPLOAD_MODES.get, horizontal=True, key="upload_mode")
    if st.button("Show on the map", type="primary", key="upload_show"):
        show_on_map(outcome.events, mode, f"events from your file {upload.name}")
