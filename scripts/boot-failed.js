// When the app cannot start (WebAssembly switched off or missing, an old
// browser, a lost connection): the screen written ahead stays, and says
// why the levers do not move. Put into the loaders by scripts/postbuild.py
// and scripts/build-single.sh.
// An embed's screen fetched later (public/pre.js) takes the same words
// from the page's data-hne-failed.
const hneFailed = (e) => {
  const root = document.documentElement;
  root.classList.remove('no-prerender');
  root.dataset.hneFailed = 'The levers could not start in this browser: it may have WebAssembly switched off, be out of date, or have lost its connection. The answer shown was written in advance and cannot change until they start. Reload the page, or open it in an up-to-date Chrome, Edge, Firefox or Safari.';
  for (const n of document.querySelectorAll('.prerendered .pre-note[role=status]')) {
    n.textContent = root.dataset.hneFailed;
  }
  console.error(e);
};
