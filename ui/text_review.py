"""Your data, "Map a text", after the places are found: reject, re-pick or hand-place names (a
`geo.text.draft.Review` kept in the session), then edit the draft events and take them to the
dashboard, a file or a static site."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import streamlit as st

from app_data import shipped_data
from geo.io.export import site_files, zip_site
from geo.io.formats import FORMATS, export, spreadsheet_safe
from geo.io.upload import parse_upload
from geo.map.framing import TEXT_ACCOUNT
from geo.map.safe import markdown_text
from geo.model.i18n import N_
from geo.model.loader import DataError, Dataset
from geo.model.schema import CATEGORIES
from geo.model.session import session_map_data
from geo.text.draft import (
    MAX_POINT_CHARS,
    Review,
    candidate_label,
    candidate_rows,
    drafts_table,
    edited_drafts,
    found_places_table,
    label_of,
    name_now,
    parse_point,
    same_rows,
    text_focus,
)
from ui.lang import _, n_, session_texts
from ui.uploads import show_on_map, translated_report
from ui.widgets import save_button

# Drafts found in one text, each read and confirmed by a person: past this, a text is better mapped in parts.
MAX_DRAFT_EVENTS = 5_000
UNRESOLVED_HEADING = N_("**Names not resolved** (people, organisations, events, or places the gazetteer lacks)")


def _set_review(review: Review) -> None:
    st.session_state.text_review = review


def review_places(found, result, review: Review, labels: dict) -> None:
    """Reject, re-pick, place by hand: each change is kept in this session's Review."""
    st.markdown(
        _(
            "**Places found**. Confidence and its reason come from the text itself (the countries it "
            "names, nearby places, cue words such as 'in'); below 0.6 a name is *uncertain* and stays off "
            "the map until you pick a place for it."
        )
    )
    shown = {p.place_id: p for p in result.places}
    language = session_texts()
    table = found_places_table(result.places, labels, detailed=True)
    table["From"] = table["From"].map(language)
    table = table.rename(columns=language)
    with st.container(key="text_places"):
        st.dataframe(spreadsheet_safe(table), hide_index=True, width="stretch")
    everything = {p.place_id: p for p in (*found.places, *found.uncertain, *result.places)}
    options = [i for i in everything if i in shown or i in review.rejected]
    rejected = st.multiselect(
        _("Take places off the map"),
        options,
        default=sorted(review.rejected & set(options)),
        format_func=lambda i: label_of(shown.get(i, everything[i]), labels),
        key=f"reject_{_generation()}",
    )
    if frozenset(rejected) != review.rejected:
        _set_review(dataclasses.replace(review, rejected=frozenset(rejected)))
        st.rerun()
    if result.uncertain:
        with st.container(key="text_uncertain"):
            st.markdown(
                _("**Uncertain** (not on the map):")
                + " "
                + " · ".join(
                    f"{markdown_text(p.text or p.name)} ({p.confidence:.2f}: {markdown_text(p.reason)})"
                    for p in result.uncertain
                )
            )
    choosable = [p for p in (*found.places, *found.uncertain) if len(p.candidates) > 1 or p.uncertain]
    with st.expander(_("Pick another place for a name"), expanded=False), st.container(key="text_repick"):
        if not choosable:
            st.caption(_("Every name found has one candidate only."))
        else:
            by_id = {p.place_id: p for p in choosable}
            chosen_id = st.selectbox(
                _("Name"), list(by_id), key="repick_name", format_func=lambda i: name_now(by_id[i], language)
            )
            place = by_id[chosen_id]
            options = [candidate_label(row, language) for row in candidate_rows(place, text_focus(found))]
            index = st.radio(
                _("Candidates: name, country, population, distance from the text's focus"),
                range(len(options)),
                key="repick_candidate",
                format_func=options.__getitem__,
            )
            if st.button(_("Use this place"), key="repick_use"):
                _set_review(
                    dataclasses.replace(
                        review,
                        chosen={**review.chosen, chosen_id: place.candidates[index]},
                        rejected=review.rejected - {chosen_id},
                    )
                )
                st.rerun()
    st.markdown(_(UNRESOLVED_HEADING))
    if result.unresolved:
        with st.container(key="text_unresolved"):
            st.markdown(" · ".join(f"{markdown_text(u.name)} ({u.count}×)" for u in result.unresolved))
    else:
        st.caption(_("None."))
    names = [u.name for u in found.unresolved] + [p.text or p.name for p in found.uncertain]
    with st.expander(_("Place a name by hand"), expanded=False), st.container(key="text_place"):
        if not names:
            st.caption(_("Every name was resolved."))
            return
        name = st.selectbox(_("Name from the text"), names, key="place_name")
        st.text_input(
            _("Latitude, longitude (click the map to fill it in)"),
            key="text_point",
            placeholder="39.76, 46.75",
            max_chars=MAX_POINT_CHARS,
        )
        if st.button(_("Place it"), key="place_use"):
            try:
                lat, lon = parse_point(st.session_state.get("text_point", ""))
            except ValueError as err:
                problem = session_texts().message(err.args[0])
                st.error(markdown_text(_("Not placed: {problem}. Nothing else changed.", problem=problem)))
                return
            _set_review(dataclasses.replace(review, placed={**review.placed, name: (lat, lon)}))
            st.rerun()


