"""The session's interface language: `_()` looks each message up in the language of the session
running it (never `gettext.install()`, which is process-wide), the selector every page shows, and
the `lang` every link the app writes keeps."""

from __future__ import annotations

import streamlit as st

from geo.model.i18n import DEFAULT_LANGUAGE, LANGUAGES, Texts, choose_language, texts

LANG_KEY = "ui_lang"


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


def _set_language() -> None:
    lang = st.session_state["ui_lang_select"]
    st.session_state[LANG_KEY] = lang
    st.query_params["lang"] = lang


def language_selector(container=None, compact: bool = False) -> None:
    """The language choice, each language named in itself; the choice goes into the URL (`lang`).
    `compact`: no visible label (a row of buttons beside it; screen readers still read it)."""
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
