"""What is shown: the engine's map data and folium maps, style constants, the project's framing
words, the one escaping path, the places table, the timeline chart and small text maps.
Imports geo.model and geo.text.
"""
