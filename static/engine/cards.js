/* Cards: one card per event (title, date and category, places, summary, what the article says,
   casualties, sources), built once per event and naming and reused between steps, and the cards
   column for the events on show (the selected event first, then the newest, up to DATA.maxCards). */
(function (engine) {
  'use strict';
  const {el, t, tn, dateText, sourcesText, casualtyText} = engine;

  /** The cards of one engine. `ctx`: the data (DATA, EVENTS, EVENT_INDEX, CATEGORY), the page ($),
      the view (`ctx.state`, read at each call), the event's text in the view's naming (eventText)
      and the card's action (showOnMap). */
  function cards(ctx) {
    const {DATA, EVENTS, EVENT_INDEX, CATEGORY, $, eventText, showOnMap} = ctx;
    const cardCache = new Map();
    let shownCards = ''; // what the cards column shows now: unchanged, it is not touched

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
      meta.append(icon, document.createTextNode(dateText(event, event.card.date) + ' · ' + t(event.card.category)));
      card.append(meta);
      const placesText = event.placesText[ctx.state.names];
      if (placesText) { card.append(el('p', 'card-places', t('Places: {places}', {places: placesText}))); }
      if (event.summary) { card.append(el('p', 'card-summary', eventText(event).summary)); }
      if (event.source_claim) { card.append(el('p', 'card-claim', event.source_claim)); }
      if (event.card.casualties) { card.append(el('p', 'card-casualties', t('Casualties: {casualties}', {casualties: casualtyText(event.casualties, event.card.casualties)}))); }
      if (event.card.sources) { card.append(el('p', 'card-sources', sourcesText(event.source_paragraphs, event.card.sources))); }
      if (button) {
        const show = el('button', 'show-on-map', t('Show on map'));
        show.type = 'button';
        show.addEventListener('click', () => showOnMap(event.id));
        card.append(show);
      }
      return card;
    }

    function cachedCard(event) {
      const key = event.id + '\u0000' + ctx.state.names;
      let card = cardCache.get(key);
      if (!card) { card = cardElement(event); cardCache.set(key, card); }
      return card;
    }

    function drawCards(visibleRows) {
      const key = [ctx.state.event, ctx.state.names, visibleRows.length, visibleRows.slice(-DATA.maxCards - 1).join(',')].join('|');
      if (key === shownCards) { return; }
      shownCards = key;
      const nodes = [];
      const selected = ctx.state.event !== null ? EVENTS[EVENT_INDEX.get(ctx.state.event)] : null;
      if (selected) {
        const card = cardElement(selected, {flag: t('Selected event')});
        card.classList.add('selected');
        nodes.push(card);
        if (!visibleRows.includes(EVENT_INDEX.get(selected.id))) {
          nodes.push(el('p', 'cards-note', t('The selected event is not on show at this date or with these layers.')));
        }
      }
      const others = [];
      for (let i = visibleRows.length - 1; i >= 0 && others.length <= DATA.maxCards; i--) {
        const event = EVENTS[visibleRows[i]];
        if (event.id !== ctx.state.event) { others.push(event); }
      }
      if (!others.length && !selected) {
        nodes.push(el('p', 'cards-note', t('No events on show. Move the date later, widen the window or switch layers on.')));
      }
      others.slice(0, DATA.maxCards).forEach((e) => nodes.push(cachedCard(e)));
      const total = visibleRows.length - (selected && visibleRows.includes(EVENT_INDEX.get(selected.id)) ? 1 : 0);
      if (total > DATA.maxCards) {
        nodes.push(el('p', 'cards-note', tn('{count} more event is on the map; narrow the window to list it.', '{count} more events are on the map; narrow the window to list them.', total - DATA.maxCards)));
      }
      $('cards').replaceChildren(...nodes);
    }

    return {cardElement, drawCards};
  }

  Object.assign(engine, {cards});
})(globalThis.MapEngine = globalThis.MapEngine || {});
// Node's test runner (tests/js/) loads the same file.
if (typeof module !== 'undefined') { module.exports = globalThis.MapEngine; }
