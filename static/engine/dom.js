/* DOM nodes from text, never from markup: data text goes in with textContent only. */
(function (engine) {
  'use strict';

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  /** An element with attributes and children (strings become text): the shell is built from
      nodes, never parsed from markup. */
  function h(tag, attrs, ...children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([name, value]) => {
      if (value === true) { node.setAttribute(name, ''); } else { node.setAttribute(name, value); }
    });
    children.forEach((child) => node.append(child));
    return node;
  }

  Object.assign(engine, {el, h});
})(globalThis.MapEngine = globalThis.MapEngine || {});
// Node's test runner (tests/js/) loads the same file.
if (typeof module !== 'undefined') { module.exports = globalThis.MapEngine; }
