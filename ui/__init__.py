"""The Streamlit pieces of the pages, each rendering one part of a page from geo's data.

Wiring only, like the pages: no data logic here (that is geo's), and geo never imports this.
"""
