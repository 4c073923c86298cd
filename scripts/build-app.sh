#!/usr/bin/env bash
# Builds the app for release into dist/ with Trunk (offline; size profile;
# wasm-opt -Oz from tools/node_modules). Prints the sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/tools/node_modules/.bin:$PATH"
trunk build --release
# The Excel module, a second wasm the page fetches on first use.
scripts/build-excel.sh
# The first visit's first screen as HTML, from the same Rust code
# (hne_core::prerender); postbuild.py puts it in index.html.
mkdir -p target
# Every embed's first screen too (dist/pre/embed/), fetched by public/pre.js.
cargo run --release -q -p hne-core --bin prerender -- --embeds dist/pre/embed > target/prerender.html
# Minify the JS, move Trunk's inline loader into a file (strict CSP), add
# the manifest and the service worker: see scripts/postbuild.py.
python3 scripts/postbuild.py
python3 - <<'PY'
import gzip, pathlib
files = [p for p in pathlib.Path("dist").rglob("*") if p.is_file()]
raw = sum(p.stat().st_size for p in files)
gz = sum(len(gzip.compress(p.read_bytes(), 9)) for p in files)
wasm = [p for p in files if p.suffix == ".wasm"]
print(f"dist/: {len(files)} files, {raw/1024:.0f} KB, {gz/1024:.0f} KB gzipped; wasm {sum(p.stat().st_size for p in wasm)/1024:.0f} KB")
PY
