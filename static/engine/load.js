/* Loads the engine's files for a page that loads its scripts one after another (streamlit-folium
   waits for each before it asks for the next: a round trip each): the files named in this
   script's own URL (`load.js?scripts=areas.js,dates.js,…`, ENGINE_SCRIPTS in geo/map/mapview.py)
   are fetched at once and run in that order. Until engine.js has run, calls of the functions its
   URL names (`&calls=start,serverView,…`, ENGINE_CALLS) wait in MapEngine.waitingCalls, which
   engine.js then makes. The data files its URL names (`&prefetch=../events/events-….json`, beside the
   engine's folder) are fetched and parsed meanwhile, into MapEngine.prefetched (URL -> promise of
   the JSON), which the engine takes instead of fetching them once it runs. */
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
  const early = engine.prefetched = {};
  (query.get('prefetch') || '').split(',').filter((name) => /^(\.\.\/)?([a-z]+\/)?[a-z0-9-]+\.(geo)?json$/.test(name))
    .forEach((name) => {
      const href = new URL(name, base).href;
      early[href] = fetch(href).then((r) => { if (!r.ok) { throw new Error('HTTP ' + r.status); } return r.json(); });
      early[href].catch(() => { /* the engine reports it when it takes this */ });
    });
  names.filter((name) => /^[a-z]+\.js$/.test(name)).forEach((name) => {
    const file = document.createElement('script');
    file.src = new URL(name, base).href;
    file.async = false; // fetched together, run in order
    document.head.appendChild(file);
  });
})();
