#!/usr/bin/env bash
# Installs whatever this project needs and is missing, and skips what is there.
# Safe to run again; every step checks first. See docs/toolchain notes in README.
#
#   scripts/setup.sh          native tools + wasm toolchain + browser
#   scripts/setup.sh native   only what native `cargo test` needs (nothing extra)
set -euo pipefail
cd "$(dirname "$0")/.."

what=${1:-all}
TRUNK_VERSION=0.21.14
# Keep in step with the `wasm-bindgen = "=X"` pin in Cargo.toml.
WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen *= *"=\([0-9.]*\)".*/\1/p' Cargo.toml | head -n1)
BINARYEN_VERSION=132

say() { printf '[setup] %s\n' "$*"; }

command -v cargo >/dev/null || { echo "cargo not found: install Rust (rustup) first" >&2; exit 1; }
[ "$what" = native ] && { say "native toolchain present"; exit 0; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! command -v trunk >/dev/null || ! trunk --version | grep -q "$TRUNK_VERSION"; then
  say "installing trunk $TRUNK_VERSION (about 10 minutes the first time)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if ! command -v wasm-bindgen >/dev/null || ! wasm-bindgen --version | grep -q "$WASM_BINDGEN_VERSION"; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # Not --locked: its lockfile pins a webpki-roots release the registry no longer serves.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# wasm-opt from npm: Debian's binaryen 108 writes modules that fail at start.
if [ ! -x tools/node_modules/.bin/wasm-opt ] || [ ! -x tools/node_modules/.bin/terser ] \
   || [ ! -d tools/node_modules/playwright-core ] || [ ! -x tools/node_modules/.bin/playwright ] || [ ! -f tools/node_modules/axe-core/axe.min.js ] \
   || [ ! -f tools/node_modules/jsqr/dist/jsQR.js ]; then
  say "installing binaryen $BINARYEN_VERSION (wasm-opt), terser and test tools from npm"
  (cd tools && npm ci --no-audit --no-fund)
fi

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  say "installing Debian's chromium and chromium-driver"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# pdfinfo and pdftotext, for the print report's test (pages and text).
if ! command -v pdftotext >/dev/null || ! command -v pdfinfo >/dev/null; then
  say "installing Debian's poppler-utils"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq poppler-utils >/dev/null
fi
say "all tools present"
