/* Place labels on the map: every label (places, corridors, areas, countries) measured where
   Leaflet drew it and moved to the spot placeLabels (labels.js) gives it, or hidden; leader lines
   for labels placed far from their dot; placed again once the map has moved or been resized. */
(function (engine) {
  'use strict';
  const {MARKER_MARGIN_PX, placeLabels, el} = engine;

  const LABEL_SETTLE_MS = 400; // labels are placed again once a moved or resized map has settled

  /** The label placing of one engine. `ctx`: the map and its label pane (labelPane), the layers
      whose labels are placed (placeLayer, focusCorridors, areaLabels, corridorLayer, countryLabels)
      and the event the map is about (focusEvent). */
  function mapLabels(ctx) {
    const {map, labelPane, focusEvent, placeLayer, focusCorridors, areaLabels, corridorLayer, countryLabels} = ctx;

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

    return {declutterLabels, declutterLabelsSoon};
  }

  Object.assign(engine, {mapLabels});
})(globalThis.MapEngine = globalThis.MapEngine || {});
// Node's test runner (tests/js/) loads the same file.
if (typeof module !== 'undefined') { module.exports = globalThis.MapEngine; }
