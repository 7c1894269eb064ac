/* Dates: day numbers from 1970-01-01 (as JavaScript's Date counts them), for any year
   1..9999, written as YYYY-MM-DD and in words. Pure functions; no DOM. */
(function (engine) {
  'use strict';

  const DAY_MS = 86400000;
  const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
    'September', 'October', 'November', 'December'];

  function dayOf(year, month, day) {
    const d = new Date(0);
    d.setUTCFullYear(year, month - 1, day); // Date.UTC would read years 0..99 as 1900..1999
    return Math.round(d.getTime() / DAY_MS);
  }

  function parts(day) {
    const d = new Date(day * DAY_MS);
    return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
  }

  function isoDay(day) {
    const [y, m, d] = parts(day);
    return String(y).padStart(4, '0') + '-' + String(m).padStart(2, '0') + '-' + String(d).padStart(2, '0');
  }

  // The interface's words (geo/map/mapview.py engine_strings): messages keyed by their English
  // text, plural forms by CLDR category and CLDR's month names and date patterns. Without a table
  // (or a message missing from it) the engine speaks English.
  let STRINGS = {};
  function setStrings(table) { STRINGS = table || {}; }

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, (whole, name) => (values && name in values ? String(values[name]) : whole));
  }

  /** `message` (English) in the interface's language, `{name}` filled from `values`. */
  function t(message, values) {
    const table = STRINGS.messages || {};
    return fill(Object.prototype.hasOwnProperty.call(table, message) ? table[message] : message, values);
  }

  /** A country's name on the offline outlines in the interface's language (CLDR's, by its ISO alpha-3
      code), else `fallback`, the outlines' own English one. */
  function countryName(iso3, fallback) {
    const names = STRINGS.countries || {};
    return Object.prototype.hasOwnProperty.call(names, iso3) ? names[iso3] : fallback;
  }

  /** The plural form of `singular` / `plural` for `count` (`{count}` is the number). */
  function tn(singular, plural, count, values) {
    const forms = (STRINGS.plurals || {})[singular];
    let text = count === 1 ? singular : plural;
    if (forms && typeof Intl !== 'undefined' && Intl.PluralRules) {
      const category = new Intl.PluralRules(STRINGS.locale || 'en').select(count);
      text = forms[category] || forms.other || text;
    }
    return fill(text, Object.assign({count}, values || {}));
  }

  /** A date (YYYY, YYYY-MM or YYYY-MM-DD) in words at its precision, with CLDR's patterns. */
  function wordsOf(iso, precision) {
    const [y, m, d] = iso.split('-').map(Number);
    const dates = STRINGS.dates;
    if (precision === 'year') { return String(y); }
    const names = {y, d, MMMM: dates.months[(m || 1) - 1], LLLL: dates.monthsStandalone[(m || 1) - 1]};
    return fill(precision === 'month' ? dates.month : dates.day, names);
  }

  /** An event card's date as geo.model.prepare.date_label writes it, in the interface's language;
      `english` (the server's) without a strings table. */
  function dateText(event, english) {
    if (!STRINGS.dates) { return english; }
    const precision = event.date_precision;
    let label;
    if (precision === 'year') {
      label = t('{date} (approximate: year only)', {date: wordsOf(event.date, 'year')});
    } else if (precision === 'month') {
      const month = wordsOf(event.date, 'month');
      if (event.notBefore) {
        const [, m, d] = event.notBefore.split('-').map(Number);
        const day = fill(STRINGS.dates.dayMonth, {d, MMMM: STRINGS.dates.months[m - 1], LLLL: STRINGS.dates.monthsStandalone[m - 1]});
        label = t('{date} (approximate: month only, not before {day})', {date: month, day});
      } else {
        label = t('{date} (approximate: month only)', {date: month});
      }
    } else {
      label = event.about ? t('about {date}', {date: wordsOf(event.date, 'day')}) : wordsOf(event.date, 'day');
    }
    if (event.end_date && event.end_date !== event.date) {
      label = t('{start} – {end}', {start: label, end: wordsOf(event.end_date, 'day')});
    }
    return label;
  }

  /** An event card's source line ("Source: paragraphs 3, 4") in the interface's language. */
  function sourcesText(paragraphs, english) {
    if (!STRINGS.dates || !paragraphs.length) { return english; }
    return tn('Source: paragraph {paragraphs}', 'Source: paragraphs {paragraphs}', paragraphs.length,
      {paragraphs: paragraphs.join(', ')});
  }

  /** An event card's casualty line ("21 killed, 70 injured (…). Reported by: …") in the interface's
      language, each figure by the language's plural rules; `casualties` is the event's own object
      (geo/model/prepare.py casualty_text writes the same in Python). */
  function casualtyText(casualties, english) {
    if (!STRINGS.dates || !casualties || typeof casualties !== 'object') { return english; }
    const figures = [];
    if (casualties.killed !== undefined && casualties.killed !== null) {
      figures.push(tn('{count} killed', '{count} killed', casualties.killed));
    }
    if (casualties.injured !== undefined && casualties.injured !== null) {
      figures.push(tn('{count} injured', '{count} injured', casualties.injured));
    }
    let text = figures.join(', ');
    if (casualties.qualifier) { text += ' (' + casualties.qualifier + ')'; }
    return t('{figures}. Reported by: {source}', {figures: text, source: casualties.reported_by || t('unknown')});
  }

  function formatDay(day) {
    const [y, m, d] = parts(day);
    const dates = STRINGS.dates;
    if (!dates) { return d + ' ' + MONTHS[m - 1] + ' ' + y; }
    return fill(dates.day, {d, y, MMMM: dates.months[m - 1], LLLL: dates.monthsStandalone[m - 1]});
  }

  /** Day number of a date written YYYY-MM-DD (nothing else: no weeks, no times), or null. */
  function parseDay(text) {
    const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(text);
    if (!m || +m[1] < 1) { return null; }
    const day = dayOf(+m[1], +m[2], +m[3]);
    return isoDay(day) === text ? day : null;
  }

  Object.assign(engine, {DAY_MS, dayOf, parts, isoDay, formatDay, parseDay, setStrings, t, tn, countryName, dateText,
    sourcesText, casualtyText});
})(globalThis.MapEngine = globalThis.MapEngine || {});
// Node's test runner (tests/js/) loads the same file.
if (typeof module !== 'undefined') { module.exports = globalThis.MapEngine; }
