"""geo.map.safe: text from data or users shown literally in HTML, Streamlit markdown and inline scripts."""

import html
import json
import re

import pytest

from geo.map.safe import WORD_JOINER, html_text, js_json, markdown_text

HOSTILE = [
    "<img src=x onerror=alert(1)>",
    "</script><script>alert(1)</script>",
    "`${alert(1)}`",
    "**bold** _italic_ ~~struck~~",
    "# Heading",
    "> quote",
    "1. item",
    "- item",
    "+ item",
    "[link](https://example.org)",
    "![image](x.png)",
    "<https://example.org>",
    "$x^2$ and $$\\int x$$",
    "a | b | c",
    ":red[coloured] :smile:",
    "{braces} (parens)",
    "back\\slash\\",
    "Shusha / Shushi — Şuşa, Շուշի",
    "quotes \"double\" and 'single'",
    "",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_html_text_escapes_markup_and_quotes(text: str) -> None:
    escaped = html_text(text)
    assert not set("<>\"'") & set(escaped)
    assert html.unescape(escaped) == text


@pytest.mark.parametrize(("value", "expected"), [(None, ""), (5, "5"), ("a & b", "a &amp; b")])
def test_html_text_of_other_values(value: object, expected: str) -> None:
    assert html_text(value) == expected


# Characters that markdown, Streamlit's extensions (colours, emoji, LaTeX) or HTML give a meaning.
MARKDOWN_SPECIAL = set("\\`*_{}[]()#+-.!|<>~$:")


def unescaped_specials(text: str) -> list[str]:
    """Special characters in `text` that no backslash escapes."""
    found, escaped = [], False
    for char in text:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in MARKDOWN_SPECIAL:
            found.append(char)
    return found


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_text_shows_everything_literally(text: str) -> None:
    escaped = markdown_text(text)
    assert unescaped_specials(escaped) == []
    assert re.sub(r"\\(.)", r"\1", escaped).replace(WORD_JOINER, "") == text


def streamlit_icons(markdown: str) -> list[str]:
    """The icons and emoji Streamlit's markdown would draw for `markdown`: its frontend rewrites
    `:material/` in the source, markdown removes backslashes, then ASCII-only patterns match."""
    text = re.sub(r"\\(.)", r"\1", markdown.replace(":material/", ":material_"))
    patterns = [r":material_([A-Za-z0-9_]+):", r":streamlit:", r":\+1:|:-1:|:[A-Za-z0-9_-]+:"]
    return [match for pattern in patterns for match in re.findall(pattern, text)]


SHORTCODES = [":material/warning: x", ":smile:", ":+1: and :-1:", ":streamlit:", "a:material/home:b",
              "::smile::", ":a:b:c:", "12:30:45", ":red[x] :blue-background[y]", ":material/warning"]  # fmt: skip


def test_the_shortcodes_would_be_icons_unescaped() -> None:
    assert "warning" in streamlit_icons(":material/warning: x")
    assert {":smile:", ":+1:", ":streamlit:"} <= set(streamlit_icons(":smile: :+1: :streamlit:"))


@pytest.mark.parametrize("text", SHORTCODES)
def test_markdown_text_leaves_no_icon_or_emoji_shortcode(text: str) -> None:
    escaped = markdown_text(text)
    assert streamlit_icons(escaped) == []
    assert re.sub(r"\\(.)", r"\1", escaped).replace(WORD_JOINER, "") == text


def test_markdown_text_keeps_one_line() -> None:
    assert markdown_text("first\nsecond\n\nthird") == "first second  third"


@pytest.mark.parametrize(("value", "expected"), [(None, ""), (21, "21"), (1.5, "1\\.5")])
def test_markdown_text_of_other_values(value: object, expected: str) -> None:
    assert markdown_text(value) == expected


@pytest.mark.parametrize("text", ["AT&amp;T", "&lt;b&gt;bold&lt;/b&gt;"])
def test_markdown_text_shows_html_entities_literally(text: str) -> None:
    # Markdown decodes character references, so "&amp;" would show as "&" unless "&" is escaped.
    escaped = markdown_text(text)
    assert "&" not in re.sub(r"\\&", "", escaped)


JS_VALUES = [
    *HOSTILE,
    "<!-- comment",
    "line\u2028separator\u2029paragraph",
    "a & b > c",
    {"title": "</script>", "nested": [["<img onerror=x>", 1, True, None]], "`": "${x}"},
    ["\u2028", "</SCRIPT>", 3.5],
    None,
    42,
]


@pytest.mark.parametrize("value", JS_VALUES)
def test_js_json_is_safe_inside_a_script_and_parses_back(value: object) -> None:
    literal = js_json(value)
    assert "<" not in literal and ">" not in literal
    assert "</script" not in literal.lower()
    assert "\u2028" not in literal and "\u2029" not in literal
    assert json.loads(literal) == value


def test_js_json_escapes_as_unicode_escapes() -> None:
    assert js_json("</script>\u2028&") == '"\\u003c/script\\u003e\\u2028\\u0026"'
    assert js_json({"a": "Şuşa"}) == '{"a":"Şuşa"}'


@pytest.mark.parametrize("text", ["{{7*7}}", "{% raw %}", "{#", "{{{", "a {%- endraw %} b"])
def test_js_json_survives_being_compiled_as_a_jinja_template_again(text: str) -> None:
    from branca.element import Element

    literal = js_json({"title": text})
    assert Element(literal).render() == literal  # branca recompiles rendered scripts
    assert json.loads(literal) == {"title": text}
