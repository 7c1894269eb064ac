/* Small maps of the pages (found places, a highlight, outlines only): one-line calls from
   Python, with no time control. */
(function (engine) {
  'use strict';
  const {el} = engine;

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
    fetch(new URL(data.url, engine.base)).then((r) => { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then((geojson) => {
        L.geoJSON(geojson, {style: data.style,
          onEachFeature: (f, l) => l.bindTooltip(el('span', null, f.properties.name), {sticky: true})}).addTo(layer);
      })
      .catch(() => { /* no outlines; tiles still work */ });
  }

  Object.assign(engine, {foundPlaces, highlight, outlinesOnly});
})(globalThis.MapEngine = globalThis.MapEngine || {});
// Node's test runner (tests/js/) loads the same file.
if (typeof module !== 'undefined') { module.exports = globalThis.MapEngine; }
