"""Every colour, shape and size the map and cards use, in one place.

Colours are the Okabe–Ito palette (safe for the common colour-vision deficiencies),
and each category also has its own marker shape, so colour is never the only cue.
"""

from geo.model.i18n import N_
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

# Areas of control (geo.model.areas), by status: fill and outline in Okabe–Ito colours that name
# no side's claim; a part-held or uncertain state is paler with a dashed or dotted outline, so the
# outline, not only the colour, tells the states apart. `label` is the short line on the map,
# `legend` and `certainty` what the legend says of the fill and of how sure it is.
AREA_STYLE = {
    "held": {"fill": "#0072B2", "opacity": 0.32, "outline": "#0072B2", "dash": None,
             "label": N_("Held by de facto NK / Armenian forces"),
             "legend": N_("Held by the de facto Nagorno-Karabakh (Artsakh) authorities and Armenian forces; "
                       "internationally recognised as part of Azerbaijan"),
             "certainty": N_("district outline: approximate")},
    "held-part": {"fill": "#0072B2", "opacity": 0.16, "outline": "#0072B2", "dash": "6 4",
                  "label": N_("Partly held by de facto NK / Armenian forces"),
                  "legend": N_("Held in part by them: the line of contact crossed the district"),
                  "certainty": N_("the whole district is drawn: approximate")},
    "fighting": {"fill": "#56B4E9", "opacity": 0.18, "outline": "#0072B2", "dash": "2 5",
                 "label": N_("Fighting; no front line drawn"),
                 "legend": N_("Fighting from 27 September 2020: held before the war; positions changed "
                              "(see the events)"),
                 "certainty": N_("no dated source for a front line, so none is drawn")},
    "held-az": {"fill": "#E69F00", "opacity": 0.3, "outline": "#9a6700", "dash": None,
                "label": N_("Held by Azerbaijan's forces"),
                "legend": N_("Held by Azerbaijan's forces at the 10 November 2020 statement "
                          "(Shusha / Shushi from 8 November)"),
                "certainty": N_("district outline: approximate")},
    "handed-over": {"fill": "#E69F00", "opacity": 0.45, "outline": "#6b4700", "dash": "8 3",
                    "label": N_("Passed to Azerbaijani control on"),
                    "legend": N_("Passed to Azerbaijani control under the 10 November 2020 statement"),
                    "certainty": N_("dates from outside the article; district outline: approximate")},
    "peacekeeping": {"fill": "#009E73", "opacity": 0.3, "outline": "#006b4e", "dash": None,
                     "label": N_("Russian peacekeeping area"),
                     "legend": N_("Russian peacekeeping area (10 November 2020 statement)"),
                     "certainty": N_("its extent is approximate")},
    "peacekeeping-part": {"fill": "#009E73", "opacity": 0.15, "outline": "#006b4e", "dash": "6 4",
                          "label": N_("Partly Russian peacekeeping area"),
                          "legend": N_("Partly peacekeeping area, the rest held by Azerbaijan's forces"),
                          "certainty": N_("the whole district is drawn: approximate")},
    "corridor": {"fill": "#009E73", "opacity": 0.55, "outline": "#004d38", "dash": None,
                 "label": N_("Corridor, Russian peacekeepers"),
                 "legend": N_("Lachin / Berdzor corridor under Russian peacekeepers"),
                 "certainty": N_("a 5 km band along a schematic line, not the road")},
    "other": {"fill": "#999999", "opacity": 0.3, "outline": "#4d4d4d", "dash": "4 3", "label": "",
              "legend": N_("Your data: an area in the words of its file (hover for its status and source)"),
              "certainty": N_("as the file gives it")},
}  # fmt: skip
AREA_OUTLINE_WEIGHT = 2
# The handout prints areas paler than the screen (this share of AREA_STYLE's opacity) so numbered
# markers and place labels on them stay readable; outlines and dashes in mm (a dash's pixel is this many mm).
HANDOUT_AREA_OPACITY_SHARE = 0.6
HANDOUT_AREA_OUTLINE_MM = 0.3
HANDOUT_AREA_DASH_MM = 0.3
HANDOUT_AREA_LABEL_COLOUR = "#3c3c3c"
AREA_NOTE = N_(
    "Areas: drawn at district level from geoBoundaries' outlines, so every area is approximate. "
    "Event markers are drawn above them."
)
