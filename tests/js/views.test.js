/* Views and the URL (views.js) and the dates they hold (dates.js), on a small hand-made dataset:
   what a link names, the notice a bad value gets, and the parameters that restore a view. */
'use strict';
const assert = require('node:assert/strict');
const {test} = require('node:test');
const {loadEngine} = require('./engine.js');

const E = loadEngine();
const day = (text) => E.parseDay(text);
const DATA = {
  bounds: [day('2020-09-27'), day('2020-11-10')],
  categories: [{id: 'strike'}, {id: 'armed-clash'}, {id: 'ceasefire'}],
  events: [{id: 'first'}, {id: 'second'}, {id: 'third'}],
  modes: {upto: 'Everything up to the date', window: 'Only the last N days'},
  namings: {en: 'English', hy: 'Armenian', az: 'Azerbaijani'},
  defaultWindow: 7,
  windowRange: [1, 60],
  maxParam: 200,
};
const parse = (query) => E.parseView(new URLSearchParams(query), DATA);
const write = (view) => E.queryText(E.viewParams(view, DATA));

test('a day number and YYYY-MM-DD go both ways, for any year 1..9999', () => {
  for (const text of ['0001-01-01', '1970-01-01', '2020-02-29', '2020-10-28', '9999-12-31']) {
    assert.equal(E.isoDay(E.parseDay(text)), text);
  }
  assert.equal(E.parseDay('1970-01-02'), 1);
  assert.equal(E.formatDay(E.parseDay('2020-11-09')), '9 November 2020');
});

test('a date that is not YYYY-MM-DD, or not in the calendar, is no date', () => {
  for (const text of ['', '2020-02-30', '2021-02-29', '0000-01-01', '2020-1-5', '2020-10-28T00:00', ' 2020-10-28',
    '28/10/2020', '2020-W44']) {
    assert.equal(E.parseDay(text), null, text);
  }
});

test('no parameters name the default view: the last day, every layer, everything up to the date', () => {
  const {view, notices} = parse('');
  assert.deepEqual(notices, []);
  assert.deepEqual(view, {era: 'war', date: DATA.bounds[1], event: null, layers: ['strike', 'armed-clash', 'ceasefire'],
    mode: 'upto', window: 7, names: 'en', step: 1});
});

test('good values are taken, the last of a repeated key wins, layers keep the data\'s order', () => {
  const {view, notices} = parse('date=2020-10-01&date=2020-10-28&event=second&layers=ceasefire,strike&mode=window' +
    '&window=5&names=hy');
  assert.deepEqual(notices, []);
  assert.equal(E.isoDay(view.date), '2020-10-28');
  assert.equal(view.event, 'second');
  assert.deepEqual(view.layers, ['strike', 'ceasefire']);
  assert.deepEqual([view.mode, view.window, view.names], ['window', 5, 'hy']);
});

const BAD = [
  ['era=peace', 'Unknown era', {era: 'war'}],
  ['date=2020-13-01', 'is not a date like', {}],
  ['date=2021-01-01', 'is outside', {}],
  ['event=nothing', 'No event', {event: null}],
  ['layers=rumour', 'Unknown layer(s)', {layers: ['strike', 'armed-clash', 'ceasefire']}],
  ['mode=later', 'Unknown mode', {mode: 'upto'}],
  ['mode=window&window=0', 'is not a number of days 1..60', {window: 7}],
  ['mode=window&window=61', 'is not a number of days 1..60', {window: 7}],
  ['names=fr', 'Unknown naming', {names: 'en'}],
  ['mode=present&step=4', 'No slide', {step: 1}],
  ['event=' + 'x'.repeat(201), 'longer than 200 characters', {event: null}],
];
for (const [query, notice, expected] of BAD) {
  test('a bad value falls back with one notice: ' + query.slice(0, 40), () => {
    const {view, notices} = parse(query);
    assert.equal(notices.length, 1, notices.join(' | '));
    assert.ok(notices[0].includes(notice), notices[0]);
    Object.entries(expected).forEach(([key, value]) => assert.deepEqual(view[key], value, key));
  });
}

test('an unknown name among known layers is dropped; an empty value switches every layer off', () => {
  const some = parse('layers=strike,rumour');
  assert.deepEqual(some.view.layers, ['strike']);
  assert.equal(some.notices.length, 1);
  assert.deepEqual(parse('layers=').view.layers, []);
});

