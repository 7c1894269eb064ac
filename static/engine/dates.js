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

  function formatDay(day) {
    const [y, m, d] = parts(day);
    return d + ' ' + MONTHS[m - 1] + ' ' + y;
  }

  /** Day number of a date written YYYY-MM-DD (nothing else: no weeks, no times), or null. */
  function parseDay(text) {
    const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(text);
    if (!m || +m[1] < 1) { return null; }
    const day = dayOf(+m[1], +m[2], +m[3]);
    return isoDay(day) === text ? day : null;
  }

  Object.assign(engine, {DAY_MS, dayOf, parts, isoDay, formatDay, parseDay});
})(globalThis.MapEngine = globalThis.MapEngine || {});
// Node's test runner (tests/js/) loads the same file.
if (typeof module !== 'undefined') { module.exports = globalThis.MapEngine; }
