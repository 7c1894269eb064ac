/* The shared view cases (tests/fixtures/view_cases.json) against the engine's modules, on the
   data the export gives the engine: the same links name the same views (views.js) and the same
   views show the same events (onshow.js) as on the Python side (tests/test_view_cases.py). */
'use strict';
const assert = require('node:assert/strict');
const {test} = require('node:test');
const {loadEngine, shippedData, viewCases} = require('./engine.js');

const E = loadEngine();
const DATA = shippedData();
const CASES = viewCases();

test('every link names the view the fixture gives, with its notices', () => {
  for (const c of CASES.links) {
    const {view, notices} = E.parseView(new URLSearchParams(c.query), DATA);
    const got = {era: view.era, date: E.isoDay(view.date), event: view.event, layers: view.layers, mode: view.mode,
      window: view.window, names: view.names};
    assert.deepEqual(got, c.view, c.query);
    assert.equal(notices.length, c.notices.length, c.query + ': ' + notices.join(' | '));
    c.notices.forEach((text) => assert.ok(notices.some((n) => n.includes(text)), text + ' in ' + notices.join(' | ')));
  }
});

test('every view shows the events the fixture lists, oldest first', () => {
  const index = E.buildIndex(DATA);
  for (const c of CASES.shows) {
    const view = Object.assign({}, c.view, {date: E.parseDay(c.view.date)});
    assert.deepEqual(E.shownIds(DATA, view, index), c.ids, JSON.stringify(c.view));
  }
});

test('the view a link names writes back as a link that names it again, with no notices', () => {
  for (const c of CASES.links) {
    const {view} = E.parseView(new URLSearchParams(c.query), DATA);
    const again = E.parseView(new URLSearchParams(E.queryText(E.viewParams(view, DATA))), DATA);
    assert.deepEqual(again.notices, [], c.query);
    assert.deepEqual(again.view, view, c.query);
  }
});
