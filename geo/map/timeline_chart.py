"""The timeline page's chart and table: one lane per category, spans as bars, days as dots.

Altair only (no Streamlit). The chart selects an event by its id (selection parameter `pick`);
the table carries the same rows as text.
"""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd

from geo.map.style import CATEGORY_STYLE, MARKER_OUTLINE
from geo.model.i18n import DEFAULT_LANGUAGE, N_, Texts, texts
from geo.model.prepare import MapData, casualty_text, date_label, place_names
from geo.model.schema import CATEGORIES, UPLOAD_ID_PREFIX

PERIODS = ("war", "all")
KEY_DATE_CATEGORIES = ("ceasefire", "agreement")  # drawn as dashed lines across every lane
LANE_HEIGHT = 46
# The dots' size legend: a figure is someone's report, and each event names who gave it.
CASUALTY_LEGEND = [N_("Killed + injured, as reported"), N_("(who reported each figure: hover its dot)")]
POINT_SIZES = (90, 900)  # area in px² of a dot: no casualties reported .. the most reported
MARGIN_DAYS = 4
KEY_LANE = N_("Ceasefires and agreements")
SOURCES = (N_("The article"), N_("Your upload"))
LABEL_ROWS = 3
LABEL_SHARE = 0.2  # about how much of the time axis a key date's label of LABEL_CHARS covers (600 px wide)
LABEL_CHARS = 16  # "Ceasefire 10 Oct": a longer label (other languages' words) covers more


def _casualty_total(casualties: object) -> int:
    if not isinstance(casualties, dict):
        return 0
    return sum(casualties.get(k) or 0 for k in ("killed", "injured"))


