"""The data model: the schema and its checks, the one loader (and the session merge), prepared
map data, the date index and what is on show at a date, view state from links, naming, rooms.
Imports nothing of geo.text, geo.map or geo.io.
"""
