/* Label placement (labels.js): where each label goes beside its dot, clear of the labels placed
   before it, of event markers and of the map's edge; hidden when there is no room, unless it
   must show (then farther out, with a leader line). Boxes are client pixels. */
'use strict';
const assert = require('node:assert/strict');
const {test} = require('node:test');
const {loadEngine} = require('./engine.js');

const E = loadEngine();
const FRAME = {left: 0, top: 0, right: 800, bottom: 600};
const label = (x, y, extra) => Object.assign({x, y, width: 40, height: 10, centred: false, must: false}, extra);
const box = (spot, l) => ({left: spot.left, top: spot.top, right: spot.left + l.width, bottom: spot.top + l.height});
const around = (x, y, half) => ({left: x - half, top: y - half, right: x + half, bottom: y + half});
// Markers all round a dot, out to `reach` px: no spot within a label's reach is clear.
const ring = (x, y, reach) => [
  {left: x - reach, top: y - reach, right: x + reach, bottom: y - 3},
  {left: x - reach, top: y + 3, right: x + reach, bottom: y + reach},
  {left: x - reach, top: y - reach, right: x - 3, bottom: y + reach},
  {left: x + 3, top: y - reach, right: x + reach, bottom: y + reach},
];

test('a lone label sits right of its dot, centred on it, the gap away', () => {
  const [spot] = E.placeLabels([label(100, 100)], [], [], FRAME);
  assert.deepEqual(spot, {left: 106, top: 95, shown: true, leader: false});
});

test('a centred label (a country, a corridor) sits on its anchor', () => {
  const [spot] = E.placeLabels([label(300, 200, {centred: true})], [], [], FRAME);
  assert.deepEqual(spot, {left: 280, top: 195, shown: true, leader: false});
});

test('labels of nearby dots never overlap, and the first keeps the best spot', () => {
  const labels = [label(100, 100), label(104, 102), label(98, 97)];
  const spots = E.placeLabels(labels, [], [], FRAME);
  assert.deepEqual(spots[0], {left: 106, top: 95, shown: true, leader: false});
  spots.forEach((s) => assert.ok(s.shown));
  for (let i = 0; i < spots.length; i++) {
    for (let j = i + 1; j < spots.length; j++) {
      assert.equal(E.overlapArea(box(spots[i], labels[i]), box(spots[j], labels[j])), 0, i + ' and ' + j);
    }
  }
});

test('a marker is never covered, another dot only if nothing else is free', () => {
  const [left] = E.placeLabels([label(100, 100)], [around(130, 100, 8)], [], FRAME);
  assert.deepEqual(left, {left: 54, top: 95, shown: true, leader: false});
  const [besideDot] = E.placeLabels([label(100, 100)], [], [around(120, 100, 4)], FRAME);
  assert.equal(besideDot.left, 54);
});

test('a label stays inside the map: near its right edge it goes left of the dot', () => {
  const [spot] = E.placeLabels([label(780, 300)], [], [], FRAME);
  assert.deepEqual(spot, {left: 734, top: 295, shown: true, leader: false});
  const [free] = E.placeLabels([label(780, 300)], [], [], null);
  assert.equal(free.left, 786, 'with no frame, nothing is outside');
});

test('with no room within reach a label is hidden; a contested place\'s goes farther, with a leader', () => {
  const walls = ring(400, 300, 40);
  const [hidden] = E.placeLabels([label(400, 300)], walls, [], FRAME);
  assert.equal(hidden.shown, false);
  const l = label(400, 300, {farOk: true});
  const [far] = E.placeLabels([l], walls, [], FRAME);
  assert.deepEqual([far.shown, far.leader], [true, true]);
  walls.forEach((w) => assert.equal(E.overlapArea(box(far, l), w), 0));
});

test('the focused event\'s label always shows: farther out, or else where it covers least', () => {
  const [far] = E.placeLabels([label(400, 300, {must: true})], ring(400, 300, 40), [], FRAME);
  assert.deepEqual([far.shown, far.leader], [true, true]);
  const everywhere = [{left: 0, top: 0, right: 800, bottom: 600}];
  const [covered] = E.placeLabels([label(400, 300, {must: true})], everywhere, [], FRAME);
  assert.deepEqual([covered.shown, covered.leader], [true, false]);
  const [other] = E.placeLabels([label(400, 300)], everywhere, [], FRAME);
  assert.equal(other.shown, false);
});
