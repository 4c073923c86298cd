#!/usr/bin/env bash
# Builds the Excel module (crates/excel-web over crates/excel) to wasm with the
# release profile the app ships with, runs wasm-bindgen and wasm-opt, into
# target/excel/pkg. scripts/postbuild.py puts it in dist/ beside the app;
# the page fetches it only when a user first chooses an Excel action.
set -euo pipefail
cd "$(dirname "$0")/.."
target_dir=${CARGO_TARGET_DIR:-target}
out=target/excel
cargo rustc --lib --release --target wasm32-unknown-unknown -p hne-excel-web --crate-type cdylib
rm -rf "$out" && mkdir -p "$out/pkg"
wasm-bindgen --target web --no-typescript --out-dir "$out/pkg" \
  "$target_dir"/wasm32-unknown-unknown/release/hne_excel_web.wasm
tools/node_modules/.bin/wasm-opt -Oz --enable-reference-types --enable-bulk-memory --enable-nontrapping-float-to-int \
  "$out/pkg/hne_excel_web_bg.wasm" -o "$out/pkg/hne_excel_web_bg.wasm"
echo "Excel module built in $out/pkg ($(stat -c %s "$out/pkg/hne_excel_web_bg.wasm") bytes of wasm)"