def _shifted(day: dt.date, days: int) -> dt.date:
    """`day` moved by `days`, stopping at the first and last dates Python has (years 1 and 9999)."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max if days > 0 else dt.date.min


def _day_after(day: dt.date) -> dt.date:
    return _shifted(day, 1)


def timeline_rows(data: MapData, period: str, language: Texts | None = None) -> pd.DataFrame:
    """One row per event on show: the war era's events, or all ("all"); dates in `language`
    (none: English)."""
    if period not in PERIODS:
        raise ValueError(f"period {period!r} is not one of {', '.join(PERIODS)}")
    events = data.events if period == "all" else data.events[data.era_is_war]
    language = language or texts("en")
    rows = []
    for event in events.to_dict("records"):
        label = date_label(
            event["date"],
            event["date_precision"],
            event.get("end_date"),
            event.get("not_before"),
            event.get("date_approximate") is True,
            language,
        )
        category_label = language(CATEGORY_STYLE[event["category"]][0])
        uploaded = event["id"].startswith(UPLOAD_ID_PREFIX)
        source = language(SOURCES[1] if uploaded else SOURCES[0])
        rows.append(
            {
                "id": event["id"],
                "title": event["title"],
                "category": event["category"],
                "lane": category_label,
                "start": pd.Timestamp(event["start"]),
                # Bars end at the end of their last day.
                "end": pd.Timestamp(_day_after(event["end"])),
                "last_day": event["end"],
                "kind": "point" if event["start"] == event["end"] else "span",
                "casualties": _casualty_total(event.get("casualties")),
                "casualty_text": casualty_text(event.get("casualties"), language) or "",
                "when": label,
                "places": ", ".join(place_names(event.get("places") or [], data.places_by_id)),
                "paragraphs": ", ".join(str(p) for p in event.get("source_paragraphs") or []),
                "era": event["era"],
                "label": f"{label} · {event['title']}",
                "aria": f"{event['title']}; {label}; {category_label}"
                + ("; " + language(N_("your upload")) if uploaded else ""),
                "source": source,
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "id",
            "title",
            "category",
            "lane",
            "start",
            "end",
            "last_day",
            "kind",
            "casualties",
            "casualty_text",
            "when",
            "places",
            "paragraphs",
            "era",
            "label",
            "aria",
            "source",
        ],
    )


def key_dates(
    rows: pd.DataFrame, domain: tuple[pd.Timestamp, pd.Timestamp], language: Texts | None = None
) -> pd.DataFrame:
    """Ceasefires and agreements with a short label each ("Ceasefire 10 Oct", in `language`, none:
    English), spread over three text rows so that labels closer than about a tenth of the time axis
    do not overlap."""
    language = language or texts(DEFAULT_LANGUAGE)
    keys = rows[rows["category"].isin(KEY_DATE_CATEGORIES)].sort_values("start", kind="stable").copy()
    span = (domain[1] - domain[0]) or pd.Timedelta(days=1)
    with_year = span > pd.Timedelta(days=400)
    keys["key_label"] = [
        f"{language(CATEGORY_STYLE[c][0])} {language.short_day_and_month(d)}" + (f" {d.year}" if with_year else "")
        for c, d in zip(keys["category"], keys["start"], strict=True)
    ]
    keys = keys.drop_duplicates("key_label")  # two agreements on one day: one label
    free_from = [domain[0] - span] * LABEL_ROWS  # where each text row is free again
    rows_of, aligns = [], []
    for start, label in zip(keys["start"], keys["key_label"], strict=True):
        width = span * LABEL_SHARE * max(1.0, len(label) / LABEL_CHARS)
        near_end = start > domain[1] - width  # such a label runs leftwards from its line
        left, right = (start - width, start) if near_end else (start, start + width)
        row = next((i for i, free in enumerate(free_from) if free <= left), None)
        if row is None:  # every row taken: the one that frees up first
            row = min(range(LABEL_ROWS), key=free_from.__getitem__)
        free_from[row] = right
        rows_of.append(row)
        aligns.append("right" if near_end else "left")
    keys["label_row"] = rows_of
    keys["align"] = aligns
    keys["lane"] = KEY_LANE
    return keys


def timeline_chart(
    rows: pd.DataFrame, bounds: tuple[dt.date, dt.date] | None, language: Texts | None = None
) -> alt.LayerChart:
    """The lanes chart; `bounds` limits the time axis (the war era), None shows every row. Lanes,
    tooltips, legends and the axis's months in `language` (none: English), as `timeline_rows` gave.

    The top lane labels the ceasefires and agreements, whose dashed lines cross every lane.
    """
    language = language or texts("en")
    present = [c for c in CATEGORIES if c in set(rows["category"])]
    lanes = [language(KEY_LANE), *(language(CATEGORY_STYLE[c][0]) for c in present)]
    colours = ["#333333", *(CATEGORY_STYLE[c][1] for c in present)]
    if bounds is not None:
        domain = (pd.Timestamp(_shifted(bounds[0], -MARGIN_DAYS)),
                  pd.Timestamp(_shifted(bounds[1], MARGIN_DAYS)))  # fmt: skip
        x_scale = alt.Scale(domain=[d.isoformat() for d in domain])
    else:
        first, last = (rows["start"].min(), rows["end"].max()) if len(rows) else (pd.Timestamp.now(),) * 2
        domain = (first, last)
        x_scale = alt.Scale(padding=16)
    pick = alt.selection_point(name="pick", fields=["id"], on="click", clear=False)
    x = alt.X(
        "start:T",
        title=None,
        scale=x_scale,
        axis=alt.Axis(format="%-d %b %Y", labelOverlap=True, grid=True, orient="bottom"),
    )
    y = alt.Y(
        "lane:N",
        title=None,
        sort=lanes,
        scale=alt.Scale(domain=lanes),
        axis=alt.Axis(labelLimit=280, labelFontSize=13, labelColor="#111"),  # "Ceasefires and agreements" in Armenian
    )
    colour = alt.Color("lane:N", scale=alt.Scale(domain=lanes, range=colours), legend=None)
    tooltip = [
        alt.Tooltip("title:N", title=language("Event")),
        alt.Tooltip("when:N", title=language("When")),
        alt.Tooltip("lane:N", title=language("Category")),
        alt.Tooltip("places:N", title=language("Places")),
        alt.Tooltip("casualty_text:N", title=language(N_("Casualties (who reported them)"))),
    ]
    # Uploaded events beside the article's: diamonds and dashed bars, with a legend.
    mixed = rows["source"].nunique() > 1
    if mixed:
        tooltip.append(alt.Tooltip("source:N", title=language("From")))
    shape = alt.Shape(
        "source:N",
        scale=alt.Scale(domain=[language(source) for source in SOURCES], range=["circle", "diamond"]),
        legend=alt.Legend(title=language("From"), orient="bottom") if mixed else None,
    )
    dash = alt.StrokeDash(
        "source:N",
        scale=alt.Scale(domain=[language(source) for source in SOURCES], range=[[1, 0], [4, 3]]),
        legend=None,
    )
    base = alt.Chart(rows).encode(y=y, color=colour, tooltip=tooltip, description="aria:N")
    bars = (
        base.transform_filter(alt.datum.kind == "span")
        .mark_bar(height=16, cornerRadius=3, stroke=MARKER_OUTLINE, strokeWidth=1, clip=True, cursor="pointer")
        .encode(x=x, x2="end:T", opacity=alt.value(0.75), strokeDash=dash)
        .add_params(pick)
    )
    biggest = max(int(rows["casualties"].max()) if len(rows) else 0, 1)
    dots = (
        base.transform_filter(alt.datum.kind == "point")
        .mark_point(filled=True, stroke=MARKER_OUTLINE, strokeWidth=1.2, opacity=0.95, clip=True, cursor="pointer")
        .encode(
            x=x,
            shape=shape,
            size=alt.Size(
                "casualties:Q",
                scale=alt.Scale(domain=[0, biggest], range=list(POINT_SIZES)),
                legend=alt.Legend(title=[language(line) for line in CASUALTY_LEGEND], orient="bottom"),
            ),
        )
        .add_params(pick)
    )
    keys = key_dates(rows, domain, language)
    keys["lane"] = lanes[0]
    rules = (
        alt.Chart(keys)
        .mark_rule(strokeDash=[5, 4], color="#333", strokeWidth=1.2, clip=True)
        .encode(
            x=x,
            tooltip=[alt.Tooltip("title:N", title=language("Event")), alt.Tooltip("when:N", title=language("When"))],
        )
    )
    labels = [
        alt.Chart(keys[(keys["align"] == align) & (keys["label_row"] == row)])
        .mark_text(
            align=align,
            dx=4 if align == "left" else -4,
            dy=(row - 1) * 14,
            fontSize=12,
            fontWeight="bold",
            color="#111",
        )
        .encode(x=x, y=y, text="key_label:N")
        for align in ("left", "right")
        for row in range(LABEL_ROWS)
        if ((keys["align"] == align) & (keys["label_row"] == row)).any()
    ]
    return (
        alt.layer(rules, *labels, bars, dots)
        .properties(
            height=len(lanes) * LANE_HEIGHT,
            # Fit the width only: the lanes keep their height below the axis and the legend.
            autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
            # The axis's month names from CLDR, as the rest of the page's dates.
            usermeta={"embedOptions": {"renderer": "svg", "timeFormatLocale": time_format_locale(language)}},
        )
        .configure_view(stroke=None)
        .configure_axis(labelColor="#111", labelFontSize=12)
    )


def time_format_locale(language: Texts) -> dict:
    """d3's time-format locale (Vega's `timeFormatLocale`) with the language's CLDR names."""
    locale = language.locale
    days = [locale.days["format"][name][day] for name in ("wide", "abbreviated") for day in (6, 0, 1, 2, 3, 4, 5)]
    return {
        "dateTime": "%x, %X",
        "date": "%-d.%m.%Y",
        "time": "%H:%M:%S",
        "periods": ["AM", "PM"],
        "days": days[:7],
        "shortDays": days[7:],
        "months": [locale.months["format"]["wide"][m] for m in range(1, 13)],
        "shortMonths": [locale.months["format"]["abbreviated"][m] for m in range(1, 13)],
    }


def event_table(rows: pd.DataFrame) -> pd.DataFrame:
    """The chart's rows as a readable table (sortable by date through `Starts`)."""
    return pd.DataFrame(
        {
            N_("Starts"): [d.date() for d in rows["start"]],
            N_("When"): rows["when"],
            N_("Category"): rows["lane"],
            N_("Event"): rows["title"],
            N_("Places"): rows["places"],
            N_("Casualties (as reported)"): rows["casualty_text"],
            N_("Paragraphs"): rows["paragraphs"],
            N_("Period"): [N_("War and after") if era == "war" else N_("Background") for era in rows["era"]],
            **({N_("From"): rows["source"]} if rows["source"].nunique() > 1 else {}),
        }
    )
