/* The export's glue: the static export (python -m geo export) starts the engine itself from the
   data block in its page, as the page loads (its CSP allows no inline script). Loaded last, in
   the export's page only. */
(function () {
  'use strict';
  const block = document.getElementById('map-data');
  if (block && window.L) {
    window.MapEngine.start(null, JSON.parse(block.textContent), {host: 'export'});
  }
})();
