/* Binning (bins.js): the grid of cells per category, and the grid chosen for what is on show
   (the finest with at most MAX_MARKERS cells in use, the selected event left out). */
'use strict';
const assert = require('node:assert/strict');
const {test} = require('node:test');
const {loadEngine} = require('./engine.js');

const E = loadEngine();
const CATEGORIES = ['strike', 'armed-clash', 'ceasefire'].map((id) => ({id}));
const indexOf = (events) => E.buildIndex({categories: CATEGORIES,
  events: events.map((e, i) => Object.assign({id: 'e' + i, start: 0, end: 0, era: 'war', category: 'strike'}, e))});
const sum = (array) => array.reduce((a, b) => a + b, 0);
const allOn = (index) => new Int8Array(index.n).fill(1);

test('points of one category in one cell share it; another category or cell has its own', () => {
  const index = indexOf([
    {coords: [[40.01, 46.01], [40.015, 46.019]]},
    {coords: [[40.012, 46.002]], category: 'ceasefire'},
    {coords: [[40.03, 46.01]]},
  ]);
  const cells = E.binCells(index, 0.02);
  assert.equal(cells.count, 3);
  assert.deepEqual(Array.from(cells.cellOf), [0, 0, 1, 2]);
  assert.equal(cells.keys[1].split(':')[0], '2'); // the category's place in the data's list
  assert.equal(E.binCells(index, 0.02), cells, 'a grid is built once per size');
  assert.equal(E.binCells(index, 1.0).count, 2);
});

// A line of points 0.03 degrees apart: one per 0.02° cell, about 600 in 0.05° cells, 300 in 0.1° ones.
const line = (count) => indexOf(Array.from({length: count}, (_, i) => ({coords: [[40.001 + i * 0.03, 45.0005]]})));

test('the finest grid whose cells in use are few enough is chosen', () => {
  const few = line(400);
  assert.equal(E.chooseBins(few, allOn(few), -1).cells, E.binCells(few, E.BIN_DEGREES[0]));
  const many = line(1000);
  const {cells, counts} = E.chooseBins(many, allOn(many), -1);
  assert.equal(cells, E.binCells(many, 0.1));
  assert.ok(counts.filter((c) => c > 0).length <= E.MAX_MARKERS);
  assert.equal(sum(counts), 1000, 'every point is counted once');
});

test('hidden events and the selected one are not counted', () => {
  const index = line(1000);
  const states = allOn(index);
  for (let i = 0; i < 600; i++) { states[i] = -1; }
  states[600] = 0; // earlier events are on show, faded
  const {cells, counts} = E.chooseBins(index, states, 700);
  assert.equal(sum(counts), 399);
  assert.equal(counts[cells.cellOf[700]], cells.cellOf[700] === cells.cellOf[701] ? 1 : 0);
  // 400 points on show: one per cell of the finest grid.
  assert.equal(cells, E.binCells(index, E.BIN_DEGREES[0]));
});

test('with more cells in use than MAX_MARKERS at every size, the coarsest grid is kept', () => {
  // Nine categories, a point at the centre of each 30-degree cell of the globe: 9 x 72 cells in use.
  const categories = Array.from({length: 9}, (_, k) => ({id: 'c' + k}));
  const events = [];
  categories.forEach(({id}) => {
    for (let lat = -75; lat < 90; lat += 30) {
      for (let lon = -165; lon < 180; lon += 30) {
        events.push({id: id + lat + lon, start: 0, end: 0, era: 'war', category: id, coords: [[lat, lon]]});
      }
    }
  });
  const index = E.buildIndex({categories, events});
  const coarsest = E.BIN_DEGREES[E.BIN_DEGREES.length - 1];
  assert.ok(E.binCells(index, coarsest).count > E.MAX_MARKERS);
  const {cells, counts} = E.chooseBins(index, allOn(index), -1);
  assert.equal(cells, E.binCells(index, coarsest));
  assert.equal(sum(counts), 9 * 72);
});