test('a presentation starts at the selected event\'s slide unless a step is named', () => {
  assert.equal(parse('mode=present&event=third').view.step, 3);
  assert.equal(parse('mode=present&event=third&step=2').view.step, 2);
  const empty = E.parseView(new URLSearchParams('mode=present'), Object.assign({}, DATA, {events: []}));
  assert.equal(empty.view.mode, 'upto');
  assert.ok(empty.notices[0].includes('no events to present'));
});

test('a view is written with its defaults left out, in the dashboard\'s order, commas kept', () => {
  assert.equal(write(parse('').view), 'date=2020-11-10');
  assert.equal(write(parse('names=az&layers=strike,ceasefire&event=first&date=2020-10-01&era=background').view),
    'era=background&date=2020-10-01&event=first&layers=strike,ceasefire&names=az');
  assert.equal(write(parse('mode=window&window=3').view), 'date=2020-11-10&mode=window&window=3');
  assert.equal(write(parse('mode=present&step=2&names=hy').view), 'mode=present&step=2&names=hy');
  assert.equal(write(parse('layers=').view), 'date=2020-11-10&layers=');
});

test('an event id is written so that it reads back the same', () => {
  const data = Object.assign({}, DATA, {events: [{id: 'a&b=c d/é'}]});
  const view = Object.assign(E.defaults(data), {event: 'a&b=c d/é'});
  const text = E.queryText(E.viewParams(view, data));
  assert.equal(E.parseView(new URLSearchParams(text), data).view.event, 'a&b=c d/é');
});

test('a page in another language names places in its naming unless the link names one', () => {
  // The static export made with --lang hy: DATA.defaultNames is its language's naming.
  const armenian = Object.assign({}, DATA, {defaultNames: 'hy'});
  const read = (query) => E.parseView(new URLSearchParams(query), armenian);
  assert.equal(read('').view.names, 'hy');
  assert.equal(E.queryText(E.viewParams(read('date=2020-10-28').view, armenian)), 'date=2020-10-28');
  assert.equal(read('names=az').view.names, 'az');
  assert.equal(E.queryText(E.viewParams(read('names=az').view, armenian)), 'date=2020-11-10&names=az');
  // A bad naming gives English, as its notice says, and the link keeps that choice.
  const {view, notices} = read('names=klingon');
  assert.equal(view.names, 'en');
  assert.deepEqual(notices, ["Unknown naming 'klingon'; using English."]);
  assert.equal(E.queryText(E.viewParams(view, armenian)), 'date=2020-11-10&names=en');
});

test('the outlines name countries from the strings table, else in their own words', () => {
  E.setStrings({countries: {GEO: 'Վրաստան'}});
  try {
    assert.equal(E.countryName('GEO', 'Georgia'), 'Վրաստան');
    assert.equal(E.countryName('IRQ', 'Iraq'), 'Iraq');
    assert.equal(E.countryName('constructor', 'Somewhere'), 'Somewhere');  // only the table's own keys
  } finally {
    E.setStrings(null);
  }
  assert.equal(E.countryName('GEO', 'Georgia'), 'Georgia');
});

test('a card\'s casualty line counts each figure by the language\'s plural rules', () => {
  const casualties = {killed: 21, injured: 2, qualifier: 'более 2', reported_by: 'министерство'};
  assert.equal(E.casualtyText(casualties, 'the English line'), 'the English line');  // no table: Python's English
  E.setStrings({
    locale: 'ru',
    dates: {},
    messages: {'{figures}. Reported by: {source}': '{figures}. По данным: {source}', unknown: 'неизвестно'},
    plurals: {
      '{count} killed': {one: '{count} погибший', few: '{count} погибших', many: '{count} погибших'},
      '{count} injured': {one: '{count} раненый', few: '{count} раненых', many: '{count} раненых'},
    },
  });
  try {
    assert.equal(E.casualtyText(casualties, 'the English line'), '21 погибший, 2 раненых (более 2). По данным: министерство');
    assert.equal(E.casualtyText({killed: 5}, 'the English line'), '5 погибших. По данным: неизвестно');
    assert.equal(E.casualtyText(null, ''), '');
  } finally {
    E.setStrings(null);
  }
});
