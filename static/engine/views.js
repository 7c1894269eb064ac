/* Views and the URL: the view that query parameters (a dashboard link, the export's hash)
   name, and the parameters that restore a view; the same names and rules as the dashboard's
   URL (geo/model/viewstate.py). Pure functions; no DOM. */
(function (engine) {
  'use strict';
  const {parseDay, isoDay, t} = engine;

  const VIEW_KEYS = ['era', 'date', 'event', 'layers', 'mode', 'window', 'names', 'step'];

  function quoted(value) { return "'" + (value.length <= 40 ? value : value.slice(0, 39) + '…') + "'"; }

  // `DATA.defaultNames`: the naming a view without `names` takes (the export's language's own).
  function defaults(DATA) {
    return {era: DATA.defaultEra || 'war', date: DATA.bounds[1], event: null, layers: DATA.categories.map((c) => c.id),
      mode: 'upto', window: DATA.defaultWindow, names: DATA.defaultNames || 'en', step: 1};
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
        notices.push(t('Ignored {key}: the value is longer than {most} characters.', {key, most: DATA.maxParam}));
        value = null;
      }
      raw[key] = value;
    });
    if (raw.era !== null) {
      if (['war', 'background'].includes(raw.era)) { view.era = raw.era; } else {
        notices.push(t('Unknown era {value}; showing the war.', {value: quoted(raw.era)}));
      }
    }
    if (raw.date !== null) {
      const day = parseDay(raw.date);
      if (day === null) {
        notices.push(t('Date {value} is not a date like 2020-10-28; showing {default}.',
          {value: quoted(raw.date), default: isoDay(view.date)}));
      } else if (day < DATA.bounds[0] || day > DATA.bounds[1]) {
        notices.push(t('Date {date} is outside {first} to {last}; showing {default}.', {date: raw.date,
          first: isoDay(DATA.bounds[0]), last: isoDay(DATA.bounds[1]), default: isoDay(view.date)}));
      } else { view.date = day; }
    }
    if (raw.event !== null) {
      if (eventIndex.has(raw.event)) { view.event = raw.event; } else {
        notices.push(t('No event {value}; none is selected.', {value: quoted(raw.event)}));
      }
    }
    if (raw.layers !== null) {
      const asked = raw.layers.split(',').map((p) => p.trim()).filter((p) => p);
      const unknown = asked.filter((p) => !categoryIds.includes(p));
      if (unknown.length) { notices.push(t('Unknown layer(s) {layers} ignored.', {layers: unknown.map(quoted).join(', ')})); }
      const known = categoryIds.filter((c) => asked.includes(c));
      // An empty value switches every layer off; only unknown names keep the default.
      if (raw.layers.trim() === '' || known.length) { view.layers = known; }
    }
    if (raw.mode !== null) {
      if (modes.includes(raw.mode)) { view.mode = raw.mode; } else {
        notices.push(t('Unknown mode {value}; showing everything up to the date.', {value: quoted(raw.mode)}));
      }
    }
    if (raw.window !== null) {
      const [lo, hi] = DATA.windowRange;
      if (/^[0-9]{1,3}$/.test(raw.window) && +raw.window >= lo && +raw.window <= hi) { view.window = +raw.window; } else {
        notices.push(t('Window {value} is not a number of days {lo}..{hi}; using {default}.',
          {value: quoted(raw.window), lo, hi, default: DATA.defaultWindow}));
      }
    }
    if (raw.names !== null) {
      if (Object.hasOwn(DATA.namings, raw.names)) { view.names = raw.names; } else {
        view.names = 'en'; // as the notice says, whatever the page's own default (DATA.defaultNames)
        notices.push(t('Unknown naming {value}; using English.', {value: quoted(raw.names)}));
      }
    }
    if (view.mode === 'present') {
      if (!DATA.events.length) {
        notices.push(t('There are no events to present.'));
        view.mode = 'upto';
      } else if (raw.step !== null) {
        if (/^[0-9]{1,9}$/.test(raw.step) && +raw.step >= 1 && +raw.step <= DATA.events.length) {
          view.step = +raw.step;
        } else {
          notices.push(t('No slide {value}; showing slide 1 of {total}.', {value: quoted(raw.step), total: DATA.events.length}));
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
    if (view.names !== (DATA.defaultNames || 'en')) { out.push(['names', view.names]); }
    return out;
  }

  function queryText(pairs) {
    return pairs.map(([k, v]) => k + '=' + encodeURIComponent(v).replace(/%2C/g, ',')).join('&');
  }

  Object.assign(engine, {VIEW_KEYS, quoted, defaults, parseView, viewParams, queryText});
})(globalThis.MapEngine = globalThis.MapEngine || {});
// Node's test runner (tests/js/) loads the same file.
if (typeof module !== 'undefined') { module.exports = globalThis.MapEngine; }
