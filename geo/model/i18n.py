"""The interface's languages: English, Azərbaycanca, Հայերեն and Русский (issue 22).

Translations are gettext catalogues (`locales/<lang>/LC_MESSAGES/messages.po`, compiled to `.mo` by
`pybabel compile`, see README). Each language has one `Texts` object, looked up per call: never
`gettext.install()`, which is process-wide and would give one session another session's language.
Dates and plural rules come from Babel's CLDR data, for Python and for the map engine alike.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext
import re
from pathlib import Path

from babel import Locale, negotiate_locale
from babel.dates import format_date, format_skeleton, get_month_names, parse_pattern
from babel.numbers import format_decimal

# Each language named in itself, as the language selector shows it.
LANGUAGES = {"en": "English", "az": "Azərbaycanca", "hy": "Հայերեն", "ru": "Русский"}
DEFAULT_LANGUAGE = "en"
LOCALE_DIR = Path(__file__).resolve().parents[2] / "locales"
DOMAIN = "messages"
# English dates as the project has always written them ("10 November 2020"), not the US order.
_CLDR_LOCALE = {"en": "en_GB", "az": "az", "hy": "hy", "ru": "ru"}
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def N_(message: str) -> str:
    """Marks a constant for the catalogues (extracted by Babel); it is translated where it is shown."""
    return message


class Message(str):
    """An English message that keeps its catalogue id and values. geo/ has no session, so it says
    what is wrong once, in English (logs, tests, the command line, `str()` of it), and a page shows
    the same message in the reader's language with `Texts.message`. Whole numbers among the
    values are grouped as the language writes them ("3,000", "3 000")."""

    msgid: str
    values: dict

    def __new__(cls, msgid: str, **values: object) -> Message:
        text = super().__new__(cls, msgid.format(**_grouped(values, "{:,}".format)) if values else msgid)
        text.msgid, text.values = msgid, values
        return text

    def __reduce__(self):  # a copy (pickle, deepcopy) keeps the id and values
        return _message, (self.msgid, self.values)


def _message(msgid: str, values: dict) -> Message:
    return Message(msgid, **values)


def _grouped(values: dict, number) -> dict:
    return {key: number(value) if type(value) is int else value for key, value in values.items()}


def M_(msgid: str, **values: object) -> Message:
    """A message with its values, extracted by Babel (`-k M_`) and translated where it is shown."""
    return Message(msgid, **values)


def plural_pair(singular: str, plural: str) -> tuple[str, str]:
    """Marks a counted phrase for the catalogues (extracted by Babel as one plural message)."""
    return singular, plural


def choose_language(asked: str | None, browser_locale: str | None = None) -> str:
    """The interface language: `?lang=` when it names one of ours; else the browser's locale
    ("hy-AM", "ru_RU") when it matches one (Babel's negotiation); else English. A `lang` that is
    not ours gives English (never the browser's guess), so a link always opens the same way."""
    if asked is not None:
        return asked if asked in LANGUAGES else DEFAULT_LANGUAGE
    if browser_locale:
        for sep in ("-", "_"):
            found = negotiate_locale([browser_locale], list(LANGUAGES), sep=sep)
            if found:
                return found
    return DEFAULT_LANGUAGE


@functools.cache
def texts(lang: str) -> Texts:
    """The one `Texts` of a language (an unknown code is English)."""
    return Texts(lang if lang in LANGUAGES else DEFAULT_LANGUAGE)


class Texts:
    """One language's messages, dates and plurals. Call it with an English message (and `{name}`
    values) for the translation; a message missing from the catalogue stays English."""

    def __init__(self, lang: str):
        self.lang = lang
        self.locale = Locale.parse(_CLDR_LOCALE[lang])
        self._catalogue = gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)

    def __call__(self, message: str, **values: object) -> str:
        text = self._catalogue.gettext(message)
        return text.format(**values) if values else text

    def message(self, text: object) -> str:
        """A `Message` (and the messages among its values) in this language; other text as it is."""
        if not isinstance(text, Message):
            return str(text)
        values = {
            key: self.message(value) if isinstance(value, Message) else value for key, value in text.values.items()
        }
        return self._catalogue.gettext(text.msgid).format(**_grouped(values, self.number))

    def plural(self, singular: str, plural: str, count: int, **values: object) -> str:
        """The form for `count` by the language's plural rules; `{count}` is the number."""
        return self._catalogue.ngettext(singular, plural, count).format(count=count, **values)

    def number(self, value: int) -> str:
        """A whole number with the language's grouping ("200,000", "200 000")."""
        return format_decimal(value, locale=self.locale)

    def date(self, day: dt.date, precision: str = "day") -> str:
        """A date in words at its precision: "10 November 2020", "November 2020" or "2020"."""
        if precision == "year":
            return str(day.year)
        if precision == "month":
            return format_date(day, self.locale.datetime_skeletons["yMMMM"].pattern, locale=self.locale)
        return format_date(day, "long", locale=self.locale)

    def country_name(self, alpha2: str) -> str | None:
        """A country's name in this language (CLDR's, by its ISO 3166 alpha-2 code), else None."""
        return self.locale.territories.get(alpha2.upper())

    def short_day_and_month(self, day: dt.date) -> str:
        """ "10 Oct", with no year (CLDR's abbreviated month)."""
        return format_skeleton("MMMd", day, locale=self.locale)

    def day_and_month(self, day: dt.date) -> str:
        """ "27 September", with no year."""
        return format_skeleton("MMMMd", day, locale=self.locale)

    def engine_dates(self) -> dict:
        """Month names and date patterns for the engine (`{d}`, `{MMMM}`, `{LLLL}`, `{y}`), from CLDR."""
        months = get_month_names("wide", "format", self.locale)
        standalone = get_month_names("wide", "stand-alone", self.locale)

        def template(pattern: str) -> str:
            return _PLACEHOLDER.sub(r"{\1}", parse_pattern(pattern).format.replace("%%", "%"))

        return {
            "months": [months[m] for m in range(1, 13)],
            "monthsStandalone": [standalone[m] for m in range(1, 13)],
            "day": template(self.locale.date_formats["long"].pattern),
            "month": template(self.locale.datetime_skeletons["yMMMM"].pattern),
            "dayMonth": template(self.locale.datetime_skeletons["MMMMd"].pattern),
        }

    def plural_forms(self, singular: str, plural: str) -> dict[str, str]:
        """`singular`/`plural` translated for each CLDR plural category of the language ("one",
        "few", "many", "other"), `{count}` left in: the engine picks one with Intl.PluralRules."""
        forms: dict[str, str] = {}
        for count in (*range(1, 200), 0):  # 1 first: "one" is the singular even where 0 is "one" too
            forms.setdefault(self.locale.plural_form(count), self._catalogue.ngettext(singular, plural, count))
        return forms
