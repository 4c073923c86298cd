#!/usr/bin/env bash
# Builds the app for release into dist/ with Trunk (offline; size profile;
# wasm-opt -Oz from tools/node_modules). Prints the sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/tools/node_modules/.bin:$PATH"
trunk build --release
# Trunk's own JS minifier fails on wasm-bindgen's ES module (it keeps the
# file as it is), so minify it here and give index.html the new integrity.
python3 - <<'PY'
import base64, hashlib, pathlib, re, subprocess
dist = pathlib.Path("dist")
html = (dist / "index.html").read_text()
for js in dist.glob("*.js"):
    subprocess.run(["tools/node_modules/.bin/terser", str(js), "--module", "--compress", "--mangle",
                    "--output", str(js)], check=True)
    digest = base64.b64encode(hashlib.sha384(js.read_bytes()).digest()).decode()
    html, n = re.subn(r'(href=\.?/?' + re.escape(js.name) + r' integrity=)sha384-[A-Za-z0-9+/=]+',
                      r'\g<1>sha384-' + digest, html)
    assert n == 1, f"no integrity attribute found for {js.name}"
(dist / "index.html").write_text(html)
PY
python3 - <<'PY'
import gzip, pathlib
files = [p for p in pathlib.Path("dist").rglob("*") if p.is_file()]
raw = sum(p.stat().st_size for p in files)
gz = sum(len(gzip.compress(p.read_bytes(), 9)) for p in files)
wasm = [p for p in files if p.suffix == ".wasm"]
print(f"dist/: {len(files)} files, {raw/1024:.0f} KB, {gz/1024:.0f} KB gzipped; wasm {sum(p.stat().st_size for p in wasm)/1024:.0f} KB")
PY
