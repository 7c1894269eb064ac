"""Files in and out: uploaded texts and tables (CSV, ACLED, GeoJSON), export formats, the
self-contained static site (with its files in site/) and the printable PDF handout (fonts/).
Imports geo.model, geo.text and geo.map.
"""
