/* Place labels: where each label goes on screen, a pure function of boxes (client px).
   The engine (engine.js, declutterLabels) measures the boxes and moves the labels. */
(function (engine) {
  'use strict';

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

  Object.assign(engine, {COUNTRY_LABEL_MIN_ZOOM, MARKER_MARGIN_PX, overlapArea, labelCandidates, placeLabels});
})(globalThis.MapEngine = globalThis.MapEngine || {});
// Node's test runner (tests/js/) loads the same file.
if (typeof module !== 'undefined') { module.exports = globalThis.MapEngine; }
