/* The events in columns (columns.js) back into the engine's event objects: paths into nested
   fields, shared values, optional fields left out where null, and columns of the wrong length
   refused. The same events as tests/test_event_columns.py writes them. */
'use strict';
const assert = require('node:assert/strict');
const {test} = require('node:test');
const {loadEngine} = require('./engine.js');

const E = loadEngine();
const COLUMNS = {
  n: 3,
  optional: ['text'],
  columns: {
    'id': {values: ['a', 'b', 'c']},
    'category': {dict: ['strike', 'ceasefire'], codes: [0, 0, 1]},
    'coords': {values: [[[40.1, 46.9]], [[40.1, 46.9]], []]},
    'card.date': {dict: ['1 May', '2 May'], codes: [0, 1, 0]},
    'card.casualties': {dict: [null, '3'], codes: [0, 1, 0]},
    'text': {values: [null, {hy: {title: 'B', summary: 'S'}}, null]},
    'end_date': {dict: [null], codes: [0, 0, 0]},
  },
};

test('each event gets every field back, nested ones included', () => {
  assert.deepEqual(E.decodeEvents(COLUMNS), [
    {id: 'a', category: 'strike', coords: [[40.1, 46.9]], card: {date: '1 May', casualties: null}, end_date: null},
    {id: 'b', category: 'strike', coords: [[40.1, 46.9]], card: {date: '2 May', casualties: '3'},
      text: {hy: {title: 'B', summary: 'S'}}, end_date: null},
    {id: 'c', category: 'ceasefire', coords: [], card: {date: '1 May', casualties: null}, end_date: null},
  ]);
});

test('an optional field is left out where null, so the engine falls back to the event\'s own text', () => {
  const [a, b] = E.decodeEvents(COLUMNS);
  assert.equal('text' in a, false);
  assert.equal('end_date' in a, true); // not optional: null stays null
  assert.equal(b.text.hy.title, 'B');
});

test('no events', () => {
  assert.deepEqual(E.decodeEvents({n: 0, optional: [], columns: {}}), []);
});

test('a column of the wrong length, or a count that is not one, is refused', () => {
  const short = {n: 3, columns: {id: {values: ['a', 'b']}}};
  assert.throws(() => E.decodeEvents(short), /neither 3 values nor 3 codes/);
  assert.throws(() => E.decodeEvents({n: 3, columns: {id: {dict: ['a'], codes: [0]}}}), /neither 3/);
  assert.throws(() => E.decodeEvents({n: -1, columns: {}}), /not a count of events: -1/);
  assert.throws(() => E.decodeEvents({n: '3', columns: {}}), /not a count of events: "3"/);
});
