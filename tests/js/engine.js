/* The engine's pure modules as Node loads them (each registers into globalThis.MapEngine, as in
   the browser, in the order of ENGINE_SCRIPTS in geo/map/mapview.py), and the data the engine
   gets for the shipped dataset, written by the static export itself. */
'use strict';
const {execFileSync} = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..', '..');
const PURE_MODULES = ['dates.js', 'dom.js', 'columns.js', 'views.js', 'onshow.js', 'bins.js', 'labels.js'];

function loadEngine() {
  PURE_MODULES.forEach((name) => require(path.join(REPO, 'static', 'engine', name)));
  return globalThis.MapEngine;
}

/** The export's data block for the shipped data (`python -m geo export`), as the page holds it.
    PYTHON names the interpreter (pytest passes its own); else the project's .venv. */
function shippedData() {
  const python = process.env.PYTHON || path.join(REPO, '.venv', 'bin', 'python');
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'engine-data-'));
  try {
    execFileSync(python, ['-m', 'geo', 'export', '--out', out], {cwd: REPO, stdio: 'pipe'});
    const page = fs.readFileSync(path.join(out, 'index.html'), 'utf8');
    const block = /<script type="application\/json" id="map-data">([\s\S]*?)<\/script>/.exec(page);
    return JSON.parse(block[1]);
  } finally {
    fs.rmSync(out, {recursive: true, force: true});
  }
}

function viewCases() {
  return JSON.parse(fs.readFileSync(path.join(REPO, 'tests', 'fixtures', 'view_cases.json'), 'utf8'));
}

module.exports = {REPO, loadEngine, shippedData, viewCases};
