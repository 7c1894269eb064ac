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
    UploadResult,
    category_table,
    parse_upload,
    preview_table,
)
from geo.map.mapview import MAX_MAP_EVENTS
from geo.map.safe import markdown_text
from geo.map.style import CATEGORY_STYLE
from geo.model.i18n import Texts
from geo.model.loader import DataError, Dataset
from geo.model.session import UPLOAD_MODES, session_map_data
from ui.lang import _, session_texts
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
        bar = st.progress(0.0, text=_("Reading {name}", name=upload.name))

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


def translated_report(result: UploadResult, language: Texts):
    """The problems' table (`UploadResult.report`) in `language`: its headers and each reason; rows,
    fields and bad values stay as the file has them."""
    report = result.report()
    # From the problems themselves: a table's cells are plain text, the reasons there are no longer messages.
    report["Why"] = [language.message(problem.reason) for problem in result.problems]
    return report.rename(columns=language)


def show_on_map(events, mode: str, what: str) -> None:
    shipped = shipped_data()
    data = session_map_data(Dataset(shipped.places, shipped.events), events, mode)
    use_uploaded(data, f"{len(events)} {what}, {UPLOAD_MODES[mode]}")
    st.switch_page("dashboard.py")


def bring_your_own() -> None:
    limit_mb = st.get_option("server.maxUploadSize")
    language = session_texts()
    st.markdown(
        _(
            "Upload a **GeoJSON** file of point events, a **CSV** with `date`, `latitude` and `longitude` "
            "columns (optional: `title`, `summary`, `category`, `place`, `end_date`, `killed`, `injured`), or "
            "an **ACLED export** (CSV). Limits: files up to **{megabytes} MB**, at most **{rows} rows** and "
            "**{points} points** ({event_points} in one event). "
            "Every row is checked like the app's own events; rows with problems are left out and listed with "
            "the reason, and the others can be shown on the map. Your file stays in this browser session only: "
            "it is never saved on the server or shown to anyone else.",
            megabytes=limit_mb,
            rows=language.number(MAX_ROWS),
            points=language.number(MAX_UPLOAD_POINTS),
            event_points=language.number(MAX_EVENT_POINTS),
        )
    )
    with st.expander(_("How ACLED event types become categories")):
        language = session_texts()
        categories = category_table()
        categories.iloc[:, 1] = [language(CATEGORY_STYLE[category][0]) for category in categories.iloc[:, 1]]
        st.dataframe(categories.rename(columns=language), hide_index=True)
        st.caption(
            _(
                "A sub-event type in the first rows decides first; otherwise the event type does. "
                "ACLED's time precision 3 (month known only) becomes a month date."
            )
        )
    note = uploaded_note()
    if note:
        with st.container(key="upload_active"):
            st.info(markdown_text(_("The map now shows {note}.", note=note)))
            st.button(_("Show only the article's events again"), key="upload_clear", on_click=clear_uploaded)
    upload = st.file_uploader(_("Events file"), type=["geojson", "json", "csv"], key="events_upload")
    if upload is None:
        return
    outcome = parsed(upload)
    with st.container(key="upload_report"):
        language = session_texts()
        if isinstance(outcome, DataError):
            st.error(markdown_text(_("This file could not be used: {problem}", problem=outcome.text(language))))
            st.caption(_("Nothing was added to the map. Fix the file and upload it again."))
            return
        bad = len(outcome.bad_rows)
        mapped = len(outcome.events)
        summary = _(
            "{kind}: {rows} row(s) read, {mapped} can be mapped, {bad} left out.",
            kind=_(outcome.file_kind),
            rows=language.number(outcome.rows),
            mapped=language.number(mapped),
            bad=language.number(bad),
        )
        (st.success if not bad else st.warning if len(outcome.events) else st.error)(markdown_text(summary))
        for notice in outcome.notices:
            st.info(markdown_text(language.message(notice)))
        if bad:
            st.markdown(
                _(
                    "**Rows left out**: the row (the line in a CSV file, counting the header as line 1; "
                    "the feature number in a GeoJSON file), the field, the bad value and why."
                )
            )
            report = translated_report(outcome, language)
            with st.container(key="upload_problems"):
                st.table(report.head(REPORT_ROWS_SHOWN), hide_index=True)  # the Row column is shown as such
            if len(report) > REPORT_ROWS_SHOWN:
                shown_note = _("The first {shown} of {count} problems; the file below has them all.")
                st.caption(shown_note.format(shown=REPORT_ROWS_SHOWN, count=len(report)))
            report_csv = spreadsheet_safe(report).to_csv(index=False).encode("utf-8-sig")
            save_button(
                _("Download the report (CSV)"),
                data=report_csv,
                file_name=f"upload-report_{upload.name}.csv",
                mime="text/csv",
                key="upload_report_download",
            )
    if not len(outcome.events):
        return
    shown = outcome.events.head(PREVIEW_ROWS)
    heading = _("**Events that can be mapped**")
    if len(outcome.events) > PREVIEW_ROWS:
        heading += " " + _("(the first {count})", count=PREVIEW_ROWS)
    st.markdown(heading)
    language = session_texts()
    preview = preview_table(shown)
    preview["Category"] = preview["Category"].map(language)
    preview = preview.rename(columns=language)
    # Neutralised: the table's own "Download as CSV" must not carry formulas from the file.
    st.dataframe(spreadsheet_safe(preview), hide_index=True, width="stretch")
    if len(outcome.events) > MAX_MAP_EVENTS:
        with st.container(key="upload_too_many"):
            language = session_texts()
            st.warning(
                _(
                    "These {count} events are more than the {most} the map can show at once, so they cannot be "
                    "shown yet. Keep a part of the file (e.g. a few months, or one region) and upload that.",
                    count=language.number(len(outcome.events)),
                    most=language.number(MAX_MAP_EVENTS),
                )
            )
        return
    language = session_texts()
    mode = st.radio(
        _("Show them"), list(UPLOAD_MODES), format_func=lambda m: language(UPLOAD_MODES[m]), horizontal=True,
        key="upload_mode",
    )  # fmt: skip
    if st.button(_("Show on the map"), type="primary", key="upload_show"):
        show_on_map(outcome.events, mode, f"events from your file {upload.name}")
