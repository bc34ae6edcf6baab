// Starts the page's code: the ES modules of app/ when served, or the same code bundled into one
// classic script (dist/page.js, made by ./build-wasm.sh build) when the page is opened from
// file://, where Chromium refuses module scripts.
'use strict';
(() => {
  const script = document.createElement('script');
  if (location.protocol === 'file:') {
    script.src = 'dist/page.js';
    script.onerror = () => {
      document.querySelector('.status-text').textContent = 'This page was opened from a file, which needs ' +
        'dist/page.js, and it is missing: build it with ./build-wasm.sh build, or open the page through ' +
        './build-wasm.sh serve or any static server.';
    };
  } else {
    script.type = 'module';
    script.src = 'app/main.mjs';
  }
  document.head.append(script);
})();
