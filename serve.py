"""The web server's entry point: `streamlit run serve.py` serves the dashboard (dashboard.py and
pages/) with new pages from one network address let in at a bounded rate (admission.py), so one
visitor opening hundreds of pages at once cannot keep the server from answering everyone else.

Streamlit runs this file once to find `app`; the pages' script is dashboard.py, run per page view.
"""

import streamlit as st
from starlette.middleware import Middleware

from admission import SessionAdmission

app = st.App("dashboard.py", middleware=[Middleware(SessionAdmission)])
