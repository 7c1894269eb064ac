"""Data logic for the Karabakh war map: schema, validation, loading, gazetteer, extraction, export.

Nothing here imports Streamlit; functions take and return GeoDataFrames or plain values.
"""
