#!/usr/bin/env python3
"""Finish Trunk's dist/ for any static host, offline use and a strict CSP.

Run by scripts/build-app.sh after `trunk build --release`:

1. Minify the JS glue with terser (Trunk's own minifier fails on
   wasm-bindgen's module) and give index.html its new integrity.
2. Move Trunk's inline loader into a file (boot-<hash>.js), so the page needs
   no inline script: it runs under
   `default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'`.
   The same policy goes into index.html as a <meta> (frame-ancestors cannot
   be set there: hosts that want it send it as a header, see docs/hosting.md).
3. Add the web app manifest and its icon.
4. Write the service worker (sw.js): it caches every file of this build
   under a name made from their contents, so a new build replaces the old
   cache as a whole, and serves the app with no network.

Everything is relative (./), so dist/ works from any folder or sub-path.
"""
import base64
import hashlib
import json
import pathlib
import re
import shutil
import subprocess

DIST = pathlib.Path("dist")
CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
       "img-src 'self' data: blob:; connect-src 'self'")


def sri(data: bytes) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


html = (DIST / "index.html").read_text()

# 0. The answer before the app loads: the first screen written at build time
# (scripts/build-app.sh runs the prerender program) in place of the loading
# line and the no-script note (it carries its own).
pre = pathlib.Path("target/prerender.html")
if pre.exists():
    html, n = re.subn(r'<p[^>]*\bid="?loading"?[^>]*>.*?</p>\s*<noscript>.*?</noscript>', lambda _: pre.read_text().strip(), html, flags=re.S)
    assert n == 1, "the loading line was not found in index.html"

# 1. Minified glue.
for js in DIST.glob("high-needs-explorer-*.js"):
    subprocess.run(["tools/node_modules/.bin/terser", str(js), "--module", "--compress", "--mangle",
                    "--output", str(js)], check=True)
    html, n = re.subn(r'(href=\.?/?' + re.escape(js.name) + r' integrity=)sha384-[A-Za-z0-9+/=]+',
                      r'\g<1>' + sri(js.read_bytes()), html)
    assert n == 1, f"no integrity attribute found for {js.name}"

# 1b. The Excel module (scripts/build-excel.sh): beside the app under
# names made from its contents, fetched only when a user first chooses an
# Excel action (window.hneExcel, below), never preloaded.
excel = pathlib.Path("target/excel/pkg")
assert (excel / "hne_excel_web_bg.wasm").exists(), "run scripts/build-excel.sh first"
excel_wasm = (excel / "hne_excel_web_bg.wasm").read_bytes()
excel_wasm_name = f"excel-{hashlib.sha256(excel_wasm).hexdigest()[:16]}_bg.wasm"
(DIST / excel_wasm_name).write_bytes(excel_wasm)
subprocess.run(["tools/node_modules/.bin/terser", str(excel / "hne_excel_web.js"), "--module", "--compress", "--mangle",
                "--output", str(DIST / "excel.tmp.js")], check=True)
excel_js = (DIST / "excel.tmp.js").read_bytes()
(DIST / "excel.tmp.js").unlink()
excel_js_name = f"excel-{hashlib.sha256(excel_js).hexdigest()[:16]}.js"
(DIST / excel_js_name).write_bytes(excel_js)

