/* The time index and what is on show: the events as columnar arrays, built once, and the
   state of each event (hidden, earlier, current) at a view, one pass per step. The same rule
   as geo/model/timeline.py; tests/fixtures/view_cases.json holds both to it. */
(function (engine) {
  'use strict';

  function buildIndex(DATA) {
    const events = DATA.events;
    const n = events.length;
    const categoryIds = DATA.categories.map((c) => c.id);
    const start = new Float64Array(n);
    const end = new Float64Array(n);
    const category = new Uint8Array(n);
    const war = new Uint8Array(n);
    let points = 0;
    events.forEach((e, i) => {
      start[i] = e.start;
      end[i] = e.end;
      category[i] = categoryIds.indexOf(e.category);
      war[i] = e.era === 'war' ? 1 : 0;
      points += e.coords.length;
    });
    const pointEvent = new Int32Array(points);
    const lat = new Float64Array(points);
    const lon = new Float64Array(points);
    let k = 0;
    events.forEach((e, i) => e.coords.forEach(([y, x]) => { pointEvent[k] = i; lat[k] = y; lon[k] = x; k += 1; }));
    return {n, start, end, category, war, pointEvent, lat, lon, binCells: new Map()};
  }

  /** Per event: -1 hidden, 0 earlier (faded), 1 current. Events are sorted by start. */
  function eventStates(index, view) {
    const states = new Int8Array(index.n).fill(-1);
    if (view.mode === 'present') {
      for (let i = 0; i < view.step; i++) { states[i] = i === view.step - 1 ? 1 : 0; }
      return states;
    }
    if (view.era === 'background') {
      for (let i = 0; i < index.n; i++) { if (!index.war[i]) { states[i] = 1; } }
      return states;
    }
    const firstDay = view.date - Math.max(1, view.window) + 1;
    for (let i = 0; i < index.n && index.start[i] <= view.date; i++) {
      if (!index.war[i] || (view.mode === 'window' && index.end[i] < firstDay)) { continue; }
      states[i] = index.end[i] >= view.date ? 1 : 0;
    }
    return states;
  }

  /** Ids of the events on show with their layer on, oldest first (what the cards list). */
  function shownIds(DATA, view, index) {
    index = index || buildIndex(DATA);
    const states = eventStates(index, view);
    const layerOn = DATA.categories.map((c) => view.layers.includes(c.id));
    const ids = [];
    for (let i = 0; i < index.n; i++) {
      if (states[i] >= 0 && (view.mode === 'present' || layerOn[index.category[i]])) { ids.push(DATA.events[i].id); }
    }
    return ids;
  }

  Object.assign(engine, {buildIndex, eventStates, shownIds});
})(globalThis.MapEngine = globalThis.MapEngine || {});
// Node's test runner (tests/js/) loads the same file.
if (typeof module !== 'undefined') { module.exports = globalThis.MapEngine; }
