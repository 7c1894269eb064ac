/* The map engine's core: everything the map does in the browser, for the dashboard (inside
   streamlit-folium's iframe) and for the static export (python -m geo export).

   Python only builds the data (JSON) and starts the engine with one call:
     MapEngine.start(leafletMap or null, DATA, {host: 'export' | 'dashboard' | 'present' | 'places', ...})
   The engine draws places, corridors, outlines and event markers (binned past MAX_MARKERS
   points, decluttered on screen), works out what is on show at a date, runs the time control
   (slider, previous / next, playback, speed), renders the event cards and the status line,
   and keeps the view in the address (the export's hash) or tells the server once a change
   has settled (the dashboard: release, pause, a selection).

   It runs on the modules loaded before it, each registered into window.MapEngine in the order
   of ENGINE_SCRIPTS (geo/map/mapview.py): dates, dom, columns, views, onshow, bins, labels, maplabels,
   markers, cards, controls, follow and pagemaps; export.js, loaded after it in the static export only, starts it there.

   Text from data reaches the DOM only through textContent and createElement; the only HTML
   strings here are our own constants (the shell's markup) and the marker SVGs Python builds
   from style constants. */
(function () {
  'use strict';
  const {isoDay, formatDay, setStrings, t, tn, countryName, el, decodeEvents, VIEW_KEYS, defaults, parseView, viewParams, queryText, buildIndex, eventStates,
    shownIds, COUNTRY_LABEL_MIN_ZOOM, LEGEND_NOTE,
    pressButtonsWithKeys, buildShell, fillSelect, fitFrame, followPage, cards, eventMarkers, mapLabels} = window.MapEngine;

  // Every file the engine loads is resolved against where engine.js itself was served from,
  // so the app works under any base URL path (server.baseUrlPath) and from file://.
  const SCRIPT = document.currentScript;
  const ENGINE_BASE = SCRIPT && SCRIPT.src ? new URL('.', SCRIPT.src).href : document.baseURI;

  /** The JSON at `url` (relative to the engine): the fetch load.js started early, if it did. */
  function fetchJson(url) {
    const href = new URL(url, ENGINE_BASE).href;
    const prefetched = window.MapEngine.prefetched || {};
    const early = prefetched[href];
    delete prefetched[href];
    return early || fetch(href).then((r) => { if (!r.ok) { throw new Error('HTTP ' + r.status); } return r.json(); });
  }

  const SETTLE_MS = 50; // the server hears of a view once the person stops changing it (key repeats are ~33 ms)

  // ---- The engine ---------------------------------------------------------------------------

  // Views the server sent while the events were on their way (start with DATA.eventsUrl), in order.
  let waitingViews = null;

  /** The engine on `DATA`; with DATA.eventsUrl, once the events (in columns, columns.js) are
      fetched from there: the page names them and the browser fetches them once, so a run of the
      map's page never carries them again. */
  function start(existingMap, DATA, options) {
    if (!DATA.eventsUrl) { return startWith(existingMap, DATA, options); }
    // Views go to this start's engine, not to one an earlier start made in this page.
    window.mapEngine = null;
    const views = [];
    waitingViews = views;
    fetchJson(DATA.eventsUrl)
      .then((columns) => {
        if (waitingViews !== views) { return; } // a later start replaced this one
        const engine = startWith(existingMap, Object.assign({}, DATA, {events: decodeEvents(columns)}), options);
        waitingViews = null;
        views.forEach((payload) => engine.serverView(payload));
      })
      .catch((err) => {
        const container = existingMap ? existingMap.getContainer() : document.body;
        container.prepend(el('p', 'events-failed', 'The events could not load (' + err.message + '): reload the page.'));
      });
    return null;
  }

  function startWith(existingMap, DATA, options) {
    options = Object.assign({host: 'export'}, options || {});
    setStrings(options.strings);
    const host = options.host;
    const categoryIds = DATA.categories.map((c) => c.id);
    const CATEGORY = Object.fromEntries(DATA.categories.map((c) => [c.id, c]));
    const EVENTS = DATA.events || [];
    const EVENT_INDEX = new Map(EVENTS.map((e, i) => [e.id, i]));
    const INDEX = buildIndex(Object.assign({}, DATA, {events: EVENTS}));
    const withShell = host === 'export' || host === 'dashboard';
    document.documentElement.classList.add('map-engine', 'host-' + host);
    // Colours and sizes come from geo/map/style.py (the one place for them) as CSS variables.
    Object.entries(DATA.cssVars || {}).forEach(([name, value]) => document.documentElement.style.setProperty('--' + name, value));
    if (options.largeLabels) { document.documentElement.classList.add('large-labels'); }

    const $ = (id) => document.getElementById(id);
    let state = Object.assign(defaults(DATA), options.view || {});
    let exploreMode = 'upto';
    let playTimer = null;
    let slideTimer = null;
    let animate = false;

    // ---- The page around the map (same markup in both hosts) ----
    if (withShell) { buildShell(DATA, host, options); }

    const map = existingMap || L.map('map', {zoomControl: true, keyboard: true});
    if (existingMap && withShell) {
      // streamlit-folium made the map in its own div: it moves into the shell's map slot.
      const slot = $('map');
      const container = existingMap.getContainer();
      container.classList.add('engine-map');
      container.setAttribute('role', 'region');
      container.setAttribute('aria-label', t('Map'));
      slot.replaceWith(container);
      // The map's box changes with the frame and the layout: Leaflet must hear of it.
      new ResizeObserver(() => { existingMap.invalidateSize(); }).observe(container);
    }
    window.siteMap = map;
    if (!existingMap) { L.control.scale().addTo(map); }
    const labelPane = map.createPane('placeLabels');
    labelPane.style.zIndex = 550; // below markers (600): a label never hides an event
    labelPane.style.pointerEvents = 'none';

    const tiles = L.tileLayer(DATA.tiles.url, {maxZoom: DATA.tiles.maxZoom, attribution: DATA.tiles.attribution});
    const noTiles = L.layerGroup();
    const outlines = L.geoJSON(null, { // added first: under the corridors and markers
      style: DATA.style.outline,
      onEachFeature: (feature, layer) => layer.bindTooltip(el('span', null, feature.properties.name), {sticky: true}),
    });
    // Corridors and proposed routes are schematic and some are disputed: off unless switched on,
    // or drawn in focusCorridors while an event about one is selected or presented.
    const corridorLayer = L.layerGroup();
    const focusCorridors = L.layerGroup();
    const placeLayer = L.layerGroup();
    const eventGroups = Object.fromEntries(categoryIds.map((c) => [c, L.layerGroup()]));
    [tiles, outlines, focusCorridors, placeLayer].forEach((layer) => layer.addTo(map));
    const overlays = {[t('Country outlines (offline)')]: outlines,
      [t('Corridors and proposed routes (schematic)')]: corridorLayer, [t('Places')]: placeLayer};
    if (EVENTS.length) {
      // Each category is a layer in the map's control too, named with its marker shape.
      DATA.categories.forEach((c) => { overlays[c.layerName.replace(c.label, t(c.label))] = eventGroups[c.id]; });
    }
    const layerControl = L.control.layers(
      {[t('OpenStreetMap (needs internet)')]: tiles, [t('Outlines only (no tiles)')]: noTiles}, overlays, {collapsed: true},
    ).addTo(map);

    // Names written across an area, centred on a point inside it: the data's areas (countries,
    // regions: their label in the chosen naming) in areaLabels, always drawn; and the offline
    // outlines that no area names, at each country's label point (scripts/build_basemap.py), in
    // countryLabels, shown while the outlines are the map (tiles name countries themselves) and
    // from COUNTRY_LABEL_MIN_ZOOM in.
    const areaLabels = L.layerGroup().addTo(map);
    const countryLabels = L.layerGroup();
    let countryFeatures = [];
    function areaLabel(lat, lon, text, placeId) {
      // A tooltip of its own, not a marker: the map's markers are its events.
      const label = L.tooltip({permanent: true, direction: 'center', className: 'country-label', pane: 'placeLabels',
        interactive: false}).setLatLng([lat, lon]).setContent(el('span', null, text));
      label.placeId = placeId;
      return label;
    }
    function drawAreaLabels() {
      areaLabels.clearLayers();
      (DATA.placeAreas || []).forEach((a) => areaLabel(a.lat, a.lon, a.labels[state.names], a.id).addTo(areaLabels));
    }
    function drawCountryLabels() {
      countryLabels.clearLayers();
      const named = new Set((DATA.placeAreas || []).map((a) => a.outline));
      countryFeatures.forEach((f) => {
        const props = f.properties || {};
        const point = props.label;
        if (!Array.isArray(point) || typeof props.name !== 'string' || named.has(props.name)) { return; }
        areaLabel(point[1], point[0], countryName(props.iso_a3, props.name), null).addTo(countryLabels);
      });
    }
    function showCountryLabels() {
      const on = map.hasLayer(outlines) && (tilesFailed || !map.hasLayer(tiles)) && map.getZoom() >= COUNTRY_LABEL_MIN_ZOOM;
      if (on === map.hasLayer(countryLabels)) { return; }
      if (on) { countryLabels.addTo(map); } else { map.removeLayer(countryLabels); }
      declutterLabelsSoon();
    }
    map.on('zoomend overlayadd overlayremove', showCountryLabels);
    function addOutlines(geojson) {
      outlines.addData(geojson);
      countryFeatures = geojson.features || [];
      drawCountryLabels();
    }

    if (DATA.basemap) { addOutlines(DATA.basemap); } else if (DATA.basemapUrl) {
      // Fetched once, relative to the engine: sent with the map it would travel on every rerun.
      fetchJson(DATA.basemapUrl)
        .then((geojson) => { addOutlines(geojson); fillLand(); })
        .catch(() => { /* no outlines; tiles and events still work */ });
    }

    // Without tiles the outlines are the whole map: land is filled solid so it stands out from the sea.
    let tilesFailed = false;
    function fillLand() {
      const solid = tilesFailed || !map.hasLayer(tiles);
      outlines.setStyle(Object.assign({}, DATA.style.outline, solid ? {fillOpacity: 1} : {}));
      showCountryLabels();
    }
    map.on('baselayerchange', fillLand);
    let tileErrors = 0;
    tiles.on('tileerror', () => {
      tileErrors += 1;
      if (tileErrors !== 4) { return; }
      tilesFailed = true;
      map.addLayer(outlines);
      fillLand();
      const note = L.control({position: 'bottomleft'});
      note.onAdd = () => el('div', 'tiles-offline', t('Map tiles cannot load (no internet?): showing country outlines only.'));
      note.addTo(map);
    });

    const legend = L.control({position: 'bottomright'});
    legend.onAdd = () => {
      const box = el('div', 'map-legend');
      const details = el('details');
      const summary = el('summary');
      summary.append(el('strong', null, t('Legend')));
      details.append(summary);
      DATA.categories.forEach((c) => {
        const row = el('div');
        const icon = el('img');
        icon.src = c.icon; icon.alt = ''; icon.width = icon.height = 14;
        row.append(icon, document.createTextNode(' ' + t(c.label)));
        details.append(row);
      });
      details.append(el('div', 'legend-note', t(LEGEND_NOTE)));
      box.append(details);
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    if (EVENTS.length) { legend.addTo(map); }
    // Areas of control over time (areas.js, loaded before this file): drawn in render() below.
    const areas = window.MapAreas ? window.MapAreas.attach(map, DATA, {layerControl}) : null;

    function drawPlaces() {
      placeLayer.clearLayers();
      corridorLayer.clearLayers();
      const st = DATA.style.place;
      DATA.places.forEach((p) => {
        const contested = Boolean(p.contested_names);
        const marker = L.circleMarker([p.lat, p.lon], {radius: contested ? st.radius + 1 : st.radius,
          color: contested ? st.contested : st.colour, weight: 2, fillColor: '#ffffff', fillOpacity: 1});
        marker.bindTooltip(el('span', null, p.labels[state.names]), {permanent: true, direction: 'right',
          offset: [6, 0], pane: 'placeLabels',
          className: 'place-label' + (contested ? ' contested' : '') + (p.precision === 'exact' ? '' : ' approximate')});
        marker.placeId = p.id;
        marker.contested = contested;
        marker.addTo(placeLayer);
      });
      DATA.corridors.forEach((c) => corridorLine(c).addTo(corridorLayer));
      drawFocusCorridors();
      drawAreaLabels();
      declutterLabelsSoon();
    }

    function corridorLine(c) {
      const line = L.polyline(c.latlngs, DATA.style.corridor);
      line.bindTooltip(el('span', null, t('{name} (schematic)', {name: c.labels[state.names]})), {permanent: true,
        direction: 'center', pane: 'placeLabels', className: 'corridor-label'});
      line.placeId = c.id;
      return line;
    }

    /** The event the map is about: the slide presented, or the selected event; null if none. */
    function focusEvent() {
      const eventId = state.mode === 'present' ? (EVENTS[state.step - 1] || {}).id : state.event;
      const row = eventId !== null && eventId !== undefined ? EVENT_INDEX.get(eventId) : undefined;
      return row === undefined ? null : EVENTS[row];
    }

    /** The corridors the focused event (selected, or the slide presented) names, drawn even
        while the corridor layer is off; none while that layer is on (it draws them all). */
    let focusKey = null;
    function drawFocusCorridors() {
      const event = focusEvent();
      const key = event && !map.hasLayer(corridorLayer) ? event.id + '|' + state.names : null;
      if (key === focusKey) { return; }
      focusKey = key;
      focusCorridors.clearLayers();
      if (!key) { return; }
      DATA.corridors.filter((c) => event.places.includes(c.id)).forEach((c) => corridorLine(c).addTo(focusCorridors));
      declutterLabelsSoon();
    }
    map.on('overlayadd overlayremove', (e) => { if (e.layer === corridorLayer) { drawFocusCorridors(); } });

    // ---- Labels (maplabels.js): each beside its own dot, clear of the others and of every marker ----
    const {declutterLabels, declutterLabelsSoon} = mapLabels({map, labelPane, focusEvent, placeLayer, focusCorridors,
      areaLabels, corridorLayer, countryLabels});

    /** The event's title and summary as the chosen naming writes contested places. */
    function eventText(event) { return (event.text && event.text[state.names]) || event; }

    // ---- Event markers (markers.js): kept between steps, only what changed is touched ----
    const {drawMarkers, declutter} = eventMarkers({DATA, EVENTS, EVENT_INDEX, CATEGORY, INDEX, categoryIds, map,
      eventGroups, eventText, onMarkerClick, declutterLabelsSoon});

    function moveTo(center, zoom) {
      if (animate) { map.flyTo(center, zoom, {duration: 0.8}); } else { map.setView(center, zoom); }
    }
    function flyToEvent(event) { if (event && event.view) { moveTo(event.view.center, event.view.zoom); } }
    function flyToEra(era) { moveTo(DATA.views[era].center, DATA.views[era].zoom); }

    // ---- Cards (cards.js): built once per event and naming, reused between steps ----
    const {cardElement, drawCards} = cards({DATA, EVENTS, EVENT_INDEX, CATEGORY, $, eventText, showOnMap,
      get state() { return state; }});

    // ---- One render: map, date line and cards together ----
    function render() {
      const presenting = state.mode === 'present';
      const states = eventStates(INDEX, state);
      drawMarkers(states, presenting ? EVENTS[state.step - 1].id : state.event, presenting ? categoryIds : state.layers);
      drawFocusCorridors();
      // Areas as they stand on the shown date (a slide's event date; none for the background era).
      if (areas) {
        const slide = presenting ? EVENTS[state.step - 1] : null;
        areas.show(slide ? slide.start : state.era === 'war' ? state.date : null, state.names);
      }
      if (!withShell) { return; }
      if (presenting && host === 'export') {
        const event = EVENTS[state.step - 1];
        $('present-progress').textContent = state.step + ' / ' + EVENTS.length;
        $('present-card').replaceChildren(cardElement(event, {button: false}));
        $('present-previous').disabled = state.step === 1;
        $('present-next').disabled = state.step === EVENTS.length;
        $('present-play').textContent = slideTimer ? t('⏸ Stop advancing') : t('▶ Advance every {seconds} s', {seconds: DATA.slideSeconds});
      } else {
        const layerOn = categoryIds.map((c) => state.layers.includes(c));
        const visibleRows = [];
        for (let i = 0; i < INDEX.n; i++) { if (states[i] >= 0 && layerOn[INDEX.category[i]]) { visibleRows.push(i); } }
        const war = state.era === 'war';
        const when = war ? formatDay(state.date) : DATA.backgroundYears || t('Background');
        const windowNote = war && state.mode === 'window' ? ' ' + tn('(last {count} day)', '(last {count} days)', state.window) : '';
        $('status').textContent = when + windowNote + ' · ' + tn('{count} event shown', '{count} events shown', visibleRows.length);
        drawCards(visibleRows);
        // What a person now sees, for tests and the benchmark: map, date line and cards at this date.
        $('cards').dataset.shownDate = map.getContainer().dataset.shownDate = isoDay(state.date);
      }
      syncControls();
      if (host === 'export') { writeHash(); }
    }

    function syncControls() {
      const war = state.era === 'war';
      document.body.classList.toggle('present', state.mode === 'present');
      document.body.classList.toggle('explore', state.mode !== 'present');
      if (host === 'export') {
        $('present-panel').hidden = state.mode !== 'present';
        ['mode'].forEach((id) => { $(id).disabled = !war; });
        $('mode-field').hidden = !war;
        $('window-field').hidden = !war || state.mode !== 'window';
        if (state.mode !== 'present') { $('mode').value = state.mode; }
        $('window').value = state.window;
        $('era').value = state.era;
        $('names').value = state.names;
        document.querySelectorAll('input[name=layer]').forEach((box) => { box.checked = state.layers.includes(box.value); });
      }
      $('date-row').hidden = !war;
      ['previous', 'play', 'next', 'speed'].forEach((id) => { $(id).disabled = !war; });
      const slider = $('date-slider');
      if (+slider.value !== state.date) { slider.value = state.date; }
      $('date-label').textContent = formatDay(state.date);
      slider.setAttribute('aria-valuetext', formatDay(state.date));
      $('play').textContent = playTimer ? t('⏸ Pause') : t('▶ Play');
      // The map's layer control follows the view's layers.
      if (layerControl._map) { layerControl._update(); }
    }

    function writeHash() {
      const hash = '#' + queryText(viewParams(state, DATA));
      if (location.hash !== hash) { history.replaceState(null, '', hash); }
    }

    // ---- Telling the server (dashboard): once a change has settled ----
    let settleTimer = null;
    // Each settled view is numbered; the server echoes the number of the last one it applied with
    // each view it sends. Numbers start at the clock, so they are larger than any an earlier frame
    // of the same session sent.
    let sentSeq = Date.now();
    const sentViews = new Map(); // number -> parameters of the settled views the server has not echoed
    let acknowledged = {}; // the engine's view the server last echoed (or its first view), as parameters
    let baseline = null; // the view the server last knew (sent or received), as parameters
    // The view's keys the engine changed since the server's last view: with each settled view the
    // server takes only these, and keeps its own newer values of the rest (a sidebar change it made
    // while this view was on its way).
    let changedSinceServer = new Set();
    // Keys that change together: a new era brings its date, a new mode its window.
    const KEY_GROUPS = {era: ['era', 'date'], mode: ['mode', 'window'], window: ['mode', 'window']};
    function noteChanged(key) { (KEY_GROUPS[key] || [key]).forEach((k) => changedSinceServer.add(k)); }

    // Streamlit can replace the map's frame while its settled view is on its way (a page run and a
    // run of the map's fragment crossing under load). The last settled view is kept in the tab's
    // session storage, so that a new frame of the same server session carries on from it instead
    // of from the older view in its arguments.
    const SETTLED_KEY = 'mapEngine.settledView';
    let serverSession = null;
    function keepSettled(params) {
      try {
        sessionStorage.setItem(SETTLED_KEY, JSON.stringify(
          {session: serverSession, seq: sentSeq, params, changed: [...changedSinceServer]}));
      } catch (err) { /* no storage (a sandbox): a new frame starts from the server's view */ }
    }
    /** The view a replaced frame of this session settled on and the server had not applied when it
        made `payload`, with the keys that frame changed; else null. */
    function settledBeforeThisFrame(payload) {
      let kept = null;
      try { kept = JSON.parse(sessionStorage.getItem(SETTLED_KEY) || 'null'); } catch (err) { return null; }
      const valid = kept && typeof kept === 'object' && kept.session === payload.session && payload.session
        && Number.isFinite(kept.seq) && kept.seq > (payload.seq || 0) && kept.params && typeof kept.params === 'object'
        && Array.isArray(kept.changed);
      return valid ? kept : null;
    }

    function settled() {
      if (host !== 'dashboard' || !window.Streamlit) { return; }
      clearTimeout(settleTimer);
      settleTimer = setTimeout(() => {
        const params = Object.fromEntries(viewParams(state, DATA));
        baseline = params;
        sentSeq += 1;
        sentViews.set(sentSeq, params);
        keepSettled(params);
        showInAddress();
        window.Streamlit.setComponentValue({view: params, seq: sentSeq, changed: [...changedSinceServer]});
      }, SETTLE_MS);
    }

    /** The dashboard's address shows a settled view at once, as the export's hash does, rather than
        after the server's run (which then writes the same: geo.model.viewstate.view_query). Other
        parameters of the address (a place) are kept. */
    function showInAddress() {
      try {
        const top = window.parent;
        const url = new URL(top.location.href);
        const others = [...url.searchParams].filter(([key]) => !VIEW_KEYS.includes(key));
        url.search = queryText([...viewParams(state, DATA), ...others]);
        if (url.href !== top.location.href) { top.history.replaceState(top.history.state, '', url.href); }
      } catch (err) { /* a page of another origin: the server's run writes the address */ }
    }

    /** The keys of the view the engine changed in settled views the server had not applied when
        it made a view (`seen`: the number it echoes): there the engine's values are newer. */
    function keysNewerThan(seen) {
      if (sentViews.has(seen)) { acknowledged = sentViews.get(seen); }
      [...sentViews.keys()].forEach((seq) => { if (seq <= seen) { sentViews.delete(seq); } });
      if (!sentViews.size || !baseline) { return []; }
      return VIEW_KEYS.filter((key) => (baseline[key] || null) !== (acknowledged[key] || null));
    }

    /** A view from the server (a link, the sidebar): only what the server changed is taken,
        so a date the person is playing or dragging is kept, and never what the engine changed in
        a view the server had not yet applied when it made this one (a late reply under load). */
    let serverRev = null;
    function serverView(payload) {
      let params = payload.view;
      if (payload.rev === serverRev) { baseline = params; return; }
      const first = serverRev === null;
      serverRev = payload.rev;
      const newer = keysNewerThan(payload.seq);
      changedSinceServer = new Set(newer);
      const kept = first && host === 'dashboard' ? settledBeforeThisFrame(payload) : null;
      if (first) { serverSession = payload.session || null; }
      if (kept) {
        // What the replaced frame changed is newer than this view: carried on, and told again.
        params = Object.assign({}, params);
        kept.changed.filter((key) => VIEW_KEYS.includes(key)).forEach((key) => {
          if (typeof kept.params[key] === 'string') { params[key] = kept.params[key]; } else { delete params[key]; }
          noteChanged(key);
        });
      }
      const {view} = parseView(params, DATA);
      const before = baseline || {};
      baseline = params;
      if (first) { acknowledged = params; }
      const changes = {};
      let namesChanged = false;
      if (first) {
        Object.assign(changes, view);
        namesChanged = true;
      } else {
        const differs = (key) => !newer.includes(key) && (before[key] || null) !== (params[key] || null);
        if (differs('era')) { changes.era = view.era; }
        if (differs('date') || differs('era')) { changes.date = view.date; }
        if (differs('event')) { changes.event = view.event; }
        if (differs('layers')) { changes.layers = view.layers; }
        if (differs('mode') || differs('window') || differs('step')) {
          changes.mode = view.mode; changes.window = view.window; changes.step = view.step;
        }
        if (differs('names')) { changes.names = view.names; namesChanged = true; }
        if (changes.era && playTimer) { stopPlaying(); }
      }
      state = Object.assign({}, state, changes);
      if (namesChanged) { drawPlaces(); }
      render();
      if (payload.fly) { moveTo(payload.fly.center, payload.fly.zoom); } else if (first || changes.era) {
        const focus = state.mode === 'present' ? EVENTS[state.step - 1] : null;
        if (focus && focus.view) { flyToEvent(focus); } else if (first) { flyToEra(state.era); }
      }
      if (first) { declutter(); animate = true; }
      // The server has the engine's older values where the engine's are newer: it hears the merged view.
      if (newer.length || kept) { settled(); }
    }

    // ---- Actions ----
    function update(changes, {settle = true} = {}) {
      state = Object.assign({}, state, changes);
      Object.keys(changes).forEach((key) => { if (VIEW_KEYS.includes(key)) { noteChanged(key); } });
      render();
      if (settle) { settled(); }
    }

    function stepDay(direction) {
      const days = DATA.warDays;
      if (direction > 0) { return days.find((d) => d > state.date) ?? null; }
      for (let i = days.length - 1; i >= 0; i--) { if (days[i] < state.date) { return days[i]; } }
      return null;
    }

    function stopPlaying() {
      clearInterval(playTimer);
      playTimer = null;
    }

    function togglePlay() {
      if (playTimer) { stopPlaying(); render(); settled(); return; }
      if (stepDay(1) === null && DATA.warDays.length) { state.date = DATA.warDays[0]; } // at the end: start over
      playTimer = setInterval(() => {
        const day = stepDay(1);
        if (day === null) { stopPlaying(); render(); settled(); } else { update({date: day}, {settle: false}); }
      }, 1000 * +$('speed').value);
      render();
    }

    function stopSlides() { clearInterval(slideTimer); slideTimer = null; }

    function goToSlide(step) {
      update({step: Math.min(EVENTS.length, Math.max(1, step))});
      flyToEvent(EVENTS[state.step - 1]);
    }

    function toggleSlides() {
      if (slideTimer) { stopSlides(); render(); return; }
      slideTimer = setInterval(() => {
        if (state.step >= EVENTS.length) { stopSlides(); render(); } else { goToSlide(state.step + 1); }
      }, 1000 * DATA.slideSeconds);
      render();
    }

    function startPresentation() {
      stopPlaying();
      exploreMode = state.mode;
      const step = state.event !== null ? EVENT_INDEX.get(state.event) + 1 : 1;
      state = Object.assign({}, state, {mode: 'present', step});
      map.invalidateSize();
      render();
      map.invalidateSize();
      flyToEvent(EVENTS[step - 1]);
      $('present-next').focus();
    }

    function exitPresentation() {
      stopSlides();
      const event = EVENTS[state.step - 1];
      const changes = {mode: exploreMode === 'present' ? 'upto' : exploreMode, event: event.id, era: event.era};
      if (event.era === 'war') { changes.date = Math.min(Math.max(event.start, DATA.bounds[0]), DATA.bounds[1]); }
      update(changes);
      map.invalidateSize();
      flyToEvent(event);
      $('present').focus();
    }

    function showOnMap(eventId) {
      update({event: eventId});
      flyToEvent(EVENTS[EVENT_INDEX.get(eventId)]);
      const box = map.getContainer().getBoundingClientRect();
      if (box.top < 0 || box.bottom > window.innerHeight) { map.getContainer().scrollIntoView({block: 'nearest'}); }
    }

    function onMarkerClick(eventId) {
      if (state.mode === 'present') {
        if (host === 'export') { goToSlide(EVENT_INDEX.get(eventId) + 1); }
        return;
      }
      update({event: eventId});
      if (!withShell) { return; }
      $('cards').scrollTop = 0;
      const card = document.querySelector('#cards .card.selected');
      if (card) { card.scrollIntoView({block: 'nearest'}); }
    }

    function showNotices(notices) {
      $('notice').hidden = !notices.length;
      $('notice-text').textContent = notices.join(' ');
    }

    function applyHash() {
      const {view, notices} = parseView(new URLSearchParams(location.hash.replace(/^#/, '')), DATA);
      stopPlaying();
      stopSlides();
      const namesChanged = view.names !== state.names;
      state = view;
      showNotices(notices);
      if (namesChanged || !placeLayer.getLayers().length) { drawPlaces(); }
      render();
      map.invalidateSize();
      const focus = state.mode === 'present' ? EVENTS[state.step - 1]
        : (state.event !== null ? EVENTS[EVENT_INDEX.get(state.event)] : null);
      if (focus && focus.view) { flyToEvent(focus); } else { flyToEra(state.era); }
      declutter();
    }

    // ---- The controls (the shell around the map is built in controls.js): what each does to the view ----
    function setUpControls() {
      const slider = $('date-slider');
      slider.min = DATA.bounds[0];
      slider.max = DATA.bounds[1];
      fillSelect($('speed'), DATA.speeds.map(([label, seconds]) => [seconds, t(label)]));
      $('speed').value = DATA.speeds[1][1];
      // Dragging follows the pointer (input); the server hears once the slider is let go (change).
      slider.addEventListener('input', () => update({date: +slider.value}, {settle: false}));
      slider.addEventListener('change', settled);
      $('previous').addEventListener('click', () => { const d = stepDay(-1); if (d !== null) { update({date: d}); } });
      $('next').addEventListener('click', () => { const d = stepDay(1); if (d !== null) { update({date: d}); } });
      $('play').addEventListener('click', togglePlay);
      $('speed').addEventListener('change', () => { if (playTimer) { stopPlaying(); togglePlay(); } });
      map.on('overlayadd overlayremove', (e) => {
        const category = categoryIds.find((c) => eventGroups[c] === e.layer);
        if (!category || !layerControl._handlingClick) { return; } // only a person's click in the control
        const on = e.type === 'overlayadd';
        const layers = categoryIds.filter((c) => (c === category ? on : state.layers.includes(c)));
        update({layers});
      });
      if (host !== 'export') { return; }
      fillSelect($('mode'), Object.entries(DATA.modes).map(([mode, label]) => [mode, t(label)]));
      fillSelect($('era'), Object.entries(DATA.eras));
      fillSelect($('names'), Object.entries(DATA.namings).map(([names, label]) => [names, t(label)]));
      $('era-field').hidden = Object.keys(DATA.eras).length < 2;
      $('window').min = DATA.windowRange[0];
      $('window').max = DATA.windowRange[1];
      $('mode').addEventListener('change', () => update({mode: $('mode').value}));
      $('window').addEventListener('change', () => {
        const value = $('window').value;
        const [lo, hi] = DATA.windowRange;
        if (/^[0-9]{1,3}$/.test(value) && +value >= lo && +value <= hi) { update({window: +value}); } else { render(); }
      });
      $('era').addEventListener('change', () => {
        stopPlaying();
        update({era: $('era').value});
        flyToEra(state.era);
      });
      $('names').addEventListener('change', () => {
        state.names = $('names').value;
        drawPlaces();
        render();
      });
      document.querySelectorAll('input[name=layer]').forEach((box) => box.addEventListener('change', () => {
        update({layers: categoryIds.filter((c) => document.querySelector('input[name=layer][value="' + c + '"]').checked)});
      }));
      $('present').disabled = !EVENTS.length;
      $('present').addEventListener('click', startPresentation);
      $('present-previous').addEventListener('click', () => goToSlide(state.step - 1));
      $('present-next').addEventListener('click', () => goToSlide(state.step + 1));
      $('present-play').addEventListener('click', toggleSlides);
      $('present-exit').addEventListener('click', exitPresentation);
      $('notice-close').addEventListener('click', () => { $('notice').hidden = true; });
      // Captured before Leaflet sees it, so the arrow keys step slides instead of panning the map.
      document.addEventListener('keydown', (e) => {
        if (state.mode !== 'present' || e.altKey || e.ctrlKey || e.metaKey) { return; }
        if (/^(INPUT|SELECT|TEXTAREA)$/.test(e.target.tagName || '')) { return; }
        const moves = {ArrowRight: 1, PageDown: 1, ArrowLeft: -1, PageUp: -1};
        if (e.key in moves) {
          e.preventDefault();
          e.stopPropagation();
          goToSlide(state.step + moves[e.key]);
        } else if (e.key === 'Escape') {
          exitPresentation();
        }
      }, true);
      window.addEventListener('hashchange', applyHash);
    }

    // The dashboard's frame (fitFrame): as tall as the window allows.
    if (host === 'dashboard' && window.Streamlit) {
      // streamlit-folium sets the frame's height on every update; the engine's height wins.
      const setFrameHeight = window.Streamlit.setFrameHeight.bind(window.Streamlit);
      window.Streamlit.setFrameHeight = () => setFrameHeight(fitFrame(options));
      window.Streamlit.setFrameHeight();
      try { window.parent.addEventListener('resize', () => window.Streamlit.setFrameHeight()); } catch (err) { /* */ }
    }

    if (withShell) { setUpControls(); }
    if (options.keys) { pressButtonsWithKeys(options.keys); }
    const engine = {
      map, serverView, render, areas,
      get state() { return Object.assign({}, state); },
      shownIds: () => shownIds(Object.assign({}, DATA, {events: EVENTS}), state, INDEX),
      declutterLabels,
    };
    window.mapEngine = engine;
    if (host === 'export') {
      applyHash();
      animate = true;
    } else if (!withShell) {
      drawPlaces();
      render();
    }
    if (options.follow) {
      // A student following a class: present each slide the page around names (see followPage).
      followPage((step, names) => {
        const event = EVENTS[step - 1];
        serverView({view: {mode: 'present', step: String(step), names}, rev: 'follow ' + step + ' ' + names,
          fly: event && event.view ? event.view : null});
      });
    }
    return engine;
  }

  // Calls made while load.js was loading the engine's files, in order.
  const waitingCalls = window.MapEngine.waitingCalls || [];
  delete window.MapEngine.waitingCalls;
  Object.assign(window.MapEngine, {
    start,
    serverView: (layer, payload) => {
      if (window.mapEngine) { window.mapEngine.serverView(payload); } else if (waitingViews) { waitingViews.push(payload); }
    },
    base: ENGINE_BASE,
  });
  waitingCalls.forEach(([name, args]) => window.MapEngine[name](...args));
})();
