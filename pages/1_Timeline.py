"""Timeline: every event in a lane for its category; selecting one opens the dashboard at it.

Wiring only: the chart's rows come from `geo.map.timeline_chart`, the link from `geo.model.viewstate`.
"""

from __future__ import annotations

import streamlit as st

from app_data import shipped_data_or_stop, shown_data, uploaded_note
from geo.io.formats import spreadsheet_safe
from geo.map.framing import PAGE_TITLE_SUFFIX, SOURCE_LINE
from geo.map.safe import markdown_text
from geo.map.timeline_chart import PERIODS, event_table, timeline_chart, timeline_rows
from geo.model.i18n import N_
from geo.model.schema import CATEGORIES
from geo.model.viewstate import ViewState, event_view, view_query
from ui.lang import _, lang_query, language_selector, session_texts

st.set_page_config(page_title=_("Timeline") + " · " + _(PAGE_TITLE_SUFFIX), page_icon="🗺️", layout="wide")


def open_on_dashboard(event_id: str) -> None:
    """Switch to the dashboard at the event and its date, keeping the session's other choices."""
    data = shown_data()
    row = data.events[data.events["id"] == event_id].iloc[0]
    base = st.session_state.get("saved_view") or ViewState(date=data.war_bounds[1], layers=CATEGORIES)
    view = event_view(base, event_id, row["start"], row["era"], row["category"], data.war_bounds, CATEGORIES)
    st.switch_page("dashboard.py", query_params={**view_query(view, CATEGORIES), **lang_query()})


def main() -> None:
    language_selector()
    st.title(_("Timeline"))
    shipped_data_or_stop()
    data = shown_data()
    note = uploaded_note()
    if note:
        st.info(markdown_text(_("Showing {note}. Change this on the “{page}” page.", note=note, page=_("Your data"))))
    else:
        st.caption(_(SOURCE_LINE))
    st.caption(
        _(
            "One lane per category. Bars are events that last several days (or whose day is not known: "
            "a month or a year); dots are single days, larger where casualties were reported. Dashed lines "
            "mark ceasefires and agreements. Click an event to open the map at it."
        )
    )
    periods = [p for p in PERIODS if p == "war" or bool((~data.era_is_war).any())]
    lo, hi = data.war_bounds
    language = session_texts()  # bound now: the widget formats its options later too
    labels = {
        "war": f"{language.date(lo)} – {language.date(hi)}",
        "all": language(N_("Everything, from the earliest background event")),
    }
    period = st.radio(_("Period"), periods, format_func=labels.get, horizontal=True, key="timeline_period")

    rows = timeline_rows(data, period, language)
    chart = timeline_chart(rows, data.war_bounds if period == "war" else None, language)
    selection = st.altair_chart(
        chart,
        key="timeline_chart",
        on_select="rerun",
        selection_mode="pick",
        alt=_("Timeline of the events by category; the table below lists the same events."),
    )
    picked = (selection.selection.get("pick") or [{}])[0].get("id") if selection else None
    if picked in set(data.event_ids):
        open_on_dashboard(picked)

    st.subheader(_("The same events as a table"))
    st.caption(_("Sort by any column header. Choose an event below the table to open it on the map."))
    # Neutralised: the table's own "Download as CSV" must not carry formulas from uploaded titles.
    table = event_table(rows)
    for column in ("Category", "Period"):  # our own words; titles and places are the data's
        table[column] = table[column].map(language)
    headers = {column: st.column_config.Column(language(column)) for column in table.columns}
    st.dataframe(spreadsheet_safe(table), hide_index=True, width="stretch", key="timeline_table", column_config=headers)
    with st.container(horizontal=True, vertical_alignment="bottom"):
        titles = dict(zip(rows["id"], rows["label"], strict=True))
        choice = st.selectbox(_("Event"), list(titles), format_func=titles.get, key="timeline_event")
        if st.button(_("Open on the map"), key="timeline_open") and choice:
            open_on_dashboard(choice)


main()
