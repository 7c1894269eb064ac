"""The one escaping path for text from data or users.

folium inserts popup and tooltip text into HTML and JavaScript unescaped, and Streamlit
markdown interprets markdown and LaTeX, so every such string passes through here.
"""

from __future__ import annotations

import html
import json
import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")
# Streamlit turns `:material/name:`, `:smile:`, `:+1:` and `:streamlit:` into icons by matching
# the text after markdown has removed backslashes, so a backslash cannot stop them. An invisible
# word joiner after the colon breaks every such pattern (JavaScript's \w is ASCII only).
_SHORTCODE_COLON = re.compile(r":(?=[A-Za-z0-9_+\-])")
WORD_JOINER = "\u2060"
_JINJA_OPENER = re.compile(r"\{(?=[{%#])")
_JS_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def html_text(value: object) -> str:
    """Text for HTML element content or an attribute value."""
    return html.escape("" if value is None else str(value), quote=True)


def markdown_text(value: object) -> str:
    """Text for st.markdown and friends: markdown, HTML and LaTeX characters and Streamlit's icon
    and emoji shortcodes shown literally."""
    text = _SHORTCODE_COLON.sub(":" + WORD_JOINER, "" if value is None else str(value))
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def js_json(value: object) -> str:
    """A JSON literal safe to place inside an inline <script> (no `</script>`, no U+2028).

    branca compiles rendered map scripts as Jinja templates once more, so `{{`, `{%` and `{#`
    (which JSON can only hold inside strings) are written with `{` escaped as well.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in _JS_UNSAFE.items():
        text = text.replace(char, escaped)
    return _JINJA_OPENER.sub(r"\\u007b", text)
