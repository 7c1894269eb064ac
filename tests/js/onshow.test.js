/* The time index and what is on show (onshow.js), on a handful of events: which are current,
   which earlier (faded), which hidden, in each mode and era. */
'use strict';
const assert = require('node:assert/strict');
const {test} = require('node:test');
const {loadEngine} = require('./engine.js');

const E = loadEngine();
const day = (text) => E.parseDay(text);
// Sorted by start, as the engine's data is. `long` lasts from 1 to 20 October.
const event = (id, start, end, category, era = 'war', coords = [[40, 47]]) =>
  ({id, start: day(start), end: day(end), category, era, coords});
const DATA = {
  categories: [{id: 'strike'}, {id: 'ceasefire'}],
  events: [
    event('old', '1994-05-12', '1994-05-12', 'ceasefire', 'background'),
    event('long', '2020-10-01', '2020-10-20', 'strike'),
    event('tenth', '2020-10-10', '2020-10-10', 'ceasefire'),
    event('twice', '2020-10-12', '2020-10-12', 'strike', 'war', [[40, 47], [39.8, 46.7]]),
    event('late', '2020-11-09', '2020-11-09', 'ceasefire'),
  ],
};
const INDEX = E.buildIndex(DATA);
const view = (changes) => Object.assign({era: 'war', date: day('2020-10-12'), mode: 'upto', window: 7, step: 1,
  layers: ['strike', 'ceasefire']}, changes);
const states = (changes) => Array.from(E.eventStates(INDEX, view(changes)));

test('the index holds every point of every event, and each event\'s row', () => {
  assert.equal(INDEX.n, 5);
  assert.deepEqual(Array.from(INDEX.pointEvent), [0, 1, 2, 3, 3, 4]);
  assert.deepEqual(Array.from(INDEX.lat), [40, 40, 40, 40, 39.8, 40]);
  assert.deepEqual(Array.from(INDEX.category), [1, 0, 1, 0, 1]);
});

test('up to a date: what has started is on show, current while it lasts, earlier after', () => {
  //               old  long tenth twice late
  assert.deepEqual(states({}), [-1, 1, 0, 1, -1]);
  assert.deepEqual(states({date: day('2020-10-09')}), [-1, 1, -1, -1, -1]);
  assert.deepEqual(states({date: day('2020-11-09')}), [-1, 0, 0, 0, 1]);
  assert.deepEqual(states({date: day('2020-09-30')}), [-1, -1, -1, -1, -1]);
});

test('only the last N days: what ended before the window is hidden, what lasts into it is not', () => {
  assert.deepEqual(states({mode: 'window', window: 2}), [-1, 1, -1, 1, -1]);
  assert.deepEqual(states({mode: 'window', window: 3}), [-1, 1, 0, 1, -1]);
  assert.deepEqual(states({mode: 'window', window: 7, date: day('2020-11-09')}), [-1, -1, -1, -1, 1]);
  // On 9 November, 20 days reach back to 21 October, 21 days to 20 October (`long` ends then).
  assert.deepEqual(states({mode: 'window', window: 20, date: day('2020-11-09')}), [-1, -1, -1, -1, 1]);
  assert.deepEqual(states({mode: 'window', window: 21, date: day('2020-11-09')}), [-1, 0, -1, -1, 1]);
  assert.deepEqual(states({mode: 'window', window: 29, date: day('2020-11-09')}), [-1, 0, -1, 0, 1]);
});

test('the background era shows every event before the war, and no war event', () => {
  assert.deepEqual(states({era: 'background'}), [1, -1, -1, -1, -1]);
});

test('a presentation shows the slides so far, the slide\'s own event current', () => {
  assert.deepEqual(states({mode: 'present', step: 3}), [0, 0, 1, -1, -1]);
  assert.deepEqual(states({mode: 'present', step: 1}), [1, -1, -1, -1, -1]);
});

test('the ids on show leave out layers switched off, except in a presentation', () => {
  assert.deepEqual(E.shownIds(DATA, view({}), INDEX), ['long', 'tenth', 'twice']);
  assert.deepEqual(E.shownIds(DATA, view({layers: ['ceasefire']})), ['tenth']);
  assert.deepEqual(E.shownIds(DATA, view({layers: []}), INDEX), []);
  assert.deepEqual(E.shownIds(DATA, view({mode: 'present', step: 2, layers: []}), INDEX), ['old', 'long']);
});
