/* Areas of control over time, drawn by the map engine (engine.js calls MapAreas.attach once the
   map is made, and areas.show(day, names) in every render, so an area's fill changes in the same
   frame as the markers and cards, with no server run).

   DATA.areas: [{id, labels: {naming: text}, approximate, note, labelAt: [lat, lon], latlngs,
                 states: [{start, end, status, text, source, paragraphs}]}]   (days from 1970-01-01;
                 a state runs from start, included, to end, excluded; end null: still so)
   DATA.areaStyle: {statuses: {status: {fill, opacity, outline, dash, label, legend, certainty}}, weight, note}
   Every text from data goes into the page with textContent. */
(function () {
  'use strict';

  const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
    'September', 'October', 'November', 'December'];
  const LAYER_NAME = 'Areas of control (approximate)';

  function formatDay(day) {
    const engine = globalThis.MapEngine;
    if (engine && engine.formatDay) { return engine.formatDay(day); } // in the interface's language
    const d = new Date(day * 86400000);
    return d.getUTCDate() + ' ' + MONTHS[d.getUTCMonth()] + ' ' + d.getUTCFullYear();
  }

  /** `message` in the interface's language (the engine's table, dates.js), else as it is. */
  function t(message, values) {
    const engine = globalThis.MapEngine;
    return engine && engine.t ? engine.t(message, values) : message;
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  /** The state of `area` on `day` (a day number), or null: not drawn then. */
  function stateAt(area, day) {
    if (day === null || day === undefined) { return null; }
    for (const state of area.states) {
      if (state.start <= day && (state.end === null || day < state.end)) { return state; }
    }
    return null;
  }

  function shortLabel(look, state) {
    if (state.status === 'handed-over') { return t(look.label) + ' ' + formatDay(state.start); }
    return look.label ? t(look.label) : state.text; // an uploaded area's own words
  }

  function sourceLine(state) {
    return t('Source: {source}', {source: state.source});
  }

  // Top right, under the layers button: the bottom left already holds the scale and the offline
  // note, and on a phone's short map a stack there covers the places in the middle.
  function legendControl(map, style, used) {
    const legend = L.control({position: 'topright'});
    legend.onAdd = () => {
      const box = el('div', 'map-legend area-legend');
      const details = el('details');
      const summary = el('summary');
      summary.append(el('strong', null, t('Areas: what each fill means')));
      details.append(summary);
      Object.entries(style.statuses).filter(([status]) => used.has(status)).forEach(([status, look]) => {
        const row = el('div', 'area-legend-row');
        row.dataset.status = status;
        const swatch = el('span', 'area-swatch');
        swatch.style.background = look.fill;
        swatch.style.opacity = String(Math.min(1, look.opacity * 2));
        swatch.style.borderColor = look.outline;
        swatch.style.borderStyle = look.dash ? 'dashed' : 'solid';
        const words = el('span', 'area-legend-text');
        words.append(el('span', null, t(look.legend)), el('span', 'area-certainty', ' (' + t(look.certainty) + ')'));
        row.append(swatch, words);
        details.append(row);
      });
      details.append(el('div', 'legend-note', t(style.note)));
      box.append(details);
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    };
    return legend;
  }

  /** Whether a point lies in a polygon's rings (even-odd rule; a MultiPolygon's parts each tried). */
  function covers(latlngs, point) {
    if (Array.isArray(latlngs[0][0][0])) { return latlngs.some((part) => covers(part, point)); }
    let inside = false;
    latlngs.forEach((ring) => {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [yi, xi] = ring[i];
        const [yj, xj] = ring[j];
        if ((yi > point.lat) !== (yj > point.lat) && point.lng < (xj - xi) * (point.lat - yi) / (yj - yi) + xi) {
          inside = !inside;
        }
      }
    });
    return inside;
  }

  function boxesOverlap(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }

  /** Draws DATA.areas on `map`; returns {show(day, names), layer}, or null without areas. */
  function attach(map, DATA, options) {
    const AREAS = DATA.areas || [];
    if (!AREAS.length || !DATA.areaStyle) { return null; }
    const style = DATA.areaStyle;
    options = options || {};
    // Above the country outlines and corridors (overlayPane, 400), under place labels (550) and
    // event markers (600): a marker is never hidden by an area.
    const pane = map.createPane('areas');
    pane.style.zIndex = 410;
    const labelPane = map.createPane('areaLabels');
    labelPane.style.zIndex = 540;
    labelPane.style.pointerEvents = 'none';
    const layer = L.layerGroup().addTo(map);
    if (options.layerControl) { options.layerControl.addOverlay(layer, t(LAYER_NAME)); }
    // The legend lists the fills this data uses.
    const legend = legendControl(map, style, new Set(AREAS.flatMap((area) => area.states.map((s) => s.status))));
    legend.addTo(map);
    map.on('overlayadd', (e) => { if (e.layer === layer) { legend.addTo(map); } });
    map.on('overlayremove', (e) => { if (e.layer === layer) { legend.remove(); } });

    const drawn = AREAS.map((area) => {
      const polygon = L.polygon(area.latlngs, {pane: 'areas', weight: style.weight, interactive: true,
        className: 'area-shape'});
      const label = L.tooltip({permanent: true, direction: 'center', pane: 'areaLabels', className: 'area-label',
        interactive: false});
      label.setLatLng(area.labelAt);
      const item = {area, polygon, label, state: undefined, names: null, shown: false};
      polygon.on('add', () => tag(item));
      label.on('add', () => tag(item));
      return item;
    });

    function hover(item) {
      const box = el('div', 'area-hover');
      box.append(el('strong', null, item.area.labels[item.names] + (item.area.approximate ? ' (' + t('approximate') + ')' : '')));
      box.append(el('div', null, item.state.text));
      if (item.area.note) { box.append(el('div', 'area-note', item.area.note)); }
      box.append(el('div', 'area-source', sourceLine(item.state)));
      return box;
    }

    function labelNode(item, look) {
      const node = el('div');
      node.append(el('div', 'area-name', item.area.labels[item.names]));
      node.append(el('div', 'area-status',
        shortLabel(look, item.state) + (item.area.approximate ? ' · ' + t('approximate') : '')));
      return node;
    }

    function draw(item, state, names) {
      item.state = state;
      item.names = names;
      if (!state) {
        if (item.shown) { layer.removeLayer(item.polygon); layer.removeLayer(item.label); item.shown = false; }
        return;
      }
      const look = style.statuses[state.status] || style.statuses.held;
      item.polygon.setStyle({color: look.outline, fillColor: look.fill, fillOpacity: look.opacity,
        dashArray: look.dash || null});
      item.polygon.unbindTooltip();
      item.polygon.bindTooltip(hover(item), {sticky: true, className: 'area-hover-tip'});
      item.label.setContent(labelNode(item, look));
      if (!item.shown) { item.polygon.addTo(layer); item.label.addTo(layer); item.shown = true; }
      tag(item);
    }

    /** The area and its status on its shape and label, for tests and screen readers' tools
        (before the map has a view, Leaflet adds them later: `add` tags them then). */
    function tag(item) {
      [item.polygon.getElement(), item.label.getElement()].forEach((node) => {
        if (node && item.state) { node.dataset.area = item.area.id; node.dataset.status = item.state.status; }
      });
    }

    /** Area labels are placed where they overlap no place label, event marker or other area
        label: on the area's label point or, failing that, just above, below or beside it; one
        with no free spot is hidden (the area whose state changed last goes first; the hover text
        still names every area). */
    function declutter() {
      const container = map.getContainer();
      const frame = container.getBoundingClientRect();
      const taken = [];
      container.querySelectorAll('.place-label, .leaflet-marker-icon, .leaflet-control').forEach((node) => {
        if (node.style.visibility !== 'hidden' && node.style.display !== 'none') { taken.push(node.getBoundingClientRect()); }
      });
      const order = drawn.filter((item) => item.shown).sort((a, b) => b.state.start - a.state.start);
      order.forEach((item) => {
        const node = item.label.getElement();
        if (!node) { return; }
        node.style.marginLeft = node.style.marginTop = '0px';
        node.style.visibility = '';
        const box = node.getBoundingClientRect();
        const w = box.width + 6;
        const h = box.height + 4;
        // The label's middle stays over its own area, so it never names a neighbour.
        const spots = [[0, 0]];
        [0.5, 1, 1.5, 2].forEach((k) => {
          spots.push([0, -k * h], [0, k * h], [k * w / 2, 0], [-k * w / 2, 0], [k * w / 2, -k * h], [-k * w / 2, k * h],
            [k * w / 2, k * h], [-k * w / 2, -k * h]);
        });
        const spot = spots.find(([dx, dy]) => {
          const moved = {left: box.left + dx, right: box.right + dx, top: box.top + dy, bottom: box.bottom + dy};
          const x = (moved.left + moved.right) / 2 - frame.left;
          const y = (moved.top + moved.bottom) / 2 - frame.top;
          const over = covers(item.area.latlngs, map.containerPointToLatLng([x, y]));
          const inside = moved.left >= frame.left && moved.right <= frame.right && moved.top >= frame.top &&
            moved.bottom <= frame.bottom;
          return over && inside && !taken.some((other) => boxesOverlap(moved, other));
        });
        if (!spot) { node.style.visibility = 'hidden'; return; }
        node.style.marginLeft = spot[0] + 'px';
        node.style.marginTop = spot[1] + 'px';
        taken.push({left: box.left + spot[0], right: box.right + spot[0], top: box.top + spot[1], bottom: box.bottom + spot[1]});
      });
    }
    let declutterTimer = null;
    function declutterSoon() {
      clearTimeout(declutterTimer);
      declutterTimer = setTimeout(declutter, 60);
    }
    map.on('zoomend moveend resize', declutterSoon);

    /** The areas as they stand on `day` (null: none), named in `names`. Only areas whose state
        or naming changed are touched, so a slider step costs a few style changes at most. */
    function show(day, names) {
      let changed = false;
      drawn.forEach((item) => {
        const state = stateAt(item.area, day);
        if (state === item.state && names === item.names) { return; }
        draw(item, state, names);
        changed = true;
      });
      if (changed) { declutterSoon(); }
    }

    return {show, layer, stateAt: (id, day) => {
      const item = drawn.find((d) => d.area.id === id);
      return item ? stateAt(item.area, day) : null;
    }};
  }

  window.MapAreas = {attach, stateAt, formatDay};
})();
