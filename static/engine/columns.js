/* The events in columns (geo/map/event_columns.py) back into the engine's event objects: one
   list per field ("card.date" a field of a field), a repeated value kept once (`dict`, with each
   event's index into it in `codes`), and a field named in `optional` left out where null.
   Pure functions; no DOM. */
(function (engine) {
  'use strict';

  /** The value of each event in one column, as a function of the event's row. */
  function columnReader(column, n) {
    if (Array.isArray(column.codes) && Array.isArray(column.dict) && column.codes.length === n) {
      return (i) => column.dict[column.codes[i]];
    }
    if (Array.isArray(column.values) && column.values.length === n) { return (i) => column.values[i]; }
    throw new Error('a column holds neither ' + n + ' values nor ' + n + ' codes');
  }

  function decodeEvents(blob) {
    const n = blob.n;
    if (!Number.isInteger(n) || n < 0) { throw new Error('not a count of events: ' + JSON.stringify(n)); }
    const optional = new Set(blob.optional || []);
    const events = Array.from({length: n}, () => ({}));
    Object.entries(blob.columns || {}).forEach(([path, column]) => {
      const keys = path.split('.');
      const last = keys.pop();
      const read = columnReader(column, n);
      const skipNull = optional.has(path);
      for (let i = 0; i < n; i++) {
        const value = read(i);
        if (value === null && skipNull) { continue; }
        let target = events[i];
        for (const key of keys) { target = target[key] || (target[key] = {}); }
        target[last] = value;
      }
    });
    return events;
  }

  Object.assign(engine, {decodeEvents});
})(globalThis.MapEngine = globalThis.MapEngine || {});
// Node's test runner (tests/js/) loads the same file.
if (typeof module !== 'undefined') { module.exports = globalThis.MapEngine; }
