"""Every colour, shape and size the map and cards use, in one place.

Colours are the Okabe–Ito palette (safe for the common colour-vision deficiencies),
and each category also has its own marker shape, so colour is never the only cue.
"""

from geo.model.schema import CATEGORY_LABELS

_CATEGORY_LOOK = {
    # category: (colour, shape)
    "armed-clash": ("#D55E00", "triangle"),
    "strike": ("#CC79A7", "star"),
    "ceasefire": ("#009E73", "circle"),
    "diplomacy": ("#0072B2", "square"),
    "agreement": ("#56B4E9", "diamond"),
    "territorial-change": ("#E69F00", "pentagon"),
    "peacekeeping": ("#F0E442", "hexagon"),
    "infrastructure": ("#000000", "cross"),
    "context": ("#999999", "triangle-down"),
}
# category: (label, colour, shape)
CATEGORY_STYLE = {category: (label, *_CATEGORY_LOOK[category]) for category, label in CATEGORY_LABELS.items()}

# SVG paths on a 0..20 box; drawn with the category colour and a dark outline.
SHAPE_PATHS = {
    "circle": "M10 2a8 8 0 1 0 0.001 0z",
    "square": "M3 3h14v14H3z",
    "triangle": "M10 2l8.5 15h-17z",
    "triangle-down": "M10 18l8.5-15h-17z",
    "diamond": "M10 1l9 9-9 9-9-9z",
    "star": "M10 1l2.6 5.9 6.4.6-4.8 4.3 1.4 6.3L10 14.8 4.4 18.1l1.4-6.3L1 7.5l6.4-.6z",
    "pentagon": "M10 1.5l8.5 6.2-3.3 10h-10.4l-3.3-10z",
    "hexagon": "M5.5 2h9l4.5 8-4.5 8h-9L1 10z",
    "cross": "M7 2h6v5h5v6h-5v5H7v-5H2V7h5z",
}

MARKER_OUTLINE = "#1a1a1a"
MARKER_SIZE = 22  # px, an event on the chosen date
MARKER_SIZE_EARLIER = 14  # px, an earlier event (faded)
EARLIER_OPACITY = 0.45
SELECTED_RING = "#000000"
SPREAD_PX = 26  # distance between markers that share a spot: no two click targets overlap
# Every marker's click target is at least this big (WCAG 2.2 target size), whatever its drawing.
MIN_TARGET_PX = 24
BIN_SIZE = 26  # px, a grid cell's marker when thousands of events are binned

PLACE_COLOUR = "#3b3b3b"
PLACE_RADIUS = 4
CONTESTED_PLACE_COLOUR = "#6a3d9a"
CORRIDOR_COLOUR = "#444444"
CORRIDOR_DASH = "8 6"
COUNTRY_OUTLINE_COLOUR = "#5b6770"
COUNTRY_FILL_COLOUR = "#e8ecef"

# The war region opens the map; background events need a wider view.
WAR_VIEW = {"center": (40.1, 46.9), "zoom": 7}
BACKGROUND_VIEW = {"center": (30.0, 20.0), "zoom": 3}
SELECTED_ZOOM = 8
# An event at one place (a slide, a selection): far enough out that its country is recognisable,
# not a 30 km field with one marker.
EVENT_POINT_ZOOM = 6
MAP_HEIGHT = 560
MAP_HEIGHT_PRESENT = 760
LARGE_LABEL_PX = 18  # place names on a projector
