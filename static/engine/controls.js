/* Controls and keyboard: the page around the map (notice, time control, status line, map
   slot, cards, the export's presentation panel), built from nodes, and the dashboard's
   presentation keys. engine.js wires the controls to the view. */
(function (engine) {
  'use strict';
  const {el, h, t} = engine;

  const LEGEND_NOTE = 'Faded: earlier events. Dashed line: schematic corridor or proposed route (off until switched ' +
    'on in the layers, or drawn for an event about it). Purple ring: contested place (both names). Italic name: ' +
    'a point standing for an area.';

  /** The page around the map: notice, controls, status line, map slot, cards and the export's
      presentation panel (marked export-only: the dashboard has these in Streamlit). */
  function shellNodes(framing) {
    const only = {'data-export-only': true};
    const button = (id, text, extra) => h('button', Object.assign({type: 'button', id}, extra || {}), text);
    return [
      h('div', Object.assign({id: 'notice', class: 'notice', role: 'status', hidden: true}, only),
        h('span', {id: 'notice-text'}), button('notice-close', '✕', {'aria-label': t('Dismiss the notice')})),
      h('section', {id: 'controls', 'aria-label': t('What the map shows')},
        h('div', {class: 'date-row', id: 'date-row'},
          h('label', {for: 'date-slider'}, t('Date')), h('input', {type: 'range', id: 'date-slider', step: '1'}),
          h('output', {id: 'date-label', for: 'date-slider'})),
        h('div', {class: 'button-row'},
          button('previous', t('◀ Previous'), {title: t('Previous event date')}), button('play', t('▶ Play')),
          button('next', t('Next ▶'), {title: t('Next event date')}),
          h('label', {}, t('Speed') + ' ', h('select', {id: 'speed'})),
          h('label', Object.assign({id: 'mode-field'}, only), t('Show') + ' ', h('select', {id: 'mode'})),
          h('label', Object.assign({id: 'window-field'}, only), t('Days in the window') + ' ',
            h('input', {type: 'number', id: 'window', inputmode: 'numeric'})),
          h('label', Object.assign({id: 'era-field'}, only), t('Era') + ' ', h('select', {id: 'era'})),
          h('label', only, t('Place names first in') + ' ', h('select', {id: 'names'})),
          button('present', t('Present to a class'), Object.assign({class: 'primary'}, only))),
        h('fieldset', Object.assign({class: 'layers', id: 'layers'}, only), h('legend', {}, t('Event layers')),
          h('p', {class: 'legend-note'}, t(LEGEND_NOTE)))),
      h('h2', {id: 'status', 'aria-live': 'polite'}),
      h('main', {id: 'main'},
        h('div', {id: 'map', role: 'region', 'aria-label': t('Map')}),
        h('section', {id: 'cards', 'aria-label': t('Events on show')})),
      h('section', Object.assign({id: 'present-panel', 'aria-label': t('Presentation'), hidden: true}, only),
        // On every slide, above everything: where all of it comes from (geo/map/framing.py, as data).
        h('p', {class: 'present-source', id: 'present-source'},
          framing ? t(framing.sourceLine) + ' ' + t(framing.articleSays) : ''),
        h('div', {class: 'present-bar'}, button('present-previous', t('◀ Previous')),
          h('span', {id: 'present-progress', 'aria-live': 'polite'}), button('present-next', t('Next ▶'))),
        h('div', {class: 'present-bar secondary'}, button('present-play', ''), button('present-exit', t('Exit presentation')),
          h('span', {class: 'present-hint'}, t('Arrow keys ← → also step.'))),
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

  /** The shell (shellNodes) in the page: in `options.root`, the element #engine or the body; the
      export's controls kept only in the export, with one layer box per category. */
  function buildShell(DATA, host, options) {
    const root = options.root || document.getElementById('engine') || document.body;
    const shell = el('div', 'engine-shell');
    shell.append(...shellNodes(DATA.framing));
    if (host !== 'export') {
      shell.querySelectorAll('[data-export-only]').forEach((node) => node.remove());
    }
    if (root === document.body) { root.prepend(shell); } else { root.replaceChildren(shell); }
    if (host === 'export') {
      const layers = document.getElementById('layers');
      DATA.categories.forEach((c) => {
        const label = el('label', 'layer-toggle');
        const box = el('input');
        box.type = 'checkbox'; box.name = 'layer'; box.value = c.id; box.checked = true;
        const icon = el('img');
        icon.src = c.icon; icon.alt = ''; icon.width = icon.height = 18;
        label.append(box, icon, document.createTextNode(t(c.label)));
        layers.insertBefore(label, layers.querySelector('.legend-note'));
      });
    }
  }

  /** Options for a select: [value, label] pairs, the labels as text. */
  function fillSelect(select, entries) {
    entries.forEach(([value, label]) => {
      const option = el('option', null, label);
      option.value = value;
      select.append(option);
    });
  }

  /** The dashboard's frame: as tall as the window allows, so the map fills the first screen. */
  function fitFrame(options) {
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

  Object.assign(engine, {LEGEND_NOTE, shellNodes, pressButtonsWithKeys, buildShell, fillSelect, fitFrame});
})(globalThis.MapEngine = globalThis.MapEngine || {});
// Node's test runner (tests/js/) loads the same file.
if (typeof module !== 'undefined') { module.exports = globalThis.MapEngine; }
