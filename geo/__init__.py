"""Everything the app knows, in four layers; each imports only the layers before it, never Streamlit:

- `geo.model`: the data (schema, loader, prepared views, date index, view state, rooms);
- `geo.text`: texts to places and events (gazetteer, extraction, resolution, drafts);
- `geo.map`: what is shown (the engine's map data, style, words on screen, escaping, tables, charts);
- `geo.io`: files in and out (uploads, export formats, the static site, the PDF handout).
"""
