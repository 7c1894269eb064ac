/* Loads the engine's files for a page that loads its scripts one after another (streamlit-folium
   waits for each before it asks for the next: a round trip each): the files named in this
   script's own URL (`load.js?scripts=areas.js,dates.js,…`, ENGINE_SCRIPTS in geo/map/mapview.py)
   are fetched at once and run in that order. Until engine.js has run, calls of the functions its
   URL names (`&calls=start,serverView,…`, ENGINE_CALLS) wait in MapEngine.waitingCalls, which
   engine.js then makes. */
(function () {
  'use strict';
  const script = document.currentScript;
  const base = new URL('.', script.src);
  const query = new URL(script.src).searchParams;
  const names = (query.get('scripts') || '').split(',');
  const engine = window.MapEngine = window.MapEngine || {};
  const calls = engine.waitingCalls = [];
  (query.get('calls') || '').split(',').filter((name) => /^[A-Za-z]+$/.test(name)).forEach((name) => {
    engine[name] = (...args) => { calls.push([name, args]); };
  });
  names.filter((name) => /^[a-z]+\.js$/.test(name)).forEach((name) => {
    const file = document.createElement('script');
    file.src = new URL(name, base).href;
    file.async = false; // fetched together, run in order
    document.head.appendChild(file);
  });
})();
