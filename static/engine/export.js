/* The export's glue: the static export (python -m geo export) starts the engine itself from the
   data block in its page, as the page loads (its CSP allows no inline script). Loaded last, in
   the export's page only. */
(function () {
  'use strict';
  const block = document.getElementById('map-data');
  if (block && window.L) {
    const data = JSON.parse(block.textContent);
    // The page's language (python -m geo export --lang): the engine's strings table comes with the data.
    window.MapEngine.start(null, data, {host: 'export', strings: data.strings});
  }
})();