def _generation() -> int:
    """Bumped for each new text, so the editors start from the new text's tables."""
    return st.session_state.get("text_generation", 0)


def _edited_table(drafts: dict):
    """The drafts' table as the person edited it, with one row per draft (else the table as made)."""
    with st.container(key="text_drafts"):
        edited = st.data_editor(
            drafts_table(drafts),
            hide_index=True,
            width="stretch",
            num_rows="fixed",
            key=f"drafts_editor_{_generation()}",
            column_config={
                "date": st.column_config.TextColumn(_("date")),
                "title": st.column_config.TextColumn(_("title")),
                "category": st.column_config.SelectboxColumn(_("category"), options=list(CATEGORIES)),
                "places": st.column_config.TextColumn(_("places")),
                "summary": st.column_config.TextColumn(_("summary"), disabled=True),
            },
        )
    try:
        edited = same_rows(drafts, edited)
    except ValueError as err:
        st.error(markdown_text(_("Edits set aside: {problem}.", problem=session_texts().message(err.args[0]))))
        edited = drafts_table(drafts)
    return edited


def edit_drafts(result, name: str, drafts: dict, labels: dict) -> None:
    st.markdown(
        _(
            "**Draft events**: one per sentence that has a date and names a place. Edit the date, title, "
            "category or places (names from the places above, separated by ';'); then show them on the "
            "dashboard, download them or export a static site."
        )
    )
    if not drafts["features"]:
        st.caption(_("No sentence has both a date and a place on the map."))
        return
    edited = _edited_table(drafts)
    points = {label_of(p, labels): (p.lat, p.lon) for p in result.places}
    final, problems = edited_drafts(drafts, edited, points)
    before, after = drafts_table(drafts).to_dict("records"), edited.to_dict("records")
    changed = sum(a != b for a, b in zip(before, after, strict=True))
    with st.container(key="text_drafts_status"):
        st.caption(
            n_(
                "{count} draft(s) edited; edits stay in this session until you map another text.",
                "{count} draft(s) edited; edits stay in this session until you map another text.",
                changed,
            )
        )
    for problem in problems:
        st.error(markdown_text(session_texts().message(problem)))
    content = json.dumps(final, ensure_ascii=False, indent=1).encode("utf-8")
    if len(final["features"]) > MAX_DRAFT_EVENTS:
        with st.container(key="draft_limit"):
            language = session_texts()
            st.warning(
                _(
                    "{count} draft events are more than the {limit} one review can take. Download them, keep "
                    "the ones you need and upload the file under “Upload your events”.",
                    count=language.number(len(final["features"])),
                    limit=language.number(MAX_DRAFT_EVENTS),
                )
            )
        save_button(
            _("Download draft events (GeoJSON)"),
            data=content,
            file_name="draft-events.geojson",
            mime="application/geo+json",
            key="draft_download",
        )
        return
    try:
        parsed = parse_upload(content, "draft-events.geojson")
    except DataError as err:
        st.error(
            markdown_text(
                _("The drafts cannot be used as they are: {problem}. Your edits are kept; fix them above.", problem=err)
            )
        )
        return
    if parsed.bad_rows:
        st.error(
            markdown_text(
                n_(
                    "{count} draft(s) left out until fixed (your edits are kept):",
                    "{count} draft(s) left out until fixed (your edits are kept):",
                    len(parsed.bad_rows),
                )
            )
        )
        st.table(translated_report(parsed, session_texts()).set_index(_("Row")))
    events = parsed.events
    today = dt.date.today()
    with st.container(horizontal=True, key="text_exports"):
        save_button(
            _("Download draft events (GeoJSON)"),
            data=content,
            file_name=f"draft-events_{today.isoformat()}.geojson",
            mime="application/geo+json",
            key="draft_download",
        )
        if len(events):
            for extension in ("geojson", "csv", "kml"):
                made = export(events, "events", extension, "your-text", today, account=TEXT_ACCOUNT)
                save_button(
                    _("Events ({format})", format=FORMATS[extension][0]),
                    data=made.data,
                    file_name=made.file_name,
                    mime=made.mime,
                    key=f"text_download_{extension}",
                )
    if not len(events):
        return
    with st.container(horizontal=True, key="text_actions"):
        if st.button(
            _("Show on the dashboard"),
            type="primary",
            key="draft_show",
            help=_(
                "At most {limit} draft events can be reviewed and shown at once.",
                limit=session_texts().number(MAX_DRAFT_EVENTS),
            ),
        ):
            show_on_map(events, "instead", _("draft events from {name}", name=name))
        if st.button(_("Build a static site"), key="text_site"):
            shipped = shipped_data()
            data = session_map_data(Dataset(shipped.places, shipped.events), events, "instead")
            st.session_state.text_site_zip = zip_site(site_files(data, title=_("Map of {name}", name=name)))
    if st.session_state.get("text_site_zip"):
        save_button(
            _("Download the static site (zip)"),
            data=st.session_state.text_site_zip,
            file_name=f"text-map-site_{today.isoformat()}.zip",
            mime="application/zip",
            key="text_site_download",
        )
