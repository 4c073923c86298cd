#!/usr/bin/env bash
# One HTML file with the wasm, JS and CSS inside, for a workshop USB stick:
# it runs from file:// with no network. Builds dist/ first (scripts/build-app.sh),
# then writes dist-single/high-needs-explorer.html and prints its size.
# With --from-dist it uses the dist/ already built (the test command does).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" != "--from-dist" ]; then
  scripts/setup.sh >/dev/null
  scripts/build-app.sh
fi
python3 - <<'PY'
import base64, gzip, pathlib, re
dist = pathlib.Path("dist")
html = (dist / "index.html").read_text()
glue_path = next(dist.glob("high-needs-explorer-*.js"))
glue = glue_path.read_text()
wasm = next(dist.glob("high-needs-explorer-*_bg.wasm")).read_bytes()
css = next(dist.glob("main-*.css")).read_text()
icon = (dist / "icon.svg").read_bytes()

# The module's exports become plain names, and the default export (init) is
# called with the wasm's bytes: no fetch, so file:// works.
m = re.search(r"export\s*\{([^}]*)\}\s*;?", glue)
assert m, "the glue's export list was not found"
init = next(p.split(" as ")[0].strip() for p in m.group(1).split(",") if p.strip().endswith("as default"))
glue = glue[:m.start()] + glue[m.end():]
# The wasm is kept gzipped (a quarter smaller, gzipped or not, than as
# plain base64, which compresses badly) and unpacked by the browser's own
# DecompressionStream; where the app cannot start, the written-ahead
# screen says why (scripts/boot-failed.js).
failed = pathlib.Path("scripts/boot-failed.js").read_text()
# The Excel module rides along, unread until a user first chooses an Excel
# action: its glue then runs from a blob: URL (a module cannot be imported
# from file://) and its wasm is unpacked the same way as the app's.
excel_js = next(p for p in dist.glob("excel-*.js"))
excel_wasm = next(dist.glob("excel-*_bg.wasm")).read_bytes()
excel_loader = ("window.hneExcel=()=>(window.hneExcelReady||=(async()=>{"
    "const t=(id)=>{const s=atob(document.getElementById(id).textContent.trim());const b=new Uint8Array(s.length);for(let i=0;i<s.length;i++)b[i]=s.charCodeAt(i);return b;};"
    "const u=URL.createObjectURL(new Blob([t('hne-excel-js')],{type:'text/javascript'}));"
    "const m=await import(u);URL.revokeObjectURL(u);"
    "const w=await new Response(new Blob([t('hne-excel-wasm')]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer();"
    "await m.default({module_or_path:w});return m;})().catch((e)=>{window.hneExcelReady=null;throw e;}));\n")
boot = (glue + "\n" + failed + excel_loader + "try{const hneText=atob(document.getElementById('hne-wasm').textContent.trim());"
        "const hneGz=new Uint8Array(hneText.length);"
        "for(let i=0;i<hneText.length;i++)hneGz[i]=hneText.charCodeAt(i);"
        "const hneBytes=await new Response(new Blob([hneGz]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer();"
        f"await {init}({{module_or_path:hneBytes}});}}catch(e){{hneFailed(e);}}\n")
assert "</script" not in boot

# Every published authority's figures, each in a script element of its own
# (never run) that the app reads by id, so any authority opens offline.
import json
index = json.loads((dist / "data/authorities/index.json").read_text())
version = index["version"]
data = "".join(
    f"<script type=application/json id=hne-la-{version.replace('.', '-')}-{p.stem}>"
    + json.dumps(json.loads(p.read_text()), separators=(",", ":"), ensure_ascii=False).replace("</", "<\\/")
    + "</script>"
    for p in sorted((dist / "data/authorities" / version).glob("*.json"))
    if p.stem not in ("compare", "hindcast")
) + "".join(
    f"<script type=application/json id=hne-{stem}-{version.replace('.', '-')}>"
    + json.dumps(json.loads((dist / "data/authorities" / version / f"{stem}.json").read_text()), separators=(",", ":"), ensure_ascii=False).replace("</", "<\\/")
    + "</script>"
    for stem in ("compare", "hindcast")
)

head = re.search(r"<title>.*?</title>", html).group(0)
body = re.search(r"<body>(.*)</body>", html, re.S).group(1)
out = (
    "<!doctype html><html lang=en-GB><head><meta charset=utf-8>"
    "<meta name=viewport content=\"width=device-width,initial-scale=1\">"
    "<meta name=color-scheme content=light>" + head +
    "<link rel=icon href=\"data:image/svg+xml;base64," + base64.b64encode(icon).decode() + "\">"
    "<style>" + css + "</style></head><body>" + body + data +
    # The wasm (gzipped) as text that is never run: a script element of an unknown type.
    "<script type=application/octet-stream id=hne-excel-js>" + base64.b64encode(excel_js.read_bytes()).decode() + "</script>"
    "<script type=application/octet-stream id=hne-excel-wasm>" + base64.b64encode(gzip.compress(excel_wasm, 9, mtime=0)).decode() + "</script>"
    "<script type=application/octet-stream id=hne-wasm>" + base64.b64encode(gzip.compress(wasm, 9, mtime=0)).decode() + "</script>"
    "<script type=module>" + boot + "</script></body></html>"
)
outdir = pathlib.Path("dist-single")
outdir.mkdir(exist_ok=True)
path = outdir / "high-needs-explorer.html"
path.write_text(out)
size = path.stat().st_size
print(f"{path}: {size/1024:.0f} KB ({size:,} bytes); {len(gzip.compress(out.encode(), 9))/1024:.0f} KB gzipped")
PY
