#!/usr/bin/env bash
# Builds the JS API (src/api.rs) to wasm with the release profile the app
# ships with, runs wasm-bindgen and wasm-opt, into target/jsapi/pkg.
set -euo pipefail
cd "$(dirname "$0")/.."
target_dir=${CARGO_TARGET_DIR:-target}
out=target/jsapi
cargo rustc --lib --release --target wasm32-unknown-unknown -p high-needs-explorer --features jsapi --crate-type cdylib
rm -rf "$out" && mkdir -p "$out/pkg"
wasm-bindgen --target web --no-typescript --out-dir "$out/pkg" \
  "$target_dir"/wasm32-unknown-unknown/release/high_needs_explorer.wasm
tools/node_modules/.bin/wasm-opt -Oz --enable-reference-types --enable-bulk-memory --enable-nontrapping-float-to-int \
  "$out/pkg/high_needs_explorer_bg.wasm" -o "$out/pkg/high_needs_explorer_bg.wasm"
cp bench/jsapi.html bench/jsapi.mjs "$out/"
echo "JS API built in $out/pkg ($(stat -c %s "$out/pkg/high_needs_explorer_bg.wasm") bytes of wasm)"
