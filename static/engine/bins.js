/* Binning: past MAX_MARKERS points on show, events are counted per grid cell and category
   instead of drawn one by one. The grids are built once per cell size and kept on the index. */
(function (engine) {
  'use strict';

  const MAX_MARKERS = 500; // DivIcon markers cost the browser about 1 ms each when created
  const BIN_DEGREES = [0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0];

  /** A grid of cells (per category) for one bin size, built once per size. */
  function binCells(index, size) {
    let cells = index.binCells.get(size);
    if (cells) { return cells; }
    const keyToCell = new Map();
    const cellOf = new Int32Array(index.lat.length);
    for (let p = 0; p < index.lat.length; p++) {
      const key = index.category[index.pointEvent[p]] + ':' + Math.floor(index.lat[p] / size) + ':' +
        Math.floor(index.lon[p] / size);
      let cell = keyToCell.get(key);
      if (cell === undefined) { cell = keyToCell.size; keyToCell.set(key, cell); }
      cellOf[p] = cell;
    }
    cells = {count: keyToCell.size, cellOf, keys: Array.from(keyToCell.keys())};
    index.binCells.set(size, cells);
    return cells;
  }

  /** The finest grid whose cells holding events on show (`states` >= 0) are at most MAX_MARKERS,
      or else the coarsest; the selected event (`selectedRow`, -1 if none) is left out: it is
      drawn alone. Returns the grid and each cell's count of points on show. */
  function chooseBins(index, states, selectedRow) {
    let cells = null;
    let counts = null;
    for (const size of BIN_DEGREES) {
      cells = binCells(index, size);
      counts = new Int32Array(cells.count);
      let used = 0;
      for (let p = 0; p < index.pointEvent.length; p++) {
        const row = index.pointEvent[p];
        if (states[row] < 0 || row === selectedRow) { continue; }
        if (counts[cells.cellOf[p]]++ === 0) { used += 1; }
      }
      if (used <= MAX_MARKERS) { break; }
    }
    return {cells, counts};
  }

  Object.assign(engine, {MAX_MARKERS, BIN_DEGREES, binCells, chooseBins});
})(globalThis.MapEngine = globalThis.MapEngine || {});
// Node's test runner (tests/js/) loads the same file.
if (typeof module !== 'undefined') { module.exports = globalThis.MapEngine; }
