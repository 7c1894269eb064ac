"""A page that fails with an uncaught exception, run with the project's Streamlit config."""

import streamlit as st

st.title("A page that fails")
raise RuntimeError("secret detail: /srv/app/geo/private.py line 42")
