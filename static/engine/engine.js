/* The map engine: everything the map does in the browser, for the dashboard (inside
   streamlit-folium's iframe) and for the static export (python -m geo export).

   Python only builds the data (JSON) and starts the engine with one call:
     MapEngine.start(leafletMap or null, DATA, {host: 'export' | 'dashboard' | 'present' | 'places', ...})
   The engine draws places, corridors, outlines and event markers (binned past MAX_MARKERS
   points, decluttered on screen), works out what is on show at a date, runs the time control
   (slider, previous / next, playback, speed), renders the event cards and the status line,
   and keeps the view in the address (the export's hash) or tells the server once a change
   has settled (the dashboard: release, pause, a selection).

   Text from data reaches the DOM only through textContent and createElement; the only HTML
   strings here are our own constants (the shell's markup) and the marker SVGs Python builds
   from style constants. */
(function () {
  'use strict';

  // Every file the engine loads is resolved against where engine.js itself was served from,
  // so the app works under any base URL path (server.baseUrlPath) and from file://.
  const SCRIPT = document.currentScript;
  const ENGINE_BASE = SCRIPT && SCRIPT.src ? new URL('.', SCRIPT.src).href : document.baseURI;

  const DAY_MS = 86400000;
  const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
    'September', 'October', 'November', 'December'];
  const VIEW_KEYS = ['era', 'date', 'event', 'layers', 'mode', 'window', 'names', 'step'];
  const MAX_MARKERS = 500; // DivIcon markers cost the browser about 1 ms each when created
  const BIN_DEGREES = [0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0];
  const SETTLE_MS = 50; // the server hears of a view once the person stops changing it (key repeats are ~33 ms)
  const LABEL_SETTLE_MS = 400; // labels are placed again once a moved or resized map has settled
  const LEGEND_NOTE = 'Faded: earlier events. Dashed line: schematic corridor or proposed route (off until switched ' +
    'on in the layers, or drawn for an event about it). Purple ring: contested place (both names). Italic name: ' +
    'a point standing for an area.';

  // ---- Dates: day numbers from 1970-01-01, for any year 1..9999 --------------------------

  function dayOf(year, month, day) {
    const d = new Date(0);
    d.setUTCFullYear(year, month - 1, day); // Date.UTC would read years 0..99 as 1900..1999
    return Math.round(d.getTime() / DAY_MS);
  }

  function parts(day) {
    const d = new Date(day * DAY_MS);
    return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
  }

  function isoDay(day) {
    const [y, m, d] = parts(day);
    return String(y).padStart(4, '0') + '-' + String(m).padStart(2, '0') + '-' + String(d).padStart(2, '0');
  }

  function formatDay(day) {
    const [y, m, d] = parts(day);
    return d + ' ' + MONTHS[m - 1] + ' ' + y;
  }

  /** Day number of a date written YYYY-MM-DD (nothing else: no weeks, no times), or null. */
  function parseDay(text) {
    const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(text);
    if (!m || +m[1] < 1) { return null; }
    const day = dayOf(+m[1], +m[2], +m[3]);
    return isoDay(day) === text ? day : null;
  }

  function quoted(value) { return "'" + (value.length <= 40 ? value : value.slice(0, 39) + '…') + "'"; }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  // ---- Label placement: a pure function of boxes on screen (client px), used by the engine ----

  const COUNTRY_LABEL_MIN_ZOOM = 3; // farther out, a hundred country names would crowd the world
  const LABEL_REACH_PX = 24; // a label's box is never farther than this from its own dot
  const LABEL_MUST_REACH_PX = 38; // nor a focused event's label (always shown), which may go a little farther
  const LEADER_REACH_PX = 240; // beyond that, a focused event's label is joined to its dot by a leader line
  const LABEL_GAP_PX = 6; // the nearest a label comes to its dot
  const MARKER_MARGIN_PX = 3; // a label keeps this far off a marker (a rounded pixel never makes them touch)
  const LABEL_STEP_PX = 8; // farther out, a step at a time, until the label is clear

  function overlapArea(a, b) {
    const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
    const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
    return w > 0 && h > 0 ? w * h : 0;
  }

  /** The boxes a label may take around its anchor, nearest first. A dot's label sits beside the
      dot (right, left, the four diagonals, above, below), its box `gap` to its reach away (the
      focused event's places reach a little farther). A centred label (a country, a corridor) sits
      on its anchor, or a little above or below it, or ends or starts there (a long name near
      the map's edge, kept inside it), or else beside its anchor like a dot's. */
  function labelCandidates(label, frame, far) {
    const {x, y, width: w, height: h} = label;
    const reach = far ? LEADER_REACH_PX : (label.must ? LABEL_MUST_REACH_PX : LABEL_REACH_PX);
    const boxAt = (left, top) => ({left, top, right: left + w, bottom: top + h});
    const out = [];
    if (label.centred) {
      const lefts = [x - w / 2, x - 4, x - w + 4];
      if (frame) { lefts.push(Math.min(Math.max(x - w / 2, frame.left + 3), frame.right - 3 - w)); }
      [0, -1, 1, -2, 2].forEach((k) => lefts.filter((left) => left <= x && left + w >= x)
        .forEach((left) => out.push(boxAt(left, y - h / 2 + k * LABEL_STEP_PX * 1.5))));
    }
    if (far) {
      // Sixteen directions: the box's nearest point `g` away from the anchor.
      for (let g = LABEL_MUST_REACH_PX + LABEL_STEP_PX; g <= reach; g += LABEL_STEP_PX) {
        for (let k = 0; k < 16; k++) {
          const dx = Math.cos(k * Math.PI / 8);
          const dy = Math.sin(k * Math.PI / 8);
          const left = dx > 0.3 ? x + g * dx : (dx < -0.3 ? x + g * dx - w : x - w / 2);
          const top = dy > 0.3 ? y + g * dy : (dy < -0.3 ? y + g * dy - h : y - h / 2);
          out.push(boxAt(left, top));
          // Near the map's edge, the same box slid inside it: the leader line still finds it.
          if (frame) { out.push(boxAt(Math.min(Math.max(left, frame.left + 3), frame.right - 3 - w), top)); }
        }
      }
      return out;
    }
    for (let g = label.gap || LABEL_GAP_PX; g <= reach; g += LABEL_STEP_PX) {
      const d = g / Math.SQRT2;
      out.push(boxAt(x + g, y - h / 2), boxAt(x - g - w, y - h / 2),
        boxAt(x + d, y - d - h), boxAt(x + d, y + d), boxAt(x - d - w, y - d - h), boxAt(x - d - w, y + d),
        boxAt(x - w / 2, y - g - h), boxAt(x - w / 2, y + g));
    }
    return out;
  }

  /** Where each label goes, most important first. `labels`: {x, y, width, height, centred, must}
      (x, y: the dot or the centre); `obstacles`: boxes no label may cover (event markers); `dots`:
      boxes a label should rather not cover (other places' dots); `frame`: the map's box or null.
      A label takes the first spot inside the frame clear of the labels placed before it and of
      the obstacles (and of the dots, if it can); with none, it is hidden, unless it is `must`
      (the focused event's places) or `farOk` (contested places, whose both names matter): then it
      takes the nearest clear spot farther out, up to
      LEADER_REACH_PX, with a leader line to its anchor, or else the spot beside its anchor that
      covers least (a `must` label only). Returns one {left, top, shown, leader} per label. */
  function placeLabels(labels, obstacles, dots, frame) {
    const taken = [];
    const inside = (b) => !frame || (b.left >= frame.left + 2 && b.right <= frame.right - 2 &&
      b.top >= frame.top + 2 && b.bottom <= frame.bottom - 2);
    const hits = (list, b) => list.some((t) => overlapArea(t, b) > 0);
    return labels.map((label) => {
      const candidates = labelCandidates(label, frame);
      const clear = (b) => inside(b) && !hits(taken, b) && !hits(obstacles, b);
      let box = candidates.find((b) => clear(b) && !hits(dots, b)) || candidates.find(clear);
      let leader = false;
      if (!box && (label.must || label.farOk)) {
        box = labelCandidates(label, frame, true).find(clear);
        leader = Boolean(box);
      }
      if (!box && label.must) {
        const cost = (b) => (inside(b) ? 0 : 1e9) + taken.concat(obstacles).reduce((sum, t) => sum + overlapArea(t, b), 0);
        box = candidates.reduce((best, b) => (cost(b) < cost(best) ? b : best));
      }
      if (!box) { return {left: 0, top: 0, shown: false, leader}; }
      taken.push(box);
      return {left: box.left, top: box.top, shown: true, leader};
    });
  }

  // ---- Views: the same names and rules as the dashboard's URL (geo/model/viewstate.py) ----------

  function defaults(DATA) {
    return {era: DATA.defaultEra || 'war', date: DATA.bounds[1], event: null, layers: DATA.categories.map((c) => c.id),
      mode: 'upto', window: DATA.defaultWindow, names: 'en', step: 1};
  }

  /** The view that query parameters name (URLSearchParams or a plain object); bad values fall
      back to their default with a notice. The shared fixture tests/fixtures/view_cases.json
      runs this and geo.model.viewstate.parse_view on the same cases. */
  function parseView(params, DATA) {
    if (!(params instanceof URLSearchParams)) { params = new URLSearchParams(params); }
    const categoryIds = DATA.categories.map((c) => c.id);
    const eventIndex = new Map(DATA.events.map((e, i) => [e.id, i]));
    const modes = Object.keys(DATA.modes).concat(['present']);
    const view = defaults(DATA);
    const notices = [];
    const raw = {};
    VIEW_KEYS.forEach((key) => {
      const all = params.getAll(key);
      let value = all.length ? all[all.length - 1] : null;
      if (value !== null && value.length > DATA.maxParam) {
        notices.push('Ignored ' + key + ': the value is longer than ' + DATA.maxParam + ' characters.');
        value = null;
      }
      raw[key] = value;
    });
    if (raw.era !== null) {
      if (['war', 'background'].includes(raw.era)) { view.era = raw.era; } else {
        notices.push('Unknown era ' + quoted(raw.era) + '; showing the war.');
      }
    }
    if (raw.date !== null) {
      const day = parseDay(raw.date);
      if (day === null) {
        notices.push('Date ' + quoted(raw.date) + ' is not a date like 2020-10-28; showing ' + isoDay(view.date) + '.');
      } else if (day < DATA.bounds[0] || day > DATA.bounds[1]) {
        notices.push('Date ' + raw.date + ' is outside ' + isoDay(DATA.bounds[0]) + ' to ' + isoDay(DATA.bounds[1]) +
          '; showing ' + isoDay(view.date) + '.');
      } else { view.date = day; }
    }
    if (raw.event !== null) {
      if (eventIndex.has(raw.event)) { view.event = raw.event; } else {
        notices.push('No event ' + quoted(raw.event) + '; none is selected.');
      }
    }
    if (raw.layers !== null) {
      const asked = raw.layers.split(',').map((p) => p.trim()).filter((p) => p);
      const unknown = asked.filter((p) => !categoryIds.includes(p));
      if (unknown.length) { notices.push('Unknown layer(s) ' + unknown.map(quoted).join(', ') + ' ignored.'); }
      const known = categoryIds.filter((c) => asked.includes(c));
      // An empty value switches every layer off; only unknown names keep the default.
      if (raw.layers.trim() === '' || known.length) { view.layers = known; }
    }
    if (raw.mode !== null) {
      if (modes.includes(raw.mode)) { view.mode = raw.mode; } else {
        notices.push('Unknown mode ' + quoted(raw.mode) + '; showing everything up to the date.');
      }
    }
    if (raw.window !== null) {
      const [lo, hi] = DATA.windowRange;
      if (/^[0-9]{1,3}$/.test(raw.window) && +raw.window >= lo && +raw.window <= hi) { view.window = +raw.window; } else {
        notices.push('Window ' + quoted(raw.window) + ' is not a number of days ' + lo + '..' + hi +
          '; using ' + DATA.defaultWindow + '.');
      }
    }
    if (raw.names !== null) {
      if (Object.hasOwn(DATA.namings, raw.names)) { view.names = raw.names; } else {
        notices.push('Unknown naming ' + quoted(raw.names) + '; using English.');
      }
    }
    if (view.mode === 'present') {
      if (!DATA.events.length) {
        notices.push('There are no events to present.');
        view.mode = 'upto';
      } else if (raw.step !== null) {
        if (/^[0-9]{1,9}$/.test(raw.step) && +raw.step >= 1 && +raw.step <= DATA.events.length) {
          view.step = +raw.step;
        } else {
          notices.push('No slide ' + quoted(raw.step) + '; showing slide 1 of ' + DATA.events.length + '.');
        }
      } else if (view.event) { view.step = eventIndex.get(view.event) + 1; }
    }
    return {view, notices};
  }

  /** The parameters that restore `view`, in the dashboard's order; defaults are left out. */
  function viewParams(view, DATA) {
    const out = [];
    if (view.mode === 'present') {
      out.push(['mode', 'present'], ['step', String(view.step)]);
    } else {
      if (view.era !== 'war') { out.push(['era', view.era]); }
      out.push(['date', isoDay(view.date)]);
      if (view.event) { out.push(['event', view.event]); }
    }
    if (view.layers.length !== DATA.categories.length) { out.push(['layers', view.layers.join(',')]); }
    if (view.mode === 'window') { out.push(['mode', 'window'], ['window', String(view.window)]); }
    if (view.names !== 'en') { out.push(['names', view.names]); }
    return out;
  }

  function queryText(pairs) {
    return pairs.map(([k, v]) => k + '=' + encodeURIComponent(v).replace(/%2C/g, ',')).join('&');
  }

  // ---- What is on show: columnar arrays, one pass per step ---------------------------------

  function buildIndex(DATA) {
    const events = DATA.events;
    const n = events.length;
    const categoryIds = DATA.categories.map((c) => c.id);
    const start = new Float64Array(n);
    const end = new Float64Array(n);
    const category = new Uint8Array(n);
    const war = new Uint8Array(n);
    let points = 0;
    events.forEach((e, i) => {
      start[i] = e.start;
      end[i] = e.end;
      category[i] = categoryIds.indexOf(e.category);
      war[i] = e.era === 'war' ? 1 : 0;
      points += e.coords.length;
    });
    const pointEvent = new Int32Array(points);
    const lat = new Float64Array(points);
    const lon = new Float64Array(points);
    let k = 0;
    events.forEach((e, i) => e.coords.forEach(([y, x]) => { pointEvent[k] = i; lat[k] = y; lon[k] = x; k += 1; }));
    return {n, start, end, category, war, pointEvent, lat, lon, binCells: new Map()};
  }

  /** Per event: -1 hidden, 0 earlier (faded), 1 current. Events are sorted by start. */
  function eventStates(index, view) {
    const states = new Int8Array(index.n).fill(-1);
    if (view.mode === 'present') {
      for (let i = 0; i < view.step; i++) { states[i] = i === view.step - 1 ? 1 : 0; }
      return states;
    }
    if (view.era === 'background') {
      for (let i = 0; i < index.n; i++) { if (!index.war[i]) { states[i] = 1; } }
      return states;
    }
    const firstDay = view.date - Math.max(1, view.window) + 1;
    for (let i = 0; i < index.n && index.start[i] <= view.date; i++) {
      if (!index.war[i] || (view.mode === 'window' && index.end[i] < firstDay)) { continue; }
      states[i] = index.end[i] >= view.date ? 1 : 0;
    }
    return states;
  }

  /** Ids of the events on show with their layer on, oldest first (what the cards list). */
  function shownIds(DATA, view, index) {
    index = index || buildIndex(DATA);
    const states = eventStates(index, view);
    const layerOn = DATA.categories.map((c) => view.layers.includes(c.id));
    const ids = [];
    for (let i = 0; i < index.n; i++) {
      if (states[i] >= 0 && (view.mode === 'present' || layerOn[index.category[i]])) { ids.push(DATA.events[i].id); }
    }
    return ids;
  }

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

  // ---- The engine ---------------------------------------------------------------------------

  function start(existingMap, DATA, options) {
    options = Object.assign({host: 'export'}, options || {});
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
    if (withShell) { buildShell(); }

    const map = existingMap || L.map('map', {zoomControl: true, keyboard: true});
    if (existingMap && withShell) {
      // streamlit-folium made the map in its own div: it moves into the shell's map slot.
      const slot = $('map');
      const container = existingMap.getContainer();
      container.classList.add('engine-map');
      container.setAttribute('role', 'region');
      container.setAttribute('aria-label', 'Map');
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
    const overlays = {'Country outlines (offline)': outlines, 'Corridors and proposed routes (schematic)': corridorLayer,
      'Places': placeLayer};
    if (EVENTS.length) {
      // Each category is a layer in the map's control too, named with its marker shape.
      DATA.categories.forEach((c) => { overlays[c.layerName] = eventGroups[c.id]; });
    }
    const layerControl = L.control.layers(
      {'OpenStreetMap (needs internet)': tiles, 'Outlines only (no tiles)': noTiles}, overlays, {collapsed: true},
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
        areaLabel(point[1], point[0], props.name, null).addTo(countryLabels);
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
      fetch(new URL(DATA.basemapUrl, ENGINE_BASE)).then((r) => { if (!r.ok) { throw new Error(r.status); } return r.json(); })
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
      note.onAdd = () => el('div', 'tiles-offline', 'Map tiles cannot load (no internet?): showing country outlines only.');
      note.addTo(map);
    });

    const legend = L.control({position: 'bottomright'});
    legend.onAdd = () => {
      const box = el('div', 'map-legend');
      const details = el('details');
      const summary = el('summary');
      summary.append(el('strong', null, 'Legend'));
      details.append(summary);
      DATA.categories.forEach((c) => {
        const row = el('div');
        const icon = el('img');
        icon.src = c.icon; icon.alt = ''; icon.width = icon.height = 14;
        row.append(icon, document.createTextNode(' ' + c.label));
        details.append(row);
      });
      details.append(el('div', 'legend-note', LEGEND_NOTE));
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
      line.bindTooltip(el('span', null, c.labels[state.names] + ' (schematic)'), {permanent: true,
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

    /** Every label on the map is placed beside its own dot (placeLabels): the focused event's
        places first, always shown and drawn above the others; then contested places (both names),
        the focused event's corridors, the other places (the data lists them most important first),
        corridors and country names. A label that finds no spot clear of the labels before it and of
        every event marker, inside the map and within reach of its dot, is hidden (its dot stays,
        and zooming in shows it). */
    function declutterLabels() {
      const focus = focusEvent();
      const focusPlaces = new Set(focus ? focus.places : []);
      const entries = [];
      const add = (layer, tier, centred) => {
        const t = layer instanceof L.Tooltip ? layer : layer.getTooltip();
        const node = t ? t.getElement() : null;
        if (!node || !node.isConnected) { return; }
        const must = focusPlaces.has(layer.placeId);
        entries.push({node, layer, tip: t, centred, must, farOk: Boolean(layer.contested), tier: must ? 0 : tier});
      };
      placeLayer.eachLayer((l) => add(l, l.contested ? 1 : 3, false));
      focusCorridors.eachLayer((l) => add(l, 2, true));
      areaLabels.eachLayer((l) => add(l, 4, true));
      corridorLayer.eachLayer((l) => add(l, 5, true));
      countryLabels.eachLayer((l) => add(l, 6, true));
      entries.sort((a, b) => a.tier - b.tier); // stable: the data's order within a tier
      const frame = map.getContainer().getBoundingClientRect();
      entries.forEach(({node, must}) => {
        node.style.visibility = ''; node.style.translate = '';
        node.classList.toggle('focus', must);
      });
      const container = map.getContainer();
      const boxes = (selector) => Array.from(container.querySelectorAll(selector))
        .map((node) => node.getBoundingClientRect()).filter((b) => b.width);
      // Every event marker (and a bin's count) is kept clear: no marker ever covers a label; nor
      // do the map's controls (zoom, layers, legend, notes) sit on one.
      const obstacles = boxes('.event-icon, .bin-count, .leaflet-control').map((m) => ({left: m.left - MARKER_MARGIN_PX,
        right: m.right + MARKER_MARGIN_PX, top: m.top - MARKER_MARGIN_PX, bottom: m.bottom + MARKER_MARGIN_PX}));
      const dots = [];
      const sized = frame.width > 0 && frame.height > 0; // a frame not laid out yet says nothing
      // A place whose dot is off the map cannot be labelled beside it: its label may be hidden.
      const onMap = (x, y) => !sized || (x >= frame.left && x <= frame.right && y >= frame.top && y <= frame.bottom);
      const labels = entries.map(({node, layer, tip, centred, must, farOk}) => {
        const b = node.getBoundingClientRect();
        if (centred || !layer.getLatLng) {
          // The point it names (Leaflet centred the box on it when drawn, before its font may have changed).
          const p = tip.getLatLng() ? map.latLngToContainerPoint(tip.getLatLng()) : null;
          const x = p ? frame.left + p.x : (b.left + b.right) / 2;
          const y = p ? frame.top + p.y : (b.top + b.bottom) / 2;
          return {x, y, width: b.width, height: b.height, centred: true, must: must && onMap(x, y)};
        }
        const p = map.latLngToContainerPoint(layer.getLatLng());
        const r = layer.getRadius() + 1;
        const x = frame.left + p.x;
        const y = frame.top + p.y;
        dots.push({left: x - r, right: x + r, top: y - r, bottom: y + r});
        return {x, y, width: b.width, height: b.height, centred: false, must: must && onMap(x, y), farOk: farOk && onMap(x, y),
          gap: r + 2};
      });
      const spots = placeLabels(labels, obstacles, dots, sized ? frame : null);
      leaders.forEach((line) => line.remove());
      leaders = [];
      entries.forEach(({node}, i) => {
        const b = node.getBoundingClientRect();
        if (!b.width || !spots[i].shown) { node.style.visibility = b.width ? 'hidden' : ''; return; }
        node.style.translate = (spots[i].left - b.left) + 'px ' + (spots[i].top - b.top) + 'px';
        if (spots[i].leader) { drawLeader(labels[i], spots[i], frame); }
      });
    }

    /** A line from a label's dot to the nearest point of its box (a label placed far from its dot). */
    let leaders = [];
    function drawLeader(label, spot, frame) {
      const tx = Math.min(Math.max(label.x, spot.left), spot.left + label.width);
      const ty = Math.min(Math.max(label.y, spot.top), spot.top + label.height);
      const from = map.containerPointToLayerPoint([label.x - frame.left, label.y - frame.top]);
      const length = Math.hypot(tx - label.x, ty - label.y);
      const line = el('div', 'label-leader');
      line.style.left = from.x + 'px';
      line.style.top = from.y + 'px';
      line.style.width = length + 'px';
      line.style.transform = 'rotate(' + Math.atan2(ty - label.y, tx - label.x) + 'rad)';
      labelPane.append(line);
      leaders.push(line);
    }
    // Labels take their places once the map has its size and view; zoom and resize move them.
    let labelFrame = 0;
    let labelLate = 0;
    function declutterLabelsSoon() {
      cancelAnimationFrame(labelFrame);
      labelFrame = requestAnimationFrame(declutterLabels);
      // Once more when the page has settled: a frame that is still being sized or shown (Streamlit
      // sets its height after it draws) may skip or misplace the first pass.
      clearTimeout(labelLate);
      // What a person sees once labels stop moving, for tests: 1 after the settled pass, which a
      // map still moving (a flight) does not count as.
      map.getContainer().dataset.labelsSettled = '0';
      labelLate = setTimeout(() => {
        declutterLabels();
        if (!mapMoving) { map.getContainer().dataset.labelsSettled = '1'; }
      }, LABEL_SETTLE_MS);
    }
    let mapMoving = false;
    map.on('movestart zoomstart', () => { mapMoving = true; map.getContainer().dataset.labelsSettled = '0'; });
    map.on('moveend', () => { mapMoving = false; });
    map.on('zoomend moveend resize viewreset', declutterLabelsSoon);
    // The frame gets its height (and the labels their font) after the map is drawn.
    if (window.ResizeObserver) { new ResizeObserver(declutterLabelsSoon).observe(map.getContainer()); }
    if (document.fonts) { document.fonts.ready.then(declutterLabelsSoon); }

    // ---- Event markers: kept between steps, only what changed is touched ----
    const markers = new Map(); // key -> {marker, spec}

    function markerSpec(kind, category, current, selected, title, count, currentCount) {
      return {kind, category, current, selected, title, count, currentCount};
    }

    function makeMarker(key, latlng, spec, eventId) {
      const category = CATEGORY[spec.category];
      let marker;
      if (spec.kind === 'bin') {
        const size = DATA.binSize;
        const html = '<div class="event-bin">' + category.svgBin + '<span class="bin-count"></span></div>';
        const icon = L.divIcon({html, className: 'event-icon ' + (spec.currentCount ? 'current' : 'earlier'),
          iconSize: [size, size], iconAnchor: [size / 2, size / 2]});
        marker = L.marker(latlng, {icon, keyboard: true});
        marker.declutter = {half: size / 2, priority: 1};
        marker.on('click', () => map.setView(marker.getLatLng(), map.getZoom() + 2));
      } else {
        const sizes = DATA.sizes;
        const target = Math.max(DATA.minTarget, spec.selected ? sizes.selected : (spec.current ? sizes.current : sizes.earlier));
        const icon = L.divIcon({
          html: spec.selected ? category.svgSelected : (spec.current ? category.svg : category.svgSmall),
          className: 'event-icon ' + (spec.current ? 'current' : 'earlier') + (spec.selected ? ' selected' : ''),
          iconSize: [target, target], iconAnchor: [target / 2, target / 2],
        });
        marker = L.marker(latlng, {icon, title: spec.title, alt: spec.title, keyboard: true, riseOnHover: true,
          zIndexOffset: spec.selected ? 1000 : (spec.current ? 500 : 0)});
        marker.declutter = {half: target / 2, priority: spec.selected ? 2 : (spec.current ? 1 : 0)};
        marker.bindTooltip(el('span', null, spec.title), {direction: 'top', offset: [0, -target / 2]});
        // A GeoJSON-like feature: what a click on the map reports (streamlit-folium reads it too).
        marker.feature = {type: 'Feature', properties: {event_id: eventId}};
        marker.on('click', () => onMarkerClick(eventId));
      }
      marker.on('add', () => decorate(marker, spec, eventId));
      return marker;
    }

    function decorate(marker, spec, eventId) {
      const node = marker.getElement();
      if (!node) { return; }
      if (spec.kind === 'bin') {
        const text = spec.count + ' ' + CATEGORY[spec.category].label + ' events here (' + spec.currentCount +
          ' on this date); click to zoom in';
        node.title = text;
        node.setAttribute('alt', text);
        node.setAttribute('aria-label', text);
        node.querySelector('.bin-count').textContent = spec.count > 999 ? Math.round(spec.count / 100) / 10 + 'k'
          : String(spec.count);
        node.classList.toggle('current', spec.currentCount > 0);
        node.classList.toggle('earlier', spec.currentCount === 0);
      } else {
        node.dataset.eventId = eventId;
        node.setAttribute('role', 'button');
      }
    }

    /** The event's title and summary as the chosen naming writes contested places. */
    function eventText(event) { return (event.text && event.text[state.names]) || event; }

    function sameSpec(a, b) {
      return a.kind === b.kind && a.current === b.current && a.selected === b.selected && a.title === b.title;
    }

    /** The markers for the events on show: single events up to MAX_MARKERS points, else bins
        per grid cell and category (the selected event always alone). */
    function drawMarkers(states, selected, layers) {
      const wanted = new Map();
      const selectedRow = selected !== null && EVENT_INDEX.has(selected) ? EVENT_INDEX.get(selected) : -1;
      const P = INDEX.pointEvent.length;
      let onShow = 0;
      for (let p = 0; p < P; p++) { if (states[INDEX.pointEvent[p]] >= 0) { onShow += 1; } }
      const single = (p) => {
        const row = INDEX.pointEvent[p];
        const event = EVENTS[row];
        wanted.set('e' + p, {latlng: [INDEX.lat[p], INDEX.lon[p]], eventId: event.id,
          spec: markerSpec('event', event.category, states[row] === 1, row === selectedRow, eventText(event).title)});
      };
      if (onShow <= MAX_MARKERS) {
        for (let p = 0; p < P; p++) { if (states[INDEX.pointEvent[p]] >= 0) { single(p); } }
      } else {
        let cells = null;
        let counts = null;
        for (const size of BIN_DEGREES) {
          cells = binCells(INDEX, size);
          counts = new Int32Array(cells.count);
          let used = 0;
          for (let p = 0; p < P; p++) {
            const row = INDEX.pointEvent[p];
            if (states[row] < 0 || row === selectedRow) { continue; }
            if (counts[cells.cellOf[p]]++ === 0) { used += 1; }
          }
          if (used <= MAX_MARKERS) { break; }
        }
        const current = new Int32Array(cells.count);
        const sumLat = new Float64Array(cells.count);
        const sumLon = new Float64Array(cells.count);
        for (let p = 0; p < P; p++) {
          const row = INDEX.pointEvent[p];
          if (states[row] < 0) { continue; }
          if (row === selectedRow) { single(p); continue; }
          const c = cells.cellOf[p];
          if (states[row] === 1) { current[c] += 1; }
          sumLat[c] += INDEX.lat[p];
          sumLon[c] += INDEX.lon[p];
        }
        for (let c = 0; c < cells.count; c++) {
          if (!counts[c]) { continue; }
          const category = categoryIds[+cells.keys[c].split(':')[0]];
          // Each bin sits at the mean of its points, so it stays over the places it counts.
          wanted.set('b' + cells.keys[c], {latlng: [sumLat[c] / counts[c], sumLon[c] / counts[c]],
            spec: markerSpec('bin', category, false, false, null, counts[c], current[c])});
        }
      }
      let changed = false;
      markers.forEach((entry, key) => {
        const next = wanted.get(key);
        if (!next || !sameSpec(entry.spec, next.spec)) {
          eventGroups[entry.spec.category].removeLayer(entry.marker);
          markers.delete(key);
          changed = true;
        } else if (next.spec.kind === 'bin' &&
                   (entry.spec.count !== next.spec.count || entry.spec.currentCount !== next.spec.currentCount)) {
          // Only the bins whose counts changed are touched: a step adds a day's events to a few of them.
          entry.marker.setLatLng(next.latlng);
          entry.spec = next.spec;
          decorate(entry.marker, next.spec);
        }
      });
      wanted.forEach((next, key) => {
        if (markers.has(key)) { return; }
        const marker = makeMarker(key, next.latlng, next.spec, next.eventId);
        markers.set(key, {marker, spec: next.spec});
        marker.addTo(eventGroups[next.spec.category]);
        changed = true;
      });
      categoryIds.forEach((c) => {
        const on = layers.includes(c);
        if (on !== map.hasLayer(eventGroups[c])) {
          if (on) { map.addLayer(eventGroups[c]); } else { map.removeLayer(eventGroups[c]); }
          changed = true;
        }
      });
      if (changed) { declutter(); }
    }

    function ring(rank, step) {
      if (rank === 0) { return [0, 0]; }
      let r = 1;
      let slot = rank - 1;
      while (slot >= 6 * r) { slot -= 6 * r; r += 1; }
      const angle = 2 * Math.PI * slot / (6 * r);
      return [Math.round(r * step * Math.cos(angle)), Math.round(r * step * Math.sin(angle))];
    }

    /** Markers closer than a click target are nudged apart on screen, in rings around their
        spot (the selected, then current events keep their place first), at every zoom. */
    function declutter() {
      const step = DATA.spacing;
      const grid = new Map();
      const list = [];
      markers.forEach(({marker}) => { if (marker.getElement()) { list.push(marker); } });
      list.sort((a, b) => b.declutter.priority - a.declutter.priority);
      const free = (x, y) => {
        const cx = Math.floor(x / step);
        const cy = Math.floor(y / step);
        for (let i = cx - 1; i <= cx + 1; i++) {
          for (let j = cy - 1; j <= cy + 1; j++) {
            const cell = grid.get(i * 100003 + j);
            if (cell && cell.some(([px, py]) => Math.abs(px - x) < step && Math.abs(py - y) < step)) { return false; }
          }
        }
        return true;
      };
      list.forEach((m) => {
        const p = map.latLngToLayerPoint(m.getLatLng());
        let offset = [0, 0];
        for (let rank = 0; rank < 200; rank++) {
          offset = ring(rank, step);
          if (free(p.x + offset[0], p.y + offset[1])) { break; }
        }
        const x = p.x + offset[0];
        const y = p.y + offset[1];
        const key = Math.floor(x / step) * 100003 + Math.floor(y / step);
        const cell = grid.get(key);
        if (cell) { cell.push([x, y]); } else { grid.set(key, [[x, y]]); }
        const node = m.getElement();
        const left = (offset[0] - m.declutter.half) + 'px';
        const top = (offset[1] - m.declutter.half) + 'px';
        if (node.style.marginLeft !== left) { node.style.marginLeft = left; }
        if (node.style.marginTop !== top) { node.style.marginTop = top; }
      });
      declutterLabelsSoon(); // labels keep clear of the markers where they now stand
    }
    map.on('zoomend', declutter);

    function moveTo(center, zoom) {
      if (animate) { map.flyTo(center, zoom, {duration: 0.8}); } else { map.setView(center, zoom); }
    }
    function flyToEvent(event) { if (event && event.view) { moveTo(event.view.center, event.view.zoom); } }
    function flyToEra(era) { moveTo(DATA.views[era].center, DATA.views[era].zoom); }

    // ---- Cards, built once per event and naming, reused between steps ----
    const cardCache = new Map();
    let shownCards = ''; // what the cards column shows now: unchanged, it is not touched

    function cardElement(event, {flag = null, button = true} = {}) {
      const card = el('article', 'card');
      card.dataset.eventId = event.id;
      if (flag) { card.append(el('p', 'card-flag', flag)); }
      card.append(el('h3', 'card-title', eventText(event).title));
      const meta = el('p', 'card-meta');
      const icon = el('img');
      icon.src = CATEGORY[event.category].icon;
      icon.alt = '';
      icon.width = icon.height = 16;
      meta.append(icon, document.createTextNode(event.card.date + ' · ' + event.card.category));
      card.append(meta);
      const placesText = event.placesText[state.names];
      if (placesText) { card.append(el('p', 'card-places', 'Places: ' + placesText)); }
      if (event.summary) { card.append(el('p', 'card-summary', eventText(event).summary)); }
      if (event.source_claim) { card.append(el('p', 'card-claim', event.source_claim)); }
      if (event.card.casualties) { card.append(el('p', 'card-casualties', 'Casualties: ' + event.card.casualties)); }
      if (event.card.sources) { card.append(el('p', 'card-sources', event.card.sources)); }
      if (button) {
        const show = el('button', 'show-on-map', 'Show on map');
        show.type = 'button';
        show.addEventListener('click', () => showOnMap(event.id));
        card.append(show);
      }
      return card;
    }

    function cachedCard(event) {
      const key = event.id + '\u0000' + state.names;
      let card = cardCache.get(key);
      if (!card) { card = cardElement(event); cardCache.set(key, card); }
      return card;
    }

    function drawCards(visibleRows) {
      const key = [state.event, state.names, visibleRows.length, visibleRows.slice(-DATA.maxCards - 1).join(',')].join('|');
      if (key === shownCards) { return; }
      shownCards = key;
      const nodes = [];
      const selected = state.event !== null ? EVENTS[EVENT_INDEX.get(state.event)] : null;
      if (selected) {
        const card = cardElement(selected, {flag: 'Selected event'});
        card.classList.add('selected');
        nodes.push(card);
        if (!visibleRows.includes(EVENT_INDEX.get(selected.id))) {
          nodes.push(el('p', 'cards-note', 'The selected event is not on show at this date or with these layers.'));
        }
      }
      const others = [];
      for (let i = visibleRows.length - 1; i >= 0 && others.length <= DATA.maxCards; i--) {
        const event = EVENTS[visibleRows[i]];
        if (event.id !== state.event) { others.push(event); }
      }
      if (!others.length && !selected) {
        nodes.push(el('p', 'cards-note', 'No events on show. Move the date later, widen the window or switch layers on.'));
      }
      others.slice(0, DATA.maxCards).forEach((e) => nodes.push(cachedCard(e)));
      const total = visibleRows.length - (selected && visibleRows.includes(EVENT_INDEX.get(selected.id)) ? 1 : 0);
      if (total > DATA.maxCards) {
        nodes.push(el('p', 'cards-note', (total - DATA.maxCards) + ' more events are on the map; narrow the window to list them.'));
      }
      $('cards').replaceChildren(...nodes);
    }

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
        $('present-play').textContent = slideTimer ? '⏸ Stop advancing' : '▶ Advance every ' + DATA.slideSeconds + ' s';
      } else {
        const layerOn = categoryIds.map((c) => state.layers.includes(c));
        const visibleRows = [];
        for (let i = 0; i < INDEX.n; i++) { if (states[i] >= 0 && layerOn[INDEX.category[i]]) { visibleRows.push(i); } }
        const war = state.era === 'war';
        const when = war ? formatDay(state.date) : DATA.backgroundYears || 'Background';
        const windowNote = war && state.mode === 'window' ? ' (last ' + state.window + ' days)' : '';
        $('status').textContent = when + windowNote + ' · ' + visibleRows.length + ' event' +
          (visibleRows.length === 1 ? '' : 's') + ' shown';
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
      $('play').textContent = playTimer ? '⏸ Pause' : '▶ Play';
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
        window.Streamlit.setComponentValue({view: params, seq: sentSeq, changed: [...changedSinceServer]});
      }, SETTLE_MS);
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

    // ---- The shell: controls, status line, map slot, cards (and the export's presentation) ----
    function buildShell() {
      const root = options.root || document.getElementById('engine') || document.body;
      const shell = el('div', 'engine-shell');
      shell.append(...shellNodes(DATA.framing));
      if (host !== 'export') {
        shell.querySelectorAll('[data-export-only]').forEach((node) => node.remove());
      }
      if (root === document.body) { root.prepend(shell); } else { root.replaceChildren(shell); }
      if (host === 'export') {
        const layers = $('layers');
        DATA.categories.forEach((c) => {
          const label = el('label', 'layer-toggle');
          const box = el('input');
          box.type = 'checkbox'; box.name = 'layer'; box.value = c.id; box.checked = true;
          const icon = el('img');
          icon.src = c.icon; icon.alt = ''; icon.width = icon.height = 18;
          label.append(box, icon, document.createTextNode(c.label));
          layers.insertBefore(label, layers.querySelector('.legend-note'));
        });
      }
    }

    function fillSelect(select, entries) {
      entries.forEach(([value, label]) => {
        const option = el('option', null, label);
        option.value = value;
        select.append(option);
      });
    }

    function setUpControls() {
      const slider = $('date-slider');
      slider.min = DATA.bounds[0];
      slider.max = DATA.bounds[1];
      fillSelect($('speed'), DATA.speeds.map(([label, seconds]) => [seconds, label]));
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
      fillSelect($('mode'), Object.entries(DATA.modes));
      fillSelect($('era'), Object.entries(DATA.eras));
      fillSelect($('names'), Object.entries(DATA.namings));
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

    // ---- The dashboard's frame: as tall as the window allows, so the map fills the first screen ----
    function fitFrame() {
      let height = options.height || 560;
      try {
        const frame = window.frameElement;
        const top = frame.getBoundingClientRect().top + window.parent.scrollY;
        const screen = window.parent;
        // A phone scrolls the page anyway: its frame is most of a screen, not what is left below the
        // title and the tools above it (which would leave a sliver of map).
        const phoneFloor = screen.innerWidth <= 800 ? Math.round(screen.innerHeight * 0.85) : 0;
        height = Math.max(options.minHeight || 380, Math.round(screen.innerHeight - top - 16), phoneFloor);
      } catch (err) { /* not embedded: keep the given height */ }
      return height;
    }

    if (host === 'dashboard' && window.Streamlit) {
      // streamlit-folium sets the frame's height on every update; the engine's height wins.
      const setFrameHeight = window.Streamlit.setFrameHeight.bind(window.Streamlit);
      window.Streamlit.setFrameHeight = () => setFrameHeight(fitFrame());
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

  /** An element with attributes and children (strings become text): the shell is built from
      nodes, never parsed from markup. */
  function h(tag, attrs, ...children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([name, value]) => {
      if (value === true) { node.setAttribute(name, ''); } else { node.setAttribute(name, value); }
    });
    children.forEach((child) => node.append(child));
    return node;
  }

  /** The page around the map: notice, controls, status line, map slot, cards and the export's
      presentation panel (marked export-only: the dashboard has these in Streamlit). */
  function shellNodes(framing) {
    const only = {'data-export-only': true};
    const button = (id, text, extra) => h('button', Object.assign({type: 'button', id}, extra || {}), text);
    return [
      h('div', Object.assign({id: 'notice', class: 'notice', role: 'status', hidden: true}, only),
        h('span', {id: 'notice-text'}), button('notice-close', '✕', {'aria-label': 'Dismiss the notice'})),
      h('section', {id: 'controls', 'aria-label': 'What the map shows'},
        h('div', {class: 'date-row', id: 'date-row'},
          h('label', {for: 'date-slider'}, 'Date'), h('input', {type: 'range', id: 'date-slider', step: '1'}),
          h('output', {id: 'date-label', for: 'date-slider'})),
        h('div', {class: 'button-row'},
          button('previous', '◀ Previous', {title: 'Previous event date'}), button('play', '▶ Play'),
          button('next', 'Next ▶', {title: 'Next event date'}),
          h('label', {}, 'Speed ', h('select', {id: 'speed'})),
          h('label', Object.assign({id: 'mode-field'}, only), 'Show ', h('select', {id: 'mode'})),
          h('label', Object.assign({id: 'window-field'}, only), 'Days in the window ',
            h('input', {type: 'number', id: 'window', inputmode: 'numeric'})),
          h('label', Object.assign({id: 'era-field'}, only), 'Era ', h('select', {id: 'era'})),
          h('label', only, 'Place names first in ', h('select', {id: 'names'})),
          button('present', 'Present to a class', Object.assign({class: 'primary'}, only))),
        h('fieldset', Object.assign({class: 'layers', id: 'layers'}, only), h('legend', {}, 'Event layers'),
          h('p', {class: 'legend-note'}, LEGEND_NOTE))),
      h('h2', {id: 'status', 'aria-live': 'polite'}),
      h('main', {id: 'main'},
        h('div', {id: 'map', role: 'region', 'aria-label': 'Map'}),
        h('section', {id: 'cards', 'aria-label': 'Events on show'})),
      h('section', Object.assign({id: 'present-panel', 'aria-label': 'Presentation', hidden: true}, only),
        // On every slide, above everything: where all of it comes from (geo/map/framing.py, as data).
        h('p', {class: 'present-source', id: 'present-source'},
          framing ? framing.sourceLine + ' ' + framing.articleSays : ''),
        h('div', {class: 'present-bar'}, button('present-previous', '◀ Previous'),
          h('span', {id: 'present-progress', 'aria-live': 'polite'}), button('present-next', 'Next ▶')),
        h('div', {class: 'present-bar secondary'}, button('present-play', ''), button('present-exit', 'Exit presentation'),
          h('span', {class: 'present-hint'}, 'Arrow keys ← → also step.')),
        h('div', {id: 'present-card'})),
    ];
  }

  /** Presentation mode in the dashboard: arrow keys press Streamlit's Previous / Next buttons
      (`keys`: key name -> the button's widget key), wherever the focus is. */
  function pressButtonsWithKeys(keys) {
    let top = document;
    try { top = window.parent.document; } catch (err) { /* not embedded */ }
    function onKey(e) {
      const tag = (e.target && e.target.tagName) || '';
      if (/INPUT|TEXTAREA|SELECT/.test(tag) || e.altKey || e.ctrlKey || e.metaKey || !(e.key in keys)) { return; }
      const button = top.querySelector('.st-key-' + keys[e.key] + ' button');
      if (button && !button.disabled) { e.preventDefault(); e.stopPropagation(); button.click(); }
    }
    // One listener on the page, whichever frame added it last (a rebuilt frame replaces it).
    const owner = top.defaultView;
    if (owner.mapEnginePresentKeys) {
      try { top.removeEventListener('keydown', owner.mapEnginePresentKeys, true); } catch (err) { /* gone */ }
    }
    owner.mapEnginePresentKeys = onKey;
    top.addEventListener('keydown', onKey, true);
    if (top !== document) { document.addEventListener('keydown', onKey, true); }
  }

  /** A student's map following a class (host 'present', option `follow`): one page for the
      whole presentation that never reloads. The Streamlit page around this frame (classroom.py)
      writes the teacher's slide into an element's `data-follow-step` (with `data-follow-version`,
      the room's count of moves, and `data-follow-names`, the naming) as the room changes; this watches that page and presents the slide
      named by the newest one. The frame is same-origin (Streamlit's srcdoc iframe allows it). */
  function followPage(present) {
    let page = null;
    try { page = window.parent.document; } catch (err) { /* not same-origin */ }
    if (!page || page === document) { return; }
    let shown = null;
    function check() {
      let newest = null;
      page.querySelectorAll('[data-follow-step]').forEach((node) => {
        const version = Number(node.dataset.followVersion) || 0;
        if (!newest || version >= newest.version) {
          newest = {version, step: node.dataset.followStep, names: node.dataset.followNames || 'en'};
        }
      });
      if (!newest || !/^[0-9]{1,9}$/.test(newest.step)) { return; }
      const slide = newest.step + ' ' + newest.names;
      if (slide === shown) { return; }
      shown = slide;
      present(+newest.step, newest.names);
    }
    // Streamlit replaces the element (its delta) on every move: watching the page's tree catches it
    // at once, with no polling. One querySelectorAll per batch of changes.
    const watcher = new MutationObserver(check);
    watcher.observe(page.body, {childList: true, subtree: true, attributes: true,
      attributeFilter: ['data-follow-step', 'data-follow-version', 'data-follow-names']});
    // The page outlives this frame (stop following removes it): it must not keep the watcher.
    window.addEventListener('pagehide', () => watcher.disconnect());
    check();
  }

  // ---- Small maps of the pages: one-line calls from Python ----

  /** The places found in a text, numbered as in the text. */
  function foundPlaces(layer, points) {
    points.forEach((p) => {
      const number = el('div', null, String(p.n));
      const icon = L.divIcon({html: number, className: 'found-place', iconSize: [22, 22], iconAnchor: [11, 11]});
      const m = L.marker([p.lat, p.lon], {icon, title: p.n + '. ' + p.name, alt: p.name, keyboard: true});
      m.bindTooltip(el('span', null, p.n + '. ' + p.name), {direction: 'top', offset: [0, -10]});
      m.on('add', () => { const node = m.getElement(); if (node) { node.dataset.placeNumber = String(p.n); } });
      m.addTo(layer);
    });
  }

  /** A ring around a point, or an outline of a shape. */
  function highlight(layer, data) {
    if (data.geometry.type === 'Point') {
      const c = data.geometry.coordinates;
      L.circleMarker([c[1], c[0]], {radius: 16, color: data.colour, weight: 3, fill: false}).addTo(layer);
    } else {
      L.geoJSON(data.geometry, {style: {color: data.colour, weight: 3, fillOpacity: 0.08}}).addTo(layer);
    }
  }

  /** Outlines only (small maps): the basemap fetched relative to the engine. */
  function outlinesOnly(layer, data) {
    fetch(new URL(data.url, ENGINE_BASE)).then((r) => { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then((geojson) => {
        L.geoJSON(geojson, {style: data.style,
          onEachFeature: (f, l) => l.bindTooltip(el('span', null, f.properties.name), {sticky: true})}).addTo(layer);
      })
      .catch(() => { /* no outlines; tiles still work */ });
  }

  window.MapEngine = {
    start,
    serverView: (layer, payload) => { if (window.mapEngine) { window.mapEngine.serverView(payload); } },
    foundPlaces, highlight, outlinesOnly,
    parseView, viewParams, shownIds, parseDay, isoDay, formatDay, dayOf, placeLabels,
    base: ENGINE_BASE,
  };

  // The static export starts itself from the data block in its page (no inline script under its CSP).
  const block = document.getElementById('map-data');
  if (block && window.L) {
    start(null, JSON.parse(block.textContent), {host: 'export'});
  }
})();
