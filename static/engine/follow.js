/* Following a class: a student's map presents the slide the page around it names. */
(function (engine) {
  'use strict';

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

  Object.assign(engine, {followPage});
})(globalThis.MapEngine = globalThis.MapEngine || {});
// Node's test runner (tests/js/) loads the same file.
if (typeof module !== 'undefined') { module.exports = globalThis.MapEngine; }
