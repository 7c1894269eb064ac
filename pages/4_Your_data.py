"""Your data: take the events and places away, bring your own events, map any text.

Wiring only: each tab is drawn by a module of `ui/` (take_away, uploads, text_mapping and its
text_review) from `geo`. Uploaded files and texts stay in this session's memory: nothing is
written to disk or shared with other sessions.
"""

from __future__ import annotations

import streamlit as st

from app_data import shipped_data_or_stop
from geo.map.framing import DATA_PAGE_NOTE, PAGE_TITLE_SUFFIX, SOURCE_LINE
from geo.map.safe import markdown_text
from ui.area_uploads import bring_your_areas
from ui.lang import _, language_selector
from ui.take_away import take_away
from ui.text_mapping import map_a_text
from ui.uploads import bring_your_own

st.set_page_config(page_title=_("Your data") + " · " + _(PAGE_TITLE_SUFFIX), page_icon="🗺️", layout="wide")


def main() -> None:
    language_selector()
    st.title(_("Your data"))
    st.caption(markdown_text(f"{_(SOURCE_LINE)} {_(DATA_PAGE_NOTE)}"))
    shipped_data_or_stop()
    take_tab, bring_tab, text_tab = st.tabs([_("Download the data"), _("Upload your events"), _("Map a text")])
    with take_tab:
        take_away()
    with bring_tab:
        bring_your_own()
        bring_your_areas()
    with text_tab:
        map_a_text()


main()
