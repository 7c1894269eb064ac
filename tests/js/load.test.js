/* load.js, which loads the engine's files for streamlit-folium's page: every file its URL names is
   asked for at once, to run in that order, relative to load.js itself; a name that is not a plain
   file of the engine's folder is not loaded; and calls of MapEngine.start / serverView made
   before engine.js ran wait in order. Run against a stand-in document (no browser here). */
'use strict';
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const {test} = require('node:test');
const {REPO} = require('./engine.js');

const LOADER = fs.readFileSync(path.join(REPO, 'static', 'engine', 'load.js'), 'utf8');

function runLoader(src, fetch = () => Promise.reject(new Error('no fetch here'))) {
  const added = [];
  const document = {
    currentScript: {src},
    createElement: (tag) => ({tag}),
    head: {appendChild: (node) => added.push(node)},
  };
  const window = {};
  vm.runInNewContext(LOADER, {window, document, URL, fetch});
  return {added, engine: window.MapEngine};
}

test('the files named are all asked for at once, in order, beside load.js, to run in that order', () => {
  const {added} = runLoader('http://127.0.0.1:8501/app/static/engine/load.js?scripts=areas.js,dates.js,engine.js');
  assert.deepEqual(added.map((s) => s.src), ['areas.js', 'dates.js', 'engine.js']
    .map((name) => 'http://127.0.0.1:8501/app/static/engine/' + name));
  assert.ok(added.every((s) => s.tag === 'script' && s.async === false));
});

test('a name that is not a plain file of the engine\'s folder is not loaded', () => {
  const src = 'http://h/app/static/engine/load.js?scripts=' +
    encodeURIComponent('dates.js,../x.js,//evil.example/a.js,https://evil.example/b.js,Engine.JS,,views.js');
  assert.deepEqual(runLoader(src).added.map((s) => s.src.split('/').pop()), ['dates.js', 'views.js']);
});

test('calls made before engine.js ran wait, in order, for engine.js to make them', () => {
  const {engine} = runLoader('http://h/engine/load.js?scripts=engine.js&calls=start,serverView,foundPlaces,to%20String');
  engine.start('map', {events: []}, {host: 'dashboard'});
  engine.foundPlaces('layer', [{n: 1}]);
  engine.serverView('layer', {rev: 1});
  assert.deepEqual(JSON.parse(JSON.stringify(engine.waitingCalls)), [ // made in the loader's own realm
    ['start', ['map', {events: []}, {host: 'dashboard'}]],
    ['foundPlaces', ['layer', [{n: 1}]]],
    ['serverView', ['layer', {rev: 1}]],
  ]);
  assert.equal('to String' in engine, false); // only plain names
});

test('the data files named are fetched at once, beside the engine\'s folder, for the engine to take', async () => {
  const asked = [];
  const fetch = (href) => {
    asked.push(href);
    return Promise.resolve({ok: !href.endsWith('missing.json'), status: 404, json: async () => ({from: href})});
  };
  const src = 'http://h/app/static/engine/load.js?scripts=engine.js&prefetch=' +
    encodeURIComponent('../events/events-0a1b.json,../basemap.geojson,../missing.json,//evil.example/x.json,' +
      'https://evil.example/y.json,../../z.json,a.js');
  const {added, engine} = runLoader(src, fetch);
  assert.deepEqual(asked, ['http://h/app/static/events/events-0a1b.json', 'http://h/app/static/basemap.geojson',
    'http://h/app/static/missing.json']);
  assert.deepEqual(Object.keys(engine.prefetched), asked);
  assert.deepEqual(await engine.prefetched[asked[0]], {from: asked[0]});
  await assert.rejects(engine.prefetched[asked[2]], /HTTP 404/);
  assert.deepEqual(added.map((s) => s.src), ['http://h/app/static/engine/engine.js']);
});
