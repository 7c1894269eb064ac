/* The engine's files load in the order ENGINE_SCRIPTS gives (geo/map/mapview.py), each taking
   names from window.MapEngine as it loads: every name a file takes is registered by a file
   loaded before it, and engine.js finds everything it takes once the modules are loaded. */
'use strict';
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const {test} = require('node:test');
const {REPO} = require('./engine.js');

const ENGINE_DIR = path.join(REPO, 'static', 'engine');
const mapview = fs.readFileSync(path.join(REPO, 'geo', 'map', 'mapview.py'), 'utf8');
const SCRIPTS = /ENGINE_SCRIPTS = \(([^)]*)\)/.exec(mapview)[1].match(/"[^"]+"/g).map((s) => s.slice(1, -1));
// areas.js registers MapAreas (read by engine.js when the map is made); engine.js, last, needs a page.
const MODULES = SCRIPTS.filter((name) => name !== 'areas.js' && name !== 'engine.js');

/** The names a file destructures from the namespace: `const {a, b} = engine;` or `= window.MapEngine;`. */
function takes(name) {
  const text = fs.readFileSync(path.join(ENGINE_DIR, name), 'utf8');
  const found = /const \{([^}]*)\} = (?:engine|window\.MapEngine);/.exec(text);
  return found ? found[1].split(',').map((s) => s.trim()).filter(Boolean) : [];
}

test('the scripts are areas.js first, the modules, then engine.js', () => {
  assert.equal(SCRIPTS[0], 'areas.js');
  assert.equal(SCRIPTS[SCRIPTS.length - 1], 'engine.js');
  assert.ok(MODULES.length >= 10, MODULES.join(', '));
});

test('each module takes only names the modules before it registered', () => {
  delete globalThis.MapEngine;
  for (const name of MODULES) {
    const missing = takes(name).filter((key) => !(key in (globalThis.MapEngine || {})));
    assert.deepEqual(missing, [], name + ' loads before what it takes');
    require(path.join(ENGINE_DIR, name));
  }
  const missing = takes('engine.js').filter((key) => !(key in globalThis.MapEngine));
  assert.ok(takes('engine.js').length > 10);
  assert.deepEqual(missing, [], 'engine.js takes names no module registers');
});
