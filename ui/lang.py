"""The session's interface language: `_()` looks each message up in the language of the session
running it (never `gettext.install()`, which is process-wide), the selector every page shows, and
the `lang` every link the app writes keeps."""

from __future__ import annotations

import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from geo.model.i18n import DEFAULT_LANGUAGE, LANGUAGES, N_, Texts, choose_language, texts

LANG_KEY = "ui_lang"
# The app's pages as the sidebar's menu names them (Streamlit's own menu, which names each page
# after its file in English, is off: .streamlit/config.toml, client.showSidebarNavigation).
PAGES = {
    "dashboard.py": N_("Map"),
    "pages/1_Timeline.py": N_("Timeline"),
    "pages/2_Places.py": N_("Places"),
    "pages/3_Sources_and_method.py": N_("Sources and method"),
    "pages/4_Your_data.py": N_("Your data"),
}


def current_lang() -> str:
    """This session's language: `?lang=` when the URL names one of ours, else the one the session
    chose before, else the browser's locale, else English."""
    state = st.session_state
    asked = st.query_params.get("lang")
    if asked in LANGUAGES:
        state[LANG_KEY] = asked
    elif LANG_KEY not in state:
        state[LANG_KEY] = choose_language(asked, st.context.locale)
    return state[LANG_KEY]


def session_texts() -> Texts:
    return texts(current_lang())


def _(message: str, **values: object) -> str:
    """`message` in this session's language (`{name}` placeholders filled from `values`)."""
    return session_texts()(message, **values)


def n_(singular: str, plural: str, count: int, **values: object) -> str:
    """The plural form for `count` in this session's language; `{count}` is the number."""
    return session_texts().plural(singular, plural, count, **values)


def lang_query() -> dict[str, str]:
    """`lang` for a link the app writes: kept whenever the URL named it or it is not English, so
    a rewritten query string never drops the reader's choice."""
    lang = current_lang()
    return {"lang": lang} if lang != DEFAULT_LANGUAGE or "lang" in st.query_params else {}


def page_menu() -> None:
    """The sidebar's menu of pages, named in this session's language; each link keeps `lang`."""
    with st.sidebar.container(key="page_menu"):
        for path, title in PAGES.items():
            try:
                st.page_link(path, label=_(title), query_params=lang_query())
            except StreamlitPageNotFoundError:  # a page run on its own (AppTest) knows no other page
                return


def _set_language() -> None:
    lang = st.session_state["ui_lang_select"]
    st.session_state[LANG_KEY] = lang
    st.query_params["lang"] = lang


def language_selector(container=None, compact: bool = False) -> None:
    """The language choice, each language named in itself; the choice goes into the URL (`lang`).
    `compact`: no visible label (a row of buttons beside it; screen readers still read it)."""
    if container is None:  # a page of its own (not the dashboard's sidebar, nor a slide's bar)
        page_menu()
    target = container if container is not None else st.sidebar
    lang = current_lang()
    st.session_state["ui_lang_select"] = lang
    target.selectbox(
        "Language · Dil · Լեզու · Язык",
        list(LANGUAGES),
        format_func=LANGUAGES.get,
        key="ui_lang_select",
        on_change=_set_language,
        label_visibility="collapsed" if compact else "visible",
    )
