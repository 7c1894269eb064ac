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

  /** The value for the interface's language in `values` ({lang: value}), else `fallback` (English). */
  function inLanguage(values, fallback) {
    const value = values && STRINGS.lang ? values[STRINGS.lang] : undefined;
    return value === undefined ? fallback : value;
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

  Object.assign(engine, {DAY_MS, dayOf, parts, isoDay, formatDay, parseDay, setStrings, t, tn, inLanguage});
})(globalThis.MapEngine = globalThis.MapEngine || {});
// Node's test runner (tests/js/) loads the same file.
if (typeof module !== 'undefined') { module.exports = globalThis.MapEngine; }
