/* The static export's page: places and events on a Leaflet map, a date slider, playback,
   linked cards, a presentation mode, and the view kept in the URL hash.

   The data comes from the JSON block in index.html (written by geo/export.py). Text from
   data reaches the DOM only through textContent and createElement; the only HTML strings
   here (marker SVGs, the tile attribution, layer names) are the exporter's own constants. */
(function () {
  'use strict';

  const DATA = JSON.parse(document.getElementById('map-data').textContent);
  const DAY_MS = 86400000;
  const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
    'September', 'October', 'November', 'December'];
  const CATEGORY_IDS = DATA.categories.map((c) => c.id);
  const CATEGORY = Object.fromEntries(DATA.categories.map((c) => [c.id, c]));
  const EVENTS = DATA.events; // sorted by start date: also the order of the presentation's slides
  const EVENT_INDEX = new Map(EVENTS.map((e, i) => [e.id, i]));
  const MODES = Object.keys(DATA.modes).concat(['present']);
  const HASH_KEYS = ['era', 'date', 'event', 'layers', 'mode', 'window', 'names', 'step'];

  const $ = (id) => document.getElementById(id);

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function isoDay(day) { return new Date(day * DAY_MS).toISOString().slice(0, 10); }

  function formatDay(day) {
    const d = new Date(day * DAY_MS);
    return d.getUTCDate() + ' ' + MONTHS[d.getUTCMonth()] + ' ' + d.getUTCFullYear();
  }

  /** Day number of an ISO date like 2020-10-28, or null (2020-02-30 is not a date). */
  function parseDay(text) {
    const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(text);
    if (!m) { return null; }
    const ms = Date.UTC(+m[1], +m[2] - 1, +m[3]);
    return isoDay(ms / DAY_MS) === text ? ms / DAY_MS : null;
  }

  function quoted(value) { return "'" + (value.length <= 40 ? value : value.slice(0, 39) + '…') + "'"; }

  function defaults() {
    return {era: 'war', date: DATA.bounds[1], event: null, layers: CATEGORY_IDS.slice(), mode: 'upto',
      window: DATA.defaultWindow, names: 'en', step: 1};
  }

  /** The view a hash names (the same names as the dashboard's URL); bad values fall back with a notice. */
  function parseHash(hash) {
    const params = new URLSearchParams(hash.replace(/^#/, ''));
    const view = defaults();
    const notices = [];
    const raw = {};
    HASH_KEYS.forEach((key) => {
      const all = params.getAll(key);
      let value = all.length ? all[all.length - 1] : null;
      if (value !== null && value.length > DATA.maxParam) {
        notices.push('Ignored ' + key + ': the value is longer than ' + DATA.maxParam + ' characters.');
        value = null;
      }
      raw[key] = value;
    });
    if (raw.era !== null) {
      if (Object.hasOwn(DATA.eras, raw.era)) { view.era = raw.era; } else {
        notices.push('Unknown era ' + quoted(raw.era) + '; showing the war.');
      }
    }
    if (raw.date !== null) {
      const day = parseDay(raw.date);
      if (day === null) {
        notices.push('Date ' + quoted(raw.date) + ' is not a date like 2020-10-28; showing ' + isoDay(view.date) + '.');
      } else if (day < DATA.bounds[0] || day > DATA.bounds[1]) {
        notices.push('Date ' + raw.date + ' is outside ' + DATA.boundsText[0] + ' to ' + DATA.boundsText[1] +
          '; showing ' + isoDay(view.date) + '.');
      } else { view.date = day; }
    }
    if (raw.event !== null) {
      if (EVENT_INDEX.has(raw.event)) { view.event = raw.event; } else {
        notices.push('No event ' + quoted(raw.event) + '; none is selected.');
      }
    }
    if (raw.layers !== null) {
      const asked = raw.layers.split(',').map((p) => p.trim()).filter((p) => p);
      const unknown = asked.filter((p) => !CATEGORY_IDS.includes(p));
      if (unknown.length) { notices.push('Unknown layer(s) ' + unknown.map(quoted).join(', ') + ' ignored.'); }
      const known = CATEGORY_IDS.filter((c) => asked.includes(c));
      // An empty value switches every layer off; only unknown names keep the default.
      if (raw.layers.trim() === '' || known.length) { view.layers = known; }
    }
    if (raw.mode !== null) {
      if (MODES.includes(raw.mode)) { view.mode = raw.mode; } else {
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
      if (!EVENTS.length) {
        notices.push('There are no events to present.');
        view.mode = 'upto';
      } else if (raw.step !== null) {
        if (/^[0-9]{1,6}$/.test(raw.step) && +raw.step >= 1 && +raw.step <= EVENTS.length) { view.step = +raw.step; } else {
          notices.push('No slide ' + quoted(raw.step) + '; showing slide 1 of ' + EVENTS.length + '.');
        }
      } else if (view.event) { view.step = EVENT_INDEX.get(view.event) + 1; }
    }
    return {view, notices};
  }

  /** The hash that restores `view`; defaults are left out to keep links short (as in the dashboard). */
  function hashFor(view) {
    const parts = [];
    const add = (key, value) => parts.push(key + '=' + encodeURIComponent(String(value)).replace(/%2C/g, ','));
    if (view.mode === 'present') {
      add('mode', 'present');
      add('step', view.step);
    } else {
      if (view.era !== 'war') { add('era', view.era); }
      add('date', isoDay(view.date));
      if (view.event) { add('event', view.event); }
    }
    if (view.layers.length !== CATEGORY_IDS.length) { add('layers', view.layers.join(',')); }
    if (view.mode === 'window') { add('mode', view.mode); add('window', view.window); }
    if (view.names !== 'en') { add('names', view.names); }
    return '#' + parts.join('&');
  }

  let state = defaults();
  let exploreMode = 'upto'; // the mode to return to when a presentation ends
  let playTimer = null;
  let slideTimer = null;

  // ---- The map -------------------------------------------------------------------------

  const map = L.map('map', {zoomControl: true, keyboard: true});
  window.siteMap = map; // for tests and the curious: the Leaflet map object
  L.control.scale().addTo(map);
  // Place names sit below the event markers (markers 600, tooltips 650), so a label never hides an event.
  const labelPane = map.createPane('placeLabels');
  labelPane.style.zIndex = 550;
  labelPane.style.pointerEvents = 'none';

  const tiles = L.tileLayer(DATA.tiles.url, {maxZoom: DATA.tiles.maxZoom, attribution: DATA.tiles.attribution});
  const noTiles = L.layerGroup();
  const outlines = L.geoJSON(DATA.basemap, {
    style: DATA.style.outline,
    onEachFeature: (feature, layer) => layer.bindTooltip(textSpan(feature.properties.name), {sticky: true}),
  });
  // Corridors and proposed routes are schematic and some are disputed: off unless switched on,
  // or drawn in focusCorridors while an event about one is selected.
  const corridorLayer = L.layerGroup();
  const focusCorridors = L.layerGroup();
  const placeLayer = L.layerGroup();
  const eventGroups = Object.fromEntries(CATEGORY_IDS.map((c) => [c, L.layerGroup()]));
  [tiles, outlines, focusCorridors, placeLayer].forEach((layer) => layer.addTo(map));
  L.control.layers(
    {'OpenStreetMap (needs internet)': tiles, 'Outlines only (no tiles)': noTiles},
    {'Country outlines (offline)': outlines, 'Corridors and proposed routes (schematic)': corridorLayer,
      'Places': placeLayer},
    {collapsed: true},
  ).addTo(map);

  map.on('overlayadd', (e) => { if (e.layer === corridorLayer) { focusCorridors.clearLayers(); } });

  function textSpan(text) { return el('span', null, text); }

  // Without tiles the outlines are the whole map: land is filled solid so it stands out from the sea.
  let tilesFailed = false;
  function fillLand() {
    const solid = tilesFailed || !map.hasLayer(tiles);
    outlines.setStyle(Object.assign({}, DATA.style.outline, solid ? {fillOpacity: 1} : {}));
  }
  map.on('baselayerchange', fillLand);

  // When tiles cannot load (no internet), say so and make sure the outlines are there.
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

  function drawPlaces() {
    placeLayer.clearLayers();
    corridorLayer.clearLayers();
    const st = DATA.style.place;
    DATA.places.forEach((p) => {
      const contested = Boolean(p.contested_names);
      const marker = L.circleMarker([p.lat, p.lon], {radius: contested ? st.radius + 1 : st.radius,
        color: contested ? st.contested : st.colour, weight: 2, fillColor: '#ffffff', fillOpacity: 1});
      marker.bindTooltip(textSpan(p.labels[state.names]), {permanent: true, direction: 'right', offset: [6, 0],
        pane: 'placeLabels',
        className: 'place-label' + (contested ? ' contested' : '') + (p.precision === 'exact' ? '' : ' approximate')});
      marker.addTo(placeLayer);
    });
    DATA.corridors.forEach((c) => corridorLine(c).addTo(corridorLayer));
  }

  function corridorLine(c) {
    const line = L.polyline(c.latlngs, DATA.style.corridor);
    line.bindTooltip(textSpan(c.labels[state.names] + ' (schematic)'), {permanent: true, direction: 'center',
      pane: 'placeLabels', className: 'corridor-label'});
    return line;
  }

  /** The corridors the focused event names, drawn even while the corridor layer is off. */
  function drawFocusCorridors(eventId) {
    focusCorridors.clearLayers();
    const event = eventId !== null && eventId !== undefined ? EVENTS[EVENT_INDEX.get(eventId)] : null;
    if (!event || map.hasLayer(corridorLayer)) { return; }
    DATA.corridors.filter((c) => event.places.includes(c.id)).forEach((c) => corridorLine(c).addTo(focusCorridors));
  }

  function eventText(event) { return event.text[state.names]; }

  /** Markers for the events on show, each a click target of at least DATA.minTarget px. */
  function drawMarkers(items, selected, layers) {
    CATEGORY_IDS.forEach((c) => eventGroups[c].clearLayers());
    const sizes = DATA.sizes;
    items.forEach(({event, current}) => {
      const category = CATEGORY[event.category];
      const isSelected = event.id === selected;
      const target = Math.max(DATA.minTarget, isSelected ? sizes.selected : (current ? sizes.current : sizes.earlier));
      event.coords.forEach((latlng) => {
        const icon = L.divIcon({
          html: isSelected ? category.svgSelected : (current ? category.svg : category.svgSmall),
          className: 'event-icon ' + (current ? 'current' : 'earlier') + (isSelected ? ' selected' : ''),
          iconSize: [target, target], iconAnchor: [target / 2, target / 2],
        });
        const marker = L.marker(latlng, {icon, title: eventText(event).title, alt: eventText(event).title,
          keyboard: true,
          riseOnHover: true, zIndexOffset: isSelected ? 1000 : (current ? 500 : 0)});
        marker.declutter = {half: target / 2, priority: isSelected ? 2 : (current ? 1 : 0)};
        marker.bindTooltip(textSpan(eventText(event).title), {direction: 'top', offset: [0, -target / 2]});
        marker.on('add', () => {
          const node = marker.getElement();
          node.dataset.eventId = event.id;
          node.setAttribute('role', 'button');
        });
        marker.on('click', () => onMarkerClick(event.id));
        marker.addTo(eventGroups[event.category]);
      });
    });
    CATEGORY_IDS.forEach((c) => {
      if (layers.includes(c)) { map.addLayer(eventGroups[c]); } else { map.removeLayer(eventGroups[c]); }
    });
    declutter();
  }

  function ring(rank, step) {
    if (rank === 0) { return [0, 0]; }
    let r = 1;
    let slot = rank - 1;
    while (slot >= 6 * r) { slot -= 6 * r; r += 1; }
    const angle = 2 * Math.PI * slot / (6 * r);
    return [Math.round(r * step * Math.cos(angle)), Math.round(r * step * Math.sin(angle))];
  }

  /** Markers closer than a click target are nudged apart on screen, in rings around their spot
      (the selected, then current events keep their place first), at every zoom: the dashboard's
      rule (geo/mapview.py), so no marker hides another. */
  function declutter() {
    const step = DATA.spacing;
    const grid = new Map();
    const markers = [];
    CATEGORY_IDS.forEach((c) => eventGroups[c].eachLayer((m) => { if (m.getElement()) { markers.push(m); } }));
    markers.sort((a, b) => b.declutter.priority - a.declutter.priority);
    const free = (x, y) => {
      const cx = Math.floor(x / step);
      const cy = Math.floor(y / step);
      for (let i = cx - 1; i <= cx + 1; i++) {
        for (let j = cy - 1; j <= cy + 1; j++) {
          if ((grid.get(i + ',' + j) || []).some(([px, py]) => Math.abs(px - x) < step && Math.abs(py - y) < step)) {
            return false;
          }
        }
      }
      return true;
    };
    markers.forEach((m) => {
      const p = map.latLngToLayerPoint(m.getLatLng());
      let offset = [0, 0];
      for (let rank = 0; rank < 200; rank++) {
        offset = ring(rank, step);
        if (free(p.x + offset[0], p.y + offset[1])) { break; }
      }
      const x = p.x + offset[0];
      const y = p.y + offset[1];
      const key = Math.floor(x / step) + ',' + Math.floor(y / step);
      grid.set(key, (grid.get(key) || []).concat([[x, y]]));
      const node = m.getElement();
      node.style.marginLeft = (offset[0] - m.declutter.half) + 'px';
      node.style.marginTop = (offset[1] - m.declutter.half) + 'px';
    });
  }
  map.on('zoomend', declutter);

  // On opening the page the map jumps to its view; later changes fly there.
  let animate = false;

  function moveTo(center, zoom) {
    if (animate) { map.flyTo(center, zoom, {duration: 0.8}); } else { map.setView(center, zoom); }
  }

  function flyToEvent(event) {
    if (event && event.view) { moveTo(event.view.center, event.view.zoom); }
  }

  function flyToEra(era) {
    moveTo(DATA.views[era].center, DATA.views[era].zoom);
  }

  // ---- What is on show -----------------------------------------------------------------

  /** Events on show with whether each is current (else earlier, drawn faded), oldest first. */
  function shownItems() {
    if (state.mode === 'present') {
      return EVENTS.slice(0, state.step).map((event, i) => ({event, current: i === state.step - 1}));
    }
    if (state.era === 'background') {
      return EVENTS.filter((e) => e.era === 'background').map((event) => ({event, current: true}));
    }
    const firstDay = state.date - Math.max(1, state.window) + 1;
    return EVENTS
      .filter((e) => e.era === 'war' && e.start <= state.date && (state.mode !== 'window' || e.end >= firstDay))
      .map((event) => ({event, current: event.end >= state.date}));
  }

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

  function drawCards(visible) {
    const nodes = [];
    const selected = state.event !== null ? EVENTS[EVENT_INDEX.get(state.event)] : null;
    if (selected) {
      const card = cardElement(selected, {flag: 'Selected event'});
      card.classList.add('selected');
      nodes.push(card);
      if (!visible.some((e) => e.id === selected.id)) {
        nodes.push(el('p', 'cards-note', 'The selected event is not on show at this date or with these layers.'));
      }
    }
    const others = visible.slice().reverse().filter((e) => e.id !== state.event);
    if (!others.length && !selected) {
      nodes.push(el('p', 'cards-note', 'No events on show. Move the date later, widen the window or switch layers on.'));
    }
    others.slice(0, DATA.maxCards).forEach((e) => nodes.push(cardElement(e)));
    if (others.length > DATA.maxCards) {
      nodes.push(el('p', 'cards-note', (others.length - DATA.maxCards) +
        ' more events are on the map; narrow the window to list them.'));
    }
    $('cards').replaceChildren(...nodes);
  }

  function render() {
    const presenting = state.mode === 'present';
    const items = shownItems();
    const focused = presenting ? EVENTS[state.step - 1].id : state.event;
    drawMarkers(items, focused, presenting ? CATEGORY_IDS : state.layers);
    drawFocusCorridors(focused);
    if (presenting) {
      const event = EVENTS[state.step - 1];
      $('present-progress').textContent = state.step + ' / ' + EVENTS.length;
      $('present-card').replaceChildren(cardElement(event, {button: false}));
      $('present-previous').disabled = state.step === 1;
      $('present-next').disabled = state.step === EVENTS.length;
      $('present-play').textContent = slideTimer ? '⏸ Stop advancing' : '▶ Advance every ' + DATA.slideSeconds + ' s';
    } else {
      const visible = items.map((i) => i.event).filter((e) => state.layers.includes(e.category));
      const war = state.era === 'war';
      const when = war ? formatDay(state.date) : DATA.backgroundYears;
      const windowNote = war && state.mode === 'window' ? ' (last ' + state.window + ' days)' : '';
      $('status').textContent = when + windowNote + ' · ' + visible.length + ' event' +
        (visible.length === 1 ? '' : 's') + ' shown';
      drawCards(visible);
    }
    syncControls();
    writeHash();
  }

  function syncControls() {
    const war = state.era === 'war';
    document.body.classList.toggle('present', state.mode === 'present');
    document.body.classList.toggle('explore', state.mode !== 'present');
    $('present-panel').hidden = state.mode !== 'present';
    $('date-row').hidden = !war;
    ['previous', 'play', 'next', 'speed', 'mode'].forEach((id) => { $(id).disabled = !war; });
    $('mode-field').hidden = !war;
    $('window-field').hidden = !war || state.mode !== 'window';
    $('date-slider').value = state.date;
    $('date-label').textContent = formatDay(state.date);
    $('date-slider').setAttribute('aria-valuetext', formatDay(state.date));
    $('play').textContent = playTimer ? '⏸ Pause' : '▶ Play';
    if (state.mode !== 'present') { $('mode').value = state.mode; }
    $('window').value = state.window;
    $('era').value = state.era;
    $('names').value = state.names;
    document.querySelectorAll('input[name=layer]').forEach((box) => { box.checked = state.layers.includes(box.value); });
  }

  function writeHash() {
    const hash = hashFor(state);
    if (location.hash !== hash) { history.replaceState(null, '', hash); }
  }

  // ---- Actions -------------------------------------------------------------------------

  function update(changes) {
    state = Object.assign({}, state, changes);
    render();
  }

  function stepDay(direction) {
    const days = DATA.warDays;
    if (direction > 0) { return days.find((d) => d > state.date) ?? null; }
    const earlier = days.filter((d) => d < state.date);
    return earlier.length ? earlier[earlier.length - 1] : null;
  }

  function stopPlaying() {
    clearInterval(playTimer);
    playTimer = null;
  }

  function togglePlay() {
    if (playTimer) { stopPlaying(); render(); return; }
    if (stepDay(1) === null && DATA.warDays.length) { state.date = DATA.warDays[0]; } // at the end: start over
    playTimer = setInterval(() => {
      const day = stepDay(1);
      if (day === null) { stopPlaying(); render(); } else { update({date: day}); }
    }, 1000 * +$('speed').value);
    render();
  }

  function stopSlides() {
    clearInterval(slideTimer);
    slideTimer = null;
  }

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

  /** Back to exploring at the slide's event and its date. */
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
    if (state.mode === 'present') { goToSlide(EVENT_INDEX.get(eventId) + 1); return; }
    update({event: eventId});
    $('cards').scrollTop = 0;
    const card = document.querySelector('#cards .card.selected');
    if (card) { card.scrollIntoView({block: 'nearest'}); }
  }

  function showNotices(notices) {
    $('notice').hidden = !notices.length;
    $('notice-text').textContent = notices.join(' ');
  }

  /** Apply the view the address names (on load, and when someone edits the hash). */
  function applyHash() {
    const {view, notices} = parseHash(location.hash);
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
    declutter(); // markers first get their place when the map has its first view
  }

  // ---- Controls ------------------------------------------------------------------------

  function fillSelect(select, options) {
    options.forEach(([value, label]) => {
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
    fillSelect($('mode'), Object.entries(DATA.modes));
    fillSelect($('era'), Object.entries(DATA.eras));
    fillSelect($('names'), Object.entries(DATA.namings));
    $('era-field').hidden = Object.keys(DATA.eras).length < 2;
    $('window').min = DATA.windowRange[0];
    $('window').max = DATA.windowRange[1];

    slider.addEventListener('input', () => update({date: +slider.value}));
    $('previous').addEventListener('click', () => { const d = stepDay(-1); if (d !== null) { update({date: d}); } });
    $('next').addEventListener('click', () => { const d = stepDay(1); if (d !== null) { update({date: d}); } });
    $('play').addEventListener('click', togglePlay);
    $('speed').addEventListener('change', () => { if (playTimer) { stopPlaying(); togglePlay(); } });
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
      update({layers: CATEGORY_IDS.filter((c) => document.querySelector('input[name=layer][value="' + c + '"]').checked)});
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

  setUpControls();
  applyHash();
  animate = true;
})();