# 2. The loader as a file.
m = re.search(r"<script type=module>(.*?)</script>", html, re.S)
assert m, "Trunk's inline loader was not found"
glue = re.search(r"from '\./([^']+\.js)'", m.group(1)).group(1)
wasm = re.search(r"module_or_path: '\./([^']+\.wasm)'", m.group(1)).group(1)
failed = (pathlib.Path(__file__).parent / "boot-failed.js").read_text()
boot = f"""import init from './{glue}';
{failed}// The Excel module, fetched and started on first use only (the app calls
// this when a user first chooses an Excel action); once, then kept.
window.hneExcel = () => (window.hneExcelReady ||= import('./{excel_js_name}')
  .then(async (m) => {{ await m.default({{ module_or_path: './{excel_wasm_name}' }}); return m; }})
  .catch((e) => {{ window.hneExcelReady = null; throw e; }}));
// The first screen written at build time paints first (an embed's, fetched
// by pre.js, too); the app starts after that paint, so the answer is on the
// screen before any of its work. After it as the browser reports it: its
// largest paint inside the screen written ahead, once presented (a
// download begun before that is counted into it by Lighthouse's simulated
// slow line). A browser that does not report it, or a tab out of sight,
// goes on after a frame, or after 1.5 seconds.
await window.hnePreReady;
await new Promise((r) => {{
  const frame = () => requestAnimationFrame(() => setTimeout(r, 0));
  if (!(window.PerformanceObserver && PerformanceObserver.supportedEntryTypes
        && PerformanceObserver.supportedEntryTypes.includes('largest-contentful-paint'))) return frame();
  let timer;
  const o = new PerformanceObserver((list) => {{
    if (list.getEntries().some((e) => e.element && e.element.isConnected && e.element.closest('#loading'))) {{
      o.disconnect(); clearTimeout(timer); setTimeout(r, 0);
    }}
  }});
  o.observe({{ type: 'largest-contentful-paint', buffered: true }});
  timer = setTimeout(() => {{ o.disconnect(); r(); }}, 1500);
}});
try {{
  await init({{ module_or_path: './{wasm}' }});
}} catch (e) {{
  hneFailed(e);
}}
// Offline after the first visit, where the browser allows a service worker
// (https or localhost; not from a file).
if ('serviceWorker' in navigator && window.isSecureContext) {{
  navigator.serviceWorker.register('./sw.js').catch(() => {{}});
}}
""".encode()
boot_name = f"boot-{hashlib.sha256(boot).hexdigest()[:16]}.js"
(DIST / boot_name).write_bytes(boot)
html = html.replace(m.group(0), f'<script type=module src=./{boot_name} integrity={sri(boot)}></script>')
# The wasm is fetched when the app starts, after the first paint: preloaded,
# it would share a phone's slow line with the first screen.
html, n = re.subn(r'<link[^>]*\.wasm[^>]*rel=preload[^>]*>', '', html)
assert n == 1, "the wasm preload was not found"
assert "<script>" not in html and "<script type=module>" not in html, "an inline script is left"
assert " style=" not in html and "<style" not in html, "an inline style is left"
html = html.replace("<meta charset=utf-8>",
                    f'<meta charset=utf-8><meta http-equiv=Content-Security-Policy content="{CSP}">', 1)

# 3. Manifest and icon (a stable name: the manifest outlives a build).
shutil.copy("public/favicon.svg", DIST / "icon.svg")
(DIST / "manifest.webmanifest").write_text(json.dumps({
    "name": "High Needs Explorer",
    "short_name": "High Needs",
    "description": "Project a council's High Needs Block and test a plan to bring it back into balance.",
    "start_url": "./",
    "scope": "./",
    "display": "standalone",
    "background_color": "#f4f4f4",
    "theme_color": "#005a8c",
    "icons": [{"src": "./icon.svg", "sizes": "any", "type": "image/svg+xml", "purpose": "any"}],
}, indent=1))
html = html.replace("</head>", "<link rel=manifest href=./manifest.webmanifest>"
                    "<meta name=theme-color content=#005a8c></head>", 1)
(DIST / "index.html").write_text(html)

# 4. The service worker, last: it lists every other file.
files = sorted(p.name for p in DIST.iterdir() if p.is_file() and p.name != "sw.js")
# The Excel module is not fetched at install: a phone should not download
# it until someone asks for a workbook; once fetched, it is kept.
precached = [f for f in files if not f.startswith("excel-")]
version = hashlib.sha256(b"".join(hashlib.sha256((DIST / f).read_bytes()).digest() for f in files)).hexdigest()[:16]
(DIST / "sw.js").write_text(f"""// High Needs Explorer's service worker, written by scripts/postbuild.py.
// Caches this build's files under one name; a new build (new name) takes
// over at once and deletes the old cache. Pages are fetched from the network
// first, so a new version shows on the next visit; everything else (named
// by its contents) comes from the cache. Only this app's own origin.
const CACHE = "hne-{version}";
const FILES = {json.dumps(["./"] + ["./" + f for f in precached])};
self.addEventListener("install", (e) => {{
  e.waitUntil(caches.open(CACHE).then((c) => c.addAll(FILES)).then(() => self.skipWaiting()));
}});
self.addEventListener("activate", (e) => {{
  e.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith("hne-") && k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
}});
self.addEventListener("fetch", (e) => {{
  const req = e.request;
  if (req.method !== "GET" || new URL(req.url).origin !== self.location.origin) return;
  if (req.mode === "navigate") {{
    e.respondWith(fetch(req).catch(() => caches.open(CACHE).then((c) => c.match("./"))));
    return;
  }}
  // An authority's figures (data/) are fetched when first chosen, and the
  // Excel module (excel-*) when first used, and kept for use offline.
  const path = new URL(req.url).pathname;
  const keep = path.includes("/data/") || /\/excel-[0-9a-f]+(_bg\.wasm|\.js)$/.test(path);
  e.respondWith(caches.match(req, {{ ignoreSearch: true }}).then((hit) => hit || fetch(req).then((res) => {{
    if (keep && res.ok) {{
      const copy = res.clone();
      caches.open(CACHE).then((c) => c.put(req, copy));
    }}
    return res;
  }})));
}});
""")
