/* Event markers: one marker per event point up to MAX_MARKERS points on show, else bins per grid
   cell and category (bins.js), kept between steps so that only what changed is touched, and
   nudged apart on screen (declutter) where they would overlap, at every zoom. */
(function (engine) {
  'use strict';
  const {MAX_MARKERS, chooseBins, el} = engine;

  /** The markers of one engine. `ctx`: the data (DATA, EVENTS, EVENT_INDEX, CATEGORY, INDEX,
      categoryIds), the map and its layer per category (eventGroups), the event's text in the
      view's naming (eventText), what a click on a marker does (onMarkerClick) and the labels'
      next placing (declutterLabelsSoon). */
  function eventMarkers(ctx) {
    const {DATA, EVENTS, EVENT_INDEX, CATEGORY, INDEX, categoryIds, map, eventGroups, eventText, onMarkerClick,
      declutterLabelsSoon} = ctx;
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
        const {cells, counts} = chooseBins(INDEX, states, selectedRow);
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

    return {drawMarkers, declutter};
  }

  Object.assign(engine, {eventMarkers});
})(globalThis.MapEngine = globalThis.MapEngine || {});
// Node's test runner (tests/js/) loads the same file.
if (typeof module !== 'undefined') { module.exports = globalThis.MapEngine; }
