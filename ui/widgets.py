"""Widgets every page draws the same way."""

from __future__ import annotations

import streamlit as st


def save_button(label: str, data: object, file_name: str, mime: str, key: str, help: str | None = None) -> None:
    """A download button as the pages have it: the download icon, and no rerun when pressed (the
    page stays as it is)."""
    st.download_button(
        label,
        data=data,
        file_name=file_name,
        mime=mime,
        key=key,
        help=help,
        icon=":material/download:",
        on_click="ignore",
    )
